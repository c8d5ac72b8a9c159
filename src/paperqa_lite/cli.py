"""The ``paperqa-lite`` command: a thin shell over the library functions.

Every command turns flags into :class:`~paperqa_lite.settings.Settings` overrides, calls
one library function and prints its result (``--json`` for scripts). A
:class:`~paperqa_lite.errors.UserError` becomes one ``Error: ...`` line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, llm, pipeline
from .cliopts import EPILOG, CliGroup, emit_json, llm_options, progress_bar, store_options, week_options
from .errors import UserError
from .evals.runner import compare_runs, run_eval, summary
from .ingest import FORMATS
from .paper import who
from .settings import SAMPLE_WEEK, Settings
from .weeks import week_days


@click.group(cls=CliGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperqa-lite")
def cli() -> None:
    """TL;DRs of, and cited answers about, a week of AI papers. Local-first: no API key
    or network needed."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
# Checked by the parser (not click.Choice), so a bad value is one "Error:" line naming the file.
@click.option("--format", "fmt", default="auto", show_default=True,
              metavar=f"[{'|'.join(FORMATS)}]", help="Input format (auto: detect).")
@click.option("--sample", is_flag=True, help="Ingest the bundled sample week.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@store_options
def ingest(paths: tuple[Path, ...], fmt: str, sample: bool, as_json: bool, settings: Settings) -> None:
    """Parse, chunk, embed and store papers. Idempotent; bad input changes nothing."""
    files = list(paths) + ([SAMPLE_WEEK] if sample else [])
    if not files:
        raise UserError("give at least one file to ingest (or --sample)")
    report = pipeline.ingest_files(settings, files, fmt, progress_factory=progress_bar)
    if as_json:
        emit_json(report)
    else:
        click.echo(
            f"Ingested {report['papers']} papers ({report['added']} new, {report['updated']} updated, "
            f"{report['unchanged']} unchanged), {report['chunks']} chunks written into "
            f"collection {report['collection']!r} in {report['seconds']:.1f}s"
        )


@cli.command()
@click.option("--date", metavar="YYYY-MM-DD", help="One day of Daily Papers.")
@click.option("--week", metavar="YYYY-Www", help="One ISO week, e.g. 2026-W11.")
@click.option("--month", metavar="YYYY-MM", help="One month.")
@click.option("--since", metavar="YYYY-MM-DD", help="Every day from DATE to today.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@store_options
def fetch(date: str | None, week: str | None, month: str | None, since: str | None,
          as_json: bool, settings: Settings) -> None:
    """Fetch Daily Papers from the Hugging Face API (HF_ENDPOINT, HF_TOKEN) and ingest them.
    Idempotent: exit 0 with "nothing new" when the store has them all."""
    report = pipeline.fetch_papers(settings, date=date, week=week, month=month, since=since,
                                   progress_factory=progress_bar)
    if as_json:
        emit_json(report)
    elif not report["new"]:
        click.echo(f"Fetched {report['papers']} papers for {report['period']}: nothing new "
                   f"(collection {report['collection']!r})")
    else:
        click.echo(
            f"Fetched {report['papers']} papers for {report['period']} ({report['added']} new, "
            f"{report['updated']} updated, {report['unchanged']} unchanged), {report['chunks']} "
            f"chunks written into collection {report['collection']!r} in {report['seconds']:.1f}s")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the records as a JSON list.")
@store_options
@week_options
def papers(as_json: bool, settings: Settings, scope: pipeline.Scope) -> None:
    """List the papers of the collection (of one week: the latest unless --week says)."""
    found = pipeline.list_papers(settings, scope=scope)
    if as_json:
        emit_json([p.record() for p in found])
        return
    for p in found:
        click.echo(f"{p.id:<16} {str(p.upvotes or 0):>4}  {p.published or '':<10}  {p.title[:70]}  {who(p)}")
    click.echo(f"{len(found)} papers in {settings.store.collection!r}, {scope.label}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help='Print {"week": papers}.')
@store_options
def weeks(as_json: bool, settings: Settings) -> None:
    """The weeks in the collection (ISO weeks of the Daily Papers day), newest first."""
    held = pipeline.list_weeks(settings)
    if as_json:
        emit_json(held)
        return
    for week, n in held.items():
        monday, sunday = week_days(week)
        click.echo(f"{week}  {monday} to {sunday}  {n:>4} papers")
    click.echo(f"{len(held)} week(s) in {settings.store.collection!r}")


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--source", metavar="FILE", help="Remove every paper FILE added (its name as ingested).")
@store_options
def remove(ids: tuple[str, ...], source: str | None, settings: Settings) -> None:
    """Delete papers (all their chunks) by id, or all that one file added."""
    if bool(ids) == bool(source):
        raise UserError("give paper ids or --source FILE (one of the two)")
    if source:
        removed = pipeline.remove_source(settings, source)
        click.echo(f"Removed {removed} paper(s) added from {Path(source).name}")
        return
    click.echo(f"Removed {pipeline.remove_papers(settings, ids)} paper(s)")


@cli.command()
@click.option("--repair", is_flag=True, help="Fix what is found (re-embed, rewrite, delete).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@store_options
def doctor(repair: bool, as_json: bool, settings: Settings) -> None:
    """Check the collection: chunks without vectors, papers missing chunks, stale versions."""
    report = pipeline.doctor(settings, repair=repair)
    if as_json:
        emit_json(report.public())
    else:
        for line in report.lines():
            click.echo(line)
    if report.problems() and not repair:
        sys.exit(1)


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


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--json", "as_json", is_flag=True,
              help='Print {"tldrs": [{"id", "title", "tldr", ...}], "usage": {...}}.')
@click.option("--refresh", is_flag=True, help="Ignore cached TL;DRs.")
@click.option("--mode", type=click.Choice(["llm", "extractive"]), help="Default: tldr.mode.")
@llm_options
@store_options
@week_options
def tldr(ids: tuple[str, ...], as_json: bool, refresh: bool, mode: str | None, settings: Settings,
         scope: pipeline.Scope) -> None:
    """One-line TL;DR of each paper (of the week when no id is given)."""
    if mode:
        settings.tldr.mode = mode
    with llm.metered() as usage:
        results = pipeline.write_tldrs(settings, ids, refresh=refresh, progress_factory=progress_bar,
                                       scope=scope)
    if as_json:
        emit_json({"tldrs": [t.public() for t in results], "usage": llm.usage_record(usage)})
        return
    for t in results:
        click.echo(f"{t.title}\n  {t.tldr}\n")
    n_llm = sum(t.method == "llm" for t in results)
    click.echo(f"{len(results)} TL;DRs ({n_llm} phrased by the model, {len(results) - n_llm} "
               f"extractive); {llm.describe_usage(usage)}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json", "atom"]), default="md",
              show_default=True, help="atom: a feed, an entry per paper.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@llm_options
@store_options
@week_options
def digest(fmt: str, output: Path | None, settings: Settings, scope: pipeline.Scope) -> None:
    """The week at a glance: every paper with its TL;DR, upvotes and link."""
    with llm.metered() as usage:
        text = pipeline.write_digest(settings, fmt, progress_factory=progress_bar, scope=scope)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote the {fmt} digest to {output}; {llm.describe_usage(usage)}", err=True)
    else:
        click.echo(text)
        click.echo(f"Digest written; {llm.describe_usage(usage)}", err=True)


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("-k", "--k", "k", type=click.IntRange(1, 50), help="Papers to retrieve (default: retrieve.k).")
@click.option("--min-upvotes", type=int, help="Only papers with at least N upvotes.")
@llm_options
@store_options
@week_options
def ask(question: str, as_json: bool, k: int | None, min_upvotes: int | None, settings: Settings,
        scope: pipeline.Scope) -> None:
    """Answer a question about one week's papers (the latest, the one --week names, or the
    one the question names: "last week", "2026-W11"), with citations."""
    result = None
    streamed = ""
    for item in pipeline.ask(settings, question, k=k, min_upvotes=min_upvotes, scope=scope):
        if isinstance(item, pipeline.Answer):
            result = item
        elif not as_json:
            streamed += item
            click.echo(item, nl=False)
    assert result is not None
    if as_json:
        emit_json(result.public() | {"scope": scope.label})
        return
    if streamed.strip() != result.answer:
        click.echo("\n\n" + result.answer, nl=False)
    click.echo("\n")
    for i, c in enumerate(result.citations, 1):
        click.echo(f"[{i}] {c['title']} ({c['id']}){'  ' + c['url'] if c.get('url') else ''}")
    usage = result.usage
    cost = f", ~${result.cost_usd:.5f}" if result.cost_usd is not None else ""
    click.echo(f"({scope.label}; {result.model or 'no model'}; {usage['prompt_tokens']} prompt + "
               f"{usage['completion_tokens']} completion tokens{cost}; {result.seconds:.1f}s)", err=True)


@cli.command("eval", context_settings={"ignore_unknown_options": False})
@click.argument("args", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(1), help="Run only the first N examples.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object of metrics.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Run folder (records, summary, HTML report); reruns resume from it.")
@click.option("-k", "--k", "k", type=click.IntRange(1, 100), help="Papers retrieved per question.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25", "all"]), default="all",
              show_default=True, help="BEIR sets: which retrievers to score.")
