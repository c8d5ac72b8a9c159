"""Web app plumbing: the handlers behind the UI, with a fake model and a fake embedder.

The app for real (browser, real models) is in test_web_browser.py; many chats at once
in test_web_load.py.
"""

from __future__ import annotations

import html
import os
import re
import shutil

import pytest

from helpers import FakeModel, free_port, message_text
from paperqa_lite.answer import Answer
from paperqa_lite.errors import BackendError, UserError

pytestmark = pytest.mark.filterwarnings(  # pandas 3 deprecations inside gradio's queue
    "ignore:.*(no_silent_downcasting|copy keyword).*")


@pytest.fixture
def week(settings, fake_embedder, sample_week):
    """The sample week ingested with the fake embedder; returns the settings."""
    from paperqa_lite.pipeline import ingest_files

    ingest_files(settings, [sample_week])
    return settings


@pytest.fixture
def ui(week):
    from paperqa_lite.web import WebApp

    return WebApp(week, model=FakeModel(*["The paper introduces a benchmark."] * 20))


def _answer(text, citations, **kw):
    return Answer(question="q", answer=text, abstained=not citations, kind="factual",
                  citations=citations, model="fake-model", seconds=0.5, **kw)


# -- pure helpers --------------------------------------------------------------------

def test_example_questions_come_from_the_collection(sample_week):
    from paperqa_lite.ingest import load_papers
    from paperqa_lite.webview import example_questions

    papers = load_papers([sample_week])
    papers.sort(key=lambda p: (-(p.upvotes or 0), p.title.lower()))
    questions = example_questions(papers)
    assert 3 <= len(questions) <= 4
    compare = next(q for q in questions if q.startswith("Compare "))
    a, b = compare.removeprefix("Compare ").split(" and ")
    # each name picks out exactly one paper of the week, and not the same one
    from paperqa_lite.names import resolve_named

    found = [resolve_named(name, papers) for name in (a, b)]
    assert [len(f) for f in found] == [1, 1] and found[0][0].id != found[1][0].id
    topic = next(q for q in questions if q.startswith("Which papers study "))
    word = topic.removeprefix("Which papers study ").rstrip("?").split()[0]
    assert sum(word.lower() in p.title.lower() for p in papers) >= 2
    assert example_questions([]) == []


def test_render_answer_links_each_citation_to_an_expandable_source():
    from paperqa_lite.paper import Paper
    from paperqa_lite.webview import render_answer

    p1 = Paper("2401.00001", "Alpha: A <Model>", "Alpha does * things & more.", url="https://x.org/a")
    p2 = Paper("t123", "Beta Study", "Beta studies things.")
    text = ("Alpha [1] and Beta [2] differ [7].\n\n| Paper | Approach |\n| --- | --- |\n"
            "| Alpha [1] | a |\n| Beta [2] | b |")
    ans = _answer(text, [{"id": p1.id, "title": p1.title, "url": p1.url},
                         {"id": p2.id, "title": p2.title, "url": None}])
    out = render_answer(ans, 3, {p1.id: p1, p2.id: p2}, lambda p: f"TLDR of {p.id}")
    assert out.count('href="#pqa-src-3-1"') == 2 and out.count('href="#pqa-src-3-2"') == 2
    assert "differ &#91;7&#93;" in out  # not a citation of this answer: left as text
    assert '<details id="pqa-src-3-1"' in out and '<details id="pqa-src-3-2"' in out
    assert "Alpha: A &#60;Model&#62;" in out and "Alpha does &#42; things &#38; more." in out
    assert "TLDR of 2401.00001" in out and 'href="https://x.org/a"' in out
    # the Markdown table survives (rows still start with a pipe), the HTML block has no blank line
    lines = out.split("\n")
    assert sum(line.startswith("| ") for line in lines) == 4
    block = out[out.index('<div class="pqa-sources">'):]
    assert "\n" not in block


def test_render_answer_without_citations_is_the_text():
    from paperqa_lite.answer import CANNOT_ANSWER
    from paperqa_lite.webview import render_answer

    assert render_answer(_answer(CANNOT_ANSWER, []), 1, {}, lambda p: "") == CANNOT_ANSWER


