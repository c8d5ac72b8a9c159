"""Weeks are first-class: each paper's Daily Papers day and ISO week, the scope commands
work on (the latest week by default, ``--week``, ``all``, a date range), a question's
week words resolved by code, and a new week added without touching the old one's vectors.
Real embedder for the store tests; the real model for the question's week (slow).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import numpy as np
import pytest
from click.testing import CliRunner

from hub_replay import WEEK_FILE
from paperqa_lite.cli import cli
from paperqa_lite.errors import UserError
from paperqa_lite.ingest.page import parse_page
from paperqa_lite.paper import Paper
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store
from paperqa_lite.weeks import (parse_week, paper_week, resolve, shift, week_days,
                                week_in_question, week_of, weeks_in)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def paper(pid: str, daily: str | None = None, published: str | None = None) -> Paper:
    return Paper(pid, f"Title {pid}", "An abstract of eight words or more here.",
                 published=published, extra={"daily_date": daily} if daily else {})


def shifted_week(days: int, n: int | None = None) -> list[dict]:
    """The recorded week's items (HF JSON), their days moved by ``days``."""
    items = json.loads(WEEK_FILE.read_text(encoding="utf-8"))[:n]
    out = []
    for item in items:
        item = copy.deepcopy(item)
        moved = (dt.datetime.fromisoformat(item["publishedAt"]) + dt.timedelta(days=days)).isoformat()
        item["publishedAt"] = item["paper"]["publishedAt"] = moved
        out.append(item)
    return out


# -- the week of a paper --------------------------------------------------------------

def test_a_papers_week_is_its_daily_papers_day_else_its_publication_day():
    assert paper_week(paper("a", daily="2026-03-09", published="2026-03-06")) == "2026-W11"
    assert paper_week(paper("b", published="2026-03-08")) == "2026-W10"  # a Sunday
    assert paper_week(paper("c")) is None
    assert week_of("2021-01-03") == "2020-W53"  # ISO years are not calendar years
    assert shift("2026-W01", -1) == "2025-W52" and shift("2020-W53", 1) == "2021-W01"


@pytest.mark.parametrize("given, expected", [("2026-W11", "2026-W11"), ("2026-w7", "2026-W07"),
                                             ("2026W11", "2026-W11"), ("ALL", "all"),
                                             ("latest", "latest")])
def test_week_flags_are_normalised(given, expected):
    assert parse_week(given) == expected


@pytest.mark.parametrize("bad", ["2026-11", "2026-W54", "W11", "last", "2026-03-09"])
def test_a_bad_week_is_one_error_saying_the_shape(bad):
    with pytest.raises(UserError, match=r"--week must be an ISO week YYYY-Www \(e.g. 2026-W11\), 'latest' or 'all'"):
        parse_week(bad)


def test_the_page_date_is_each_papers_daily_papers_day(sample_week):
    papers = parse_page(sample_week.read_text(encoding="utf-8"), "p", today=dt.date(2026, 12, 20))
    assert {p.extra["daily_date"] for p in papers} == {"2026-12-11"}  # the header's "Dec 11"
    assert weeks_in(papers) == {"2026-W50": 40}
    # the paper's own date line is its publication date, not its week
    assert {p.published for p in papers if p.published} > {"2023-07-25"}


# -- the scope -------------------------------------------------------------------------

TWO_WEEKS = [paper("old1", "2026-03-02"), paper("old2", "2026-03-08"), paper("new1", "2026-03-09"),
             paper("new2", "2026-03-12"), paper("new3", "2026-03-15"), paper("undated")]


def ids(scope) -> list[str]:
    return [p.id for p in scope.select(TWO_WEEKS)]


