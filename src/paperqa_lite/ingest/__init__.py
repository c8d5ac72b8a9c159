"""Parsers: files in the formats papers come in -> validated :class:`Paper` records.

Parsing never touches the store. Every parser validates its whole input and raises
:class:`~paperqa_lite.errors.UserError` naming the file and line/record on the first
problem, so a bad file is rejected before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from ..errors import UserError
from ..paper import Paper, paper_id
from .arxiv import parse_arxiv
from .hfjson import parse_hf_json
from .page import looks_like_page, parse_page
from .tabular import header_delimiter, parse_csv, parse_jsonl

# The one list of input formats: the CLI's --format and the web form offer these.
FORMATS = ("auto", "page", "hf-json", "arxiv", "jsonl", "csv")

PARSERS: dict[str, Callable[[str, str], list[Paper]]] = {
    "page": parse_page,
    "hf-json": parse_hf_json,
    "arxiv": parse_arxiv,
    "jsonl": parse_jsonl,
    "csv": parse_csv,
}

__all__ = ["FORMATS", "Paper", "detect_format", "load_papers", "parse_text", "paper_id"]


def detect_format(text: str, name: str = "<text>") -> str:
    """The format, read from the content (not the file name).

    Each format is recognised by its own structure: ``<`` (XML), ``[``/``{`` (JSON), a
    header row of column names (CSV), the page's header or author/date blocks (page).
    A file that shows none of them is an error, never read as a page by default: any
    text has lines, and reading them as titles and abstracts stores garbage.
    """
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "arxiv"
    if head.startswith("["):
        return "hf-json"
    if head.startswith("{"):
        try:
            doc = json.loads(head)
        except json.JSONDecodeError:
            return "jsonl"
        # one JSON object: the API's {"papers": [...]} wrapper or a single record
        return "hf-json" if isinstance(doc, dict) and ("paper" in doc or "papers" in doc) else "jsonl"
    first = head.splitlines()[0].strip() if head else ""
    if header_delimiter(first):
        return "csv"
    if looks_like_page(head):
        return "page"
    line = text[: len(text) - len(head)].count("\n") + 1
    raise UserError(
        f"{name}: line {line}: cannot tell the format from {first[:40]!r}: not JSON, JSON Lines, "
        "an Atom feed, a CSV with a header row or a copied Daily Papers page "
        f"(give --format: {', '.join(FORMATS[1:])})")


def parse_text(text: str, fmt: str = "auto", name: str = "<text>") -> list[Paper]:
    if fmt not in FORMATS:
        raise UserError(f"{name}: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not text.strip():
        raise UserError(f"{name}: file is empty")
    chosen = detect_format(text, name) if fmt == "auto" else fmt
    try:
        papers = PARSERS[chosen](text, name)
    except UserError as exc:
        if fmt != "auto":
            raise
        raise UserError(f"{exc} (read as {chosen})") from None
    if not papers:
        raise UserError(f"{name}: no papers found (read as {chosen})")
    for p in papers:
        p.source = p.source or f"{Path(name).name}:{chosen}"
    return papers


def load_papers(paths: list[Path | str], fmt: str = "auto") -> list[Paper]:
    """Parse and validate every file; on duplicates across files the last one wins."""
    by_id: dict[str, Paper] = {}
    for path in map(Path, paths):
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM (Windows editors) is not content
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise UserError(f"{path}: line {line}: not a UTF-8 text file") from None
        for paper in parse_text(text, fmt, str(path)):
            by_id[paper.id] = paper
    return list(by_id.values())
