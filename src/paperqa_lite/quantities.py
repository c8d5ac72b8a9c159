"""The numbers a text states, each with what it counts (issue 11: a question's premise).

"in only 20 RL steps" states 20 of "RL" steps; "a 32B model" a magnitude (32 billion);
"99.2%" a percentage; "4-turn" 4 of "turn". A question that states a number of the same
thing as the paper, but a number the paper never gives for it ("20 RL steps" of a paper
saying "200 RL steps"), is not the paper's claim (:func:`unsaid_numbers`). A number
whose counted thing the paper never numbers ("3 key findings", "in 2 sentences") is not
judged: the paper says nothing either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .sentences import STOP, stem

MAGNITUDES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9,
              "t": 1e12, "trillion": 1e12}
PERCENT = frozenset({"%", "percent", "percentage"})
TIMES = frozenset({"x", "×", "times", "fold", "-fold"})  # "2.5-fold" is "2.5x"
WORDS = {w: i for i, w in enumerate("""zero one two three four five six seven eight nine ten eleven
twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split())}
# a number not inside a name ("Qwen3", "GPT-4o", "Qwen 2.5-7B", the range "10-20") or
# another number ("2" of "2.5"); then its unit, glued ("32B", "4x", "4-turn") or not
_NUMBER = re.compile(r"(?<![\w.\-])(\d+(?:[.,]\d+)*(?![.,]?\d)|(?i:" + "|".join(WORDS) + r")\b)"
                     r"(?:(%|×|[xkmbt](?![\w\-])|-[a-z]+(?![\w\-]))|(?![\w\-]))", re.IGNORECASE)
_NEXT = re.compile(r"\s*([A-Za-z%×][\w\-]*)")


@dataclass(frozen=True)
class Quantity:
    text: str  # as written: "20", "32B", "99.2%", "4-turn"
    value: float
    decimals: bool
    counts: tuple[str, str] | None  # what it counts: ("%", ""), ("x", ""), ("mag", ""), ("of", stem)


@lru_cache(maxsize=256)
def quantities(text: str) -> tuple[Quantity, ...]:
    """The numbers ``text`` states, each with what it counts (None when nothing follows);
    cached: an abstract is read by each not-stated check of an answer."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # "1,000" -> "1000"
    out = []
    for m in _NUMBER.finditer(text):
        raw, unit = m.group(1), (m.group(2) or "").lower()
        value = float(WORDS[raw.lower()]) if raw.lower() in WORDS else float(raw.replace(",", "."))
        nxt = _NEXT.match(text, m.end())
        word = (unit.lstrip("-") if unit.startswith("-") else nxt.group(1) if nxt and not unit else "").lower()
        kind = unit or word
        if kind in PERCENT:
            counts = ("%", "")
        elif kind in TIMES:
            counts = ("x", "")
        elif kind in MAGNITUDES:
            value, counts = value * MAGNITUDES[kind], ("mag", "")
        elif word and word not in STOP and word.isalpha() or unit.startswith("-"):
            counts = ("of", stem(word))
        else:
            counts = None
        out.append(Quantity(m.group(0), value, "." in raw or "," in raw, counts))
    return tuple(out)


def same(stated: Quantity, given: Quantity) -> bool:
    """Whether a stated number is the given one, as people round it ("91%" of 91.3%)."""
    if stated.decimals:
        return abs(stated.value - given.value) <= 1e-9 * max(1.0, abs(given.value))
    return stated.value in (given.value, round(given.value), float(int(given.value)))


def unsaid_numbers(question: str, text: str) -> list[str]:
    """Numbers the question states of something ``text`` numbers otherwise: "in only 20 RL
    steps" of a text saying "in just 200 RL steps", "a 32B model" of one with 2B and 8B
    models. Numbers of things the text never numbers are not judged, nor numbers the
    question spells as words."""
    given = quantities(text)
    out = []
    for q in quantities(question):
        # a number word in a question is mostly its frame ("what three capabilities ...")
        if q.counts is None or q.counts == ("of", "") or not q.text[:1].isdigit():
            continue
        alike = [g for g in given if g.counts == q.counts]
        if alike and not any(same(q, g) for g in alike):
            out.append(q.text)
    return out


# Durations, for a premise stating more time than the paper allows ("tasks that took human
# teams several hours" of "tasks that took human teams up to 11 minutes"). A vague count
# ("several", "a few") is at least two; the paper's bound is what "up to" / "under" says.
SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800, "month": 2592000,
           "year": 31536000}
_UNIT = r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b"
_AT_LEAST = re.compile(r"\b(several|many|a few|multiple|numerous|" + "|".join(WORDS) + r"|\d+(?:\.\d+)?)\s+" + _UNIT,
                       re.IGNORECASE)
_AT_MOST = re.compile(r"\b(?:up to|at most|under|less than|within|no more than|below)\s+(" + "|".join(WORDS)
                      + r"|\d+(?:\.\d+)?)\s+" + _UNIT, re.IGNORECASE)


def _seconds(count: str, unit: str) -> float:
    count = count.lower()
    if count in WORDS:
        n = float(WORDS[count])
    elif count[:1].isdigit():
        n = float(count)
    else:  # "several", "a few": at least two
        n = 2.0
    return n * SECONDS[unit.lower().rstrip("s")]


def longer_than_bound(question: str, clause: str) -> bool:
    """The question states a duration longer than the clause's bound on it ("several hours"
    of "up to 11 minutes"); the caller checks the two are about the same thing."""
    bounds = [_seconds(m.group(1), m.group(2)) for m in _AT_MOST.finditer(clause)]
    return bool(bounds) and any(_seconds(m.group(1), m.group(2)) > max(bounds) for m in _AT_LEAST.finditer(question))
