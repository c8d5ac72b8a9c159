"""The JSON of the Hugging Face daily papers API.

A list of items ``{"paper": {id, title, summary, authors[{name}], publishedAt, upvotes,
ai_summary, githubRepo, projectPage, organization}, "title", "summary", "publishedAt",
"numComments"}``. Top-level fields fill in what ``paper`` lacks.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import UserError
from ..paper import Paper, clean_text, paper_id


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    return str(value)[:10]


def parse_hf_json(text: str, name: str = "<json>") -> list[Paper]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{name}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if isinstance(doc, dict):
        doc = doc.get("papers", [doc])
    if not isinstance(doc, list):
        raise UserError(f"{name}: expected a JSON list of daily-paper items")
    return [_item(item, i, name) for i, item in enumerate(doc, 1)]


def _item(item: Any, n: int, name: str) -> Paper:
    where = f"{name}: record {n}"
    if not isinstance(item, dict):
        raise UserError(f"{where}: expected an object, got {type(item).__name__}")
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else {}
    title = clean_text(paper.get("title") or item.get("title"))
    abstract = clean_text(paper.get("summary") or item.get("summary") or item.get("abstract"))
    if not title:
        raise UserError(f"{where}: missing title")
    if not abstract:
        raise UserError(f"{where} ({title[:50]!r}): empty abstract")
    authors_raw = paper.get("authors")
    authors = None
    if isinstance(authors_raw, list):
        authors = [clean_text(a.get("name") if isinstance(a, dict) else str(a)) for a in authors_raw]
        authors = [a for a in authors if a] or None
    org = paper.get("organization") or item.get("organization")
    if isinstance(org, dict):
        org = org.get("fullname") or org.get("name")
    given = str(paper.get("id") or item.get("id") or "") or None
    upvotes = paper.get("upvotes", item.get("upvotes"))
    pid = paper_id(title, given)
    url = f"https://arxiv.org/abs/{pid}" if pid == given and given and given[:4].isdigit() else None
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=authors,
        n_authors=len(authors) if authors else None,
        organization=clean_text(org) or None,
        published=_iso_date(paper.get("publishedAt") or item.get("publishedAt")),
        upvotes=int(upvotes) if isinstance(upvotes, (int, float)) else None,
        url=url or paper.get("projectPage") or None,
        extra={k: paper.get(k) for k in ("ai_summary", "githubRepo", "projectPage") if paper.get(k)},
    )
