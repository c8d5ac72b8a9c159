"""The web app's week switch: the header shows the week in view, the Papers tab, TL;DRs,
the digest and the chat follow it, and "all" shows everything. Handlers with a fake
embedder and model (plumbing); the switch for real in headless Chromium (browser).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, FakeModel, free_port, home_env
from hub_replay import WEEK_FILE

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")


def two_weeks_file(folder: Path) -> Path:
    """Six papers of the recorded week (2026-W11) and three of the week before."""
    items = json.loads(WEEK_FILE.read_text(encoding="utf-8"))[:9]
    for item in items[6:]:
        item["publishedAt"] = item["paper"]["publishedAt"] = "2026-03-04T08:00:00+00:00"
    path = folder / "two-weeks.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.fixture
def ui(settings, fake_embedder, tmp_path):
    from paperqa_lite.pipeline import ingest_files
    from paperqa_lite.web import WebApp

    ingest_files(settings, [two_weeks_file(tmp_path)])
    settings.tldr.mode = "extractive"
    return WebApp(settings, model=FakeModel(*["The paper studies video."] * 10))


def test_the_switch_offers_latest_each_week_and_all(ui):
    assert ui.week_options() == [("Latest week (2026-W11, 6 papers)", "latest"),
                                 ("2026-W11 (6 papers)", "2026-W11"), ("2026-W10 (3 papers)", "2026-W10"),
                                 ("All weeks (9 papers)", "all")]
    assert "**week 2026-W11**, 6 papers" in ui.header()
    assert "**week 2026-W10**, 3 papers" in ui.header("2026-W10")
    assert "**every week**, 9 papers" in ui.header("all")
    assert ui.weeks("2026-W09")[1] == "latest"  # a week no longer there: back to the latest
    assert ui.weeks("2026-W10")[1] == "2026-W10"


def test_the_papers_tab_tldrs_and_digest_follow_the_week(ui):
    rows, status = ui.table("", "Most upvoted", "2026-W10")
    assert len(rows) == 3 and status.startswith("3 of 3 papers · week 2026-W10")
    assert len(ui.table("", "Most upvoted", "all")[0]) == 9
    assert len(ui.table()[0]) == 6
    rows, status = ui.table("", "Most upvoted", "2026-W09")
    assert rows == [] and "Error: no papers in week 2026-W09" in status
    assert ui.write_tldrs(None, "2026-W10").startswith("3 TL;DRs ready")
    text = Path(ui.digest_file(None, "2026-W10")).read_text(encoding="utf-8")
    assert text.count('<li') == 3 and "week 2026-W10" in text


def test_the_chat_answers_over_the_week_in_view_or_the_one_asked_about(ui, monkeypatch):
    from paperqa_lite import pipeline

    seen = []
    real = pipeline.ask

    def spy(settings, question, **kwargs):
        seen.append(kwargs["scope"])
        return real(settings, question, **kwargs)

    monkeypatch.setattr(pipeline, "ask", spy)
    list(ui.respond("Which papers are about video?", [], "2026-W10"))
    list(ui.respond("What did last week's papers say about video?", []))
    *_, (messages, turns, _) = ui.respond("What was new two weeks ago?", [])
    assert [s.week for s in seen] == ["2026-W10", "2026-W10"]
    assert "no papers in week 2026-W09" in turns[-1]["shown"]


@pytest.mark.browser
@pytest.mark.slow
def test_the_header_switch_changes_the_week_in_the_browser(tmp_path):
    """The switch for real: Chromium picks a week in the header; the header and the
    Papers tab show that week's papers, then all."""
    from playwright.sync_api import sync_playwright

    from paperqa_lite.pipeline import ingest_files
    from paperqa_lite.settings import load_settings
    from paperqa_lite.web import build_app, launch

    with home_env(tmp_path / "home"):
        settings = load_settings()
    ingest_files(settings, [two_weeks_file(tmp_path)])
    app = build_app(settings)
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pg = browser.new_page(viewport={"width": 1280, "height": 1000})
            pg.goto(f"http://127.0.0.1:{port}/")
            header = pg.locator("#pqa-header")
            header.get_by_text("week 2026-W11").wait_for()
            pg.get_by_role("tab", name="Papers", exact=True).click()
            pg.locator("#pqa-table-status").get_by_text("6 of 6 papers · week 2026-W11").wait_for()

            pg.locator("#pqa-week input").click()
            pg.get_by_role("option", name="2026-W10 (3 papers)").click()
            header.get_by_text("week 2026-W10").wait_for()
            pg.locator("#pqa-table-status").get_by_text("3 of 3 papers · week 2026-W10").wait_for()
            cell = lambda row: pg.locator(f'#pqa-table [data-testid="cell-{row}-5"]')  # noqa: E731
            cell(2).wait_for()  # the ID column of the third row, and no fourth
            assert cell(3).count() == 0
            ids = {cell(r).inner_text().strip() for r in range(3)}
            assert ids == {i["paper"]["id"] for i in json.loads(WEEK_FILE.read_text())[6:9]}

            pg.locator("#pqa-week input").click()
            pg.get_by_role("option", name=re.compile(r"^All weeks")).click()
            pg.locator("#pqa-table-status").get_by_text("9 of 9 papers · every week").wait_for()
            assert "every week" in header.inner_text()
            browser.close()
    finally:
        app.close()
