"""The web app: a Gradio shell over the same library functions as the CLI.

A week switch in the header (the latest week, any week in the collection, or all)
scopes the chat, the table, TL;DRs and the digest (:mod:`weeks`). Three tabs (built in :mod:`webtabs`):
- **Chat**: streamed answers from :func:`pipeline.ask`; every ``[n]`` in the final
  answer links to a "Sources" entry under it (title, TL;DR, abstract, link) that opens
  on click; follow-ups pass the earlier turns as ``history``.
- **Papers**: the week's papers as a filterable, sortable table; a row shows its abstract;
  "Write missing TL;DRs" runs :func:`pipeline.write_tldrs`; the HTML digest from
  :func:`pipeline.write_digest`.
- **Add papers**: a file or pasted Daily Papers text through :func:`pipeline.ingest_files`
  / :func:`pipeline.ingest_text`; a bad file shows the CLI's one-line error.

Every handler turns :class:`~paperqa_lite.errors.UserError` (and its subclass
``BackendError``) into a one-line message; the server keeps serving. No telemetry, no
calls out: analytics are off, fonts are Gradio's bundled ones, nothing is shared. Paper
text reaches the page only through :mod:`webview`'s renderers (escaped by :mod:`escape`);
who may connect is :mod:`webauth`'s rule.

Build with :func:`build_app` and start with :func:`launch` (which adds the CSS and the
small script that opens a cited source), or run :func:`serve` / ``paperqa-lite serve``.
"""

from __future__ import annotations

import os

# Before gradio is imported anywhere: no analytics, no hub telemetry.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import logging
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .imports import without

with without("mcp"):  # Gradio's own MCP server is never started here (see imports.py)
    import gradio as gr

from . import pipeline
from .errors import UserError
from .paper import rank_key, who
from .settings import Settings
from .webauth import resolve_auth
from .webtabs import MODEL_CONCURRENCY, SORTS, add_tab, chat_tab, papers_tab
from .webview import (CSS, HEAD, abstract_markdown, answer_markdown, chat_error_message,
                      ProgressBar, error_html, example_questions, header_markdown, ok_html,
                      render_answer, week_choices)
from .weeks import LATEST

log = logging.getLogger(__name__)

QUEUE_MAX_SIZE = 64


# -- handlers ------------------------------------------------------------------------

