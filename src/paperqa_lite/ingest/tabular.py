"""JSON Lines and CSV: one paper per record.

CSV means a header row, then one row per paper, separated by commas, tabs or semicolons
(the header row says which). Required: ``title`` and ``abstract`` (or ``summary``, or BEIR's ``text``). Optional: ``id`` (or BEIR's ``_id``), ``authors``
(a list, or names separated by ``;`` or ``,``), ``published``, ``upvotes``, ``url``,
``organization``, ``daily_date`` (the day the paper was on Daily Papers, which decides
its week; without it, ``published`` does).
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any

from ..errors import UserError
from ..paper import Paper, author_names, field_int, field_text, iso_date, paper_id, validated

DELIMITERS = (",", "\t", ";")
# A header cell: a column name, not prose (a page title such as "Title, or Not: Naming
# Papers" has a colon; an abstract is longer).
_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .\-]{0,39}")


def header_delimiter(line: str) -> str | None:
    """The delimiter if ``line`` reads as a CSV header row (2+ column names), else None."""
    for delim in DELIMITERS:
        if delim not in line:
            continue
        try:
            (cells,) = list(csv.reader([line], delimiter=delim, strict=True))
        except (csv.Error, ValueError):
            continue
        names = [c.strip() for c in cells if c.strip()]
        if len(names) >= 2 and all(_COLUMN.fullmatch(c) for c in names):
            return delim
    return None


def parse_jsonl(text: str, name: str = "<jsonl>") -> list[Paper]:
    located = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            hint = ""
            if no == 1 and _is_json(text):
                hint = "; this is one JSON document: JSON Lines needs one record per line"
            raise UserError(f"{name}: line {no}: invalid JSON ({exc.msg}){hint}") from None
        if not isinstance(rec, dict):
            raise UserError(f"{name}: line {no}: expected a JSON object")
        located.append((f"line {no}", _record(rec, f"{name}: line {no}")))
    return validated(located, name)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def parse_csv(text: str, name: str = "<csv>") -> list[Paper]:
    body = text.lstrip("\ufeff")
    skipped = len(body) - len(body.lstrip("\r\n"))  # blank lines before the header
    offset = body[:skipped].count("\n")
    lines = body[skipped:].splitlines(keepends=True)
    header_line = lines[0] if lines else ""
    delim = header_delimiter(header_line.strip()) or (
        "\t" if "\t" in header_line else ";" if ";" in header_line and "," not in header_line else ",")
    reader = csv.reader(lines, delimiter=delim, strict=True)
    located = []
    try:
        columns = [c.strip().lower() for c in next(reader, [])]
        _check_header(columns, f"{name}: line {offset + 1}")
        last = reader.line_num
        for row in reader:
            start, last = last + 1, reader.line_num  # a quoted field may span lines
            if not any(cell.strip() for cell in row):
                continue
            where = f"{name}: line {offset + start}"
            if len(row) != len(columns):
                raise UserError(f"{where}: {len(row)} fields, but the header has {len(columns)} "
                                f"(quote a field that contains {_shown(delim)})")
            located.append((f"line {offset + start}", _record(dict(zip(columns, row)), where)))
    except csv.Error as exc:
        raise UserError(f"{name}: line {offset + reader.line_num}: {exc}") from None
    return validated(located, name)


def _shown(delim: str) -> str:
    return {"\t": "a tab", ",": "a comma", ";": "a semicolon"}[delim]


def _check_header(columns: list[str], where: str) -> None:
    if "title" not in columns:
        raise UserError(f"{where}: CSV header has no 'title' column (it has: "
                        f"{', '.join(c for c in columns if c)[:120] or 'nothing'})")
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise UserError(f"{where}: CSV header names {', '.join(repeated)} more than once")


def _record(rec: dict[str, Any], where: str) -> Paper:
    title = field_text(rec.get("title"), where, "title")
    # "text" and "_id": a BEIR corpus.jsonl (SciFact and friends) ingests as it is
    abstract = field_text(rec.get("abstract") or rec.get("summary") or rec.get("text"), where, "abstract")
    if not title:
        raise UserError(f"{where}: missing title")
    if not abstract:
        raise UserError(f"{where} ({title[:50]!r}): empty abstract")
    authors = author_names(rec.get("authors") or None, where)
    published, daily = _day(rec, "published", where), _day(rec, "daily_date", where)
    given = field_text(rec.get("id") or rec.get("_id"), where, "id") or None
    url = field_text(rec.get("url"), where, "url") or None
    return Paper(
        id=paper_id(title, given, url),
        title=title,
        abstract=abstract,
        authors=authors,
        n_authors=len(authors) if authors else field_int(rec.get("n_authors"), where, "n_authors"),
        organization=field_text(rec.get("organization"), where, "organization") or None,
        published=published,
        upvotes=field_int(rec.get("upvotes"), where, "upvotes"),
        url=url,
        extra={"daily_date": daily} if daily else {},
    )


def _day(rec: dict[str, Any], key: str, where: str) -> str | None:
    value = field_text(rec.get(key), where, key) or None
    if value and not iso_date(value):
        raise UserError(f"{where}: {key} must be an ISO date (YYYY-MM-DD), got {value[:40]!r}")
    return iso_date(value) if value else None
