"""The web app for real, in headless Chromium: the sample week, the real embedder and the
default local LLM, served on a free loopback port.

Steps (each saved as test-artifacts/screenshots/NN-*.png): a question streams an answer
whose [1] opens the cited paper; a follow-up keeps the context; an example comparison
shows a table; the Papers tab has TL;DRs, filters and shows an abstract; a malformed
upload shows the CLI's one-line error. Time to first token and to the full answer, as
the browser sees them, are printed and written to test-artifacts/web_timings.json.
Nothing is fetched from anywhere but the app itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, FIXTURES, free_port, home_env

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")]

SHOTS = ARTIFACTS / "screenshots"
TIMINGS = ARTIFACTS / "web_timings.json"
ANSWER_TIMEOUT_MS = 180_000

# Timestamps (performance.now) of the first assistant text and of the finished answer
# (its Sources block, or a plain final message once the event is over).
OBSERVE_JS = """() => {
  const chat = document.querySelector('#pqa-chat');
  const bots = () => chat.querySelectorAll('[data-testid="bot"]');
  const before = bots().length;
  const s = window.__pqa = {t0: performance.now(), first: null, done: null, states: [], before};
  const check = () => {
    const all = bots();
    if (all.length <= before) return;
    const last = all[all.length - 1];
    const text = last.innerText.trim();
    if (!text) return;
    if (s.first === null) s.first = performance.now();
    if (s.states[s.states.length - 1] !== text) s.states.push(text);
    if (s.done === null && last.querySelector('.pqa-sources')) s.done = performance.now();
  };
  s.observer = new MutationObserver(check);
  s.observer.observe(chat, {childList: true, subtree: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the sample week, served from a thread for the whole module."""
    from paperqa_lite.pipeline import ensure_sample
    from paperqa_lite.settings import load_settings
    from paperqa_lite.web import build_app, launch

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/ensure-chromium.sh` (make browser)")
    home = tmp_path_factory.mktemp("web-browser") / "home"
    with home_env(home):
        settings = load_settings()
    assert ensure_sample(settings)["papers"] == 40
    app = build_app(settings)
    app.pqa.warm_up()  # as `paperqa-lite serve` does before it listens
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield {"url": f"http://127.0.0.1:{port}/", "settings": settings, "timings": []}
    app.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page on the app; fails the test if anything is requested off the loopback."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    # Playwright's 30 s default is too short on a 2-core machine busy with the rest of the
    # suite: a file upload once took longer than that in CI. Waits here are for events
    # that do come, so a longer ceiling costs nothing when things work.
    context.set_default_timeout(120_000)
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url)
          if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    pg.goto(server["url"])
    pg.wait_for_selector("#pqa-question textarea")
    pg.wait_for_selector("#pqa-examples button")  # the page-load event has filled them
    yield pg
    context.close()
    assert outside == [], f"the page fetched from outside the app: {outside}"


def shot(pg, name: str) -> Path:
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def ask(pg, server, question: str, *, via_example: str | None = None) -> dict:
    """Ask in the browser; returns timings and the last answer's element."""
    pg.evaluate(OBSERVE_JS)
    if via_example:
        pg.locator("#pqa-examples").get_by_text(via_example, exact=True).click()
    else:
        pg.fill("#pqa-question textarea", question)
        pg.click("#pqa-ask")
    pg.wait_for_function("() => window.__pqa.first !== null", timeout=ANSWER_TIMEOUT_MS)
    pg.wait_for_function("() => window.__pqa.done !== null", timeout=ANSWER_TIMEOUT_MS)
    s = pg.evaluate("() => ({t0: __pqa.t0, first: __pqa.first, done: __pqa.done, "
                    "states: __pqa.states.length})")
    timing = {"question": question, "ttft_s": round((s["first"] - s["t0"]) / 1000, 3),
              "full_s": round((s["done"] - s["t0"]) / 1000, 3), "text_states": s["states"]}
    server["timings"].append(timing)
    print(f"\n[web timing] {question!r}: first token {timing['ttft_s']:.2f}s, "
          f"full answer {timing['full_s']:.2f}s ({s['states']} visible states)")
    ARTIFACTS.mkdir(exist_ok=True)
    TIMINGS.write_text(json.dumps(server["timings"], indent=2) + "\n", encoding="utf-8")
    return timing


def last_answer(pg):
    return pg.locator('#pqa-chat [data-testid="bot"]').last


def test_chat_streams_a_cited_answer_and_the_citation_opens_the_paper(page, server):
    shot(page, "01-chat-start")
    header = page.locator("#pqa-header").inner_text()
    assert "Backend: local" in header and "Model: SmolLM2" in header and "40 papers" in header

    timing = ask(page, server, "What does B-STaR introduce?")
    assert 0 < timing["ttft_s"] <= timing["full_s"]
    answer = last_answer(page)
    cite = answer.locator('a.pqa-cite[href$="-1"]').first
    assert cite.inner_text() == "[1]"
    source = answer.locator("details.pqa-source").first
    assert not source.evaluate("el => el.open")
    assert not source.locator("p").first.is_visible()
    shot(page, "02-chat-answer")

    cite.click()
    page.wait_for_function("() => document.querySelector('#pqa-chat details.pqa-source').open")
    assert source.evaluate("el => el.open")
    opened = source.inner_text()
    assert "B-STaR" in opened and "Abstract:" in opened and "TL;DR:" in opened
    assert source.locator("p").first.is_visible()
    assert len(page.context.pages) == 1  # the link opened the source, not a new tab
    shot(page, "03-chat-citation-opened")

    # a follow-up keeps the context: "it" is B-STaR
    ask(page, server, "What data does it use?")
    follow = last_answer(page).inner_text()
    assert follow and not follow.startswith("⚠️")
    assert "B-STaR" in last_answer(page).locator("details.pqa-source").first.inner_text()
    users = page.locator('#pqa-chat [data-testid="user"]').all_inner_texts()
    assert [u.strip() for u in users] == ["What does B-STaR introduce?", "What data does it use?"]
    shot(page, "04-chat-follow-up")


def test_an_example_comparison_renders_a_table(page, server):
    examples = page.locator("#pqa-examples button").all_inner_texts()
    compare = next(e.strip() for e in examples if e.strip().startswith("Compare "))
    ask(page, server, compare, via_example=compare)
    answer = last_answer(page)
    table = answer.locator("table")
    assert table.count() == 1
    assert table.locator("th").first.inner_text().strip() == "Paper"
    assert table.locator("tbody tr").count() >= 2
    assert table.locator("a.pqa-cite").count() >= 2  # every row cites its paper
    answer.scroll_into_view_if_needed()
    shot(page, "05-chat-comparison-table")


def test_papers_tab_has_tldrs_filters_and_shows_an_abstract(page, server):
    page.get_by_role("tab", name="Papers", exact=True).click()
    cell = lambda row, col: page.locator(f'#pqa-table [data-testid="cell-{row}-{col}"]')  # noqa: E731
    cell(0, 0).wait_for()
    status = page.locator("#pqa-table-status")
    assert status.inner_text().startswith("40 of 40 papers")
    header = page.locator("#pqa-table th[role=columnheader]").all_inner_texts()
    assert [h.strip(" ⋮\n") for h in header][:2] == ["Title", "TL;DR"]
    first_tldr = cell(0, 1).inner_text()
    assert len(first_tldr.split()) >= 5, first_tldr
    shot(page, "06-papers")

    page.fill("#pqa-filter textarea, #pqa-filter input", "egocentric")
    page.wait_for_function("() => /^[1-9]\\d? of 40 papers/.test("
                           "document.querySelector('#pqa-table-status').innerText.trim()) && "
                           "!/^40 of 40/.test(document.querySelector('#pqa-table-status').innerText.trim())")
    assert int(status.inner_text().split()[0]) < 40
    title, tldr, who = (cell(0, col).inner_text().strip() for col in (0, 1, 4))
    cell(0, 0).click()
    page.wait_for_function("t => document.querySelector('#pqa-abstract').innerText.includes(t)",
                           arg=title.split(":")[0])
    abstract = page.locator("#pqa-abstract").inner_text()
    assert "TL;DR:" in abstract and len(abstract.split()) > 60
    # the filter kept this row because one of its fields says "egocentric"
    assert "egocentric" in " ".join([title, tldr, who, abstract]).lower()
    shot(page, "07-papers-abstract")


def test_a_malformed_upload_shows_the_cli_error(page, server, tmp_path):
    from paperqa_lite.store import Store

    before = Store(server["settings"]).count_chunks()
    page.get_by_role("tab", name="Add papers").click()
    bad = shutil.copy(FIXTURES / "bad_json_line2.jsonl", tmp_path)
    page.locator("#pqa-upload input[type=file]").set_input_files(bad)
    page.wait_for_function("() => document.querySelector('#pqa-upload').innerText.includes("
                           "'bad_json_line2.jsonl')")
    page.click("#pqa-add")
    error = page.locator("#pqa-add-status .pqa-error")
    error.wait_for(timeout=60_000)
    assert error.inner_text().strip() == (
        "Error: bad_json_line2.jsonl: line 2: invalid JSON (Expecting ',' delimiter) (read as jsonl)")
    assert Store(server["settings"]).count_chunks() == before
    shot(page, "08-add-error")
