"""The digest as an Atom feed (``digest --format atom``): an entry per paper with its
title, TL;DR, upvotes, Daily Papers date and link, most upvoted first.

Built with feedgen, which writes XML through lxml: paper text goes in as element text
and lxml escapes it, so a title is never markup. Two things are ours: characters XML
cannot hold at all (control characters lxml refuses rather than escapes) are dropped,
and only a safe http(s) URL (:func:`escape.paper_link`) becomes a link.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from .escape import paper_link
from .paper import Paper, who

if TYPE_CHECKING:
    from .digest import DigestItem

# What XML 1.0 can carry (its Char production); anything else cannot even be escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", " ".join(str(value or "").split()))


def _day(paper: Paper) -> dt.datetime | None:
    """The day the paper was on Daily Papers, else its publication day (midnight UTC)."""
    day = paper.extra.get("daily_date") or paper.published
    return dt.datetime.fromisoformat(day[:10]).replace(tzinfo=dt.timezone.utc) if day else None


def render_atom(items: list[DigestItem], collection: str) -> str:
    """``items`` (already in the digest's order) as one Atom 1.0 document. Dates are the
    papers' own, so the same collection gives the same feed (readers see no false news)."""
    from feedgen.feed import FeedGenerator

    days = [d for d in (_day(i.paper) for i in items) if d]
    latest = max(days) if days else dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    fg = FeedGenerator()
    fg.id(f"urn:paperqa-lite:collection:{quote(collection, safe='')}")
    fg.title(xml_text(f"Papers of the week: {collection}"))
    fg.subtitle(f"{len(items)} papers, each with a one-line TL;DR checked against its abstract")
    fg.author({"name": "paperqa-lite"})
    fg.generator("paperqa-lite")
    fg.updated(latest)
    for item in items:
        _entry(fg.add_entry(order="append"), item, latest)
    return fg.atom_str(pretty=True).decode("utf-8")


def _entry(fe, item: DigestItem, fallback: dt.datetime) -> None:
    p = item.paper
    link = paper_link(p)
    day = _day(p)
    fe.id(link or f"urn:paperqa-lite:paper:{quote(p.id, safe='')}")
    fe.title(xml_text(p.title) or p.id)
    if link:
        fe.link(href=link, rel="alternate")
    fe.summary(xml_text(item.tldr), type="text")
    lines = [xml_text(item.tldr), f"Upvotes: {p.upvotes or 0}"]
    if day:
        lines.append(f"Daily Papers date: {day.date().isoformat()}")
    if who(p):
        lines.append(f"By: {xml_text(who(p))}")
    fe.content("\n".join(lines), type="text")
    fe.updated(day or fallback)
    if day:
        fe.published(day)
    fe.category(term=f"upvotes:{p.upvotes or 0}", label=f"{p.upvotes or 0} upvotes")
