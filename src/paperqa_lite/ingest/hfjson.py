"""The JSON of the Hugging Face daily papers API.

A list of items ``{"paper": {id, title, summary, authors[{name}], publishedAt, upvotes,
ai_summary, ai_keywords, githubRepo, githubStars, projectPage, organization,
submittedOnDailyAt, submittedOnDailyBy}, "title", "summary", "publishedAt" (the day it was
on Daily Papers), "numComments", "submittedBy"}``. Top-level fields fill in what ``paper``
lacks. The Hub's own fields people use are kept in ``Paper.extra`` (see :func:`hub_fields`);
``fetch`` (``hfapi``) reads the live API through the same parser.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import UserError
from ..paper import (MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, Paper, author_names,
                     arxiv_id, field_int, field_text, iso_date, paper_id, validated)


def parse_hf_json(text: str, name: str = "<json>") -> list[Paper]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{name}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if isinstance(doc, dict):
        doc = doc.get("papers", [doc])
    if not isinstance(doc, list):
        raise UserError(f"{name}: expected a JSON list of daily-paper items")
    return validated(((f"record {i}", item_paper(item, i, name)) for i, item in enumerate(doc, 1)), name)


def item_paper(item: Any, n: int, name: str) -> Paper:
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
        extra=hub_fields(item, paper, where, arxiv_id(given)),
    )


MAX_KEYWORDS = 100  # the API gives about 10-20 per paper


def hub_fields(item: dict[str, Any], paper: dict[str, Any], where: str,
               arxiv: str | None) -> dict[str, Any]:
    """The Hub's fields beyond the record's own, checked like the rest (text is text,
    counts are numbers, nothing over its limit); empty ones are left out."""
    def text(value: Any, what: str, limit: int) -> str | None:
        value = field_text(value, where, what)
        if len(value) > limit:
            raise UserError(f"{where}: {what} is {len(value):,} characters; the limit is {limit:,}")
        return value or None

    keywords = paper.get("ai_keywords") or item.get("ai_keywords") or []
    if not isinstance(keywords, list) or len(keywords) > MAX_KEYWORDS:
        raise UserError(f"{where}: ai_keywords must be a list of at most {MAX_KEYWORDS} words")
    submitter = item.get("submittedBy") or paper.get("submittedOnDailyBy") or {}
    if not isinstance(submitter, dict):
        raise UserError(f"{where}: submittedBy must be an object")
    # The day it was on Daily Papers: when it was submitted there (the top-level publishedAt
    # is the arXiv date in the API's answers, and stands in only when that is missing).
    daily = field_text(paper.get("submittedOnDailyAt") or item.get("publishedAt"), where,
                       "submittedOnDailyAt")
    if daily and not iso_date(daily):
        raise UserError(f"{where}: the Daily Papers date must be an ISO date, got {daily[:40]!r}")
    out = {
        "arxiv_id": arxiv,
        "hf_url": f"https://huggingface.co/papers/{arxiv}" if arxiv else None,
        "comments": field_int(item.get("numComments"), where, "numComments"),
        "ai_summary": text(paper.get("ai_summary") or item.get("ai_summary"), "ai_summary",
                           MAX_ABSTRACT_CHARS),
        "ai_keywords": [text(k, "ai_keywords", MAX_TITLE_CHARS) for k in keywords] or None,
        "github_repo": text(paper.get("githubRepo"), "githubRepo", MAX_URL_CHARS),
        "github_stars": field_int(paper.get("githubStars"), where, "githubStars"),
        "project_page": text(paper.get("projectPage"), "projectPage", MAX_URL_CHARS),
        "submitter": text(submitter.get("name") or submitter.get("user"), "submitter", MAX_TITLE_CHARS),
        "daily_date": iso_date(daily) if daily else None,
    }
    return {k: v for k, v in out.items() if v is not None}
