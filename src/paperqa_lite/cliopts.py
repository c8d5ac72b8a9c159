"""The options and output helpers the ``paperqa-lite`` commands share (``cli.py`` holds
the commands): flags turned into ``Settings`` overrides and a week scope, the top-level
help's epilog, JSON output, progress bars, and the error-to-exit-code mapping."""

from __future__ import annotations

import functools
import json
import sys
from typing import Any

import click

from . import pipeline
from .errors import UserError
from .llm import BACKENDS
from .paper import check_question
from .prompts import check_all
from .settings import Settings, load_settings


class CliGroup(click.Group):
    """A ``UserError`` becomes one ``Error:`` line and its exit code; Ctrl+C exits 130."""

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
        settings = load_settings(**overrides)
        if "llm" in overrides:  # the command prompts a model: a broken prompt file fails now
            check_all(settings.prompts_dir)
        return f(*args, settings=settings, **kwargs)

    return wrapper


def llm_options(f):
    """Backend flags, merged into the settings overrides before ``store_options`` runs."""

    @click.option("--backend", type=click.Choice(list(BACKENDS)),
                  help="LLM backend (default: llm.backend).")
    @click.option("--model", help="Model id for the backend.")
    @click.option("--base-url", help="Base URL of an OpenAI-compatible server.")
    @functools.wraps(f)
    def wrapper(*args, backend=None, model=None, base_url=None, **kwargs):
        overrides = kwargs.setdefault("_overrides", {})
        overrides["llm"] = {"backend": backend, "model": model, "base_url": base_url}
        return f(*args, **kwargs)

    return wrapper


def week_options(f):
    """--week, --since and --until, turned into a ``scope`` argument (after ``settings``):
    no --week is the collection's latest week, ``--week all`` every week."""

    @click.option("--week", metavar="YYYY-Www|all",
                  help="One ISO week of Daily Papers (default: latest, the newest in the collection; all: every week).")
    @click.option("--since", metavar="YYYY-MM-DD", help="Only papers on Daily Papers on or after DATE.")
    @click.option("--until", metavar="YYYY-MM-DD", help="Only papers on Daily Papers on or before DATE.")
    @functools.wraps(f)
    def wrapper(*args, week=None, since=None, until=None, settings: Settings, **kwargs):
        if "question" in kwargs:  # a bad question fails before the store is opened
            kwargs["question"] = check_question(kwargs["question"])
        scope = pipeline.resolve_scope(settings, week, since, until, kwargs.get("question"))
        return f(*args, settings=settings, scope=scope, **kwargs)

    return wrapper


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def progress_bar(total: int, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="paper", file=sys.stderr, leave=False,
                disable=total < 20 or None)


# \b keeps click from re-flowing the paragraph that follows it.
EPILOG = """\b
Examples:
  paperqa-lite ingest --sample              # the bundled sample week
  paperqa-lite ingest papers.txt --format page
  paperqa-lite fetch --week 2026-W11        # Daily Papers from the Hub
  paperqa-lite ask "Which papers use reinforcement learning?"
  paperqa-lite ask "What did last week's papers say about agents?"
  paperqa-lite papers --week 2026-W11       # one week (default: the latest; all: every week)
  paperqa-lite tldr --json
  paperqa-lite digest --format html -o week.html
  paperqa-lite serve --port 7860            # the web chat, its feed at /feed.atom
  paperqa-lite serve --mcp                  # and MCP tools (ask, papers, tldr) at /mcp
  paperqa-lite eval evals/week_qa.jsonl
  paperqa-lite COMMAND -h                   # a command's options

\b
Environment:
  PAPERQA_LITE_HOME      where the store, caches and eval runs live
                         (default ~/.paperqa-lite; config file: its config.toml)
  PAPERQA_LITE_<SECTION>__<FIELD>
                         any setting, e.g. PAPERQA_LITE_LLM__BACKEND=openai
                         or PAPERQA_LITE_PROMPTS_DIR (`paperqa-lite config` lists them)
  OPENAI_API_KEY         API key of llm.backend = openai
  OPENAI_BASE_URL        the OpenAI API's URL when llm.base_url is unset
  HF_ENDPOINT, HF_TOKEN  the Hub `fetch` asks and its token (huggingface_hub's own)

\b
Exit codes:
  0    success
  1    an unexpected error (a bug: the traceback is printed)
  2    bad input or usage: one "Error:" line saying what to fix
  3    the model, embedding backend or Daily Papers API failed after its retries
  130  interrupted (Ctrl+C)
"""