def test_header_shows_backend_and_model(settings):
    from paperqa_lite.settings import load_settings
    from paperqa_lite.webview import header_markdown

    assert "**local**" in header_markdown(settings, 3) and "SmolLM2" in header_markdown(settings, 3)
    other = load_settings(llm={"backend": "openai-compatible", "base_url": "http://127.0.0.1:8000/v1",
                               "model": "Qwen2.5-7B-Instruct"})
    md = header_markdown(other, 40)
    assert "openai-compatible" in md and "Qwen2.5-7B-Instruct" in md and "127.0.0.1:8000" in md
    assert "40 papers" in md


def test_parse_auth():
    from paperqa_lite.webauth import parse_auth

    assert parse_auth("ann:s3:cret") == ("ann", "s3:cret")
    assert parse_auth(None) is None
    for bad in ("ann", ":pw", "ann:"):
        with pytest.raises(UserError, match="USER:PASS"):
            parse_auth(bad)


# -- chat ----------------------------------------------------------------------------

def test_respond_streams_then_shows_the_final_answer_with_sources(ui):
    steps = list(ui.respond("What does B-STaR introduce?", []))
    first_msgs, _, box = steps[0]
    assert first_msgs == [{"role": "user", "content": "What does B-STaR introduce?"}] and box == ""
    streamed = [m for m, _, _ in steps[1:-1]]
    assert streamed and all(m[-1]["role"] == "assistant" for m in streamed)
    final_msgs, turns, _ = steps[-1]
    assert [m["role"] for m in final_msgs] == ["user", "assistant"]
    shown = final_msgs[-1]["content"]
    assert 'class="pqa-cite" href="#pqa-src-1-1"' in shown and '<details id="pqa-src-1-1"' in shown
    assert "B-STaR" in shown and "Abstract:" in shown and "TL;DR:" in shown
    assert turns[0]["question"] == "What does B-STaR introduce?"
    assert turns[0]["answer"] and "pqa-src" not in turns[0]["answer"]  # plain text for history


def test_final_answer_text_replaces_the_streamed_text(ui, monkeypatch):
    from paperqa_lite import pipeline

    def fake_stream(settings, question, **kw):
        yield "draft that the checks "
        yield "rejected"
        yield _answer("The checked answer.", [])

    monkeypatch.setattr(pipeline, "ask_stream", fake_stream)
    steps = list(ui.respond("anything", []))
    assert steps[-2][0][-1]["content"] == "draft that the checks rejected"
    assert steps[-1][0][-1]["content"] == "The checked answer."


def test_follow_up_questions_pass_the_earlier_turns_as_history(ui, monkeypatch):
    from paperqa_lite import pipeline

    seen = []

    def fake_stream(settings, question, *, history=None, **kw):
        seen.append(list(history or []))
        yield f"answer to {question}"
        yield _answer(f"Answer to {question}.", [])

    monkeypatch.setattr(pipeline, "ask_stream", fake_stream)
    *_, (msgs, turns, _) = ui.respond("What does B-STaR introduce?", [])
    *_, (msgs, turns, _) = ui.respond("What data does it use?", turns)
    assert seen == [[], [("What does B-STaR introduce?", "Answer to What does B-STaR introduce?.")]]
    assert [m["content"] for m in msgs if m["role"] == "user"] == [
        "What does B-STaR introduce?", "What data does it use?"]


def test_a_backend_failure_is_a_readable_chat_message_and_the_app_keeps_serving(week, caplog):
    from paperqa_lite.web import WebApp

    class DownModel(FakeModel):
        def stream(self, messages, **kwargs):
            raise BackendError("the LLM server at http://127.0.0.1:9/v1 did not answer: "
                               "connection refused (after 3 retries)")
            yield  # pragma: no cover

    ui = WebApp(week, model=DownModel())
    # a comparison's synthesis calls the model (a short factual answer may not need it)
    *_, (msgs, turns, _) = ui.respond("Compare B-STaR and SCoRe", [])
    text = msgs[-1]["content"]
    assert html.unescape(text).startswith(
        "⚠️ The model backend failed: the LLM server at http://127.0.0.1:9/v1 did not answer")
    assert "\n" not in text and text.endswith("The app is still running; try again in a moment.")
    assert turns[-1]["answer"] is None  # a failed turn is not history for the next question

    ui.model = FakeModel(*["B-STaR monitors exploration and exploitation."] * 5)
    *_, (msgs, turns, _) = ui.respond("What does B-STaR introduce?", turns)
    assert len(turns) == 2 and turns[-1]["answer"] and "pqa-sources" in msgs[-1]["content"]


