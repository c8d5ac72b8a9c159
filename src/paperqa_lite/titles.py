"""Which papers a question names by their title (read by :func:`names.resolve_named`):
the title's head written out ("the Dynamic Chunking Diffusion Transformer"), typed in
lower case in a paper's frame ("the hidden in plain sight paper"), or with initials for its
capitalised phrase ("the RL vs. distillation paper"); and "the <word> paper" for a word
only one paper uses as its own.
"""

from __future__ import annotations

import re

from .paper import Paper
from .sentences import STOP, acronym_definitions, whole_word


TWO_SIDED = re.compile(r"\b(?:vs\.?|versus|compare[ds]?|or|and)\b", re.IGNORECASE)
# A title (or its head before a colon) of this many words is a name when a question writes
# it out as the title does, capitals and all ("the Dynamic Chunking Diffusion Transformer";
# not "confidence as a reward signal" for "Confidence as a Reward"); one word is left to
# the aliases, and a long title is a sentence no one types whole.
TITLE_WORDS = (2, 8)


def titled_in(question: str, papers: list[Paper]) -> list[tuple[int, Paper]]:
    """(where, paper) for each paper whose title head the question writes out in full."""
    hits = []
    low = question.lower()
    # (read once: only a question framing a paper is looked at for a title's initials, and
    # most questions frame none, so a whole store's titles are not turned into patterns)
    framing = _FRAME.search(question)
    for p in papers:
        head = p.title.partition(":")[0].strip()
        if TITLE_WORDS[0] <= len(head.split()) <= TITLE_WORDS[1] and head in question:
            m = whole_word(head).search(question)
            if m:
                hits.append((m.start(), p))
        elif TITLE_WORDS[0] <= len(head.split()) <= TITLE_WORDS[1] and "-".join(head.split()) in question:
            # the title's head hyphenated into one word, capitals as written
            # ("Confidence-as-a-Reward"): a name, as the title written out is
            m = whole_word("-".join(head.split())).search(question)
            if m:
                hits.append((m.start(), p))
        elif head == p.title and len(head.split()) >= 4:
            # a whole title of four words or more typed in lower case after "the" ("the
            # dynamic chunking diffusion transformer") names its paper: no phrase of a
            # question runs four title words in a row by chance
            m = re.search(rf"\bthe\s+({re.escape(head)})(?![\w-])", question, re.IGNORECASE)
            if m:
                hits.append((m.start(1), p))
        elif len(head.split()) >= 3 and head.lower() in low:  # the cheap test first
            # a title's head typed in lower case as "the <head> paper" ("the hidden in plain
            # sight paper"), or as a side of a two-sided question ("pacifaist or hidden in
            # plain sight"): the frame says it is a paper's name
            m = (re.search(rf"\bthe\s+({re.escape(head)})\s+(?:paper|study|work|article|benchmark)\b",
                           question, re.IGNORECASE)
                 or TWO_SIDED.search(question)
                 and re.search(rf"(?<![\w-])({re.escape(head)})(?![\w-])", question, re.IGNORECASE))
            if m:
                hits.append((m.start(1), p))
        if framing and (not hits or hits[-1][1] is not p) and len(head.split()) >= 3:
            # "the RL vs. distillation paper": a title's capitalised phrase typed as its
            # initials ("Reinforcement Learning"), the rest as written, in a paper's frame
            pattern = _with_initials(head)
            m = pattern and re.search(rf"\bthe\s+({pattern})\s+(?:paper|study|work|article)\b",
                                      question, re.IGNORECASE)
            if m:
                hits.append((m.start(1), p))
    return hits


_FRAME = re.compile(r"\b(?:paper|study|work|article)\b", re.IGNORECASE)


def _with_initials(head: str) -> str | None:
    """A pattern for ``head`` where each run of two or more capitalised words may also be
    typed as its initials ("Large Language Models" or "LLMs"); None when it has no run."""
    out, run, found = [], [], False

    def close():
        nonlocal found
        if len(run) >= 2:
            initials = "".join(w[0] for w in run) + ("s?" if run[-1].endswith("s") else "")
            words = r"\s+".join(map(re.escape, run))
            out.append(f"(?:{words}|{initials})")
            found = True
        else:
            out.extend(map(re.escape, run))
        run.clear()

    for word in head.split():
        if re.fullmatch(r"[A-Z][a-z]+", word) and word.lower() not in STOP:
            run.append(word)
        else:
            close()
            out.append(re.escape(word))
    close()
    return r"\s+".join(out) if found else None


# "the URLVR paper": a word framed as a paper's is its name when one paper alone uses it,
# in its title or as initials it defines (a field's, not coined: "we revisit URLVR")
_FRAMED = re.compile(r"\bthe\s+([\w\-.]*[A-Z0-9][\w\-.]*)\s+(?:paper|study|work|article)\b")


def framed(question: str, papers: list[Paper], named: set[str]) -> list[tuple[int, Paper]]:
    """(where, paper) for each "the <word> paper" whose word only that paper uses, as its own."""
    hits = []
    for m in _FRAMED.finditer(question):
        word = whole_word(m.group(1), ignore_case=True)
        using = [p for p in papers if word.search(f"{p.title} {p.abstract}")]
        # ... and the paper's own term: in its title, or initials its abstract defines (a
        # benchmark one paper merely runs on, "On VBench", is not "the VBench paper")
        if (len(using) == 1 and using[0].id not in named
                and (word.search(using[0].title) or m.group(1) in acronym_definitions(using[0].abstract))):
            hits.append((m.start(1), using[0]))
    return hits
