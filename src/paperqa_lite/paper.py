"""The core record: a paper as every parser produces it, its id rules and text normalisers."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

# New-style arXiv ids (2410.12345, optional version) and old-style (cs/0112017).
ARXIV_ID = re.compile(
    r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)|\b([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b"
)


@dataclass
class Paper:
    id: str
    title: str
    abstract: str
    authors: list[str] | None = None
    n_authors: int | None = None
    organization: str | None = None
    published: str | None = None  # ISO date
    upvotes: int | None = None
    url: str | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def record(self) -> dict[str, Any]:
        """The public record (what ``papers --json`` prints)."""
        data = asdict(self)
        data.pop("extra")
        return data

    def content_hash(self) -> str:
        """Changes whenever anything stored about the paper changes."""
        blob = json.dumps(self.record() | {"source": None}, sort_keys=True)
        return hashlib.sha1(blob.encode()).hexdigest()[:16]


def normalise_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def arxiv_id(text: str | None) -> str | None:
    """The arXiv id inside a URL or id string, without its version, if there is one."""
    if not text:
        return None
    m = ARXIV_ID.search(text)
    if not m:
        return None
    return m.group(1) or m.group(2)


def paper_id(title: str, given: str | None = None, url: str | None = None) -> str:
    """arXiv id when known, else the given id, else a stable hash of the normalised title."""
    found = arxiv_id(given) or arxiv_id(url)
    if found:
        return found
    if given and given.strip():
        return given.strip()
    return "t" + hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]


def clean_text(text: str | None) -> str:
    """Collapse whitespace (feeds and CSVs wrap lines inside titles and abstracts)."""
    return " ".join((text or "").split())


def rank_key(paper: Paper) -> tuple[int, str]:
    """The collection's order everywhere (store, digest, web table): most upvoted first,
    then by title."""
    return (-(paper.upvotes or 0), paper.title.lower())


def who(paper: Paper) -> str:
    """The one-line "who": the organisation, else up to three authors, else their count."""
    if paper.organization:
        return paper.organization
    if paper.authors:
        names = ", ".join(paper.authors[:3])
        return names + (" et al." if len(paper.authors) > 3 else "")
    if paper.n_authors:
        return f"{paper.n_authors} author{'s' if paper.n_authors != 1 else ''}"
    return ""
