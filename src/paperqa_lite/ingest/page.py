"""The Hugging Face "Daily Papers" page, as a person copies it out of the browser.

Layout after a header (site chrome, then the page date such as ``Dec 11``): for each
paper a title line, an abstract line, then optionally a block of three lines:
``• N authors`` or an organisation line, a ``·`` line, and a date line that may end
in the upvote count (``Jul 25, 2023 4``). Dates without a year take the page's year,
or the current year when the page does not show one (the year before when the header's
yearless day would be later than today).

The page's date is the day its papers were on Daily Papers: each paper keeps it as
``extra["daily_date"]`` (:mod:`paperqa_lite.weeks` reads their week from it).
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import UserError
from ..paper import Paper, clean_text, paper_id, validated

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
DATE_LINE = re.compile(
    r"^(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<votes>\d+))?$"
)
AUTHORS_LINE = re.compile(r"^(?:[•·*\-]\s*)?(?P<n>\d+)\s+authors?$", re.IGNORECASE)
SEPARATOR = {"·", "•", "-"}
HEADER_LINES = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community", "trending papers", "previous", "next",
}
MIN_ABSTRACT_WORDS = 8


def looks_like_page(text: str) -> bool:
    """True if ``text`` shows the page's own structure: its header chrome, or at least one
    paper's ``• N authors`` / ``·`` block. Title and abstract lines alone are not enough:
    any text file has lines, and reading one as papers stores garbage."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and lines[0].lower() in HEADER_LINES:
        return True
    return any(ln in ("·", "•") or AUTHORS_LINE.match(ln) for ln in lines)


def _date(line: str, page_year: int) -> tuple[str, int | None] | None:
    m = DATE_LINE.match(line)
    if not m or m["mon"].lower()[:3] not in MONTHS:
        return None
    year = int(m["year"]) if m["year"] else page_year
    try:
        day = dt.date(year, MONTHS[m["mon"].lower()[:3]], int(m["day"]))
    except ValueError:
        return None
    return day.isoformat(), int(m["votes"]) if m["votes"] else None


def parse_page(text: str, name: str = "<page>", today: dt.date | None = None) -> list[Paper]:
    lines = [(i + 1, ln.strip()) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    today = today or dt.date.today()
    page_year, page_day = today.year, None
    pos = 0
    # Header: known site chrome, ending at the page's own date line if there is one.
    while pos < len(lines):
        _, line = lines[pos]
        m = DATE_LINE.match(line)
        if m and m["votes"] is None:
            page_year = int(m["year"]) if m["year"] else page_year
            shown = _date(line, page_year)
            # A page copied on Nov 25 that shows "Dec 11" shows last year's Dec 11: the
            # header is the listing's day, which cannot be later than today.
            if shown and not m["year"] and shown[0] > today.isoformat():
                page_year -= 1
                shown = _date(line, page_year)
            page_day = shown[0] if shown else None
            pos += 1
            break
        if line.lower() not in HEADER_LINES:
            break
        pos += 1

    located: list[tuple[str, Paper]] = []
    while pos < len(lines):
        title_no, title = lines[pos]
        if title in SEPARATOR or AUTHORS_LINE.match(title):
            raise UserError(f"{name}: line {title_no}: expected a paper title, found {title!r}")
        if pos + 1 >= len(lines):
            raise UserError(f"{name}: line {title_no}: title {title[:60]!r} has no abstract")
        abs_no, abstract = lines[pos + 1]
        if len(abstract.split()) < MIN_ABSTRACT_WORDS or abstract in SEPARATOR:
            raise UserError(
                f"{name}: line {abs_no}: expected the abstract of {title[:60]!r}, found {abstract[:60]!r}"
            )
        pos += 2
        paper = Paper(id="", title=clean_text(title), abstract=clean_text(abstract),
                      extra={"daily_date": page_day} if page_day else {})
        pos = _read_meta_block(lines, pos, paper, page_year, name)
        paper.id = paper_id(paper.title)
        located.append((f"line {title_no}", paper))
    return validated(located, name)


def _read_meta_block(lines, pos: int, paper: Paper, page_year: int, name: str) -> int:
    """Consume the optional authors/organisation · date block; return the new position."""
    if pos >= len(lines):
        return pos
    first = lines[pos][1]
    authors = AUTHORS_LINE.match(first)
    has_sep = pos + 1 < len(lines) and lines[pos + 1][1] in SEPARATOR
    if not authors and not has_sep:
        return pos  # no block: the next line is the next paper's title
    if authors:
        paper.n_authors = int(authors["n"])
    else:
        paper.organization = clean_text(first)
    if not has_sep:
        raise UserError(f"{name}: line {lines[pos][0]}: expected '·' after {first!r}")
    if pos + 2 >= len(lines):
        raise UserError(f"{name}: line {lines[pos + 1][0]}: missing the date line")
    date_no, date_line = lines[pos + 2]
    parsed = _date(date_line, page_year)
    if parsed is None:
        raise UserError(f"{name}: line {date_no}: not a date line: {date_line[:60]!r}")
    paper.published, paper.upvotes = parsed
    return pos + 3
