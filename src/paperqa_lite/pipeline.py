"""Use cases shared by the CLI and the web app (so no logic lives only in a shell)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .digest import DigestItem, render
from .ingest import load_papers, parse_text
from .paper import Paper
from .settings import SAMPLE_WEEK, Settings
from .store import Store
from .tldr import tldrs


def ingest_papers(settings: Settings, papers: list[Paper],
                  progress_factory: Callable[[int, str], Any] | None = None) -> dict[str, Any]:
    """Write already-validated papers; returns the summary the CLI prints."""
    store = Store(settings)
    bar = progress_factory(len(papers), "Embedding") if progress_factory else None
    try:
        report = store.ingest(papers, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    return {
        "papers": len(papers), "added": report.added, "updated": report.updated,
        "unchanged": report.unchanged, "chunks": report.chunks,
        "collection": store.name, "seconds": round(report.seconds, 2),
    }


def ingest_files(settings: Settings, paths: list[Path], fmt: str = "auto",
                 progress_factory: Callable[[int, str], Any] | None = None) -> dict[str, Any]:
    """Parse and validate every file first; only then write anything."""
    return ingest_papers(settings, load_papers(paths, fmt), progress_factory)


def ingest_text(settings: Settings, text: str, fmt: str = "auto", name: str = "<pasted text>",
                progress_factory: Callable[[int, str], Any] | None = None) -> dict[str, Any]:
    return ingest_papers(settings, parse_text(text, fmt, name), progress_factory)


def ensure_sample(settings: Settings) -> dict[str, Any] | None:
    """Ingest the bundled sample week when the collection is empty."""
    if Store(settings).count_chunks():
        return None
    return ingest_files(settings, [SAMPLE_WEEK])


def write_digest(settings: Settings, fmt: str = "md",
                 progress_factory: Callable[[int, str], Any] | None = None) -> str:
    """TL;DRs for the whole collection (cached ones are instant), rendered as a digest."""
    store = Store(settings)
    papers = {p.id: p for p in store.papers()}
    bar = progress_factory(len(papers), "TL;DRs") if progress_factory else None
    try:
        results = tldrs(settings, progress=bar.update if bar else None, store=store)
    finally:
        if bar is not None:
            bar.close()
    return render([DigestItem(papers[t.id], t.tldr) for t in results], fmt, store.name)
