"""An arXiv API Atom feed (``<feed>`` of ``<entry>`` with id, title, summary, authors)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..errors import UserError
from ..paper import Paper, arxiv_id, clean_text, paper_id, validated

NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def parse_arxiv(text: str, name: str = "<atom>") -> list[Paper]:
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        raise UserError(f"{name}: line {line}: invalid XML ({exc.msg if hasattr(exc, 'msg') else exc})") from None
    if not root.tag.endswith("feed"):
        raise UserError(f"{name}: not an Atom feed (root element <{root.tag}>)")
    return validated(((f"entry {i}", _entry(e, i, name))
                      for i, e in enumerate(root.findall("a:entry", NS), 1)), name)


def _entry(entry: ET.Element, n: int, name: str) -> Paper:
    def text(path: str) -> str:
        el = entry.find(path, NS)
        return clean_text(el.text if el is not None else "")

    title, abstract, raw_id = text("a:title"), text("a:summary"), text("a:id")
    if not title:
        raise UserError(f"{name}: entry {n}: missing <title>")
    if not abstract:
        raise UserError(f"{name}: entry {n} ({title[:50]!r}): empty <summary>")
    authors = [clean_text(a.text) for a in entry.findall("a:author/a:name", NS) if a.text]
    url = None
    for link in entry.findall("a:link", NS):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            url = link.get("href")
            break
    aid = arxiv_id(raw_id) or arxiv_id(url)
    return Paper(
        id=paper_id(title, aid or raw_id or None, url),
        title=title,
        abstract=abstract,
        authors=authors or None,
        n_authors=len(authors) or None,
        published=text("a:published")[:10] or None,
        url=url or (f"https://arxiv.org/abs/{aid}" if aid else None),
    )
