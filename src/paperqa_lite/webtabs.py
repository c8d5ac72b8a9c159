"""The web app's three tabs (Chat, Papers, Add papers): their components and the events
inside each tab. :mod:`web` holds the handlers (:class:`~paperqa_lite.web.WebApp`) and wires
the events between tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .imports import without

with without("mcp"):  # as in web.py, which imports this module after setting Gradio's env
    import gradio as gr

from .errors import UserError
from .ingest import FORMATS
from .webview import error_html, example_questions, ok_html

if TYPE_CHECKING:
    from .web import WebApp

# The bundled local model runs in this process: two events at a time share its CPU.
MODEL_CONCURRENCY = 2
QUEUE_MAX_SIZE = 64
TABLE_HEADERS = ["Title", "TL;DR", "Upvotes", "Date", "Organisation / authors", "ID"]
# Cells are plain text (never "markdown"/"html"): a title is shown as the characters it has.
TABLE_TYPES = ["str", "str", "number", "str", "str", "str"]
SORTS = {"Most upvoted": "upvotes", "Newest": "date", "Title": "title"}


def chat_tab(ui: WebApp, papers: list[Any], turns: gr.State, week: gr.Dropdown) -> gr.Dataset:
    """The chat over the week in view; returns its examples (refreshed when papers are
    added or the week changes)."""
    chatbot = gr.Chatbot(label="Answers", elem_id="pqa-chat", height=560,
                         buttons=["copy", "copy_all"], feedback_options=None,
                         latex_delimiters=[], layout="bubble",
                         placeholder="Ask about this week's papers. Answers cite them: "
                                     "click a **[n]** to open the paper.")
    with gr.Row():
        question = gr.Textbox(show_label=False, scale=8, elem_id="pqa-question",
                              placeholder="Ask a question about this week's papers…",
                              autofocus=True, max_lines=4)
        ask_btn = gr.Button("Ask", variant="primary", scale=1, elem_id="pqa-ask")
        new_btn = gr.Button("New chat", scale=1, elem_id="pqa-new")
    examples = gr.Dataset(label="Examples from this week", components=[question],
                          samples=[[q] for q in example_questions(papers)], elem_id="pqa-examples")
    model_queue = {"concurrency_id": "model", "concurrency_limit": MODEL_CONCURRENCY}
    gr.on([question.submit, ask_btn.click], ui.respond, [question, turns, week],
          [chatbot, turns, question], api_name="ask", **model_queue)

    def reset() -> tuple[list, list]:
        return [], []

    new_btn.click(reset, None, [chatbot, turns], api_visibility="private", queue=False)
    chatbot.clear(reset, None, [chatbot, turns], api_visibility="private", queue=False)
    examples.click(lambda sample: sample[0], examples, question, api_visibility="private",
                   queue=False).then(ui.respond, [question, turns, week], [chatbot, turns, question],
                                     api_visibility="private", **model_queue)
    return examples


def papers_tab(ui: WebApp, week: gr.Dropdown) -> tuple[gr.Textbox, gr.Dropdown, gr.Dataframe, gr.Markdown]:
    """The table, its abstract pane, TL;DRs and the digest; returns what other tabs refresh."""
    with gr.Row():
        search = gr.Textbox(label="Filter", placeholder="words in the title, TL;DR, "
                            "organisation or abstract", scale=4, elem_id="pqa-filter")
        sort = gr.Dropdown(list(SORTS), value="Most upvoted", label="Sort by", scale=1)
    table_status = gr.Markdown(elem_classes="pqa-meta", elem_id="pqa-table-status")
    table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, wrap=True, datatype=TABLE_TYPES,
                         column_widths=["30%", "38%", "7%", "9%", "10%", "6%"],
                         max_height=520, elem_id="pqa-table", buttons=["copy"])
    abstract = gr.Markdown("*Select a row to read its abstract.*", elem_id="pqa-abstract")
    with gr.Row():
        tldr_btn = gr.Button("Write missing TL;DRs", elem_id="pqa-write-tldrs")
        digest_btn = gr.Button("Make the HTML digest", elem_id="pqa-digest")
    tldr_status = gr.HTML()
    digest_file = gr.File(label="Digest", visible=False, interactive=False, elem_id="pqa-digest-file")

    gr.on([search.change, sort.change], ui.table, [search, sort, week], [table, table_status],
          api_name="papers", concurrency_limit=4)

    def select(evt: gr.SelectData) -> str:
        row = evt.row_value or []
        return ui.abstract(row[-1] if row else None)

    table.select(select, None, abstract, api_visibility="private")

    def write_tldrs(query: str, order: str, shown: str, progress: gr.Progress = gr.Progress()) -> tuple:
        try:
            status = ok_html(ui.write_tldrs(progress, shown))
        except UserError as exc:
            status = error_html(str(exc))
        return (status, *ui.table(query, order, shown))

    tldr_btn.click(write_tldrs, [search, sort, week], [tldr_status, table, table_status],
                   api_name="write_tldrs", concurrency_id="model", concurrency_limit=MODEL_CONCURRENCY)

    def make_digest(shown: str, progress: gr.Progress = gr.Progress()) -> tuple:
        try:
            path = ui.digest_file(progress, shown)
        except UserError as exc:
            return error_html(str(exc)), gr.File(visible=False)
        return ok_html("The digest is ready below."), gr.File(value=path, visible=True)

    digest_btn.click(make_digest, [week], [tldr_status, digest_file], api_name="digest",
                     concurrency_id="model", concurrency_limit=MODEL_CONCURRENCY)
    return search, sort, table, table_status


def add_tab() -> tuple[gr.File, gr.Textbox, gr.Dropdown, gr.Button, gr.HTML]:
    gr.Markdown("Add a file (Daily Papers page text, HF daily papers JSON, arXiv Atom, "
                "JSON Lines or CSV) or paste the Daily Papers page. Every paper is "
                "validated before anything is written: a bad file changes nothing.")
    with gr.Row():
        upload = gr.File(label="File", file_count="single", type="filepath",
                         file_types=[".txt", ".json", ".jsonl", ".csv", ".xml", ".atom"],
                         elem_id="pqa-upload")
        pasted = gr.Textbox(label="…or paste the page text", lines=8, max_lines=16, elem_id="pqa-paste")
    fmt = gr.Dropdown(list(FORMATS), value="auto", label="Format (read from the content when auto)")
    add_btn = gr.Button("Add papers", variant="primary", elem_id="pqa-add")
    add_status = gr.HTML(elem_id="pqa-add-status")
    return upload, pasted, fmt, add_btn, add_status