class WebApp:
    """The handlers behind the UI, callable without a server (tests use a fake model)."""

    def __init__(self, settings: Settings, *, model: Any | None = None, store: Any | None = None) -> None:
        self.settings = settings
        self.model = model  # None: the configured backend answers
        self.store = store or pipeline.open_store(settings)
        # digests for download live in one folder of this app, removed with it (a long-running
        # server would otherwise leave a folder in /tmp per click)
        self._downloads = tempfile.TemporaryDirectory(prefix="paperqa-lite-digest-")

    def close(self) -> None:
        """Remove the digests written for download (the app's close calls it)."""
        self._downloads.cleanup()

    def warm_up(self) -> None:
        """Load what the first question needs (embedder, search index, local model) now,
        so the first person to ask does not wait for it. Failures only log: a backend
        that is down is reported in the chat when someone asks."""
        try:
            pipeline.warm_up(self.settings, self.store, self.model)
        except UserError as exc:
            log.warning("warm-up: %s", exc)

    # data --------------------------------------------------------------------------
    def papers(self) -> list[Any]:
        return pipeline.list_papers(self.settings, self.store)

    def papers_or_none(self) -> list[Any]:
        """The papers, or none when the store cannot be read (the page still opens)."""
        try:
            return self.papers()
        except UserError:
            return []

    def tldr_map(self, papers: list[Any]) -> dict[str, tuple[str, str]]:
        """id -> (TL;DR, method): cached ones where written, else the extractive one."""
        return pipeline.shown_tldrs(self.settings, papers, self.store)

    def tldr_of(self, paper: Any) -> str:
        return self.tldr_map([paper])[paper.id][0]

    def scope(self, week: str | None, question: str | None = None) -> pipeline.Scope:
        """The week switch's value (``latest``, a week, ``all``) as a scope; a question's
        week words ("last week") count from it."""
        return pipeline.resolve_scope(self.settings, week or LATEST, question=question,
                                      store=self.store)

    def week_papers(self, week: str | None) -> tuple[list[Any], str]:
        """The papers of the week in view and its label; none (and the error) when that
        week is gone from the collection."""
        try:
            scope = self.scope(week)
            return pipeline.list_papers(self.settings, self.store, scope), scope.label
        except UserError as exc:
            return [], f"Error: {exc}"

    def header(self, week: str | None = LATEST) -> str:
        papers, label = self.week_papers(week)
        return header_markdown(self.settings, len(papers), label)

    def week_options(self) -> list[tuple[str, str]]:
        """The week switch's choices: the collection's weeks now, latest, all."""
        papers = self.papers_or_none()
        return week_choices(pipeline.list_weeks(self.settings, self.store) if papers else {}, len(papers))

    def weeks(self, week: str | None = LATEST) -> tuple[Any, str]:
        """The week switch updated, and the week it keeps: ``week`` while it is still one
        of its choices, else the latest."""
        choices = self.week_options()
        keep = week if week in {value for _, value in choices} else LATEST
        return gr.Dropdown(choices=choices, value=keep), keep

    # chat --------------------------------------------------------------------------
    @staticmethod
    def messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
        out = []
        for t in turns:
            out.append({"role": "user", "content": t["question"]})
            out.append({"role": "assistant", "content": t["shown"]})
        return out

    def respond(self, question: str, turns: list[dict[str, Any]] | None,
                week: str | None = LATEST) -> Iterator[tuple]:
        """Stream one answer over the week in view (or the one the question names):
        yields (chat messages, turns, textbox value). The streamed text is escaped like
        the final answer: it may quote a paper."""
        turns = list(turns or [])
        question = (question or "").strip()
        if not question:
            yield self.messages(turns), turns, ""
            return
        history = [(t["question"], t["answer"]) for t in turns if t.get("answer")]
        shown = self.messages(turns) + [{"role": "user", "content": question}]
        yield shown, turns, ""
        streamed, final = "", None
        try:
            scope = self.scope(week, question)
            for item in pipeline.ask(self.settings, question, history=history, model=self.model,
                                     store=self.store, scope=scope):
                if isinstance(item, pipeline.Answer):
                    final = item
                else:
                    streamed += item
                    yield shown + [{"role": "assistant", "content": answer_markdown(streamed)}], turns, ""
            if final is None:
                raise RuntimeError("the answer stream ended without an answer")
            papers = {p.id: p for p in self.papers()} if final.citations else {}
            turn = {"question": question, "answer": final.answer,
                    "shown": render_answer(final, len(turns) + 1, papers, self.tldr_of)}
        except UserError as exc:
            turn = {"question": question, "answer": None, "shown": chat_error_message(exc)}
        except Exception as exc:  # a bug: keep serving, log the traceback
            log.exception("answering %r failed", question)
            turn = {"question": question, "answer": None, "shown": chat_error_message(exc)}
        turns = turns + [turn]
        yield self.messages(turns), turns, ""

    # papers ------------------------------------------------------------------------
    def table(self, query: str = "", sort: str = "Most upvoted",
              week: str | None = LATEST) -> tuple[list[list[Any]], str]:
        """Rows for the papers table (the week's, filtered by ``query``, sorted) and a
        status line."""
        papers, label = self.week_papers(week)
        tldrs = self.tldr_map(papers)
        key = SORTS.get(sort, "upvotes")
        if key == "date":
            ordered = sorted(papers, key=lambda p: (p.published or "", p.upvotes or 0), reverse=True)
        elif key == "title":
            ordered = sorted(papers, key=lambda p: p.title.lower())
        else:
            ordered = sorted(papers, key=rank_key)
        q = (query or "").strip().lower()
        rows = []
        for p in ordered:
            row = [p.title, tldrs[p.id][0], p.upvotes or 0, p.published or "", who(p), p.id]
            if not q or q in " ".join(str(x) for x in row).lower() + " " + p.abstract.lower():
                rows.append(row)
        missing = sum(1 for t, m in tldrs.values() if m == "missing")
        status = f"{len(rows)} of {len(papers)} papers · {label}"
        if missing:
            status += (f" · {missing} TL;DRs not written yet (the extractive sentence is shown; "
                       "“Write missing TL;DRs” writes them)")
        return rows, status

    def abstract(self, paper_id: str | None) -> str:
        if not paper_id:
            return "*Select a row to read its abstract.*"
        paper = next((p for p in self.papers() if p.id == paper_id), None)
        if paper is None:
            return "*That paper is no longer in the collection.*"
        return abstract_markdown(paper, self.tldr_of(paper))

    def write_tldrs(self, progress: Any = None, week: str | None = LATEST) -> str:
        """Write every TL;DR of the week not cached yet (cached ones cost nothing);
        returns a status."""
        papers = self.papers()
        if not papers:
            return "The collection is empty: add papers first."
        results = pipeline.write_tldrs(
            self.settings, store=self.store, scope=self.scope(week),
            progress_factory=lambda total, desc: ProgressBar(progress, total, "Writing TL;DRs"))
        n_llm = sum(t.method == "llm" for t in results)
        return (f"{len(results)} TL;DRs ready ({n_llm} phrased by the model, "
                f"{len(results) - n_llm} extractive).")

    def digest_file(self, progress: Any = None, week: str | None = LATEST) -> str:
        """The week's HTML digest written to a temporary file; returns its path."""
        text = pipeline.write_digest(self.settings, "html", scope=self.scope(week), store=self.store,
                                     progress_factory=lambda total, desc: ProgressBar(progress, total, desc))
        # (a folder per digest: two people's digests of different weeks never share a file)
        folder = Path(tempfile.mkdtemp(dir=self._downloads.name))
        path = folder / f"digest-{self.settings.store.collection}.html"
        path.write_text(text, encoding="utf-8")
        return str(path)

    # add papers --------------------------------------------------------------------
    def add(self, file: str | None, text: str | None, fmt: str = "auto", progress: Any = None) -> str:
        """Ingest an uploaded file or pasted text; returns the status HTML."""
        def factory(total: int, desc: str) -> ProgressBar:
            return ProgressBar(progress, total, desc)

        try:
            if file:
                path = Path(file)
                try:
                    report = pipeline.ingest_files(self.settings, [path], fmt or "auto", progress_factory=factory)
                except UserError as exc:  # name the file as the user knows it, not our temp path
                    raise UserError(str(exc).replace(str(path), path.name)) from None
            elif text and text.strip():
                report = pipeline.ingest_text(self.settings, text, fmt or "auto", name="pasted text",
                                     progress_factory=factory)
            else:
                return error_html("choose a file or paste the Daily Papers page text first")
        except UserError as exc:
            return error_html(str(exc))
        return ok_html(f"Ingested {report['papers']} papers ({report['added']} new, "
                       f"{report['updated']} updated, {report['unchanged']} unchanged) into "
                       f"collection {report['collection']!r} in {report['seconds']:.1f}s.")

    # page state --------------------------------------------------------------------
    def refresh(self, query: str, order: str, week: str | None = LATEST) -> tuple:
        """What a page load, an ingest or the week switch shows anew: table, status,
        examples, header, the week switch."""
        switch, week = self.weeks(week)
        rows, line = self.table(query, order, week)
        current, _ = self.week_papers(week)
        return (rows, line, gr.Dataset(samples=[[q] for q in example_questions(current)]),
                self.header(week), switch)


