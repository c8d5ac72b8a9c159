"""The ``paperqa-lite`` command: a thin shell over the library functions.

Every command turns flags into :class:`~paperqa_lite.settings.Settings` overrides, calls
one library function and prints its result (``--json`` for scripts). A
:class:`~paperqa_lite.errors.UserError` becomes one ``Error: ...`` line and exit code 2.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import UserError
from .settings import SAMPLE_WEEK, Settings, load_settings


class _Cli(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


def store_options(f):
    """--collection and --chroma-url, turned into a ``settings`` argument."""

    @click.option("--collection", help="Chroma collection (default: store.collection).")
    @click.option("--chroma-url", help="Use a Chroma server, e.g. http://127.0.0.1:8000.")
    @functools.wraps(f)
    def wrapper(*args, collection=None, chroma_url=None, **kwargs):
        overrides = kwargs.pop("_overrides", {})
        overrides.setdefault("store", {}).update(collection=collection, chroma_url=chroma_url)
        return f(*args, settings=load_settings(**overrides), **kwargs)

    return wrapper


def llm_options(f):
    """Backend flags, merged into the settings overrides before ``store_options`` runs."""

    @click.option("--backend", type=click.Choice(["local", "openai", "openai-compatible"]),
                  help="LLM backend (default: llm.backend).")
    @click.option("--model", help="Model id for the backend.")
    @click.option("--base-url", help="Base URL of an OpenAI-compatible server.")
    @functools.wraps(f)
    def wrapper(*args, backend=None, model=None, base_url=None, **kwargs):
        overrides = kwargs.setdefault("_overrides", {})
        overrides["llm"] = {"backend": backend, "model": model, "base_url": base_url}
        return f(*args, **kwargs)

    return wrapper


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def progress_bar(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="paper", file=sys.stderr, leave=False,
                disable=total < 20 or None)


@click.group(cls=_Cli)
@click.version_option(__version__, prog_name="paperqa-lite")
def cli() -> None:
    """TL;DRs of, and cited answers about, a week of AI papers. Local-first."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "page", "hf-json", "arxiv", "jsonl", "csv"]))
@click.option("--sample", is_flag=True, help="Ingest the bundled sample week.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@store_options
def ingest(paths: tuple[Path, ...], fmt: str, sample: bool, as_json: bool, settings: Settings) -> None:
    """Parse, chunk, embed and store papers. Idempotent; bad input changes nothing."""
    from .pipeline import ingest_files

    files = list(paths) + ([SAMPLE_WEEK] if sample else [])
    if not files:
        raise UserError("give at least one file to ingest (or --sample)")
    report = ingest_files(settings, files, fmt, progress_factory=progress_bar)
    if as_json:
        emit_json(report)
    else:
        click.echo(
            f"Ingested {report['papers']} papers ({report['added']} new, {report['updated']} updated, "
            f"{report['unchanged']} unchanged), {report['chunks']} chunks written into "
            f"collection {report['collection']!r} in {report['seconds']:.1f}s"
        )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the records as a JSON list.")
@store_options
def papers(as_json: bool, settings: Settings) -> None:
    """List the papers of the collection."""
    from .store import Store

    found = Store(settings).papers()
    if as_json:
        emit_json([p.record() for p in found])
        return
    for p in found:
        who = p.organization or (f"{p.n_authors} authors" if p.n_authors else "")
        click.echo(f"{p.id:<16} {str(p.upvotes or 0):>4}  {p.published or '':<10}  {p.title[:70]}  {who}")
    click.echo(f"{len(found)} papers in {settings.store.collection!r}")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@store_options
def remove(ids: tuple[str, ...], settings: Settings) -> None:
    """Delete papers (all their chunks) by id."""
    from .store import Store

    missing = Store(settings).remove(ids)
    if missing:
        raise UserError(f"not in collection {settings.store.collection!r}: {', '.join(missing)}")
    click.echo(f"Removed {len(ids)} paper(s)")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@store_options
def config(as_json: bool, settings: Settings) -> None:
    """Show the settings in force (API key masked)."""
    data = settings.public_dict()
    if as_json:
        emit_json(data)
        return
    for section, values in data.items():
        if isinstance(values, dict):
            for key, value in values.items():
                click.echo(f"{section}.{key} = {value}")
        else:
            click.echo(f"{section} = {values}")


def main() -> None:
    cli(prog_name="paperqa-lite")


if __name__ == "__main__":
    main()
