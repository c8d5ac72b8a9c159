"""The use cases both shells call: the CLI reaches nothing below them, and the ones that
hold a rule (remove all or nothing, which TL;DR a table shows, one progress bar per job)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paperqa_lite import pipeline
from paperqa_lite.errors import UserError

SRC = Path(__file__).parents[1] / "src" / "paperqa_lite"


def _own_imports(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports (relative imports, anywhere in it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                found.add(node.module)
            else:
                found.update(a.name for a in node.names if a.name != "__version__")
    return found


def test_the_cli_calls_nothing_below_the_pipeline():
    """Settings, errors and the prompt check are shared by every layer; the evals are the
    one client of the pipeline with an entry point of their own (see pipeline's docstring)."""
    # ingest.FORMATS and llm.BACKENDS only name the choices of --format and --backend;
    # paper.who is how every shell writes a paper's authors line
    allowed = {"pipeline", "settings", "errors", "prompts", "evals.runner", "web", "ingest", "llm",
               "paper", "weeks"}
    # the commands' shared options are part of the shell, and held to the same rule
    assert _own_imports(SRC / "cli.py") <= allowed | {"cliopts"}
    assert _own_imports(SRC / "cliopts.py") <= allowed


def test_the_web_app_calls_nothing_below_the_pipeline():
    """Beside the pipeline: its own presentation (webview), login rule (webauth), and the
    constants and record helpers every shell shares."""
    assert _own_imports(SRC / "web.py") <= {"pipeline", "settings", "errors", "ingest", "paper",
                                            "webview", "webauth", "webroutes", "weeks", "webtabs",
                                            "imports"}  # how gradio is imported, nothing below
    # its tabs are the same shell, split off by size
    assert _own_imports(SRC / "webtabs.py") <= {"errors", "ingest", "webview", "web", "imports"}
    # its routes beside Gradio's (feed, MCP) are a shell too: the same rule holds there
    assert _own_imports(SRC / "webroutes.py") <= {"pipeline", "errors", "escape", "paper",
                                                  "webview", "weeks"}


def test_remove_names_the_unknown_ids_and_removes_nothing(week_home, settings):
    before = [p.id for p in pipeline.list_papers(settings)]
    with pytest.raises(UserError, match=r"no-such-id \(nothing removed\)"):
        pipeline.remove_papers(settings, [before[0], "no-such-id"])
    assert [p.id for p in pipeline.list_papers(settings)] == before
    assert pipeline.remove_papers(settings, before[:2]) == 2
    assert [p.id for p in pipeline.list_papers(settings)] == before[2:]


class _Bar:
    def __init__(self, total: int, label: str) -> None:
        self.total, self.label, self.done, self.closed = total, label, 0, False

    def update(self, n: int = 1) -> None:
        self.done += n

    def close(self) -> None:
        self.closed = True


def test_tldrs_are_shown_as_missing_until_written_then_from_the_cache(week_home, settings):
    store = pipeline.open_store(settings)
    papers = pipeline.list_papers(settings, store)
    shown = pipeline.shown_tldrs(settings, papers, store)
    assert {m for _, m in shown.values()} == {"missing"} and len(shown) == len(papers) == 40
    bars: list[_Bar] = []

    def factory(total: int, label: str) -> _Bar:
        bars.append(_Bar(total, label))
        return bars[-1]

    written = pipeline.write_tldrs(settings, [papers[0].id, papers[1].id], progress_factory=factory,
                                   store=store)
    assert [t.id for t in written] == [papers[0].id, papers[1].id]
    assert [(b.total, b.done, b.closed) for b in bars] == [(2, 2, True)]
    shown = pipeline.shown_tldrs(settings, papers, store)
    assert shown[papers[0].id] == (written[0].tldr, "extractive")
    assert sum(m == "missing" for _, m in shown.values()) == 38
    everything = pipeline.write_tldrs(settings, progress_factory=factory)
    assert len(everything) == 40 and (bars[-1].total, bars[-1].done, bars[-1].closed) == (40, 40, True)


def test_the_bar_is_closed_when_the_job_fails(week_home, settings):
    bars: list[_Bar] = []
    with pytest.raises(UserError, match="not in collection"):
        pipeline.write_tldrs(settings, ["no-such-id"],
                             progress_factory=lambda total, label: bars.append(_Bar(total, label))
                             or bars[-1])
    assert len(bars) == 1 and bars[0].closed
