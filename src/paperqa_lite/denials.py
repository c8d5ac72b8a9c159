"""What a paper says it does without ("critic-and-likelihood-free", "eliminates auxiliary
value networks", "without human labels"), against a question that says it uses that thing:
read by :mod:`paperqa_lite.premise`, whose false premises these are.
"""

from __future__ import annotations

import re

from . import evidence as ev
from .claims import PREMISE_FRAME
from .sentences import stem

# What a paper says it does without: "critic-and-likelihood-free", "zero-data", "eliminates
# auxiliary value networks", "without human labels", "hard to write down reward functions";
# plain English, not fitted to any week.
DENIED = re.compile(r"\b((?:\w+-)*\w+)-free\b|(?<![\w-])zero-((?:\w+-)*\w+)|\b(?:without|eliminat\w*|avoid\w*|free of|no need (?:for|of)|"
                    r"(?:does|do) not (?:require|need|use)|dispens\w* with|"
                    # "tasks for which it will be hard to write down hardcoded reward functions":
                    # what cannot be had is done without
                    r"(?:hard|difficult|impossible|infeasible)\s+to\s+(?:write(?:\s+down)?|specify|define|design|"
                    r"hand-?craft|obtain|collect))\s+"
                    r"(?:(?:relying|depending)\s+on\s+|(?:using|requiring|needing)\s+)?"
                    r"(?:the\s+(?:need|necessity|requirement)\s+(?:for|of)\s+)?(?:(?:any|additional|extra)\s+)?"
                    r"((?:[\w-]+\s+){0,3}[\w-]+)", re.IGNORECASE)
# Words for one thing a paper does without: "without parameter updates" denies that it
# fine-tunes its weights. Plain English, each group one thing.
SAME_THING = [frozenset(stem(w) for w in g.split()) for g in (
    "parameter parameters weight weights", "fine-tune fine-tuning finetune finetuning",
    "data dataset datasets")]
# A question comparing ("does X beat trained reward models?"): the other side has the thing
COMPARED = re.compile(r"\b(?:beat\w*|outperform\w*|better|worse|than|versus|vs\.?|compar\w*|differ\w*|"
                      r"match\w*|rival\w*|on par)\b",
                      re.IGNORECASE)
# A question saying the paper needs a thing ("why does X still need Y", "does X require Y")
NEEDED = re.compile(r"\b(?:need|needs|needed|requires?|required|relies\s+on|rely\s+on|depends?\s+on)\b", re.IGNORECASE)
# A question saying a denial itself ("is X training-free?")
DENYING = re.compile(r"-free\b|(?<![\w-])zero-|\b(?:without|not|no|never|avoid\w*|eliminat\w*|skip\w*|forgo\w*|lack\w*|"
                     r"bypass\w*|remov\w*|drop\w*|dispens\w*)\b", re.IGNORECASE)


def denies(question: str, clause: str, name_words: set[str]) -> bool:
    """The clause says the paper does without something the question says it uses ("does
    π-StepNFT train a critic?" of "a critic-and-likelihood-free framework"); the words of
    the paper's own names (``name_words``) are its subject, not the thing."""
    return denial(question, clause, name_words) is not None


def denial(question: str, clause: str, name_words: set[str]) -> str | None:
    """The words of the clause saying the paper does without what the question says it
    uses ("critic-and-likelihood-free", "without requiring additional human-labeled data"),
    or None (:func:`denies`)."""
    if DENYING.search(question) or COMPARED.search(question):
        # "is X training-free?" asks about the denial itself; in "does X beat trained
        # reward models?" the other side is the one trained
        return None
    # a hyphenated word's parts count apart ("hand-coded" against "without any hand-coded")
    keys = {k for k in ev.keywords(question) | ev.keywords(question.replace("-", " ")) if len(k) > 3}
    keys -= name_words | PREMISE_FRAME
    for m in DENIED.finditer(clause):
        # "Without guidance, agents solve only the easiest tasks": a condition, not a
        # property of the paper's method
        if (m.start() == 0 and "," in clause[m.end():m.end() + 2] and len(m.group(0).split()) <= 3
                and not re.search(r"\b(?:relying|depending|using|requiring|needing|any)\b", m.group(0))):
            continue
        phrase = (m.group(1) or m.group(2) or m.group(3)).lower().split()
        # "with subtask-guidance than without subtask-guidance", "models with and without
        # specialised hemispheres": a contrast of both
        if re.search(rf"\bwith\s+{re.escape(phrase[0])}", clause, re.IGNORECASE) \
                or re.search(r"\bwith\s+(?:and|or)\s+$", clause[:m.start()], re.IGNORECASE):
            continue
        # the phrase's first word is what it denies most ("human" intervention, "hand-coded"
        # goal representations): "invent goals" is not what "without hand-coded goal
        # representations" does without
        first = {stem(w) for w in re.split(r"-", phrase[0]) if len(w) > 3}
        first |= {w for group in SAME_THING if first & group for w in group}
        if keys & first:
            return m.group(0)
        # ... or a compound noun of it, whole: "train its value network" of "eliminates
        # auxiliary value networks" (two content words in a row, both the question's)
        pairs = zip(phrase, phrase[1:])
        if any(len(a) > 3 and len(b) > 3 and {stem(a), stem(b)} <= keys for a, b in pairs):
            return m.group(0)
        # ... or, when the question says the paper needs it, the thing's head noun: "why
        # does SRPO still need expert demonstrations" of "eliminates the need for external
        # demonstrations or manual reward engineering" (any kind of it is done without)
        head = re.split(r"\s+(?:or|and)\s+|,", " ".join(phrase))[0].split()[-1]
        if NEEDED.search(question) and len(head) > 3 and stem(head) in keys:
            return m.group(0)
    return None
