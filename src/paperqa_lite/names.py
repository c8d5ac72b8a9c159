"""Which papers a question names: aliases from titles and abstracts, matched in questions.

A paper's names are computed, not listed: a one-word title head ("SSR-Zero: ..."), name-like
words of a short title head, a parenthesised acronym after a Title-Case phrase, and the
system an abstract introduces ("we introduce EgoThink, a ..."). A candidate used by more
than ``NameIndex.MAX_DF`` papers is a word, not a name.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from bm25s.stopwords import STOPWORDS_EN

from .paper import Paper
from .sentences import STOP, acronym_definitions, word_prior
from .titles import framed, titled_in

# Shorthands every AI abstract uses: never a paper's name.
GENERIC = {"AI", "ML", "RL", "NLP", "CV", "QA", "VQA", "API", "GPT", "LM", "LLM", "VLM", "MLLM",
           "SOTA", "SFT", "RLHF", "DPO", "CoT", "ToM", "MDP", "POMDP", "GPU", "CPU", "USA", "UK"}
_WORD = re.compile(r"[A-Za-z0-9][\w+\-]*(?:\([a-z]+\))?[\w+]*")
# "we introduce X", "... called X"; "we address this gap by introducing X", where the verb
# is far from "we"; and "our proposed reward mechanism, ``Follow-up Likelihood as Reward"
# (FLR)"
_INTRO = re.compile(r"\b(?:[Ww]e\s+(?:\w+\s+){0,2}?(?:introduce|present|propose|develop|release|design|"
                    r"create|build|construct)\w*|\bby\s+(?:introduc|present|propos|develop)ing|"
                    r"\b[Oo]ur (?:proposed|new)\s+(?:[\w-]+\s+){0,2}?(?:method|mechanism|framework|model|"
                    r"approach|algorithm|benchmark|dataset|system)|"
                    r"called|named|dubbed|termed|coined)\b")
# "we systematically investigate Confidence-as-a-Reward (CRew)": a verb of studying coins a
# name only in that form, a title-cased phrase with its initials (not "we study GPT-4o")
_STUDY = re.compile(r"\b[Ww]e\s+(?:\w+\s+){0,2}?(?:investigate|study|explore|examine)\b")
_SMALL = {"of", "for", "and", "via", "in", "on", "with", "the", "to", "a", "an", "as", "at", "by", "from", "into", "human"}
_KIND_NOUN = re.compile(r"\b(?:framework|benchmark|method|model|dataset|system|approach|agent|algorithm|"
                        r"suite|environment|pipeline|library|platform|protocol|tool|toolkit)\s+$")
_PAREN_WORD = re.compile(r"\w\([a-z]+\)")
_VIA = re.compile(r"\svia\s+((?:[A-Z][\w\-]*\s+){1,4}[A-Z][\w\-]*)\s*$")
# ("to" ends the window before a verb, "X to evaluate ...", not inside a title-cased name:
# "Online Adaptation to Continual Knowledge Streams (OAKS)")
_STOP_WINDOW = re.compile(r"[:;]|\b(?:that|which|who|where|whose)\b|\bto\b(?!\s+[A-Z])")


def title_method(p: Paper) -> list[str]:
    """The method a title ends with after "via" ("Streaming Video Generation via Diagonal
    Distillation"), which users name the paper by; [] when there is none."""
    m = _VIA.search(p.title)
    return [m.group(1)] if m else []


def _capitals(title: str) -> bool:
    """A title written in capitals: most of its words are all upper case."""
    words = re.findall(r"[A-Za-z]{2,}", title)
    return bool(words) and sum(w.isupper() for w in words) > len(words) / 2


def _name_like(tok: str) -> bool:
    """EgoThink, SCoRe, KnowRL, SRUM, B-STaR, LMA3, GPT-4o: inner capitals or digits."""
    return bool(re.search(r"[A-Za-z][A-Z]", tok) or (re.search(r"\d", tok) and re.search(r"[A-Za-z]", tok)))


def _variants(tok: str) -> list[str]:
    """'Proposer-Agent-Evaluator(PAE)' -> itself, the name, PAE; 'GPT-4o(mni)' -> GPT-4o, GPT-4omni."""
    if "(" not in tok:  # nearly every word: skip the regex (half of building a NameIndex)
        return [tok]
    m = re.fullmatch(r"(.+?)\(([^()]+)\)(.*)", tok)
    if not m:
        return [tok]
    head, inner, tail = m.groups()
    if inner[:1].isupper():  # an acronym only when it follows a Title-Case phrase
        return [tok, head + tail] + ([inner] if _titled(head) else [])
    return [tok, head, head + inner + tail]


def _titled(phrase: str) -> bool:
    """Whether a phrase ends in two capitalised words ("Policy Optimization", "Agent-Evaluator"),
    small words skipped: what an acronym in parentheses after it abbreviates."""
    words = [w for w in re.split(r"[\s\-]+", phrase.strip()) if w and w not in _SMALL]
    return len(words) >= 2 and all(w[:1].isupper() for w in words[-2:])


class NameIndex:
    """Aliases of every paper, computed from titles and abstracts, and matched in questions."""

    MAX_DF = 2  # a coined name is used by its paper and maybe one more, not by many

    def __init__(self, papers: list[Paper]) -> None:
        # each paper's aliases, and the method its title ends with after "via" ("Video
        # Generation via Diagonal Distillation"), which users name it by: only here, where
        # the phrase count below drops a field ("via Reinforcement Learning"), never as a
        # display name
        cands = [self.aliases(p) + [(m, False) for m in title_method(p)] for p in papers]
        names = {a for found in cands for a, _ in found}
        lowers = {a.lower() for a in names}
        df: Counter[str] = Counter()  # papers mentioning a candidate name
        lower_df: Counter[str] = Counter()  # papers using its lower-case form as a word
        for p in papers:
            text = f"{p.title} {p.abstract}"
            toks = set(_WORD.findall(text))
            if _PAREN_WORD.search(text):
                toks |= {v for t in toks if "(" in t for v in _variants(t)}
            df.update(toks & names)
            lower_df.update(toks & lowers)
        lower_words = {w for w, n in lower_df.items() if n > 1}  # ordinary words, not one paper's URL
        # a phrase of several words is a name only where one paper uses it ("Diagonal
        # Distillation"), not a field many write ("Reinforcement Learning")
        phrases = [a for a in names if " " in a]
        if phrases:
            texts = [f"{p.title} {p.abstract}".lower() for p in papers]
            df.update({a: sum(a.lower() in t for t in texts) for a in phrases})
        stop = set(STOPWORDS_EN) | {w.lower() for w in GENERIC}

        def ok(alias: str, plain: bool) -> bool:
            base = alias[:-1] if alias.endswith("s") and alias[:-1].isupper() else alias
            return (len(alias) >= 2 and alias.lower() not in stop and base not in GENERIC
                    and df[alias] <= (1 if " " in alias else self.MAX_DF)
                    and not (plain and alias.lower() in lower_words))

        self.by_alias: dict[str, list[Paper]] = {}
        for p, found in zip(papers, cands):
            for alias, plain in found:
                if ok(alias, plain) and p not in self.by_alias.setdefault(alias, []):
                    self.by_alias[alias].append(p)
        # Short names and names also used as ordinary words match case-sensitively
        # ("SCoRe" is not "score"); long distinctive ones ignore case ("egothink").
        exact = [a for a in self.by_alias if len(a) < 6 or a.lower() in lower_words]
        self._compile(exact)

    def _compile(self, exact: list[str]) -> None:
        loose = [a for a in self.by_alias if a not in set(exact)]
        self._exact_names = exact
        self._exact = self._pattern(exact, 0)
        self._loose = self._pattern(loose, re.IGNORECASE)
        self._lower = {_fold(a): a for a in loose}
        # users type names in lower case ("loger", "srpo"): a short name's lower-case form
        # is its name too, unless it is a word of ML abstracts (SciTLDR's vocabulary:
        # "score" for SCoRe, "grade" for GRADE), which stays a word
        vocabulary = word_prior().abstracts
        lowered = {a.lower(): a for a in exact if a != a.lower() and len(a) >= 3
                   and a.lower() not in vocabulary and a.lower() not in self._lower}
        self._lowered = self._pattern(list(lowered), 0)
        self._lower_exact = {_fold(k): a for k, a in lowered.items()}

    def state(self) -> dict[str, Any]:
        """The index as JSON-able data (paper ids, not papers): building it reads every
        abstract, so a saved one (the retriever's, beside the store) is loaded instead."""
        return {"by_alias": {a: [p.id for p in ps] for a, ps in self.by_alias.items()},
                "exact": self._exact_names}

    @classmethod
    def from_state(cls, state: dict[str, Any], paper_of: Callable[[str], Paper]) -> NameIndex:
        """The index :meth:`state` saved, its papers looked up by id (only the named ones)."""
        index = cls.__new__(cls)
        index.by_alias = {a: [paper_of(i) for i in ids] for a, ids in state["by_alias"].items()}
        index._compile(state["exact"])
        return index

    @staticmethod
    def _pattern(aliases: list[str], flags: int) -> re.Pattern[str] | None:
        if not aliases:
            return None
        # a hyphen may be typed as a space or left out ("flash kmeans" for Flash-KMeans)
        alt = "|".join(re.escape(a).replace(r"\-", r"[\-\s]?")
                       for a in sorted(aliases, key=len, reverse=True))
        return re.compile(rf"(?<![\w\-])(?:{alt})(?![\w\-]|\(\w)", flags)

    @staticmethod
    def aliases(p: Paper) -> list[tuple[str, bool]]:
        """Candidate names of a paper, each with whether it is a plain word ("Cybench"),
        which counts only if the collection does not use it as an ordinary word."""
        out: list[str] = []
        plain: set[str] = set()
        head, colon, _ = p.title.partition(":")
        head_toks = head.split()
        if colon and len(head_toks) == 1:  # "SSR-Zero: ...", "Cybench: ..."
            tok = head_toks[0]
            if _name_like(tok):
                out += _variants(tok)
            elif tok[:1].isupper():
                out.append(tok)
                plain.add(tok)
        # name-like words of a short title head ("The PacifAIst Benchmark: ...") and
        # parenthesised names anywhere in the title ("... with GPT-4o(mni) ...")
        shouted = _capitals(p.title)
        for tok in (head_toks if colon and len(head_toks) <= 4 and not shouted else []) + re.findall(r"\S+\(\S+\)", p.title):
            tok = tok.strip(",.!?")
            if _name_like(tok):
                out += _variants(tok)
        # a coined word leading a title without a colon: "The MineRL BASALT Competition on
        # ..." (a capital inside a word, or five capitals: not "RL", nor "GPT-4o", a model
        # the paper may only use)
        # (a title in capitals, "JUVENILE MORTALITY INCREASES WITH ...", coins nothing: its
        # words are words, and as names they put the paper first for every "increases")
        if not colon and not shouted:
            coined = [t for t in head_toks[:3] if re.fullmatch(r"[A-Z]?[a-z]+[A-Z][A-Za-z]*|[A-Z]{5,}", t)]
            if len(coined) > 1 and " ".join(coined) in head:
                out.append(" ".join(coined))  # the name in full first: "MineRL BASALT"
            for tok in coined:
                out += _variants(tok)
        # systems the abstract introduces: "we introduce EgoThink, a ...", "... called EgoMe"
        intros = sorted([*((m, False) for m in _INTRO.finditer(p.abstract)),
                         *((m, True) for m in _STUDY.finditer(p.abstract))], key=lambda x: x[0].start())
        for intro, studying in intros:
            window = p.abstract[intro.end(): intro.end() + 200]
            window = re.split(r"(?<=[.!?])\s", window, maxsplit=1)[0]
            stop = _STOP_WINDOW.search(window)
            window = window[: stop.start()] if stop else window
            for m in re.finditer(r"(\()?([A-Za-z0-9][\w+\-]*[\w+])(\))?", window):
                tok, before, after = m.group(2), window[: m.start()], window[m.end():].lstrip()
                # "Execution Video Reward 53k (ExeVR-53k)": a size is not a name
                if not _name_like(tok) or tok[:1].isdigit() or tok in GENERIC or tok.rstrip("s") in GENERIC:
                    continue
                # how papers coin names: "X, a ...", "X (Expansion)", "called X", "framework X",
                # "Title Case Words (X)"; not "(RL)" after "reinforcement learning", nor a
                # gene a biomedical abstract merely mentions
                if m.group(1) and m.group(3) and _titled(before):
                    # users type the long form too ("Solo Performance Prompting" for SPP)
                    out.append(tok)
                    long = acronym_definitions(p.abstract).get(tok, "")
                    if len(long.split()) >= 2 and all(w[:1].isupper() for w in long.split() if w not in _SMALL):
                        out.append(long)
                    break
                if (not m.group(1) and not studying and (
                        after[:1] in ("", ",", "(") or intro.group(0)[:1] not in "wW" and not before.strip()
                        or _KIND_NOUN.search(before))):
                    out.append(tok)
                    break
        return [(a, a in plain) for a in dict.fromkeys(a.strip(",.;") for a in out)]

    def find(self, question: str) -> list[Paper]:
        """The papers the question names, in the order it names them."""
        return _in_order(self.find_at(question))

    def find_at(self, question: str) -> list[tuple[int, Paper]]:
        """(where the question names it, paper) for each name found."""
        found: list[tuple[int, Paper]] = []
        for pat in (self._exact, self._loose, self._lowered):
            for m in pat.finditer(question) if pat else ():
                text = m.group(0)
                if pat is self._loose:
                    alias = self._lower[_fold(text)]
                elif pat is self._lowered:
                    alias = self._lower_exact[_fold(text)]
                else:
                    alias = text if text in self.by_alias else _unfold(text, self._exact_names)
                found += [(m.start(), p) for p in self.by_alias[alias]]
        return found


def _in_order(found: list[tuple[int, Paper]]) -> list[Paper]:
    seen: dict[str, Paper] = {}
    for _, p in sorted(found, key=lambda x: x[0]):  # in the order the question names them
        seen.setdefault(p.id, p)
    return list(seen.values())


def _fold(name: str) -> str:
    """A name as matched loosely: lower case, hyphens and spaces dropped."""
    return re.sub(r"[\-\s]", "", name.lower())


def _unfold(text: str, names: list[str]) -> str:
    """The exact name ``text`` was typed for with a space or no hyphen ("B STaR")."""
    return next(n for n in names if re.sub(r"[\-\s]", "", n) == re.sub(r"[\-\s]", "", text))


_names_cache: tuple[Any, NameIndex] | None = None
_names_lock = threading.Lock()


def resolve_named(question: str, papers: list[Paper]) -> list[Paper]:
    """The papers the question names, in the order it names them."""
    global _names_cache
    key = tuple((p.id, p.title, hash(p.abstract)) for p in papers)
    with _names_lock:
        if _names_cache is None or _names_cache[0] != key:
            _names_cache = (key, NameIndex(papers))
        index = _names_cache[1]
    found = index.find_at(question) + titled_in(question, papers)
    found += framed(question, papers, {p.id for _, p in found})
    return _in_order(found + _sides(question, index, {p.id for _, p in found}))


# "knowrl vs crew", "grade or onemillion-bench: which has more tasks?", "compare X and Y",
# "which benchmark is bigger, grade or miniappbench?":
# the question's structure says both words are names, so a side typed in lower case is
# matched to a paper's name even when it is also an English word ("grade", "crew"), or to
# the head of a hyphenated one ("CRew" of "CRew-DPO")
_SIDES = re.compile(r"(?:^|,)\s*(?:compare\s+)?([\w\-.]+)\s+(?:vs\.?|versus|or|and)\s+([\w\-.]+)\s*"
                    r"(?:[:?,]|[-–—]\s|$)", re.IGNORECASE)


def _sides(question: str, index: NameIndex, named: set[str]) -> list[tuple[int, Paper]]:
    """(where, paper) for each side of a two-sided question that names a paper by one of its
    names (case aside) and that the other lookups did not resolve."""
    m = _SIDES.search(question)
    if not m:
        return []
    hits = []
    for side in (1, 2):
        word = _fold(m.group(side).rstrip("."))
        papers = list({p.id: p for alias, ps in index.by_alias.items()
                       if word in (_fold(alias), _fold(alias.split("-")[0])) for p in ps}.values())
        if len(papers) != 1:
            return []  # both sides must be names ("spatial or temporal: ..." is no choice of papers)
        hits.append((m.start(side), papers[0]))
    return [(at, p) for at, p in hits if p.id not in named]


def coined_unknown(question: str, collection_text: str) -> list[str]:
    """Coined names in the question (SRPO, AlphaFold, GPT-4o: a second capital or a digit)
    that no paper of the collection mentions, even in part ("GRPO-trained" counts as known
    through "GRPO"). A question about such a name cannot be answered from these papers."""
    low = collection_text.lower()
    unknown = []
    for tok in re.findall(r"(?<![\w\-.])[A-Za-z][\w\-.+]*", question):
        tok = tok.rstrip(".")
        if not re.search(r"[a-z0-9][A-Z]|[A-Z]{2}|\d", tok[1:]) or tok.isupper() and len(tok) <= 3:
            continue
        parts = [p for p in re.split(r"[-.]", tok) if len(p) > 1]
        if tok.lower() in low or tok.lower().rstrip("s") in low or any(re.search(r"[A-Z]", p[1:] or "") and p.lower() in low for p in parts):
            continue
        unknown.append(tok)
    # a model typed in lower case with its version ("sam 2", "llama 3.1"): a word no paper
    # of the collection uses, before a number, names something the collection lacks
    for m in re.finditer(r"\b([a-z]{3,})[\s-](\d+(?:\.\d+)?)\b(?![%.]?\d|\s*(?:%|x\b|×))", question):
        if m.group(1) not in STOP and not re.search(rf"\b{m.group(1)}\b", low):
            unknown.append(m.group(0))
    return unknown

