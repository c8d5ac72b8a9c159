"""The parts a question asks, one per wh-clause (issue 11, point 2: each part gets the
clause that answers *it*): "What benchmark does X introduce, and how many VLMs were
evaluated on it?" is two parts; "When layers reuse X, what share ..." and "..., from what
to what?" are one. Read by :mod:`paperqa_lite.factual` (a clause per part),
:mod:`paperqa_lite.notstated` (each quantity part judged on its own) and the comparison
lines of :mod:`paperqa_lite.dimension`.
"""

from __future__ import annotations

import re

from .asked import MEASURE_NOUNS, SCORED_BY, counting, measures
from .route import AUXILIARY, WH
from .sentences import STOP

# A new asked part starts at a wh-word after "and" or a comma ("What does PAE stand for, and
# on which web benchmarks was it validated?"); "X and Y" without one is a single part.
_PART = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+(?:\+|&|plus)\s+)(?=(?:(?:on|in|at|for|from|with|by|of|to)\s+)?"
                   rf"{WH}\b)|"
                   # ", and does it still help at 4k?", ", and do egocentric models have more
                   # trouble with verbs": a yes/no part after a comma
                   r",\s*and\s+(?=(?:does|do|did|is|are|was|were|can|could)\s+\w)",
                   re.IGNORECASE)
_ASKS = re.compile(rf"\b{WH}\b", re.IGNORECASE)
# "When layers reuse X's indices, what share ...": a clause opening on "when" or "where"
# without an auxiliary after it sets a condition, it asks no time or place ("when was X
# released" does)
_CONDITION = re.compile(r"^(?:when|where|whenever|once)\s+(?!(?:is|are|was|were|do|does|did|can|could|will|"
                        r"would|should|has|have|had)\b)", re.IGNORECASE)


def _asks(piece: str) -> bool:
    condition = _CONDITION.match(piece)
    # (a yes/no question asks too: "Does either need training, and what speedup ...")
    return bool(_ASKS.search(piece[condition.end():] if condition else piece) or _YES_NO.match(piece))


_YES_NO = re.compile(rf"{AUXILIARY}\s+\w", re.IGNORECASE)


# "... cut compute? Does either need training?": a second question, asked on its own (not
# "...? yes or no", "...? Compare them.", which say how to answer): capitalised
_NEXT_QUESTION = re.compile(rf"\?\s+(?=(?=[A-Z])(?i:{AUXILIARY}|{WH}|whose)\b)")


def question_parts(question: str) -> list[str]:
    """The things a question asks, one per wh-clause: "What benchmark does X introduce, and
    how many VLMs were evaluated on it?" -> two parts. A lead without a wh-word ("In the
    X paper, what ...") belongs to the part after it."""
    asked = [q for q in _NEXT_QUESTION.split(question.strip()) if q.strip()]
    if len(asked) > 1:
        return [part for q in asked for part in question_parts(q)]
    pieces = [p.strip() for p in _PART.split(counting(question.strip().rstrip("?").strip())) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        # "..., from what to what?": a piece with no word of its own asks the values of the
        # part before it
        bare = not [w for w in re.findall(r"[A-Za-z]+", piece) if w.lower() not in STOP and not _ASKS.fullmatch(w)]
        if out and (not _asks(out[-1]) or bare):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return [each for part in out for scored in _each_scored(part) for each in _each_condition(scored)]


# "what p-scores did gemini 2.5 flash and gpt-5 get": one part per named side, each a name
# (a digit, a capital or a hyphen: "gpt-5", "Claude"), not "did models and humans get"
_BOTH_SCORED = re.compile(rf"^(.*\b(?:did|does|do)\s+)(.+?)\s+and\s+(.+?)(\s+{SCORED_BY}\b.*)$", re.IGNORECASE)


def _each_scored(part: str) -> list[str]:
    m = _BOTH_SCORED.match(part)
    # (each side a name of a few words: "X and Y differ in how they score outputs" asks how)
    if not m or not all(re.search(r"[\dA-Z\-]", side) and len(side.split()) <= 4 and not _ASKS.search(side)
                        for side in (m.group(2), m.group(3))):
        return [part]
    return [f"{m.group(1)}{side}{m.group(4)}" for side in (m.group(2), m.group(3))]


# "FlashPrefill speedup at 256K tokens, and at 4K?", "what success rate on LIBERO and on
# LIBERO-Plus does SRPO reach": the asked measure again under another condition, said by
# its preposition alone; one part per condition, each with the words around it
_COND = r"[\w\-.%/+]+(?:\s+[\w\-.%/+]+){0,3}?"
# ... or by another preposition when both conditions are sizes ("on 256K sequences, and at
# 4K context"): two numbers of one kind are two settings of the same measure
_BOTH_CONDITIONS = re.compile(rf"^(.*?\b(on|in|at|for|with|under|from|over)\s+)(?!(?:the|a|an|its|their)\s+same\b)"
                              rf"({_COND}),?\s+(?:and|but|vs\.?|versus)\s+(?:also\s+|then\s+)?"
                              rf"(?:\2|(on|in|at|for|with|under))\s+({_COND})"
                              r"((?:\s+(?:do|does|did|is|are|was|were|can|could)\b.*)?)$", re.IGNORECASE)


def _each_condition(part: str) -> list[str]:
    m = _BOTH_CONDITIONS.match(part)
    if not m or not (measures(part) or MEASURE_NOUNS.search(m.group(1))):
        return [part]
    if m.group(4) and not (re.match(r"\d", m.group(3)) and re.match(r"\d", m.group(5))):
        return [part]
    lead = part[:m.start(2)]
    return [f"{m.group(1)}{m.group(3)}{m.group(6)}", f"{lead}{m.group(4) or m.group(2)} {m.group(5)}{m.group(6)}"]