@llm_options
@store_options
def eval_cmd(args: tuple[str, ...], limit: int | None, as_json: bool, out: Path | None,
             k: int | None, mode: str, settings: Settings) -> None:
    """Run an eval set (QA JSONL, SciTLDR JSONL or BEIR folder), or `eval compare RUN_A RUN_B`."""
    if args[0] == "compare":
        if len(args) != 3:
            raise UserError("usage: paperqa-lite eval compare RUN_A RUN_B")
        cmp = compare_runs(Path(args[1]), Path(args[2]))
        if as_json:
            emit_json(cmp)
            return
        for key, d in cmp["metrics"].items():
            click.echo(f"{key:<24} {d['a']:>10.4g} -> {d['b']:<10.4g} ({d['delta']:+.4g})")
        click.echo(f"{len(cmp['flipped'])} example(s) flipped")
        for f in cmp["flipped"]:
            click.echo(f"  {f['id']}: {'pass' if f['a'] else 'fail'} -> {'pass' if f['b'] else 'fail'}"
                       f"  {f['question']}")
        return
    if len(args) != 1:
        raise UserError("give one eval set: a QA or SciTLDR JSONL file, or a BEIR folder")
    if k:
        settings.retrieve.k = k
    from tqdm import tqdm

    bar = tqdm(desc="Evaluating", unit="ex", file=sys.stderr, leave=False)
    try:
        with llm.metered() as usage:
            result, run_dir = run_eval(settings, Path(args[0]), limit, out, progress=bar.update,
                                       mode=mode)
    finally:
        bar.close()
    # This run's calls only: a resumed run's earlier examples were counted when they ran.
    data = summary(result) | {"usage": llm.usage_record(usage)}
    if as_json:
        emit_json(data)
        return
    for key, value in result.metrics.items():
        if not isinstance(value, dict):
            click.echo(f"{key:<24} {value}")
    click.echo(f"{result.name}: {data['n']} examples, {sum(e.passed for e in result.examples)} passed; "
               f"{llm.describe_usage(usage)}; report: {run_dir / 'report.html'}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True)
@click.option("--auth-file", type=click.Path(dir_okay=False),
              help="Require the login on this file's one USER:PASS line (or set PAPERQA_LITE_AUTH).")
@click.option("--auth", metavar="USER:PASS",
              help="Require this login; visible in `ps`, so prefer --auth-file or PAPERQA_LITE_AUTH.")
@click.option("--no-auth", is_flag=True, help="Serve a non-loopback --host with no login, on purpose.")
@click.option("--ensure-sample", is_flag=True,
              help="Ingest the bundled sample week first if the collection is empty.")
@click.option("--mcp", is_flag=True, help="Also serve the tools ask, papers and tldr to MCP clients at /mcp.")
@llm_options
@store_options
def serve(host: str, port: int, auth_file: str | None, auth: str | None, no_auth: bool,
          ensure_sample: bool, mcp: bool, settings: Settings) -> None:
    """The web chat (Gradio) on the collection, its Atom feed at /feed.atom (?week=) and,
    with --mcp, MCP tools at /mcp, all behind one login; also `python app.py`."""
    from .web import serve as serve_web  # gradio is heavy: only this command imports it

    serve_web(settings, host=host, port=port, auth=auth, auth_file=auth_file, no_auth=no_auth,
              ensure_sample=ensure_sample, mcp=mcp)


def main() -> None:
    """The console script and ``python -m paperqa_lite``."""
    cli(prog_name="paperqa-lite")


if __name__ == "__main__":
    main()
