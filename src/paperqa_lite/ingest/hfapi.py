"""Daily Papers from the Hugging Face API, through ``huggingface_hub``.

The API (``HfApi.list_daily_papers``' endpoint) gives one page of one day, ISO week or
month; this module pages through it, retries politely (429, 5xx and timeouts, with backoff and the server's
Retry-After, all inside one deadline) and hands every record to the same parser as a
downloaded JSON file (:func:`hfjson.item_paper`), so a fetched paper and a file's are the
same record. ``HF_ENDPOINT`` and ``HF_TOKEN`` are huggingface_hub's own; the endpoint is
read when the fetch starts (huggingface_hub reads it once, at import).

Nothing here writes: a fetch returns every paper or raises, so the store only changes
after the whole answer arrived and was valid.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import BackendError, UserError
from ..paper import Paper, check_limits
from .hfjson import item_paper

MAX_PAGES = 200  # 10,000 papers at 50 a page: far above a month's ~1,500; a loop guard


@dataclass(frozen=True)
class Period:
    """What to fetch: one of the API's own selectors, or every ISO week from ``since``."""

    kind: str  # "date", "week", "month" or "since"
    value: str

    @property
    def label(self) -> str:
        return f"since {self.value}" if self.kind == "since" else f"{self.kind} {self.value}"

    def queries(self, today: dt.date) -> list[dict[str, str]]:
        """The API calls that cover the period (``since``: each ISO week up to today's)."""
        if self.kind != "since":
            return [{self.kind: self.value}]
        day, out = dt.date.fromisoformat(self.value), []
        while day <= today + dt.timedelta(days=6 - today.weekday()):
            year, week, _ = day.isocalendar()
            out.append({"week": f"{year}-W{week:02d}"})
            day += dt.timedelta(days=7)
        return out


def period(date: str | None = None, week: str | None = None, month: str | None = None,
           since: str | None = None, today: dt.date | None = None) -> Period:
    """The one period the flags give, checked (a real day, ISO week or month; not in the
    future), or a :class:`UserError` saying what to give."""
    given = [(k, v) for k, v in (("date", date), ("week", week), ("month", month), ("since", since)) if v]
    if len(given) != 1:
        raise UserError("give one of --date YYYY-MM-DD, --week YYYY-Www, --month YYYY-MM, "
                        "--since YYYY-MM-DD")
    kind, value = given[0]
    value = value.strip()
    today = today or dt.date.today()
    try:
        if kind in ("date", "since"):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            first = dt.date.fromisoformat(value)
        elif kind == "week":
            m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
            if not m:
                raise ValueError
            first = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        else:
            if not re.fullmatch(r"\d{4}-\d{2}", value):
                raise ValueError
            first = dt.date.fromisoformat(value + "-01")
    except ValueError:
        shape = {"date": "YYYY-MM-DD", "since": "YYYY-MM-DD", "week": "YYYY-Www (ISO week)",
                 "month": "YYYY-MM"}[kind]
        raise UserError(f"--{kind} must be {shape}, got {value[:40]!r}") from None
    if first > today:
        raise UserError(f"--{kind} {value} is in the future (today is {today.isoformat()})")
    return Period(kind, value)


def fetch(when: Period, *, timeout_s: float, deadline_s: float, backoff_s: float,
          page_size: int, progress: Callable[[int], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> list[Paper]:
    """Every paper of the period, each checked like a file's, no id twice (a paper seen
    on two pages or weeks is kept once, its last copy); ``progress`` is told of each
    query (day, week or month) done. Raises :class:`BackendError`
    when the API cannot be reached, refuses, or answers what is not Daily Papers."""
    from huggingface_hub import constants

    endpoint = (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")
    deadline = time.monotonic() + deadline_s
    papers: dict[str, Paper] = {}
    for query in when.queries(dt.date.today()):
        for page in range(MAX_PAGES):
            params = dict(query, p=page, limit=page_size)
            where = f"the Daily Papers API at {endpoint} ({_describe(params)})"
            items = _ask(f"{endpoint}/api/daily_papers", params, where,
                         _Patience(deadline, timeout_s, backoff_s, sleep))
            for paper in _papers(items, where):
                if when.kind != "since" or paper.extra.get("daily_date", when.value) >= when.value:
                    papers[paper.id] = paper
            if len(items) < page_size:
                break
        if progress:
            progress(1)
    return list(papers.values())


def _papers(items: list[Any], where: str) -> list[Paper]:
    """A page's records as papers; a record that is not a paper is the API's fault (exit 3
    like any bad answer), not the user's."""
    out = []
    for n, item in enumerate(items, 1):
        try:
            paper = item_paper(item, n, where)
            check_limits(paper, f"{where}: record {n}")
        except UserError as exc:
            raise BackendError(str(exc)) from None
        out.append(paper)
    return out


def _describe(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


@dataclass
class _Patience:
    deadline: float  # time.monotonic() when the whole fetch gives up
    timeout_s: float
    pause: float
    sleep: Callable[[float], None]

    def attempt_timeout(self) -> float:
        return max(0.1, min(self.timeout_s, self.deadline - time.monotonic()))


def _ask(url: str, params: dict[str, Any], where: str, patience: _Patience) -> list[Any]:
    """One page as the API's JSON items, retried on 429, 5xx and timeouts until the
    deadline; anything else (offline, refused, a body that is not a list) at once.

    The request is ``HfApi.list_daily_papers``' own (huggingface_hub's shared session, its
    auth headers from ``HF_TOKEN``, its HTTP errors) made here rather than through that
    method because its ``PaperInfo`` drops what the API nests in ``paper``: ai_summary,
    ai_keywords, githubRepo, githubStars, projectPage and the Daily Papers day
    (huggingface_hub 2.4), which are the fields people fetch for; and because here each
    attempt can have a timeout (the shared session has none)."""
    import httpx2
    from huggingface_hub import __version__ as hub_version, get_session
    from huggingface_hub.errors import HfHubHTTPError
    from huggingface_hub.utils import build_hf_headers, hf_raise_for_status

    from .. import __version__

    headers = build_hf_headers(library_name="paperqa-lite", library_version=__version__,
                               user_agent=f"huggingface_hub/{hub_version}")
    while True:
        try:
            r = get_session().get(url, params=params, headers=headers,
                                  timeout=patience.attempt_timeout())
            hf_raise_for_status(r)
            items = r.json()
            if not isinstance(items, list):
                raise ValueError(f"a JSON {type(items).__name__}, not a list")
            return items
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status != 429 and (status is None or status < 500):
                raise BackendError(f"{where} refused: HTTP {status}: {_first_line(exc)}") from None
            problem, wait = f"HTTP {status}", _retry_after(exc.response, patience.pause)
        except httpx2.TimeoutException:
            problem, wait = "no answer in time", patience.pause
        except httpx2.TransportError as exc:
            raise BackendError(f"cannot reach {where}: {_first_line(exc)}") from None
        except ValueError as exc:  # JSONDecodeError is one
            raise BackendError(f"{where} answered something that is not a list of Daily "
                               f"Papers: {_first_line(exc)}") from None
        if time.monotonic() + wait > patience.deadline:
            raise BackendError(f"{where}: still {problem} when the fetch deadline ran out "
                               "(fetch.deadline_s)")
        patience.sleep(wait)
        patience.pause *= 2


def _retry_after(response: Any, default: float) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", default)))
    except (TypeError, ValueError):  # an HTTP date: the doubling pause stands in
        return default


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
