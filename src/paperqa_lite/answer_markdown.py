"""The Markdown of an answer that code builds: an aggregate's list, a comparison's table.

Every cell and line is a sentence (or a clipped one) of a paper's own abstract, chosen
by :mod:`paperqa_lite.evidence`; nothing here calls a model.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import evidence as ev

CELL_WORDS = 30  # a table cell or fallback clause longer than this is clipped


def clip(text: str, words: int = CELL_WORDS) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


def paper_list(chosen: list[ev.Evidence]) -> Iterator[str]:
    """'N papers of the week match:' and one line per paper, each with its citation."""
    noun = "paper" if len(chosen) == 1 else "papers"
    yield f"{len(chosen)} {noun} of the week match:\n"
    for i, e in enumerate(chosen, 1):
        line = e.sentences[0] if e.sentences else e.paper.title
        yield f"\n- **{ev.short_name(e.paper)}** [{i}]: {line}"


def comparison_table(rows: list[tuple[ev.Evidence, dict[str, str]]]) -> Iterator[str]:
    """A table with a row per paper and a column per field of :func:`evidence.comparison_fields`."""
    cols = list(rows[0][1]) if rows else []
    yield "| Paper | " + " | ".join(c.capitalize() for c in cols) + " |\n"
    yield "|" + " --- |" * (len(cols) + 1) + "\n"
    for i, (e, f) in enumerate(rows, 1):
        cells = [clip(f[c]).replace("|", "/") for c in cols]
        yield f"| {ev.short_name(e.paper)} [{i}] | " + " | ".join(cells) + " |\n"