def test_no_week_is_the_latest_all_is_everything_and_a_range_is_every_week_in_it():
    assert weeks_in(TWO_WEEKS) == {"2026-W11": 3, "2026-W10": 2}
    assert ids(resolve(TWO_WEEKS)) == ["new1", "new2", "new3"]
    assert ids(resolve(TWO_WEEKS, "2026-W10")) == ["old1", "old2"]
    assert ids(resolve(TWO_WEEKS, "latest")) == ["new1", "new2", "new3"]
    assert ids(resolve(TWO_WEEKS, "all")) == [p.id for p in TWO_WEEKS]  # the undated too
    assert ids(resolve(TWO_WEEKS, since="2026-03-08", until="2026-03-12")) == ["old2", "new1", "new2"]
    assert ids(resolve(TWO_WEEKS, "2026-W11", since="2026-03-10")) == ["new2", "new3"]
    assert resolve([paper("x")]).everything  # no paper has a day: no week to default to


def test_a_week_with_no_papers_and_bad_dates_are_errors_naming_what_there_is():
    with pytest.raises(UserError, match=r"no papers in week 2026-W12 \(asked\); the collection's "
                                        r"weeks: 2026-W11, 2026-W10$"):
        resolve(TWO_WEEKS, "2026-W12")
    with pytest.raises(UserError, match="--since must be a date YYYY-MM-DD, got '2026-3-1'"):
        resolve(TWO_WEEKS, since="2026-3-1")
    with pytest.raises(UserError, match="--since 2026-03-12 is after --until 2026-03-10"):
        resolve(TWO_WEEKS, since="2026-03-12", until="2026-03-10")


@pytest.mark.parametrize("question, week", [
    ("What did last week's papers say about agents?", "2026-W10"),
    ("Which papers from the previous week use RL?", "2026-W10"),
    ("what was new two weeks ago", "2026-W09"),
    ("and the week before last?", "2026-W09"),
    ("Which of this week's papers use RL?", "2026-W11"),
    ("What did 2026-W10 say about agents?", "2026-W10"),
    ("Which papers use reinforcement learning?", None),
    ("Does any paper train for 12 weeks?", None),
])
def test_week_words_in_a_question_are_counted_from_the_week_in_view(question, week):
    assert week_in_question(question, "2026-W11") == week


def test_the_questions_week_wins_and_is_checked_against_the_collection():
    scope = resolve(TWO_WEEKS, question="What did last week's papers say about agents?")
    assert (scope.week, scope.how, ids(scope)) == ("2026-W10", "named in the question", ["old1", "old2"])
    # counted from the week asked for, not from the latest
    assert resolve(TWO_WEEKS, "2026-W10", question="and this week?").week == "2026-W10"
    with pytest.raises(UserError, match=r"no papers in week 2026-W09 \(named in the question\)"):
        resolve(TWO_WEEKS, question="What happened two weeks ago?")


# -- the store: weeks side by side ----------------------------------------------------

@pytest.fixture
def two_weeks(week_home, tmp_path):
    """The sample week (already embedded), then five papers of the week after it added;
    the sample week's chunks (ids, vectors, metadata) as they were before, the report,
    and the two weeks (old, new)."""
    store = Store(load_settings())
    before = store.collection.get(include=["embeddings", "metadatas"])
    page_day = dt.date.fromisoformat(store.papers()[0].extra["daily_date"])
    recorded_day = dt.date.fromisoformat(shifted_week(0, 1)[0]["publishedAt"][:10])
    new_week = tmp_path / "new-week.json"
    items = shifted_week(days=(page_day + dt.timedelta(days=7) - recorded_day).days, n=5)
    new_week.write_text(json.dumps(items), encoding="utf-8")
    result = run("ingest", str(new_week), "--json")
    assert result.exit_code == 0, result.output
    return before, json.loads(result.stdout), week_of(page_day), week_of(items[0]["publishedAt"])


def test_a_new_week_is_added_without_re_embedding_the_old_one(two_weeks):
    before, report, _, _ = two_weeks
    assert (report["added"], report["updated"], report["unchanged"]) == (5, 0, 0)
    after = Store(load_settings()).collection.get(ids=before["ids"], include=["embeddings", "metadatas"])
    assert sorted(after["ids"]) == sorted(before["ids"])  # nothing of the old week deleted
    old = dict(zip(before["ids"], zip(before["embeddings"], before["metadatas"])))
    for cid, vec, meta in zip(after["ids"], after["embeddings"], after["metadatas"]):
        assert np.array_equal(np.asarray(vec), np.asarray(old[cid][0]))
        assert meta == old[cid][1]  # same ingested_at: not rewritten


