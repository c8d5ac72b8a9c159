"""The JSON of the Hugging Face daily papers API.

A list of items ``{"paper": {id, title, summary, authors[{name}], publishedAt, upvotes,
ai_summary, githubRepo, projectPage, organization}, "title", "summary", "publishedAt",
"numComments"}``. Top-level fields fill in what ``paper`` lacks.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import UserError
from ..paper import Paper, author_names, field_int, field_text, iso_date, paper_id, validated


def parse_hf_json(text: str, name: str = "<json>") -> list[Paper]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{name}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if isinstance(doc, dict):
        doc = doc.get("papers", [doc])
    if not isinstance(doc, list):
        raise UserError(f"{name}: expected a JSON list of daily-paper items")
    return validated(((f"record {i}", _item(item, i, name)) for i, item in enumerate(doc, 1)), name)


def _item(item: Any, n: int, name: str) -> Paper:
    where = f"{name}: record {n}"
    if not isinstance(item, dict):
        raise UserError(f"{where}: expected an object, got {type(item).__name__}")
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else {}

    def field(key: str, *fallbacks: str) -> Any:
        for source, k in [(paper, key), *((item, f) for f in fallbacks)]:
            if source.get(k):
                return source[k]
        return None

    title = field_text(field("title", "title"), where, "title")
    abstract = field_text(field("summary", "summary", "abstract"), where, "abstract")
    if not title:
        raise UserError(f"{where}: missing title")
    if not abstract:
        raise UserError(f"{where} ({title[:50]!r}): empty abstract")
    authors = author_names(paper.get("authors") or None, where)
    org = field("organization", "organization")
    if isinstance(org, dict):
        org = org.get("fullname") or org.get("name")
    given = field_text(field("id", "id"), where, "id") or None
    published = field_text(field("publishedAt", "publishedAt"), where, "publishedAt")
    if published and not iso_date(published):
        raise UserError(f"{where}: publishedAt must be an ISO date, got {published[:40]!r}")
    pid = paper_id(title, given)
    url = f"https://arxiv.org/abs/{pid}" if pid == given and given and given[:4].isdigit() else None
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=authors,
        n_authors=len(authors) if authors else None,
        organization=field_text(org, where, "organization") or None,
        published=iso_date(published) if published else None,
        upvotes=field_int(paper.get("upvotes", item.get("upvotes")), where, "upvotes"),
        url=url or field_text(paper.get("projectPage"), where, "projectPage") or None,
        extra={k: paper.get(k) for k in ("ai_summary", "githubRepo", "projectPage") if paper.get(k)},
    )
