"""What the benchmark sections share: paths and sizes, logging, percentiles, memory from
``/proc``, settings, the SciFact loaders, and the server-process helpers.

The server-process helpers (``free_port``, ``wait_until_serving``, ``stop``) are the
tests' own, loaded from ``tests/helpers.py`` by path. They are dev-only code used by two
dev-only trees: in ``src/paperqa_lite`` they would ship in the wheel as part of the app;
a third top-level package for three functions would need its own path setup in pytest and
here. So they live with their main user, the tests, and this module (their one other user)
loads that file under an unambiguous module name rather than putting ``tests/`` on
``sys.path``, where a module named ``helpers`` could shadow or be shadowed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from paperqa_lite.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "benchmarks"  # on sys.path: `bench` is importable from here
DATA = Path(os.environ.get("PAPERQA_LITE_BENCH_DATA") or ROOT.parent / "shared" / "data")
SCIFACT = DATA / "scifact"
QUICK_PAPERS = 1000
SCIFACT_PAPERS = 5183
N_QUERIES, N_WARMUP = 200, 20


def _test_helpers() -> Any:
    spec = importlib.util.spec_from_file_location("paperqa_lite_test_helpers", ROOT / "tests" / "helpers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _test_helpers()
free_port = _helpers.free_port
wait_until_serving = _helpers.wait_until_serving
stop = _helpers.stop


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs, dtype=float), q)) if xs else float("nan")


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def proc_mem(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of one process, in MB."""
    out = {"rss_mb": 0.0, "hwm_mb": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "VmRSS":
                out["rss_mb"] = int(value.split()[0]) / 1024
            elif key == "VmHWM":
                out["hwm_mb"] = int(value.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def tree_mem(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM summed over a process and its descendants, in MB."""
    total = {"rss_mb": 0.0, "hwm_mb": 0.0}
    for p in [pid] + descendants(pid):
        m = proc_mem(p)
        total["rss_mb"] += m["rss_mb"]
        total["hwm_mb"] += m["hwm_mb"]
    return total


def settings_for(**overrides: Any) -> Settings:
    """Settings from ``$PAPERQA_LITE_HOME`` (the run's own temporary home) and overrides."""
    return load_settings(**overrides)


def scifact_records(n: int | None = None) -> list[dict[str, str]]:
    out = []
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out.append({"id": f"scifact-{r['_id']}", "title": r["title"], "abstract": r["text"]})
            if n and len(out) >= n:
                break
    return out


def scifact_queries() -> list[str]:
    with open(SCIFACT / "queries.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]
