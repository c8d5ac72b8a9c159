"""Run an eval set, resumably, and keep its records; compare two runs.

A run lives in a folder (``--out DIR``, default ``$PAPERQA_LITE_HOME/runs/NAME-CONFIGHASH``):
``records.jsonl`` (one line per example, appended as it finishes, so an interrupted run
resumes where it stopped), ``summary.json``, ``summary.md`` and ``report.html``.
Records carry the settings with the API key masked, never the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..settings import config_hash
from ..errors import UserError
from .base import EvalResult, ExampleResult
from .registry import load_eval
from .report import render_html, render_md


def run_dir_for(settings: Any, name: str, out: Path | None) -> Path:
    return Path(out) if out else Path(settings.home) / "runs" / f"{name}-{config_hash(settings)}"


def run_eval(settings: Any, path: Path, limit: int | None = None, out: Path | None = None,
             progress: Callable[[int], None] | None = None, **options: Any) -> tuple[EvalResult, Path]:
    ev = load_eval(path, limit, **options)
    run_dir = run_dir_for(settings, ev.name, out)
    run_dir.mkdir(parents=True, exist_ok=True)
    records = run_dir / "records.jsonl"
    done = read_records(records) if records.exists() else {}
    if progress and done:
        progress(len(done))
    with records.open("a", encoding="utf-8") as fh:
        def on_example(ex: ExampleResult) -> None:
            fh.write(ex.to_json() + "\n")
            fh.flush()  # a crash loses at most the example in flight
            if progress:
                progress(1)

        result = ev(settings, done, on_example)
    result.meta = run_meta(settings, result)
    write_outputs(result, run_dir)
    return result, run_dir


def run_meta(settings: Any, result: EvalResult) -> dict[str, Any]:
    hashes = sorted({h for ex in result.examples for h in
                     str(ex.record.get("prompt_hash") or "").split(",") if h})
    models = sorted({str(ex.record.get("model")) for ex in result.examples if ex.record.get("model")})
    return {"n": result.metrics.get("n", len(result.examples)), "config": settings.public_dict(),
            "prompt_hashes": hashes, "model": ", ".join(models) or None}


def summary(result: EvalResult) -> dict[str, Any]:
    return {"eval": result.name, "kind": result.eval_kind, **result.metrics,
            "by_kind": result.by_kind, **{k: v for k, v in result.meta.items() if k != "n"},
            "n": result.metrics.get("n", len(result.examples))}


def write_outputs(result: EvalResult, run_dir: Path) -> None:
    (run_dir / "summary.json").write_text(json.dumps(summary(result), indent=2, default=str))
    (run_dir / "summary.md").write_text(render_md(result))
    (run_dir / "report.html").write_text(render_html(result))


def load_run(path: Path) -> tuple[dict[str, Any], dict[str, ExampleResult]]:
    path = Path(path)
    if not (path / "summary.json").is_file():
        raise UserError(f"{path}: not an eval run folder (no summary.json)")
    return json.loads((path / "summary.json").read_text()), read_records(path / "records.jsonl")


def read_records(path: Path) -> dict[str, ExampleResult]:
    """A run's records by example id (a resumed example's last line wins)."""
    examples = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ex = ExampleResult.from_json(line)
            examples[ex.id] = ex
    return examples


def compare_runs(a: Path, b: Path) -> dict[str, Any]:
    """Metric deltas (B minus A) and the examples whose pass/fail flipped."""
    sa, ea = load_run(a)
    sb, eb = load_run(b)
    deltas = {}
    for key, va in sa.items():
        vb = sb.get(key)
        if isinstance(va, (int, float)) and isinstance(vb, (int, float)) and not isinstance(va, bool):
            deltas[key] = {"a": va, "b": vb, "delta": round(vb - va, 4)}
    flipped = [{"id": i, "a": ea[i].passed, "b": eb[i].passed,
                "question": eb[i].record.get("question") or eb[i].record.get("title"),
                "failures_b": eb[i].failures}
               for i in sorted(set(ea) & set(eb)) if ea[i].passed != eb[i].passed]
    return {"a": str(a), "b": str(b), "metrics": deltas, "flipped": flipped}