# -- the Blocks app: the tabs (webtabs.py), then the events between tabs -------------

def build_app(settings: Settings, *, model: Any | None = None, store: Any | None = None) -> gr.Blocks:
    """The Gradio app on ``settings``' collection. Start it with :func:`launch`."""
    ui = WebApp(settings, model=model, store=store)
    with gr.Blocks(title="paperqa-lite", analytics_enabled=False) as app:
        with gr.Row(equal_height=True):
            header = gr.Markdown(ui.header(), elem_id="pqa-header")
            week = gr.Dropdown(choices=ui.week_options(), value=LATEST, label="Week", scale=0,
                               min_width=260, elem_id="pqa-week")
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                examples = chat_tab(ui, ui.week_papers(LATEST)[0], turns, week)
            with gr.Tab("Papers", id="papers"):
                search, sort, table, table_status = papers_tab(ui, week)
            with gr.Tab("Add papers", id="add"):
                upload, pasted, fmt, add_btn, add_status = add_tab()
        refreshed = [table, table_status, examples, header, week]

        def add(file: str | None, text: str, form: str, query: str, order: str, shown: str,
                progress: gr.Progress = gr.Progress()) -> tuple:
            return (ui.add(file, text, form, progress), *ui.refresh(query, order, shown))

        add_btn.click(add, [upload, pasted, fmt, search, sort, week], [add_status, *refreshed],
                      api_name="add", concurrency_id="ingest", concurrency_limit=1)
        # a page load shows the collection as it is now (others may have added papers)
        app.load(ui.refresh, [search, sort], refreshed, api_visibility="private")
        # the switch: the header, the Papers tab and the chat's examples follow the week
        week.input(ui.refresh, [search, sort, week], refreshed, api_visibility="private")
    app.queue(default_concurrency_limit=MODEL_CONCURRENCY, max_size=QUEUE_MAX_SIZE)
    app.pqa = ui  # the handlers, for tests
    closing = app.close

    def close(*args: Any, **kwargs: Any) -> Any:
        # a served app stays referenced by the server's threads, so its folder of digests
        # would outlive it (and, in a test run, the process): closing the app removes it
        try:
            return closing(*args, **kwargs)
        finally:
            ui.close()
    app.close = close
    return app


