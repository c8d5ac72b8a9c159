"""Human-readable eval reports: a Markdown summary and one self-contained HTML page,
failures first, so the first thing a reader sees is what went wrong."""

from __future__ import annotations

import html
import json
from typing import Any

from .base import EvalResult


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
    return "–" if v is None else str(v)


def metrics_table(metrics: dict[str, Any]) -> list[str]:
    rows = ["| metric | value |", "| --- | --- |"]
    rows += [f"| {k} | {_fmt(v)} |" for k, v in metrics.items() if not isinstance(v, dict)]
    return rows


def render_md(result: EvalResult) -> str:
    lines = [f"# Eval {result.name} ({result.eval_kind})", ""]
    meta = result.meta
    lines += [f"Model: {meta.get('model')} · prompts: {', '.join(meta.get('prompt_hashes', [])) or '–'}", ""]
    lines += metrics_table(result.metrics)
    if result.by_kind:
        keys = [k for k in next(iter(result.by_kind.values())) if k != "n"]
        lines += ["", "| kind | n | " + " | ".join(keys) + " |", "|" + " --- |" * (len(keys) + 2)]
        for kind, m in result.by_kind.items():
            lines.append(f"| {kind} | {m['n']} | " + " | ".join(_fmt(m.get(k)) for k in keys) + " |")
    failed = [e for e in result.examples if not e.passed]
    lines += ["", f"## Failures ({len(failed)} of {len(result.examples)})", ""]
    for e in failed[:50]:
        what = e.record.get("question") or e.record.get("title") or e.id
        lines.append(f"- `{e.id}` {what}: {'; '.join(e.failures)}")
    return "\n".join(lines) + "\n"


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:.3rem .6rem;
text-align:left;vertical-align:top}th{background:#f5f5f5}.fail{background:#fff1f0}.pass{background:#f6ffed}
details{margin:.2rem 0}pre{white-space:pre-wrap;margin:.3rem 0;font-size:12px}"""


def render_html(result: EvalResult) -> str:
    esc = html.escape
    metric_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(_fmt(v))}</td></tr>"
                          for k, v in result.metrics.items() if not isinstance(v, dict))
    kind_rows = ""
    if result.by_kind:
        keys = [k for k in next(iter(result.by_kind.values()))]
        kind_rows = "<h2>By kind</h2><table><tr><th>kind</th>" + "".join(
            f"<th>{esc(k)}</th>" for k in keys) + "</tr>" + "".join(
            f"<tr><td>{esc(kind)}</td>" + "".join(f"<td>{esc(_fmt(m.get(k)))}</td>" for k in keys) + "</tr>"
            for kind, m in result.by_kind.items()) + "</table>"
    ordered = sorted(result.examples, key=lambda e: (e.passed, e.id))
    ex_rows = []
    for e in ordered:
        what = e.record.get("question") or e.record.get("title") or e.id
        output = e.record.get("answer") or e.record.get("tldr") or ""
        detail = esc(json.dumps(e.record, ensure_ascii=False, indent=1, default=str))
        ex_rows.append(
            f"<tr class=\"{'pass' if e.passed else 'fail'}\"><td>{esc(e.id)}</td><td>{esc(e.kind or '')}</td>"
            f"<td>{esc(str(what))}<details><summary>record</summary><pre>{detail}</pre></details></td>"
            f"<td><pre>{esc(str(output))}</pre></td><td>{esc('; '.join(e.failures)) or 'pass'}</td></tr>")
    n_fail = sum(not e.passed for e in result.examples)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Eval {esc(result.name)}"
            f"</title><style>{_CSS}</style></head><body><h1>Eval {esc(result.name)} ({esc(result.eval_kind)})</h1>"
            f"<p>Model {esc(str(result.meta.get('model')))} · prompts "
            f"{esc(', '.join(result.meta.get('prompt_hashes', [])))} · {n_fail} failing of {len(result.examples)}</p>"
            f"<table>{metric_rows}</table>{kind_rows}<h2>Examples, failures first</h2>"
            f"<table><tr><th>id</th><th>kind</th><th>input</th><th>output</th><th>verdict</th></tr>"
            f"{''.join(ex_rows)}</table></body></html>\n")
