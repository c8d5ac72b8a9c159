"""A local stand-in for the Hub's Daily Papers API: a real HTTP server (127.0.0.1, a
thread of the test process) that replays recorded answers.

The answers are a real week (../shared/data/weeks/hf-daily-papers-2026-03-09_15.json, in
the API's shape) with the fields the live API adds filled in the way it fills them
(``submittedOnDailyAt`` and ``submittedOnDailyBy``, ``ai_summary``, ``ai_keywords``,
``githubRepo``/``githubStars``, ``projectPage``, ``discussionId``, ``organization``,
``submittedBy``, ``thumbnail``...). It pages like the API (``p``, ``limit``), filters by
``date``, ``week`` or ``month`` on the Daily Papers day, and before its normal answers
plays any queued faults: ``429``, ``500``, ``hang`` (answers too late), ``garbage`` (a
body that is not JSON), ``401``.

Run it alone (``python tests/hub_replay.py``) to point a manual ``fetch`` at it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

WEEK_FILE = Path(__file__).resolve().parents[2] / "shared" / "data" / "weeks" / "hf-daily-papers-2026-03-09_15.json"
if not WEEK_FILE.is_file():  # the checkout's ../shared, else the data's home on this machine
    WEEK_FILE = Path("/work/shared/data/weeks/hf-daily-papers-2026-03-09_15.json")


def recorded_week() -> list[dict]:
    """The week as the live API answers it (every field it returns)."""
    items = json.loads(WEEK_FILE.read_text(encoding="utf-8"))
    out = []
    for n, item in enumerate(items):
        item = copy.deepcopy(item)
        paper = item["paper"]
        pid = paper["id"]
        # The live API: paper.publishedAt is the arXiv date; the Daily Papers day is
        # submittedOnDailyAt, and the top-level publishedAt repeats the arXiv date.
        daily = paper["publishedAt"]
        arxiv = (dt.datetime.fromisoformat(daily) - dt.timedelta(days=1)).isoformat()
        paper.update(publishedAt=arxiv, submittedOnDailyAt=daily,
                     submittedOnDailyBy={"_id": f"u{n}", "avatarUrl": "/avatars/x.svg",
                                         "isPro": False, "fullname": f"Submitter {n}",
                                         "user": f"submitter{n}", "type": "user"},
                     discussionId=f"d{n:04d}", mediaUrls=[],
                     ai_summary=f"An AI summary of {pid}.",
                     ai_keywords=["reinforcement learning", f"keyword {n}"])
        for a in paper["authors"]:
            a.update(_id=f"a{n}", hidden=False)
        if n % 2 == 0:
            paper.update(githubRepo=f"https://github.com/example/{pid}", githubStars=10 * n)
        if n % 3 == 0:
            paper["projectPage"] = f"https://example.org/{pid}/"
        if n % 4 == 0:
            paper["organization"] = {"_id": f"o{n}", "name": "example-lab",
                                     "fullname": "Example Lab", "avatar": "/o.png"}
        item.update(publishedAt=arxiv, numComments=n % 5, thumbnail=f"/thumbs/{pid}.png",
                    isAuthorParticipating=False, summary=paper["summary"][:200],
                    submittedBy={"_id": f"u{n}", "fullname": f"Submitter {n}",
                                 "name": f"submitter{n}", "type": "user"})
        out.append(item)
    return out


def _daily_day(item: dict) -> dt.date:
    return dt.date.fromisoformat(item["paper"]["submittedOnDailyAt"][:10])


def _matches(item: dict, query: dict[str, str]) -> bool:
    day = _daily_day(item)
    if "date" in query:
        return day.isoformat() == query["date"]
    if "week" in query:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}" == query["week"]
    if "month" in query:
        return day.isoformat()[:7] == query["month"]
    return True


class HubReplay:
    """The server; ``url`` is what HF_ENDPOINT should be; ``requests`` logs every call."""

    def __init__(self, items: list[dict] | None = None) -> None:
        self.items = recorded_week() if items is None else items
        self.faults: list[str] = []
        self.requests: list[tuple[dict[str, str], dict[str, str]]] = []
        self.paths: list[str] = []  # every request, /api/agent-harnesses included
        self.hang_s = 3.0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HubReplay:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict, bytes]:
        with self._lock:
            fault = self.faults.pop(0) if self.faults else None
        if fault == "hang":
            time.sleep(self.hang_s)
        if fault in ("429", "500", "401"):
            body = json.dumps({"error": f"replayed {fault}"}).encode()
            return int(fault), {"Retry-After": "0"} if fault == "429" else {}, body
        if fault == "garbage":
            return 200, {}, b'[{"paper": {"id": "2603.0'
        if path != "/api/daily_papers":
            return 404, {}, b'{"error": "not found"}'
        found = sorted((i for i in self.items if _matches(i, query)),
                       key=lambda i: i["paper"]["submittedOnDailyAt"], reverse=True)
        page, limit = int(query.get("p", 0)), int(query.get("limit", 50))
        return 200, {}, json.dumps(found[page * limit:(page + 1) * limit]).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query).items()}
                with replay._lock:
                    replay.paths.append(self.path)
                    if url.path == "/api/daily_papers":  # not huggingface_hub's own calls
                        replay.requests.append((query, {k.lower(): v for k, v in self.headers.items()}))
                status, headers, body = replay.answer(url.path, query)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (hang)
                    pass

            def log_message(self, *args) -> None:
                pass

        return Handler


if __name__ == "__main__":
    with HubReplay() as hub:
        print(f"HF_ENDPOINT={hub.url}", flush=True)
        threading.Event().wait()
