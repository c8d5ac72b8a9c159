"""Section ``scale``: synthetic stores of 10k and 100k chunks (plus 1M in the full run).

Per size, a worker process (``scale_worker``) writes the store through a ``chroma run``
server on 127.0.0.1 and queries it there; a second worker queries it embedded
(PersistentClient). The embedded write rate is measured on a store of its own at 10k (and
at every size up to 100k in the full run: writing 1M twice would take most of an hour on 2
cores). One worker per size and mode, so RSS is that store's alone; the 1M size is
time-capped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .common import BENCH_DIR, N_QUERIES, ROOT, log

QUICK_SIZES, FULL_SIZES = (10_000, 100_000), (10_000, 100_000, 1_000_000)
FLAT_KEYS = ("search_p95_ms", "chroma_p95_ms", "write_chunks_per_s", "bm25_share")


def _timeout(args: argparse.Namespace, size: int, write: bool) -> float | None:
    """Time caps (full run): 1M chunks through a `chroma run` server take ~30 min to write
    on 2 cores, and the retriever's in-memory snapshot of them as long again. The writing
    worker's budget counts Chroma's write time; generating the corpus adds about half as
    much again, then come the bare queries."""
    if size < 1_000_000:
        return None
    return 1.5 * args.write_budget_1m + 600 if write else args.query_budget_1m


def _worker(args: argparse.Namespace, size: int, mode: str, write: bool, home: Path,
            n_queries: int) -> dict[str, Any]:
    out = home / f"result-{mode}.json"
    out.unlink(missing_ok=True)
    path = os.pathsep.join([str(BENCH_DIR), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    env = dict(os.environ, PAPERQA_LITE_HOME=str(home), PYTHONPATH=path.rstrip(os.pathsep))
    if write and size >= 1_000_000:
        env["PQA_BENCH_WRITE_BUDGET_S"] = str(args.write_budget_1m)
    log(f"scale: {size:,} chunks, {mode}, {'write and query' if write else 'query'}")
    t0 = time.perf_counter()
    timeout = _timeout(args, size, write)
    # its own process group: on timeout the worker and the chroma server it started go
    proc = subprocess.Popen([sys.executable, "-m", "bench.scale_worker", str(size), mode,
                             "write" if write else "reuse", str(out), str(n_queries)],
                            env=env, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
        ended = f"worker exited with {proc.returncode}" if proc.returncode else None
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        ended = f"stopped after {timeout:.0f}s (time cap)"
    row = json.loads(out.read_text()) if out.exists() else {"size": size, "mode": mode}
    if ended:
        row["capped" if "cap" in ended else "error"] = (row.get("capped", "") + "; " + ended).lstrip("; ")
    row["wall_s"] = round(time.perf_counter() - t0, 1)
    log(f"scale: {json.dumps(row)}")
    return row


@contextmanager
def _temp_home(prefix: str, keep: bool) -> Iterator[Path]:
    """A fresh home for a worker; removed afterwards unless --keep."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    n_queries = 100 if args.quick else N_QUERIES
    rows = []
    for size in sizes:
        with _temp_home(f"pqa-bench-scale-{size}-", args.keep) as home:
            rows.append(_worker(args, size, "server", True, home, n_queries))
            if size <= 10_000 or (not args.quick and size <= 100_000):  # embedded writes its own
                with _temp_home(f"pqa-bench-scale-{size}-embedded-", args.keep) as home2:
                    rows.append(_worker(args, size, "embedded", True, home2, n_queries))
            else:
                rows.append(_worker(args, size, "embedded", False, home, n_queries))
    res["scale"] = rows
    for r in rows:
        for key in FLAT_KEYS:
            if key in r:
                res[f"scale_{r['mode']}_{r['size']}_{key}"] = r[key]
        if r["mode"] == "embedded" and r["size"] == 100_000 and "first_search_s" in r:
            # a new process on a store another wrote: its first question, retrieval only
            # (the embedder's load is embed_load_s), and its peak RSS by then
            res["first_answer_s_100k"] = r["first_search_s"]
            res["client_rss_mb_100k"] = r["client_peak_rss_after_first_search_mb"]
