"""An abstract's sentence split into clauses, the unit an answer quotes (issue 11).

A sentence is split at semicolons, dashes, enumerations and a comma before a new clause;
a short aside between dashes, a list after a colon and a serial list ("A, B, and C") stay
in their clause, since they are often the answer. Digits in URLs and citations are not
numbers of the clause (:func:`unquantified`).
"""

from __future__ import annotations

import re

# (", requiring ..." after "in particular," / "notably," is a list's item, not a clause; nor
# is ", including o3 and GPT-4o": a preposition in -ing, not a participle)
_CLAUSE_SPLIT = re.compile(r"\s*(?:;|--|—|–(?=\s)|,\s+(?:while|whereas|and|but|which|where)\b|"
                           r"(?<=\w)(?<!particular)(?<!especially)(?<!notably)(?<!namely)(?<!e\.g)(?<!i\.e)"
                           r",\s+(?=(?!(?:including|excluding|during|following|regarding|concerning|"
                           r"according|notwithstanding)\b)[a-z]+ing\b))\s*")
# "experts--Text, Mask, Reference, and Base--based on": a short aside between dashes is part
# of its clause (it is often the answer), as is a list after a colon or numbered "(1) ... (2)"
# (60 characters: a list of a few names; longer text between dashes is a clause of its own;
# an aside with a number is a clause too: "--reducing ATE on KITTI by over 74%--")
_ASIDE = re.compile(r"(--|—)([^-—;\d]{1,60}?)(--|—)")
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
CITATION = re.compile(r"\([^()]*\bet al\.?[^()]*\)|\[\d+(?:[,–-]\s*\d+)*\]")
_MEASURE = re.compile(r"(?<![\w.\-])\d")  # a number of its own, not one inside a name ("WMT24")
_SERIAL = re.compile(r"(,\s+(?:[^\s,;]+\s+){0,3}[^\s,;]+),(\s+and\s)")
# a model's version and size are its name, not a measure: "Gemini 1.5 Pro", "Llama 3.1 405B"
_VERSION = re.compile(r"\b([A-Z][\w\-]*)(?:\s+\d+(?:\.\d+)*[BbMm]?(?![\w%.]))+")
_LIST = re.compile(r":\s.*$|\((?:i{1,3}|iv|v|1|2|3|a|b)\).*$")


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses: split at semicolons, dashes, enumerations and a comma before a
    new clause ("..., while ...", "..., reducing ...")."""
    masked = _ASIDE.sub(lambda m: "\x01" + m.group(2).replace(",", "\x04") + "\x02", sentence)
    # "from WMT23, WMT24, and Flores200": the ", and" of a serial list joins its last item
    masked = _SERIAL.sub(_serial, masked)
    tail = _LIST.search(masked)
    head, rest = (masked[:tail.start()], masked[tail.start():]) if tail else (masked, "")
    parts = [c for c in _CLAUSE_SPLIT.split(head) if c and c.strip(" ,;")] or [""]
    parts[-1] += rest.replace(";", "\x03")
    return [c.replace("\x01", "--").replace("\x02", "--").replace("\x03", ";").replace("\x04", ",").strip(" ,;")
            for c in parts if c.strip(" ,;")]


def _serial(m: re.Match[str]) -> str:
    """A list's ", and" masked, unless a measure on either side makes it two clauses ("On
    MMLU, it gains 5%, and on GSM8K 12%": each number is its own clause's)."""
    after = re.split(r"[,;](?=\s)|\.(?!\d)", m.string[m.end():], maxsplit=1)[0]
    if _MEASURE.search(_VERSION.sub(r"\1", m.group(1))) or _MEASURE.search(_VERSION.sub(r"\1", after)):
        return m.group(0)
    return m.group(1) + "\x04" + m.group(2)


# A list's item marker: "our method (1) first decomposes ..., (2) then applies ..."
ENUMERATOR = re.compile(r"(?:(?<=\s)|^)\(?(?:\d|[ivx]{1,3})\)(?=\s)")


def unquantified(clause: str) -> str:
    """The clause without text whose digits measure nothing: URLs ("github.com/3rdAT"),
    citations ("(Gandhi et al., 2025)") and item markers ("(1)", "2)")."""
    return ENUMERATOR.sub("", CITATION.sub("", URL.sub("", clause)))