def test_an_unexpected_error_is_logged_and_shown_in_one_line(ui, monkeypatch, caplog):
    from paperqa_lite import pipeline

    def broken(settings, question, **kw):
        yield "partial "
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "ask_stream", broken)
    *_, (msgs, turns, _) = ui.respond("anything", [])
    assert msgs[-1]["content"].startswith("⚠️ Something went wrong (KeyError")
    assert "\n" not in msgs[-1]["content"]
    assert "answering 'anything' failed" in caplog.text


def test_an_empty_question_does_nothing(ui):
    assert list(ui.respond("   ", [])) == [([], [], "")]


# -- papers --------------------------------------------------------------------------

def test_papers_table_filters_sorts_and_shows_an_abstract(ui):
    rows, status = ui.table()
    assert len(rows) == 40 and status.startswith("40 of 40 papers")
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), reverse=True)
    assert all(r[1] for r in rows)  # every row has a TL;DR (extractive until written)
    rows_f, status_f = ui.table("egocentric", "Title")
    assert 0 < len(rows_f) < 40 and status_f.startswith(f"{len(rows_f)} of 40")
    assert [r[0].lower() for r in rows_f] == sorted(r[0].lower() for r in rows_f)
    dates = [r[3] for r in ui.table("", "Newest")[0]]
    assert dates == sorted(dates, reverse=True)
    md = ui.abstract(rows_f[0][-1])
    assert rows_f[0][0].split(":")[0] in md and "TL;DR:" in md
    assert "Select a row" in ui.abstract(None)


def test_write_missing_tldrs_with_progress_then_the_table_has_none_missing(ui, monkeypatch):
    from paperqa_lite import llm

    ui.settings.tldr.mode = "extractive"
    assert "40 TL;DRs not written yet" in ui.table()[1]
    ticks = []
    status = ui.write_tldrs(lambda p, desc=None, unit=None: ticks.append(p))
    assert status.startswith("40 TL;DRs ready") and ticks[-1] == (40, 40)
    assert "not written" not in ui.table()[1]

    # llm mode: the model phrases them (a fake one here, under the configured model's id),
    # checks decide, the cache keeps them, and the table then shows them as written
    ui.settings.tldr.mode = "llm"
    assert "40 TL;DRs not written yet" in ui.table()[1]
    fake = FakeModel(*["Unrelated words about tropical rainforests and volcanoes."] * 40)
    fake.model_id = llm.BUNDLED_GGUF.removesuffix(".gguf")  # what the configured model reports
    monkeypatch.setattr(llm, "get_model", lambda settings: fake)
    status = ui.write_tldrs(None)
    assert status.startswith("40 TL;DRs ready (0 phrased by the model, 40 extractive)")
    assert len(fake.calls) == 40
    assert "not written" not in ui.table()[1]
    ui.write_tldrs(None)
    assert len(fake.calls) == 40  # cached: nothing written twice


def test_digest_download_is_the_html_digest(ui):
    from pathlib import Path

    ui.settings.tldr.mode = "extractive"
    path = Path(ui.digest_file(None))
    text = path.read_text(encoding="utf-8")
    assert path.name == "digest-week.html" and text.startswith("<!doctype html>")
    assert "Looking Inward" in text and "<script" not in text


def test_digest_downloads_are_removed_with_the_app(week):
    import gc
    from pathlib import Path

    from paperqa_lite.web import WebApp

    app = WebApp(week, model=FakeModel())
    app.settings.tldr.mode = "extractive"
    first, second = Path(app.digest_file(None)), Path(app.digest_file(None))
    assert first != second and first.parent.parent == second.parent.parent and first.exists()
    del app
    gc.collect()
    assert not first.parent.parent.exists()


def test_closing_a_served_app_removes_its_digest_downloads(week):
    from pathlib import Path

    from paperqa_lite.web import build_app, launch

    week.tldr.mode = "extractive"
    app = build_app(week, model=FakeModel())
    launch(app, port=free_port(), prevent_thread_lock=True, quiet=True)
    folder = Path(app.pqa.digest_file(None)).parent.parent
    assert folder.exists()
    app.close()  # the server's threads still hold the handlers: closing must remove it
    assert not folder.exists()


# -- add papers ----------------------------------------------------------------------

