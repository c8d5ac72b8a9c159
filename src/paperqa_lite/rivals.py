"""A number of another kind of the asked thing (issue 11, point 1: read by
:func:`notstated.not_reported`): the clauses stating the asked measure give it for a rival
of what the question qualifies it with, so the asked number is not stated:
- :func:`rival_compounds`: another mode, "image-mode accuracy" of "text-mode accuracy";
- :func:`rival_kinds`: another kind counted, "four downstream tasks" of "how many pretext
  tasks";
- :func:`rival_subsets`: another subset measured, "action prediction accuracies" of "what
  accuracy on the mental-state questions".
English compounding, not fitted on a week; a clause that names no kind of the asked thing
is never ruled out.
"""

from __future__ import annotations

import re

from . import asked
from .sentences import STOP, stem


def rival_compounds(question: str, clauses_: list[str]) -> list[str]:
    """The question's hyphenated qualifiers ("text-mode") that the clauses stating the
    measure replace by a rival of the same head ("image-mode accuracy on GSM8K"): that
    number is the other mode's. A clause with no compound of that head is not ruled out."""
    out = []
    for word in re.findall(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b", question, re.IGNORECASE):
        first, head = word.lower().rsplit("-", 1)
        rival = re.compile(rf"\b([a-z][a-z0-9\-]*)-{re.escape(head)}\b", re.IGNORECASE)

        said = [{m.group(1).lower() for m in rival.finditer(c)} for c in clauses_]
        if said and all(r - {first} and first not in r for r in said):
            out.append(word)
    return out


_NUMBER_WORD = "|".join(sorted(asked.NUMBER_WORDS))
# "how many pretext tasks": a count of one kind of a thing; the whole number must count
# the plural noun after it (at most one word between: "11 widely adopted benchmark datasets")
_KIND_ASKED = re.compile(r"\bhow many\s+([a-z][\w-]*)\s+([a-z][\w-]*)", re.IGNORECASE)
_COUNT_OF = rf"(?<![\w.\-])(?:\d[\d,.]*|{_NUMBER_WORD})\s+(?:[\w-]+\s+)?([\w-]+)\s+{{}}"


def rival_kinds(question: str, clauses_: list[str], text: str) -> list[str]:
    """"how many pretext tasks" of a paper that writes "pretext tasks" but counts only
    "four downstream tasks": the count is of another kind of task. Only when the paper
    names the asked kind itself (then the modifier tells kinds apart); a clause counting
    no kind of that noun is not ruled out."""
    m = _KIND_ASKED.search(question)
    if not m or m.group(1).lower() in STOP or m.group(1).lower() in asked.NUMBER_WORDS:
        return []
    kind, noun = m.group(1).lower(), re.escape(stem(m.group(2).lower()))
    named = re.compile(rf"\b{re.escape(kind)}\s+{noun}\w*\b", re.IGNORECASE)
    if not clauses_ or not named.search(text):
        return []
    counts = re.compile(_COUNT_OF.format(rf"{noun}\w*\b"), re.IGNORECASE)
    rivals = [not named.search(c) and any(o.group(1).lower() != kind for o in counts.finditer(c)) for c in clauses_]
    return [f"{m.group(1)} {m.group(2)}"] if all(rivals) else []


# "what accuracy does GPT-4o get on the mental-state questions": the measure on one subset
# of a paper's items, named by the words before the items' noun
_SUBSET_ASKED = re.compile(r"\bon\s+(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:questions?|tasks?|items?|"
                           r"subsets?|splits?|problems?|categor(?:y|ies))\b", re.IGNORECASE)
# Words before a measure that name no subset ("average accuracy", "test accuracy")
_NO_SUBSET = frozenset(stem(w) for w in "average overall mean top final test validation best highest lowest "
                       "higher lower absolute relative".split())


def rival_subsets(question: str, clauses_: list[str]) -> list[str]:
    """"what accuracy ... on the mental-state questions" of clauses whose numbers are
    "action prediction accuracies" and "judgment accuracies": every clause stating the
    measure names it for another subset, none for the asked one."""
    m = _SUBSET_ASKED.search(question)
    heads = [h for h in asked.measures(question) if h]
    if not m or not heads or not clauses_:
        return []
    wanted = {stem(w) for w in re.split(r"[\s-]+", m.group(1).lower()) if w and w not in STOP}
    if not wanted:
        return []
    # the question's own words are no rival ("success rate", "GPT-4o accuracy")
    own = {stem(w) for w in re.split(r"[^\w]+", question.lower()) if w} - wanted
    # a clause naming the asked subset with its noun ("low precision on difficult problems")
    named = re.compile(r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", m.group(1)))) + r"\s+" +
                       re.escape(m.group(0).split()[-1][:4]), re.IGNORECASE)

    def subsets(clause: str) -> list[set[str]]:
        found = []
        for head in heads:
            root = head[:-1] if head.endswith("i") else head  # "accuraci": accuracy, accuracies
            for c in re.finditer(rf"((?:[A-Za-z][\w-]*\s+){{1,2}}){re.escape(root)}\w*", clause, re.IGNORECASE):
                words = {stem(w) for w in re.split(r"[\s-]+", c.group(1).lower())
                         if w and w not in STOP and w not in asked.NUMBER_WORDS} - _NO_SUBSET - own
                if words:
                    found.append(words)
        return found

    said = [subsets(c) for c in clauses_]
    if all(s and not any(w & wanted for w in s) and not named.search(c) for s, c in zip(said, clauses_)):
        return [m.group(0).split(None, 1)[1]]
    return []
