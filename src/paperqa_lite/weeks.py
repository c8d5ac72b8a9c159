"""Weeks of Daily Papers: the week a paper belongs to, the weeks a collection holds, and
the scope (one ISO week, every week, a range of days) a command or question works on.

A paper's day is the day it was on Daily Papers, ``extra["daily_date"]``, which every
way in fills where its input says it:
- ``fetch`` and HF JSON files: the API's ``submittedOnDailyAt`` (else the item's
  top-level ``publishedAt``; :func:`ingest.hfjson.hub_fields`);
- a copied Daily Papers page: the page's own date in its header (``Dec 11``);
- other inputs (arXiv Atom, JSON Lines, CSV) have no Daily Papers day: their
  publication date stands in, and a paper with neither belongs to no week (it is in
  "all" only).
Its ISO week (``2026-W11``, Monday to Sunday) follows from that day.

Relative week words in a question ("last week's papers", "two weeks ago") are resolved
here, by code, against the week in view (the one asked for, else the latest in the
collection), never by the model; the clock is not consulted, so the same collection
answers the same way on any day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UserError
from .paper import Paper, iso_date

ALL = "all"
LATEST = "latest"  # the latest week in the collection, whichever it is now
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# (pattern, weeks back from the week in view), tried in order: the longer phrase first.
_RELATIVE = [
    (re.compile(r"\bweek before last\b", re.I), lambda m: 2),
    (re.compile(r"\b(\d{1,2}|one|a|two|three|four|five|six) weeks? ago\b", re.I),
     lambda m: int(m[1]) if m[1].isdigit() else _NUMBERS[m[1].lower()]),
    (re.compile(r"\b(?:last|previous|prior) week(?:'s)?\b|\bthe week before\b", re.I), lambda m: 1),
    (re.compile(r"\b(?:this|latest|current|most recent|newest) week(?:'s)?\b", re.I), lambda m: 0),
]
_NAMED = re.compile(r"\b(\d{4})-W(\d{2})\b", re.I)


def paper_day(paper: Paper) -> str | None:
    """The day the paper was on Daily Papers, else its publication day (YYYY-MM-DD)."""
    day = paper.extra.get("daily_date") or paper.published
    return iso_date(day) if day else None


def week_of(day: str | dt.date) -> str:
    """The ISO week of a day, as ``YYYY-Www``."""
    day = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def paper_week(paper: Paper) -> str | None:
    day = paper_day(paper)
    return week_of(day) if day else None


def parse_week(text: str, what: str = "--week") -> str:
    """``text`` as a normalised ISO week (``2026-w7`` -> ``2026-W07``), ``all`` or
    ``latest``; a :class:`UserError` saying the shape otherwise."""
    value = (text or "").strip()
    if value.lower() in (ALL, LATEST):
        return value.lower()
    m = _WEEK.match(value)
    try:
        if not m:
            raise ValueError
        dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise UserError(f"{what} must be an ISO week YYYY-Www (e.g. 2026-W11), 'latest' or 'all', "
                        f"got {value[:40]!r}") from None
    return f"{int(m[1])}-W{int(m[2]):02d}"


def week_days(week: str) -> tuple[str, str]:
    """The week's Monday and Sunday (YYYY-MM-DD)."""
    year, num = week.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(num), 1)
    return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()


def shift(week: str, weeks: int) -> str:
    """The week ``weeks`` later (negative: earlier)."""
    return week_of(dt.date.fromisoformat(week_days(week)[0]) + dt.timedelta(weeks=weeks))


def weeks_in(papers: Iterable[Paper]) -> dict[str, int]:
    """week -> papers in it, newest week first (papers without a day are left out)."""
    counts = Counter(w for w in map(paper_week, papers) if w)
    return dict(sorted(counts.items(), reverse=True))


def week_in_question(question: str, reference: str) -> str | None:
    """The week a question names: an ISO week (``2026-W11``), or relative words ("last week", "two weeks ago", "this week") counted back from
    ``reference``. None when it names none."""
    m = _NAMED.search(question)
    if m:
        try:
            return parse_week(m[0])
        except UserError:  # 2026-W60: not a week, so not a scope
            return None
    for pattern, back in _RELATIVE:
        found = pattern.search(question)
        if found:
            return shift(reference, -back(found))
    return None


@dataclass(frozen=True)
class Scope:
    """Which papers a command works on: one week (``week``) or all (``None``), within
    ``since``..``until`` (Daily Papers days, inclusive) when given."""

    week: str | None = None
    since: str | None = None
    until: str | None = None
    how: str = ""  # why this week: "latest", "asked", "named in the question"

    def contains(self, paper: Paper) -> bool:
        if self.week is None and not self.since and not self.until:
            return True
        day = paper_day(paper)
        if day is None:
            return False
        if self.week and week_of(day) != self.week:
            return False
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    @property
    def everything(self) -> bool:
        return self.week is None and not self.since and not self.until

    @property
    def label(self) -> str:
        parts = [f"week {self.week}" if self.week else "every week"]
        if self.since or self.until:
            parts.append(f"{self.since or '…'} to {self.until or '…'}")
        return ", ".join(parts)

    def select(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self.contains(p)]


def _day_flag(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    day = iso_date(value.strip()) if len(value.strip()) == 10 else None
    if day is None:
        raise UserError(f"{what} must be a date YYYY-MM-DD, got {value[:40]!r}")
    return day


def resolve(papers: list[Paper], week: str | None = None, since: str | None = None,
            until: str | None = None, question: str | None = None) -> Scope:
    """The scope the flags (and a question's week words) give, over ``papers``.

    No ``week``: the latest week in the collection, unless a date range is given (then
    every week within it) or no paper has a day (then all). ``all``: every week. A week
    the question names wins over the week in view it is counted from. A named week with
    no papers is a :class:`UserError` listing the weeks there are."""
    since, until = _day_flag(since, "--since"), _day_flag(until, "--until")
    if since and until and since > until:
        raise UserError(f"--since {since} is after --until {until}")
    held = weeks_in(papers)
    latest = next(iter(held), None)
    chosen = parse_week(week) if week else None
    chosen = None if chosen == LATEST else chosen
    how = "asked"
    if chosen is None:
        chosen, how = (None, "") if since or until else (latest, "latest")
    elif chosen == ALL:
        chosen, how = None, ""
    named = week_in_question(question, chosen or latest) if question and (chosen or latest) else None
    if named:
        chosen, how = named, "named in the question"
    if chosen and chosen not in held:
        have = ", ".join(list(held)[:8]) or "none (no paper has a date)"
        raise UserError(f"no papers in week {chosen} ({how}); the collection's weeks: {have}"
                        + (" …" if len(held) > 8 else ""))
    return Scope(chosen, since, until, how)
