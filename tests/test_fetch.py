"""`fetch` against a real HTTP server replaying the Hub's Daily Papers API (tests/hub_replay.py):
paging, the Hub's fields kept and stored, politeness (429, 500, a hung request, retried
within the deadline), and every failure (malformed body, refused, offline, deadline) one
``Error:`` line, exit 3, the store unchanged. Real embedder; the CLI also as a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hub_replay import HubReplay, recorded_week
from paperqa_lite.cli import cli
from paperqa_lite.errors import BackendError, UserError
from paperqa_lite.ingest.hfapi import fetch, period
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store

SRC = Path(__file__).resolve().parents[1] / "src"
WEEK = recorded_week()


@pytest.fixture
def hub(monkeypatch):
    with HubReplay() as replay:
        monkeypatch.setenv("HF_ENDPOINT", replay.url)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        # huggingface_hub's user agent looks up "agent harnesses" at its import-time
        # endpoint (maybe the real Hub) and caches them under ~; tests ask only the replay
        monkeypatch.setattr("huggingface_hub.constants.HF_HUB_DISABLE_TELEMETRY", True)
        # fast and patient enough for the replayed faults; page size 20 makes 3 pages
        for key, value in {"PAGE_SIZE": "20", "BACKOFF_S": "0.05", "TIMEOUT_S": "0.5",
                           "DEADLINE_S": "20"}.items():
            monkeypatch.setenv(f"PAPERQA_LITE_FETCH__{key}", value)
        yield replay


def fetched(**kwargs):
    cfg = load_settings().fetch
    return fetch(period(**kwargs), timeout_s=cfg.timeout_s, deadline_s=cfg.deadline_s,
                 backoff_s=cfg.backoff_s, page_size=cfg.page_size)


def state() -> list[dict]:
    return [p.record() for p in Store(load_settings()).papers()]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- the period ------------------------------------------------------------------------


@pytest.mark.parametrize("flags, message", [
    ({}, "give one of --date"),
    ({"week": "2026-W11", "month": "2026-03"}, "give one of --date"),
    ({"week": "2026-11"}, "--week must be YYYY-Www"),
    ({"week": "2026-W54"}, "--week must be YYYY-Www"),
    ({"date": "2026-02-30"}, "--date must be YYYY-MM-DD"),
    ({"month": "2026-13"}, "--month must be YYYY-MM"),
    ({"since": "2999-01-01"}, "is in the future"),
])
def test_a_bad_period_is_a_usage_error(flags, message):
    with pytest.raises(UserError, match=message) as err:
        period(**flags)
    assert not isinstance(err.value, BackendError)


def test_since_asks_every_iso_week_up_to_today():
    import datetime as dt

    when = period(since="2026-02-27", today=dt.date(2026, 3, 10))
    assert when.queries(dt.date(2026, 3, 10)) == [{"week": "2026-W09"}, {"week": "2026-W10"},
                                                   {"week": "2026-W11"}]


# -- against the replay server ---------------------------------------------------------


def test_week_is_fetched_page_by_page_with_the_hub_fields(hub):
    papers = fetched(week="2026-W11")
    assert sorted(p.id for p in papers) == sorted(i["paper"]["id"] for i in WEEK)
    assert [q.get("p") for q, _ in hub.requests] == ["0", "1", "2"]  # 20 + 20 + 12
    assert {q["week"] for q, _ in hub.requests} == {"2026-W11"}

    item = WEEK[0]  # has every optional field (see hub_replay)
    paper = next(p for p in papers if p.id == item["paper"]["id"])
    assert paper.extra == {
        "arxiv_id": item["paper"]["id"],
        "hf_url": f"https://huggingface.co/papers/{item['paper']['id']}",
        "comments": 0,
        "ai_summary": item["paper"]["ai_summary"],
        "ai_keywords": item["paper"]["ai_keywords"],
        "github_repo": item["paper"]["githubRepo"],
        "github_stars": 0,
        "project_page": item["paper"]["projectPage"],
        "submitter": "submitter0",
        "daily_date": item["paper"]["submittedOnDailyAt"][:10],
    }
    assert paper.published == item["paper"]["publishedAt"][:10] != paper.extra["daily_date"]
    assert paper.upvotes == item["paper"]["upvotes"] and paper.organization == "Example Lab"


def test_date_and_month_ask_the_api_for_them(hub):
    day = WEEK[0]["paper"]["submittedOnDailyAt"][:10]
    on_day = fetched(date=day)
    assert on_day and {p.extra["daily_date"] for p in on_day} == {day}
    assert hub.requests[0][0]["date"] == day
    assert len(fetched(month="2026-03")) == len(WEEK)


def test_since_fetches_each_week_and_keeps_the_days_from_then(hub):
    import datetime as dt

    papers = fetched(since="2026-03-12")
    expected = {i["paper"]["id"] for i in WEEK if i["paper"]["submittedOnDailyAt"][:10] >= "2026-03-12"}
    assert 0 < len(expected) < len(WEEK)
    assert {p.id for p in papers} == expected
    # every ISO week holding a day from then to today, each asked once (W11 over 3 pages)
    days = (dt.date(2026, 3, 12) + dt.timedelta(n) for n in range((dt.date.today() - dt.date(2026, 3, 12)).days + 1))
    weeks = sorted({f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in days})
    asked = [(q["week"], q["p"]) for q, _ in hub.requests]
    assert sorted({w for w, _ in asked}) == weeks and len(set(asked)) == len(asked)


def test_hf_token_is_sent(hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_replaytoken")
    fetched(date="2026-03-09")
    assert hub.requests[-1][1].get("authorization") == "Bearer hf_replaytoken"


def test_429_500_and_a_hung_request_are_retried(hub):
    hub.faults = ["429", "500", "hang", "500"]
    papers = fetched(week="2026-W11")
    assert len(papers) == len(WEEK)
    # each fault was asked again: four failed tries of page 0, then the three pages
    assert [q.get("p") for q, _ in hub.requests] == ["0"] * 5 + ["1", "2"]


@pytest.mark.parametrize("fault, message", [
    ("garbage", "answered something that is not a list of Daily Papers"),
    ("401", "refused: HTTP 401"),
])
def test_a_bad_answer_is_not_retried(hub, fault, message):
    hub.faults = [fault]
    with pytest.raises(BackendError, match=message):
        fetched(week="2026-W11")
    assert len(hub.requests) == 1


def test_the_deadline_bounds_the_retries(hub, monkeypatch):
    monkeypatch.setenv("PAPERQA_LITE_FETCH__DEADLINE_S", "0.5")
    monkeypatch.setenv("PAPERQA_LITE_FETCH__BACKOFF_S", "0.2")
    hub.faults = ["500"] * 50
    with pytest.raises(BackendError, match="still HTTP 500 when the fetch deadline ran out"):
        fetched(week="2026-W11")
    assert 1 < len(hub.requests) < 50


def test_a_record_that_is_not_a_paper_is_the_apis_fault(hub):
    hub.items = [dict(WEEK[0], paper=dict(WEEK[0]["paper"], title=["not", "text"]), title=None)]
    with pytest.raises(BackendError, match=r"Daily Papers API at .*\(week=2026-W11, p=0, limit=20\): "
                       r"record 1: title must be text"):
        fetched(week="2026-W11")


def test_fetch_ingests_once_then_nothing_new_and_failures_change_nothing(hub):
    first = run("fetch", "--week", "2026-W11", "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert (report["papers"], report["added"], report["new"]) == (len(WEEK), len(WEEK), True)
    stored = {p["id"]: p for p in state()}
    assert stored[WEEK[0]["paper"]["id"]]["extra"]["ai_keywords"] == WEEK[0]["paper"]["ai_keywords"]
    before = state()

    again = run("fetch", "--week", "2026-W11")
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == f"Fetched {len(WEEK)} papers for week 2026-W11: nothing new (collection 'week')"

    for fault in ("garbage", "401"):
        hub.faults = ["500", fault]
        failed = run("fetch", "--week", "2026-W11")
        assert failed.exit_code == 3, failed.output
        assert failed.stdout == "" and len(failed.stderr.splitlines()) == 1
        assert failed.stderr.startswith("Error: the Daily Papers API at ")
        assert state() == before


def test_cli_subprocess_fetches_and_fails_offline_with_exit_3(hub, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(SRC), PAPERQA_LITE_HOME=str(tmp_path / "home"),
               HF_HOME=str(tmp_path / "hf"), HF_HUB_DISABLE_TELEMETRY="1")
    cmd = [sys.executable, "-m", "paperqa_lite", "fetch", "--week", "2026-W11"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Fetched {len(WEEK)} papers for week 2026-W11 ({len(WEEK)} new, 0 updated")
    assert [q.get("p") for q, _ in hub.requests] == ["0", "1", "2"]

    hub.__exit__()  # the Hub is gone: offline
    offline = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert offline.returncode == 3, offline.stderr
    assert offline.stdout == ""
    assert offline.stderr.startswith("Error: cannot reach the Daily Papers API at ")
    assert len(offline.stderr.strip().splitlines()) == 1
    listed = subprocess.run([sys.executable, "-m", "paperqa_lite", "papers", "--json"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert len(json.loads(listed.stdout)) == len(WEEK)