def test_a_bad_file_shows_the_cli_error_and_changes_nothing(ui, fixtures, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from paperqa_lite.cli import cli

    before = ui.store.count_chunks()
    upload_dir = tmp_path / "gradio-upload"  # Gradio keeps the file's name in a temp folder
    upload_dir.mkdir()
    bad = shutil.copy(fixtures / "bad_json_line2.jsonl", upload_dir)
    status = ui.add(str(bad), None)
    assert html.unescape(status).startswith('<div class="pqa-error">Error: bad_json_line2.jsonl: line 2')
    assert str(upload_dir) not in status
    assert ui.store.count_chunks() == before

    monkeypatch.chdir(fixtures)
    result = CliRunner().invoke(cli, ["ingest", "bad_json_line2.jsonl"])
    cli_line = (getattr(result, "stderr", None) or result.output).strip()
    assert result.exit_code == 2 and cli_line.startswith("Error: ")
    assert html.unescape(re.sub(r"<[^>]+>", "", status)) == cli_line


def test_add_a_file_or_pasted_text(ui, fixtures, sample_week):
    status = ui.add(str(fixtures / "papers.jsonl"), None, "auto", lambda *a, **k: None)
    assert "Ingested 2 papers (2 new" in status and "pqa-ok" in status
    assert len(ui.papers()) == 42
    page = sample_week.read_text(encoding="utf-8")
    status = ui.add(None, page, "auto")
    assert "pqa-ok" in status and "(0 new, 0 updated, 40 unchanged)" in status
    assert "choose a file" in ui.add(None, "  ")
    assert "Error: pasted text" in ui.add(None, "{not json", "jsonl")


# -- the app itself ------------------------------------------------------------------

def test_build_app_is_private_queued_and_named(week):
    import gradio as gr

    from paperqa_lite.web import MODEL_CONCURRENCY, build_app

    app = build_app(week, model=FakeModel())
    assert isinstance(app, gr.Blocks) and app.analytics_enabled is False
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    public = {fn.api_name: fn for fn in app.fns.values() if fn.api_visibility == "public"}
    assert set(public) == {"ask", "papers", "write_tldrs", "digest", "add"}
    names = public
    assert names["ask"].concurrency_limit == MODEL_CONCURRENCY
    assert names["ask"].concurrency_id == names["write_tldrs"].concurrency_id == "model"
    assert names["add"].concurrency_limit == 1
    assert app._queue.default_concurrency_limit == MODEL_CONCURRENCY
    # the papers table shows paper text as text: no cell is rendered as Markdown or HTML
    (table,) = [b for b in app.blocks.values() if isinstance(b, gr.Dataframe)]
    assert set(table.datatype) <= {"str", "number"}


def test_the_app_answers_over_http(week):
    """Launched for real on loopback (fake model and embedder): the API a client uses."""
    from gradio_client import Client

    from paperqa_lite.web import build_app, launch

    app = build_app(week, model=FakeModel(*["B-STaR balances exploration."] * 10))
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        msgs, box = client.predict("What does B-STaR introduce?", api_name="/ask")
        assert box == "" and message_text(msgs[0]) == "What does B-STaR introduce?"
        assert "pqa-src-1-1" in message_text(msgs[-1])
        table, status = client.predict("egocentric", "Title", api_name="/papers")
        assert 0 < len(table["data"]) < 40 and status.startswith(f"{len(table['data'])} of 40")
    finally:
        app.close()


def test_auth_guards_the_page_and_the_api(week):
    import httpx
    from gradio_client import Client

    from paperqa_lite.web import build_app, launch

    app = build_app(week, model=FakeModel(*["B-STaR balances exploration."] * 10))
    port = free_port()
    launch(app, port=port, auth=("ann", "s3cret"), prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert httpx.get(url + "config").status_code == 401
        assert httpx.post(url + "login", data={"username": "ann", "password": "wrong"}).status_code == 400
        client = Client(url, auth=("ann", "s3cret"), verbose=False, download_files=False)
        table, _ = client.predict("", "Title", api_name="/papers")
        assert len(table["data"]) == 40
    finally:
        app.close()


def test_serve_rejects_a_bad_auth_flag():
    from click.testing import CliRunner

    from paperqa_lite.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--auth", "nopassword"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --auth must be USER:PASS (both non-empty)"
