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
from .page import parse_page
from .tabular import parse_csv, parse_jsonl

FORMATS = ("auto", "page", "hf-json", "arxiv", "jsonl", "csv")

PARSERS: dict[str, Callable[[str, str], list[Paper]]] = {
    "page": parse_page,
    "hf-json": parse_hf_json,
    "arxiv": parse_arxiv,
    "jsonl": parse_jsonl,
    "csv": parse_csv,
}

__all__ = ["FORMATS", "Paper", "detect_format", "load_papers", "parse_text", "paper_id"]


def detect_format(text: str) -> str:
    """Guess the format from the content (not the file name)."""
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
    first = head.splitlines()[0] if head else ""
    if "," in first and "title" in [c.strip().strip('"').lower() for c in first.split(",")]:
        return "csv"
    return "page"


def parse_text(text: str, fmt: str = "auto", name: str = "<text>") -> list[Paper]:
    if fmt not in FORMATS:
        raise UserError(f"{name}: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not text.strip():
        raise UserError(f"{name}: file is empty")
    chosen = detect_format(text) if fmt == "auto" else fmt
    papers = PARSERS[chosen](text, name)
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