# -- serving -------------------------------------------------------------------------

def launch(app: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860,
           auth: tuple[str, str] | None = None, prevent_thread_lock: bool = False,
           quiet: bool = False, mcp: bool = False) -> Any:
    """Start the server (blocking unless ``prevent_thread_lock``): local, private, offline;
    with the Atom feed at /feed.atom and, with ``mcp``, the MCP tools at /mcp, both behind
    the same login (:mod:`webroutes`)."""
    from .webroutes import lifespan

    try:
        return app.launch(
            server_name=host, server_port=port, auth=auth, share=False, inbrowser=False,
            prevent_thread_lock=prevent_thread_lock, quiet=quiet, show_error=False,
            css=CSS, head=HEAD, footer_links=["api", "settings"], run_history=False,
            ssr_mode=False, pwa=False, mcp_server=False, enable_monitoring=False,
            max_file_size="50mb",
            app_kwargs={"lifespan": lifespan(app.pqa, auth, mcp=mcp, host=host)},
        )
    except OSError as exc:  # port taken, address not available
        raise UserError(f"cannot serve on {host}:{port}: {exc}") from None


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None,
          auth_file: str | Path | None = None, no_auth: bool = False,
          ensure_sample: bool = False, mcp: bool = False) -> None:
    """``paperqa-lite serve``: check the login, optionally ingest the sample week, then
    serve until stopped."""
    credentials = resolve_auth(host, auth, auth_file, no_auth)
    if ensure_sample:
        report = pipeline.ensure_sample(settings)
        if report:
            print(f"Ingested the sample week: {report['papers']} papers into collection "
                  f"{report['collection']!r} in {report['seconds']:.1f}s", flush=True)
    app = build_app(settings)
    app.pqa.warm_up()
    login = "login required" if credentials else "no login"
    base = f"http://{host}:{port}"
    tools = f", MCP tools at {base}/mcp" if mcp else ""
    print(f"paperqa-lite web chat on {base} (feed at {base}/feed.atom{tools}; {login}; "
          "Ctrl+C stops it)", flush=True)
    if threading.current_thread() is threading.main_thread():
        # a service manager stops a server with SIGTERM: stop as Ctrl+C does, so that the
        # server closes and the app's temporary files go with it
        signal.signal(signal.SIGTERM, _interrupted)
    try:
        launch(app, host=host, port=port, auth=credentials, quiet=True, mcp=mcp)
    finally:
        app.close()


def _interrupted(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
