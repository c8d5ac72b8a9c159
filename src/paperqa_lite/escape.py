"""Text from a paper is data: how it is made safe to show in HTML and Markdown, and the
one rule for which URLs become links.

Every renderer (the web chat, its sources, the abstract pane, the digests) passes paper
text through :func:`text` (or, for Markdown whose structure our own code built, through
:func:`markdown`) and every link through :func:`safe_link`. Gradio sanitises its own
Markdown too; that is a second guard, not the only one.

Characters become numeric character references rather than backslash escapes because
references mean the same thing in HTML, in HTML inside Markdown, and in Markdown (where
CommonMark treats them as literal text, never as syntax), so one function serves all.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

# HTML's own five, plus every character that starts Markdown syntax: links and images
# ([ ] !), emphasis (* _ ~), code (`), headings (#), tables (|), math ($), escapes (\).
_TEXT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'[]!*_~`#|$@\\"})
# An answer's Markdown keeps the layout answer.py builds (paragraphs, "- " lists, tables,
# so "-" and "|" stay) and its one emphasis, a bold name before a citation (_BOLD_NAME);
# every other character that could become markup, a link or an image is neutralised.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'[]!*_~`#$=@\\"})
# Bare "http://...", "www..." and "a@b.c" become links in GitHub-flavoured Markdown (and
# in Gradio's): the text of a paper never does. (An "@" is escaped by the tables above.)
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)")
_BOLD_NAME = re.compile(r"^- \*\*([^*\n]+)\*\*(?= (?:\[\d+\]|$))", re.MULTILINE)
# Block structure no answer of ours has: an indented line (a code block), a line of only
# "-" or "=" (a rule, or a heading of the line above); "=" itself is escaped.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_RULE = re.compile(r"^-(?=[-\s]*$)", re.MULTILINE)
# Characters a URL keeps as they are; the rest are percent-encoded, so a link can close
# neither an HTML attribute nor a Markdown link destination ( " ' < > ( ) space ).
_URL_SAFE = "/:?#@!$&*+,;=%~-._"
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def text(value: Any) -> str:
    """A paper's string as inert text for HTML or Markdown, on one line (a line break
    in a field could start a Markdown block)."""
    return _no_autolink(" ".join(str(value or "").split()).translate(_TEXT))


def markdown(value: str) -> str:
    """An answer's Markdown, which our code assembled around paper text: its layout
    survives; no HTML, link, image, code or emphasis comes from the text."""
    value, out, last = _RULE.sub("&#45;", _INDENT.sub("", value or "")), [], 0
    for m in _BOLD_NAME.finditer(value):
        out += [value[last:m.start()].translate(_MARKDOWN), f"- **{text(m.group(1))}**"]
        last = m.end()
    return _no_autolink("".join(out) + value[last:].translate(_MARKDOWN))


def _no_autolink(escaped: str) -> str:
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group(0))};", escaped)


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, percent-encoded so it is safe in an HTML
    attribute and a Markdown link; otherwise None (javascript:, data:, relative, ...).

    Browsers drop whitespace and control characters inside a scheme ("java\\tscript:"),
    so a URL holding any is refused rather than cleaned."""
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(url, safe=_URL_SAFE)


def href(link: str) -> str:
    """A :func:`safe_link` as an HTML attribute value (its one special character is "&")."""
    return link.replace("&", "&amp;")


def paper_link(paper: Any) -> str | None:
    """Where a paper is linked: its own URL when that is a safe one, else its arXiv page."""
    own = safe_link(paper.url)
    if own:
        return own
    if paper.id[:4].isdigit() and "." in paper.id:
        return safe_link(f"https://arxiv.org/abs/{paper.id}")
    return None
