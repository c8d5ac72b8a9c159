"""The use cases: every operation the CLI and the web app offer, one function each.

The shells (``cli.py``, ``web.py``) turn input into arguments and results into output,
and reach the store, retrieval, the models, TL;DRs and answers only through it, so a rule
that is not about input or output (validate every file before writing any, name what is
missing and remove nothing, size a progress bar and close it, which TL;DR a table shows)
is written once and holds in both.
``store`` arguments let a long-lived shell (the web app) reuse one open store; a shell
gets it from :func:`open_store` and treats it as opaque.

Evals are the one client that is not a shell: they ingest through :func:`ingest_papers`
so that they measure what users get, which puts them above this module; the shells run
them through ``evals.runner``, their own entry point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import llm
from .answer import Answer, ask_stream
from .digest import DigestItem, render
from .errors import UserError
from .store.health import Health, check
from .ingest import load_papers, parse_text
from .ingest.hfapi import fetch, period
from .paper import Paper, check_question
from .retrieve import get_retriever, iso_day
from .settings import SAMPLE_WEEK, Settings
from .store import Store
from .tldr import Tldr, generate, make_tldr, tldrs
from .weeks import Scope, resolve, weeks_in

ProgressFactory = Callable[[int, str], Any]  # (total, label) -> object with update(n), close()

__all__ = ["Answer", "ask", "doctor", "ensure_sample", "feed", "fetch_papers", "ingest_files",
           "ingest_papers", "ingest_text", "list_papers", "list_weeks", "open_store",
           "ProgressFactory", "remove_papers", "remove_source", "resolve_scope", "Scope",
           "shown_tldrs", "warm_up", "write_digest", "write_tldrs"]


def open_store(settings: Settings) -> Store:
    """The collection ``settings`` name, opened once for a shell that serves many calls."""
    return Store(settings)


def _with_bar(factory: ProgressFactory | None, total: int, label: str,
              work: Callable[[Callable[[int], None] | None], Any]) -> Any:
    """Run ``work(update)`` under a progress bar from ``factory`` (none when not given)."""
    bar = factory(total, label) if factory else None
    try:
        return work(bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()


# -- ingest ------------------------------------------------------------------------------

def ingest_papers(settings: Settings, papers: list[Paper],
                  progress_factory: ProgressFactory | None = None) -> dict[str, Any]:
    """Write already-validated papers; returns the summary both shells print."""
    store = Store(settings)
    report = _with_bar(progress_factory, len(papers), "Embedding",
                       lambda update: store.ingest(papers, progress=update))
    if report.added or report.updated:  # grow the BM25 index saved beside the store now
        get_retriever(settings, store).snapshot()
    return {
        "papers": len(papers), "added": report.added, "updated": report.updated,
        "unchanged": report.unchanged, "chunks": report.chunks,
        "collection": store.name, "seconds": round(report.seconds, 2),
    }


def ingest_files(settings: Settings, paths: list[Path], fmt: str = "auto",
                 progress_factory: ProgressFactory | None = None) -> dict[str, Any]:
    """Parse and validate every file first; only then write anything."""
    return ingest_papers(settings, load_papers(paths, fmt), progress_factory)


def ingest_text(settings: Settings, text: str, fmt: str = "auto", name: str = "<pasted text>",
                progress_factory: ProgressFactory | None = None) -> dict[str, Any]:
    return ingest_papers(settings, parse_text(text, fmt, name), progress_factory)


def fetch_papers(settings: Settings, *, date: str | None = None, week: str | None = None,
                 month: str | None = None, since: str | None = None,
                 progress_factory: ProgressFactory | None = None) -> dict[str, Any]:
    """The Daily Papers of one day, ISO week, month or every week since a day, from the
    Hub, all fetched and checked before any is written; the ingest summary plus what was
    asked and whether anything was new."""
    when, cfg = period(date, week, month, since), settings.fetch
    papers = _with_bar(progress_factory, len(when.queries(dt.date.today())), "Fetching",
                       lambda update: fetch(when, timeout_s=cfg.timeout_s, deadline_s=cfg.deadline_s,
                                            backoff_s=cfg.backoff_s, page_size=cfg.page_size,
                                            progress=update))
    report = (ingest_papers(settings, papers, progress_factory) if papers else
              {"papers": 0, "added": 0, "updated": 0, "unchanged": 0, "chunks": 0,
               "collection": settings.store.collection, "seconds": 0.0})
    return {"period": when.label, **report, "new": bool(report["added"] or report["updated"])}


def ensure_sample(settings: Settings) -> dict[str, Any] | None:
    """Ingest the bundled sample week when the collection is empty."""
    if Store(settings).count_chunks():
        return None
    return ingest_files(settings, [SAMPLE_WEEK])


# -- the collection ----------------------------------------------------------------------

def list_papers(settings: Settings, store: Store | None = None,
                scope: Scope | None = None) -> list[Paper]:
    """The collection's papers (those in ``scope`` when given), most upvoted first."""
    papers = (store or Store(settings)).papers()
    return scope.select(papers) if scope else papers


def list_weeks(settings: Settings, store: Store | None = None) -> dict[str, int]:
    """week -> its papers, newest first."""
    return weeks_in((store or Store(settings)).papers())


