"""Which of the papers matching a list's topic (:func:`topics.matches`) the list keeps:
a paper ranked with the best must say a topic word most papers do not, and beside papers
saying the whole topic, one sharing most of its words must say its rarest. Read by
:mod:`paperqa_lite.answer`'s plan of an aggregate answer.
"""

from __future__ import annotations

import math
import re

from . import evidence as ev
from .listnames import KIND
from .sentences import stem
from .topics import says_term, terms, topic, topic_said


# A topic word at least half the papers in scope say ("abilities" of "theory-of-mind
# abilities") is no evidence of the topic: :func:`evidence.rarity` weighs it log(2) or less.
# Not fitted: of the 11 read lists where a paper was kept only for its rank, the 9 right
# ones say a topic word weighing 1.53 or more, the wrong one only "abilities" (0.69).
COMMON_WEIGHT = math.log(2)


def says_rare(question: str, e: ev.Evidence, weights: dict[str, float]) -> bool:
    """Whether the paper says a word of the list's topic that fewer than half the papers
    in scope say (any paper, when the topic has no words)."""
    return not weights or any(weights.get(k, 0.0) > COMMON_WEIGHT
                              for k in topic_said(question, f"{e.paper.title} {e.paper.abstract}"))


def distinctive(question: str, chosen: list[ev.Evidence], covering: set[str], weights: dict[str, float]) -> set[str]:
    """The ids of the chosen papers to list: once two of them say the whole topic
    (``covering``), one that only shares most of its words must say its rarest word too
    ("real" and "robots" apart are not "a real physical robot", which two papers say). Not
    for a topic with alternatives ("first-person / egocentric", "MATH or MATH-500"), whose
    rarest word is one side. Over the read lists (eighteenth session): 4 more exact, no
    gold paper lost."""
    ids = {e.paper.id for e in chosen}
    if not weights or re.search(r"\bor\b|/", question) or len(ids & covering) < 2:
        return ids
    rarest = max(weights, key=weights.get)
    return {e.paper.id for e in chosen
            if e.paper.id in covering or rarest in topic_said(question, f"{e.paper.title} {e.paper.abstract}")}


def on_titled_lines(question: str, listed: list[ev.Evidence], others: list[ev.Evidence]) -> list[ev.Evidence]:
    """The papers of ``others`` that say a term of the question a ``listed`` paper's title
    says (a line of work: "Spatial-TTT: ... Spatial Intelligence ...") and every other
    topic word but the kind of model it is for ("for VLMs" qualifies the topic, as in
    :func:`topics.on_terms`): on that line whatever their distance to the best."""
    titled = [t for t in terms(question) if any(says_term(x.paper.title, t) for x in listed)]
    if not titled:
        return []
    kinds = {w.lower() for w in re.findall(r"[\w-]+", question) if KIND.fullmatch(w)}
    asked = topic(question) - kinds
    texts = ((e, f"{e.paper.title} {e.paper.abstract}") for e in others)
    return [e for e, text in texts
            if any(says_term(text, t) for t in titled) and asked <= topic_said(question, text)]


# "one model that both understands and generates", "papers that use both text and images":
# the two sides the question joins with "both ... and", each a word a listed paper must say
BOTH = re.compile(r"\bboth\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+and\s+(?:(?:the|a|an|their|its)\s+)?([\w-]+)", re.IGNORECASE)


def both_said(question: str, chosen: list[ev.Evidence]) -> list[ev.Evidence]:
    """The chosen papers that say both sides of the question's "both X and Y" (a word of
    each, in any form: "understanding and generation" of "understands and generates");
    all of them when it has none or no paper says both (the wording may be the paper's
    own, which the list's other checks judge)."""
    m = BOTH.search(question)
    if not m:
        return chosen
    sides = {stem(m.group(i).lower()) for i in (1, 2)}
    saying = [e for e in chosen if sides <= frozenset().union(*ev.paper_words(e.paper))]
    return saying or chosen
