"""A planted hostile paper, seen in headless Chromium through a real `paperqa-lite serve`.

The sample week plus one paper whose title, abstract, organisation and URL carry markup,
event handlers, javascript: links and a tracking image is ingested by the CLI; the
server runs as its own process. In the chat answer, its sources, the Papers table, the
abstract pane, the examples and the HTML digest, no script runs (a dialog handler records
every alert), no element comes from the paper's text, nothing is fetched, and the text
is shown as the characters it is. Screenshots: test-artifacts/screenshots/hostile-*.png.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, free_port, run_cli, start_serve, stop,
                     wait_until_serving)

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")]

SHOTS = ARTIFACTS / "screenshots"
ANSWER_TIMEOUT_MS = 300_000
TITLE = "<img src=x onerror=alert(1)> Zebrafish Swim Navigation <script>alert(2)</script>"
ABSTRACT = ("We introduce ZebraNav, a benchmark for zebrafish swim navigation "
            "<img src=x onerror=alert(3)> with [a link](javascript:alert(4)) and "
            "![px](http://127.0.0.1:9/pixel.png). Zebrafish swim navigation is measured in 40 tanks "
            "<b onmouseover=alert(5)>bold</b> &lt;script&gt;alert(6)&lt;/script&gt; "
            "<svg onload=alert(7)></svg> <a href=\" JaVaScRiPt:alert(8)\">here</a>.")
ORG = "<b onmouseover=alert(9)>Evil Org</b>"
HOSTILE = {"id": "2599.00001", "title": TITLE, "abstract": ABSTRACT, "organization": ORG,
           "upvotes": 99, "url": "JaVaScRiPt:alert(10)", "published": "2025-01-02"}

# What the page must never hold: an element or attribute that paper text could have made.
INERT_JS = """(root) => {
  const bad = [];
  for (const el of document.querySelectorAll(root + ' *')) {
    const tag = el.tagName.toLowerCase();
    if (['script', 'img', 'iframe', 'object', 'embed'].includes(tag)) bad.push(tag);
    if (tag === 'svg' && /alert/.test(el.outerHTML)) bad.push('svg from text');
    if (tag === 'b' && /Evil Org|^bold$/.test(el.textContent)) bad.push('b from text');
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(tag + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) &&
          !/^(https?:|#|\\/|blob:|data:image\\/svg)/i.test(a.value.trim())) bad.push(tag + ' ' + a.name + '=' + a.value);
    }
    if (tag === 'a' && el.href && !/^(https?:)$/.test(new URL(el.href, location.href).protocol))
      bad.push('link ' + el.href);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from paperqa_lite.ingest.page import parse_page
    from paperqa_lite.settings import SAMPLE_WEEK

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/ensure-chromium.sh` (make browser)")
    tmp = tmp_path_factory.mktemp("web-hostile")
    # planted in the sample's own week, the one the page shows by default
    week_day = parse_page(Path(SAMPLE_WEEK).read_text(encoding="utf-8"))[0].extra["daily_date"]
    planted = tmp / "hostile.jsonl"
    planted.write_text(json.dumps(dict(HOSTILE, daily_date=week_day)) + "\n", encoding="utf-8")
    home = tmp / "home"
    result = run_cli(home, "ingest", SAMPLE_WEEK, planted)
    assert result.returncode == 0, result.stderr
    port, log = free_port(), tmp / "serve.log"
    proc = start_serve(home, log, "--port", str(port))
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(proc, url, log, 300, "serve")
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def page(served):
    """One page for the module: every dialog (an alert that ran) and every request is kept."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_context(viewport={"width": 1280, "height": 1100}).new_page()
        pg.dialogs, pg.requests, pg.base = [], [], served.rstrip("/")
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.on("request", lambda r: pg.requests.append(r.url))
        pg.goto(served)
        pg.wait_for_selector("#pqa-examples button")  # the page-load event has run
        yield pg
        browser.close()


def assert_nothing_ran(pg, root: str) -> None:
    assert pg.evaluate(INERT_JS, root) == []
    assert pg.dialogs == []
    assert [u for u in pg.requests if not u.startswith((pg.base, "data:", "blob:"))] == []


def test_the_chat_answer_and_its_sources_show_the_text_as_text(page):
    page.fill("#pqa-question textarea", "Which papers study zebrafish swim navigation?")
    page.click("#pqa-ask")
    answer = page.locator('#pqa-chat [data-testid="bot"]').last
    answer.locator(".pqa-sources").wait_for(timeout=ANSWER_TIMEOUT_MS)
    answer.locator('a.pqa-cite[href$="-1"]').first.click()
    source = answer.locator("details.pqa-source").first
    page.wait_for_function("() => document.querySelector('#pqa-chat details.pqa-source').open")
    shown = answer.inner_text()
    assert "<img src=x onerror=alert(3)>" in shown and "[a link](javascript:alert(4))" in shown
    assert "![px](http://127.0.0.1:9/pixel.png)" in shown  # neither an image nor a link
    assert {h for h in answer.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
            if "#pqa-src-" not in h} == {"https://arxiv.org/abs/2599.00001"}
    opened = source.inner_text()
    assert TITLE in opened and "&lt;script&gt;alert(6)&lt;/script&gt;" in opened
    assert "<b onmouseover=alert(5)>bold</b>" in opened
    # the paper's javascript: URL is not a link; its arXiv page is
    assert source.locator("a").evaluate_all("as => as.map(a => a.href)") == [
        "https://arxiv.org/abs/2599.00001"]
    page.screenshot(path=str(SHOTS / "hostile-01-chat.png"), full_page=True)
    assert_nothing_ran(page, "#pqa-chat")
    assert_nothing_ran(page, "#pqa-examples")
    assert_nothing_ran(page, "#pqa-header")


def test_the_papers_table_and_abstract_pane_show_the_text_as_text(page):
    page.get_by_role("tab", name="Papers", exact=True).click()
    page.fill("#pqa-filter textarea, #pqa-filter input", "zebrafish")
    page.wait_for_function("() => document.querySelector('#pqa-table-status').innerText.trim()"
                           ".startsWith('1 of 41 papers')")
    cell = lambda col: page.locator(f'#pqa-table [data-testid="cell-0-{col}"]')  # noqa: E731
    assert cell(0).inner_text().strip() == TITLE
    assert cell(4).inner_text().strip() == ORG
    cell(0).click()
    pane = page.locator("#pqa-abstract")
    page.wait_for_function("() => document.querySelector('#pqa-abstract').innerText.includes('ZebraNav')")
    text = pane.inner_text()
    assert TITLE in text and ORG in text and "![px](http://127.0.0.1:9/pixel.png)" in text
    assert pane.locator("a").evaluate_all("as => as.map(a => a.href)") == [
        "https://arxiv.org/abs/2599.00001"]
    page.screenshot(path=str(SHOTS / "hostile-02-papers.png"), full_page=True)
    assert_nothing_ran(page, "#pqa-table")
    assert_nothing_ran(page, "#pqa-abstract")


def test_the_html_digest_the_server_writes_is_inert(page):
    page.click("#pqa-digest")
    link = page.locator("#pqa-digest-file a[href]").first
    link.wait_for(timeout=ANSWER_TIMEOUT_MS)
    digest = page.request.get(link.evaluate("a => a.href")).text()
    assert digest.startswith("<!doctype html>")
    view = page.context.new_page()
    view.dialogs = []
    view.on("dialog", lambda d: (view.dialogs.append(d.message), d.dismiss()))
    requests = []
    view.on("request", lambda r: requests.append(r.url))
    view.set_content(digest)
    item = view.locator("li", has_text="Zebrafish")
    assert TITLE in item.inner_text() and ORG in item.inner_text()
    assert item.locator("a").evaluate_all("as => as.map(a => a.href)") == [
        "https://arxiv.org/abs/2599.00001"]
    view.screenshot(path=str(SHOTS / "hostile-03-digest.png"), full_page=True)
    assert view.evaluate(INERT_JS, "body") == [] and view.dialogs == [] and requests == []
    view.close()