def test_papers_tldr_and_digest_default_to_the_latest_week(two_weeks):
    _, _, old, new = two_weeks
    assert json.loads(run("weeks", "--json").stdout) == {new: 5, old: 40}
    latest = run("papers", "--json")
    assert len(json.loads(latest.stdout)) == 5
    listed = run("papers", "--week", old)
    assert listed.stdout.splitlines()[-1] == f"40 papers in 'week', week {old}"
    assert len(json.loads(run("papers", "--week", "all", "--json").stdout)) == 45
    monday, sunday = week_days(new)
    assert len(json.loads(run("papers", "--until", shift_day(monday, -1), "--json").stdout)) == 40
    assert json.loads(run("papers", "--since", shift_day(sunday, 1), "--json").stdout) == []
    tldrs = run("tldr", "--mode", "extractive", "--json")
    assert tldrs.exit_code == 0, tldrs.output
    assert {t["id"] for t in json.loads(tldrs.stdout)["tldrs"]} == {p["id"] for p in json.loads(latest.stdout)}
    digest = run("digest", "--format", "md", "--week", old)
    assert digest.stdout.startswith(f"# The week's papers (week, week {old}): 40 papers")
    missing = shift(new, 1)
    bad = run("ask", "What is new?", "--week", missing)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.strip() == (f"Error: no papers in week {missing} (asked); the collection's "
                                  f"weeks: {new}, {old}")


def shift_day(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


# -- a question over the right week (real model) ----------------------------------------

@pytest.mark.slow
def test_last_weeks_question_is_answered_from_last_weeks_papers(tmp_path, monkeypatch):
    """Two consecutive real weeks (the recorded one and the same papers' titles a week
    earlier would collide, so the earlier week is the recorded week's first half moved
    back seven days and the later its second half)."""
    monkeypatch.setenv("PAPERQA_LITE_LLM__THREADS", "1")
    monkeypatch.setenv("PAPERQA_LITE_EMBED__THREADS", "1")
    items = shifted_week(days=0)
    earlier = [dict(i) for i in shifted_week(days=-7)[: len(items) // 2]]
    later = items[len(items) // 2:]
    (tmp_path / "w10.json").write_text(json.dumps(earlier), encoding="utf-8")
    (tmp_path / "w11.json").write_text(json.dumps(later), encoding="utf-8")
    assert run("ingest", str(tmp_path / "w10.json"), str(tmp_path / "w11.json")).exit_code == 0
    in_w10 = {p["id"] for p in json.loads(run("papers", "--week", "2026-W10", "--json").stdout)}
    assert len(in_w10) == len(earlier)

    result = run("ask", "What did last week's papers say about video generation?", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["scope"] == "week 2026-W10"
    assert answer["retrieved"] and {r["id"] for r in answer["retrieved"]} <= in_w10
    assert {c["id"] for c in answer["citations"]} <= in_w10
    latest = json.loads(run("ask", "Which papers are about video generation?", "--json").stdout)
    assert latest["scope"] == "week 2026-W11"
    assert latest["retrieved"] and not {r["id"] for r in latest["retrieved"]} & in_w10
    assert re.search(r"video", " ".join(c["title"] for c in latest["citations"]), re.I)


def test_a_weeks_search_ranks_only_its_papers_in_every_mode(two_weeks):
    from paperqa_lite.retrieve import Retriever

    _, _, old, new = two_weeks
    store = Store(load_settings())
    in_new = {p.id for p in store.papers() if paper_week(p) == new}
    retriever = Retriever(store, load_settings())
    for mode in ("hybrid", "dense", "bm25"):
        everywhere = retriever.search("language model agents", 10, mode=mode)
        assert {h.paper.id for h in everywhere} - in_new  # the old week ranks without the filter
        hits = retriever.search("language model agents", 10, mode=mode, ids=in_new)
        assert hits and {h.paper.id for h in hits} <= in_new, mode
    # a paper the question names is left out too when it is not of the week
    named = retriever.search("What does WebArena do?", 3, ids=in_new)
    assert all(h.paper.id in in_new and not h.named for h in named)
