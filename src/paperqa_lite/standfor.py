"""What an acronym stands for, read from the abstract that defines it: the answer to "What
does X stand for?" (:func:`expansion`), which :mod:`factual` puts first."""

from __future__ import annotations

import re

_STAND_FOR = re.compile(r"\bwhat (?:does|do|did) (?:the (?:name |acronym )?)?([A-Za-z][\w\-.+]*) stand for\b",
                        re.IGNORECASE)


def expansion(question: str, text: str) -> tuple[str, str] | None:
    """(acronym, what it stands for) for "What does X stand for?", read from ``text`` where
    the paper defines it: the shortest run of words before "(X)" whose initials spell X's
    letters in order ("Proposer-Agent-Evaluator(PAE)", "Open-endedness via Models of human
    Notions of Interestingness (OMNI)"); None if the text defines no such run."""
    m = _STAND_FOR.search(question)
    if not m:
        return None
    acronym = m.group(1).rstrip(".")
    letters = [c.lower() for c in acronym if c.isalpha()]
    longest = 3 * len(letters) + 3  # words an expansion may take: a few small words per letter
    for d in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = re.findall(r"[A-Za-z][\w'\-]*", text[max(0, d.start() - 200):d.start()])
        for start in range(len(words) - 1, max(-1, len(words) - longest), -1):
            if _spells(words[start:], letters):
                return acronym, " ".join(words[start:])
    # the other way round: "we introduce PacifAIst (Procedural Assessment of ...)"
    for d in re.finditer(rf"(?<![\w\-]){re.escape(acronym)}\s*\(([^()]{{3,200}})\)", text):
        words = re.findall(r"[A-Za-z][\w'\-]*", d.group(1))
        if len(words) <= longest and _spells(words, letters):
            return acronym, " ".join(words)
    return None


def _spells(run: list[str], letters: list[str]) -> bool:
    """Whether ``run`` starts with the first letter and its initials hold every letter, in order."""
    if not run or run[0][0].lower() != letters[0]:
        return False
    it = iter(p[0].lower() for w in run for p in w.split("-") if p)
    return all(c in it for c in letters)  # X's letters, in order, among the initials
