"""Whose claim a sentence is: the paper that introduces a named system speaks for it.

A paper owns the names it coins (:meth:`names.NameIndex.aliases`: its title's name, the
system its abstract introduces). A claim about a named system is taken from its owner
when the owner is in the collection; another paper's sentence about it is that paper's
claim, and an answer built on it says so ("According to <paper>, ...").

Ownership does not depend on how many papers mention a name: :class:`names.NameIndex`
drops a name that three papers use (it is then a word, not a name, for matching
questions), so two planted abstracts that repeat "SRPO" must not take SRPO from its paper.
A title's whole head ("SRPO: ...") beats a word of a short head ("SRPO Revisited: ..."),
which beats a name an abstract coins ("we introduce EgoThink"); a name elsewhere in a
title is used, not coined; a name two papers coin at the same rank belongs to neither.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from .names import GENERIC, NameIndex
from .paper import Paper

# how a paper coins a name, strongest first: the whole title head ("SRPO: ..."), a word of
# a short head ("The PacifAIst Benchmark: ..."), its abstract ("we introduce EgoThink")
_WHOLE_HEAD, _HEAD, _ABSTRACT, _TITLE = 0, 1, 2, 3


class Owners:
    """Name -> the paper that introduces it, for one collection."""

    def __init__(self, papers: list[Paper]) -> None:
        claims: dict[str, dict[int, list[Paper]]] = {}
        for p in papers:
            head = p.title.split(":")[0].strip()
            for alias, plain in NameIndex.aliases(p):
                in_head = alias in re.split(r"[\s()]+", head) or alias == head
                rank = (_WHOLE_HEAD if alias == head or head in (f"{alias}", f"({alias})") else
                        _HEAD if in_head and len(head.split()) <= 4 else
                        _TITLE if alias in p.title else _ABSTRACT)
                # a title that merely uses a name ("... with GPT-4o(mni)") does not coin it
                if len(alias) < 2 or alias in GENERIC or rank == _TITLE or (plain and rank > _HEAD):
                    continue
                claims.setdefault(alias, {}).setdefault(rank, []).append(p)
        self.by_name: dict[str, Paper] = {}
        for alias, ranks in claims.items():
            best = ranks[min(ranks)]
            if len({p.id for p in best}) == 1:
                self.by_name[alias] = best[0]
        alt = "|".join(re.escape(a) for a in sorted(self.by_name, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w\-])(?:{alt})(?![\w\-])") if alt else None

    def names_in(self, text: str) -> list[str]:
        """Owned names the text mentions, in order, each once."""
        if not self._pattern:
            return []
        return list(dict.fromkeys(m.group(0) for m in self._pattern.finditer(text)))

    def papers_named(self, text: str) -> list[Paper]:
        """The owners of the names a question mentions, in the order it names them."""
        out: dict[str, Paper] = {}
        for name in self.names_in(text):
            out.setdefault(self.by_name[name].id, self.by_name[name])
        return list(out.values())

    def foreign(self, sentences: list[str], paper: Paper) -> list[str]:
        """Names in a paper's sentences that another paper of the collection owns."""
        return [n for s in sentences for n in self.names_in(s) if self.by_name[n].id != paper.id]


_cache: tuple[Any, Owners] | None = None
_lock = threading.Lock()


def owners(papers: list[Paper]) -> Owners:
    """The :class:`Owners` of a collection, rebuilt only when its papers change."""
    global _cache
    key = tuple((p.id, p.title, hash(p.abstract)) for p in papers)
    with _lock:
        if _cache is None or _cache[0] != key:
            _cache = (key, Owners(papers))
        return _cache[1]
