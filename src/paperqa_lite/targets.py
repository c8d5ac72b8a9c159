"""Where an asked number was measured (issue 11, point 1): the names a quantity question
qualifies it with ("on GSM8K", "On FlexTravelBench, what ...", "what P-Score did Claude
Sonnet 4 get"), which the clause answering it must name (:func:`asked.stating` reads them),
and those the paper never writes, so whatever number it gives was measured elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .asked import QUANTITY, SCORED_BY, WHAT_IS, has_number, names_word, without_names
from .clauses import clauses
from .sentences import STOP, whole_word


def scored(question: str, paper_text: str, own: Iterable[str]) -> list[str]:
    """The one a quantity question scores, when the abstract names it and it is not the
    paper's own: "what P-Score did Claude Sonnet 4 get" asks Claude Sonnet 4's score, which
    a clause naming another model does not give."""
    own_low = {o.lower() for o in own}
    out = []
    # typed in lower case too ("did claude sonnet 4 get"): the abstract's form, when it
    # writes it as a name (a capital or a digit), decides
    for m in re.finditer(r"\b(?:did|does|do)\s+([\w\-.+]+(?:\s+[\w\-.+]+){0,3})\s+"
                         rf"{SCORED_BY}\b", question, re.IGNORECASE):
        if m.group(1).lower() in own_low or m.group(1).split()[0].lower() in STOP:
            continue
        found = whole_word(m.group(1), ignore_case=True).search(paper_text)
        if found and re.search(r"[A-Z0-9]", found.group(0)) and found.group(0).lower() not in own_low:
            out.append(found.group(0))
    return out


def reports_on(name: str, sentences: Iterable[str]) -> bool:
    """Whether a clause names ``name`` with a number of its own beside it."""
    return any(names_word(c, name.lower()) and has_number(without_names(c, [name]))
               for s in sentences for c in clauses(s))


# "on GSM8K", "on the VBR dataset", "On FlexTravelBench, what ...": where the asked
# quantity was measured, by name (past lower-case words qualifying it: "on the 2-turn and
# 3-turn FlexTravelBench scenarios")
ON_NAME = re.compile(r"\b[Oo]n\s+(?:the\s+)?(?:[a-z0-9][\w\-]*\s+){0,4}?([A-Z][\w\-.+]*[A-Z0-9][\w\-.+]*)")


_KIND_ACRONYMS = frozenset("llm llms vlm vlms mllm mllms lm lms ai rl gpu gpus api apis qa".split())


def qualifiers(question: str, paper_text: str, own: Iterable[str]) -> list[str]:
    """Names the question adds to the asked quantity ("on ALFWorld", "on the VBR dataset")
    that the abstract has: the answering clause must name them. Names the abstract lacks
    ("GRPO-trained" for "GRPO)-trained") and the paper's own names constrain nothing."""
    own_low = {o.lower() for o in own}
    out = []
    for m in ON_NAME.finditer(question):
        name = m.group(1).rstrip(".?")
        if name.lower() not in own_low | _KIND_ACRONYMS and re.search(rf"\b{re.escape(name)}\b", paper_text):
            out.append(name)
    # a name before the measure ("what GSM8K accuracy"), not a kind ("what LLM accuracy")
    quantity = QUANTITY.search(question) or WHAT_IS.search(question)
    for name in re.findall(r"[A-Z][\w\-.+]*[A-Z0-9][\w\-.+]*", (quantity.group(1) or "") if quantity else ""):
        if name.lower() not in own_low | _KIND_ACRONYMS and name not in out \
                and re.search(rf"\b{re.escape(name)}\b", paper_text):
            out.append(name)
    out += scored(question, paper_text, own)
    # typed in lower case ("on libero-plus"): the name as the abstract writes it, when it
    # writes it as a name there (a compound or a version, with capitals: "LIBERO-Plus")
    for m in re.finditer(r"\bon\s+(?:the\s+)?([a-z][a-z0-9]*(?:[\-.][a-z0-9]+)+)", question):
        if m.group(1) in own_low:
            continue
        form = whole_word(m.group(1), ignore_case=True).search(paper_text)
        if form and form.group(0) != form.group(0).lower() and form.group(0) not in out:
            out.append(form.group(0))
    return out


def absent_targets(question: str, paper_text: str, own: Iterable[str]) -> list[str]:
    """Names the question measures the quantity on ("how much does X gain on GSM8K") that
    the paper's text never writes, in any spelling ("GSM-8K", "gsm8k"): whatever number
    the abstract gives was measured elsewhere. Over the 90 read quantity questions with
    "on <Name>", the one whose name its paper lacks is a not-stated trap."""
    def flat(text: str) -> str:  # any spelling: "GSM-8K" and "gsm8k" are one
        return re.sub(r"[^a-z0-9]", "", text.lower())
    written = flat(paper_text)
    own_flat = {flat(o) for o in own if o}
    out = []
    for m in ON_NAME.finditer(question):
        name = flat(m.group(1))
        if name and name not in own_flat and name not in written:
            out.append(m.group(1).rstrip(".?"))
    return out
