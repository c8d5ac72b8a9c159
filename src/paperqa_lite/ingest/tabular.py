"""JSON Lines and CSV: one paper per record.

Required: ``title`` and ``abstract`` (or ``summary``, or BEIR's ``text``). Optional: ``id`` (or BEIR's ``_id``), ``authors``
(a list, or names separated by ``;`` or ``,``), ``published``, ``upvotes``, ``url``,
``organization``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..errors import UserError
from ..paper import Paper, clean_text, paper_id


def parse_jsonl(text: str, name: str = "<jsonl>") -> list[Paper]:
    papers = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{name}: line {no}: invalid JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise UserError(f"{name}: line {no}: expected a JSON object")
        papers.append(_record(rec, f"{name}: line {no}"))
    return papers


def parse_csv(text: str, name: str = "<csv>") -> list[Paper]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "title" not in [f.strip().lower() for f in reader.fieldnames]:
        raise UserError(f"{name}: line 1: CSV header has no 'title' column")
    papers = []
    try:
        for row in reader:
            rec = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
            if not any((v or "").strip() for v in rec.values()):
                continue
            papers.append(_record(rec, f"{name}: line {reader.line_num}"))
    except csv.Error as exc:
        raise UserError(f"{name}: line {reader.line_num}: {exc}") from None
    return papers


def _authors(value: Any) -> list[str] | None:
    if isinstance(value, list):
        names = [clean_text(a.get("name") if isinstance(a, dict) else str(a)) for a in value]
    elif isinstance(value, str) and value.strip():
        names = [clean_text(a) for a in re.split(r"[;|]" if ";" in value or "|" in value else ",", value)]
    else:
        return None
    return [n for n in names if n] or None


def _int(value: Any, where: str, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise UserError(f"{where}: {field} must be a number, got {value!r}") from None


def _record(rec: dict[str, Any], where: str) -> Paper:
    title = clean_text(rec.get("title"))
    # "text" and "_id": a BEIR corpus.jsonl (SciFact and friends) ingests as it is
    abstract = clean_text(rec.get("abstract") or rec.get("summary") or rec.get("text"))
    if not title:
        raise UserError(f"{where}: missing title")
    if not abstract:
        raise UserError(f"{where} ({title[:50]!r}): empty abstract")
    authors = _authors(rec.get("authors"))
    published = clean_text(str(rec.get("published") or "")) or None
    if published and not re.match(r"^\d{4}-\d{2}-\d{2}", published):
        raise UserError(f"{where}: published must be an ISO date (YYYY-MM-DD), got {published!r}")
    given = clean_text(str(rec.get("id") or rec.get("_id") or "")) or None
    url = clean_text(rec.get("url")) or None
    return Paper(
        id=paper_id(title, given, url),
        title=title,
        abstract=abstract,
        authors=authors,
        n_authors=len(authors) if authors else _int(rec.get("n_authors"), where, "n_authors"),
        organization=clean_text(rec.get("organization")) or None,
        published=published[:10] if published else None,
        upvotes=_int(rec.get("upvotes"), where, "upvotes"),
        url=url,
    )
