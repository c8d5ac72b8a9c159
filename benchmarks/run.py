#!/usr/bin/env python
"""paperqa-lite benchmarks: ingest, retrieval, LLM, TL;DRs, answers, web server, scale.

    .venv/bin/python benchmarks/run.py [--quick] [--json] [--only ingest,query,...]

Public tools only: ``time.perf_counter`` for time, ``/proc/PID/status`` (VmRSS, VmHWM)
for memory, and the project's own code. Everything runs in a fresh temporary
``$PAPERQA_LITE_HOME`` (``--home DIR`` to keep it). Prints a table; with ``--json`` the
LAST line of stdout is one JSON object with every figure (progress goes to stderr).

Sections (``--only`` picks some; the JSON holds what ran), one module each in
``benchmarks/bench/``: ingest, query, llm, tldr, ask, serve, scale. What each measures:
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this tree's paperqa_lite, not an installed one

from bench import ask, ingest, llm, query, scale, serve, tldr  # noqa: E402  (after the path)
from bench.common import log  # noqa: E402
from bench.report import goals_met, machine, print_table  # noqa: E402

# The order they run in: query reads the store ingest wrote.
SECTIONS: dict[str, Callable[[argparse.Namespace, dict[str, Any]], None]] = {
    "ingest": ingest.run, "query": query.run, "tldr": tldr.run, "ask": ask.run,
    "llm": llm.run, "serve": serve.run, "scale": scale.run,
}


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 abstracts, scale up to 100k (< 10 min)")
    ap.add_argument("--json", action="store_true", help="last line of stdout: one JSON object")
    ap.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    ap.add_argument("--papers", type=int, help="SciFact abstracts to ingest (default: 1,000 quick, all 5,183 full)")
    ap.add_argument("--sizes", help="scale sizes, e.g. 10000,100000")
    ap.add_argument("--home", help="PAPERQA_LITE_HOME to use (default: a fresh temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary homes")
    ap.add_argument("--write-budget-1m", type=float, default=1800.0,
                    help="seconds of Chroma writes for the 1M-chunk store (then query what was written)")
    ap.add_argument("--query-budget-1m", type=float, default=1500.0,
                    help="seconds for the embedded 1M worker (retriever snapshot, searches, BM25)")
    args = ap.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    args.only = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [s for s in args.only if s not in SECTIONS]
    if unknown:
        ap.error(f"unknown sections: {', '.join(unknown)}")
    return args


def run_sections(args: argparse.Namespace, res: dict[str, Any]) -> None:
    """Each chosen section in order; a failing one is recorded and the rest still run."""
    for name, section in SECTIONS.items():
        if name not in args.only:
            continue
        log(f"section {name}")
        t0 = time.perf_counter()
        try:
            section(args, res)
        except Exception as exc:
            res["errors"][name] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        res.setdefault("section_s", {})[name] = round(time.perf_counter() - t0, 1)
        log(f"section {name} done in {res['section_s'][name]:.1f}s")


def main() -> int:
    args = parse_args()
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="pqa-bench-"))
    os.environ["PAPERQA_LITE_HOME"] = str(home)
    res: dict[str, Any] = {"quick": args.quick, "machine": machine(), "home": str(home), "errors": {}}
    t_all = time.perf_counter()
    try:
        run_sections(args, res)
    finally:
        res["total_s"] = round(time.perf_counter() - t_all, 1)
        res["machine"]["load_avg_end"] = round(os.getloadavg()[0], 2)
        if not args.home and not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    res["goals_met"] = goals_met(res)
    print_table(res, sys.stdout)
    print(f"\ntotal {res['total_s']:.0f}s", file=sys.stdout)
    if args.json:
        print(json.dumps(res, separators=(",", ":")), flush=True)
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