def resolve_scope(settings: Settings, week: str | None = None, since: str | None = None,
                  until: str | None = None, question: str | None = None,
                  store: Store | None = None) -> Scope:
    """What a shell's ``--week``/``--since``/``--until`` (and a question's week words)
    mean on this collection: no week is the latest week in it, ``all`` every week
    (:func:`weeks.resolve`). Checked before any model loads."""
    return resolve((store or Store(settings)).papers(), week, since, until, question)


def remove_papers(settings: Settings, ids: Iterable[str]) -> int:
    """Delete papers by id; if any id is unknown, nothing is removed. Returns the count."""
    ids = list(ids)
    missing = Store(settings).remove(ids)
    if missing:
        raise UserError(f"not in collection {settings.store.collection!r}: {', '.join(missing)} "
                        "(nothing removed)")
    return len(ids)


def remove_source(settings: Settings, source: str) -> int:
    """Delete every paper that one file added, in one write. Returns the count."""
    removed = Store(settings).remove_source(source)
    if not removed:
        raise UserError(f"no paper in collection {settings.store.collection!r} came from "
                        f"{Path(source).name!r} (nothing removed)")
    return len(removed)


def doctor(settings: Settings, *, repair: bool = False) -> Health:
    """Chunks without vectors, papers missing chunks, stale versions; repaired on request."""
    return check(Store(settings), repair=repair)


# -- answers -----------------------------------------------------------------------------

def ask(settings: Settings, question: str, *, k: int | None = None, since: str | None = None,
        until: str | None = None, min_upvotes: int | None = None,
        history: list[tuple[str, str]] | None = None, model: Any | None = None,
        store: Store | None = None, scope: Scope | None = None) -> Iterator[str | Answer]:
    """Text deltas, then the final :class:`Answer` (its text is authoritative). The question
    and the dates are checked here, before any index or model is loaded. ``scope`` (from
    :func:`resolve_scope`): answer from its papers only; ``since``/``until`` bound the
    publication date."""
    question = check_question(question)
    iso_day(since, "since"), iso_day(until, "until")
    store = store or Store(settings)
    ids = None if scope is None or scope.everything else {p.id for p in scope.select(store.papers())}
    return ask_stream(settings, question, k=k, since=since, until=until,
                      min_upvotes=min_upvotes, history=history, model=model, store=store, ids=ids)


def warm_up(settings: Settings, store: Store, model: Any | None = None) -> None:
    """Load what the first question needs (search index, embedder, local model) now."""
    get_retriever(settings, store).snapshot()
    store.embedder.get_query_embedding("warm up")
    if model is None and settings.llm.backend == "local":
        llm.get_model(settings)


# -- TL;DRs and the digest ---------------------------------------------------------------

def write_tldrs(settings: Settings, ids: Iterable[str] = (), *, refresh: bool = False,
                progress_factory: ProgressFactory | None = None,
                store: Store | None = None, scope: Scope | None = None) -> list[Tldr]:
    """TL;DRs of the given papers (when none is given: all, or those in ``scope``),
    writing the ones not cached."""
    store = store or Store(settings)
    ids = list(ids)
    if not ids and scope is not None and not scope.everything:
        ids = [p.id for p in scope.select(store.papers())]
        if not ids:
            return []
    return _with_bar(progress_factory, len(ids) or store.count_papers(), "TL;DRs",
                     lambda update: tldrs(settings, ids, refresh=refresh, progress=update,
                                          store=store))


def shown_tldrs(settings: Settings, papers: list[Paper],
                store: Store | None = None) -> dict[str, tuple[str, str]]:
    """id -> (TL;DR, method) for display: the cached one where written, else the extractive
    sentence with method ``"missing"``. Never calls a model."""
    out = {}
    cached = generate(settings, papers, store or Store(settings), cached_only=True)
    for paper, tldr in zip(papers, cached):
        out[paper.id] = (tldr.tldr, tldr.method) if tldr else (make_tldr(paper).tldr, "missing")
    return out


def write_digest(settings: Settings, fmt: str = "md",
                 progress_factory: ProgressFactory | None = None,
                 scope: Scope | None = None, store: Store | None = None) -> str:
    """TL;DRs for the collection's papers (those in ``scope`` when given; cached ones are
    instant), rendered as a digest titled with the collection and the week."""
    store = store or Store(settings)
    papers = {p.id: p for p in list_papers(settings, store, scope)}
    name = store.name if scope is None or scope.everything else f"{store.name}, {scope.label}"
    results = _with_bar(progress_factory, len(papers), "TL;DRs",
                        lambda update: tldrs(settings, list(papers), progress=update, store=store)
                        if papers else [])
    return render([DigestItem(papers[t.id], t.tldr) for t in results], fmt, name)


def feed(settings: Settings, scope: Scope, store: Store | None = None) -> str:
    """The scope's Atom feed as a server publishes it: TL;DRs as written (the weekly job
    writes them), the extractive sentence where none is yet; never calls a model, so a
    feed reader's poll costs a read."""
    store = store or Store(settings)
    papers = list_papers(settings, store, scope)
    shown = shown_tldrs(settings, papers, store)
    # "Papers of the week: week 2026-W11 (collection 'week')", not "...: week, week 2026-W11"
    name = store.name if scope.everything else f"{scope.label} (collection '{store.name}')"
    return render([DigestItem(p, shown[p.id][0]) for p in papers], "atom", name)

