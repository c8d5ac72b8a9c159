"""The week at a glance: every paper with its TL;DR, upvotes and link, most upvoted first.

Renders Markdown, JSON, one self-contained HTML file (inline CSS, no scripts, no
external assets) that a person can mail round, or an Atom feed (:mod:`feed`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .escape import href, paper_link, text
from .paper import Paper, rank_key, who


@dataclass
class DigestItem:
    paper: Paper
    tldr: str

    def record(self) -> dict[str, Any]:
        p = self.paper
        return {"id": p.id, "title": p.title, "tldr": self.tldr, "upvotes": p.upvotes,
                "published": p.published, "url": paper_link(p), "who": who(p) or None}


def order(items: list[DigestItem]) -> list[DigestItem]:
    return sorted(items, key=lambda i: rank_key(i.paper))


def render(items: list[DigestItem], fmt: str, collection: str) -> str:
    items = order(items)
    if fmt == "json":
        return json.dumps([i.record() for i in items], ensure_ascii=False, indent=2)
    if fmt == "md":
        return render_md(items, collection)
    if fmt == "atom":
        from .feed import render_atom  # feedgen and lxml load only for a feed

        return render_atom(items, collection)
    return render_html(items, collection)


def render_md(items: list[DigestItem], collection: str) -> str:
    """Every string from a paper goes through :func:`escape.text`; only a safe
    http(s) URL (percent-encoded, so it cannot close the link) becomes a link."""
    lines = [f"# The week's papers ({text(collection)}): {len(items)} papers", ""]
    for i in items:
        r = i.record()
        title = f"[{text(r['title'])}]({r['url']})" if r["url"] else text(r["title"])
        meta = " · ".join(text(x) for x in [f"▲ {r['upvotes'] or 0}", r["published"], r["who"]] if x)
        lines += [f"- **{title}** ({meta})  ", f"  {text(r['tldr'])}"]
    return "\n".join(lines) + "\n"


_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f}h1{font-size:1.5rem}ol{padding-left:1.2rem}li{margin:0 0 1rem}
.t{font-weight:600}.m{color:#666;font-size:.85rem}.v{display:inline-block;min-width:2.5rem;
font-weight:600;color:#b45309}a{color:#1d4ed8;text-decoration:none}"""


def render_html(items: list[DigestItem], collection: str) -> str:
    rows = []
    for i in items:
        r = i.record()
        title = text(r["title"])
        if r["url"]:
            title = f'<a href="{href(r["url"])}" rel="noopener noreferrer">{title}</a>'
        meta = " · ".join(text(x) for x in [r["published"] or "", r["who"] or "", r["id"]] if x)
        rows.append(f'<li><span class="v">▲ {text(r["upvotes"] or 0)}</span> <span class="t">{title}</span>'
                    f'<div>{text(r["tldr"])}</div><div class="m">{meta}</div></li>')
    today = dt.date.today().isoformat()
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Papers of the week: {text(collection)}</title><style>{_CSS}</style></head>"
            f"<body><h1>Papers of the week: {len(items)} papers</h1>"
            f"<p class=\"m\">Collection {text(collection)}, digest written {today} by paperqa-lite. "
            f"TL;DRs are one-line summaries checked against each abstract.</p>"
            f"<ol>{''.join(rows)}</ol></body></html>\n")
