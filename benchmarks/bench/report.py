"""The goals, the machine a run was measured on, and the printed table."""

from __future__ import annotations

import os
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

GOALS = {  # metric -> (comparison, threshold)
    "ingest_ratio": (">=", 0.8),
    "query_p95_ms": ("<=", 50.0),
    "llm_ratio": (">=", 0.9),
    "serve_peak_rss_mb": ("<=", 600.0),  # issue 16
    "first_answer_s_100k": ("<", 3.0),
    "client_rss_mb_100k": ("<", 800.0),
}
ROWS = [  # (key, label)
    ("ingest_papers_per_s", "ingest, papers/s (parse+chunk+embed+write)"),
    ("embed_only_papers_per_s", "bare MiniLM on the same texts, papers/s"),
    ("ingest_ratio", "ingest / embed-only"),
    ("ingest_chunks", "chunks written"),
    ("embed_tokens_per_paper", "word pieces embedded per paper (chunks with titles)"),
    ("abstract_tokens_per_paper", "  the abstract's own word pieces"),
    ("query_p50_ms", "Retriever.search p50, ms (hybrid, top 5)"),
    ("query_p95_ms", "Retriever.search p95, ms"),
    ("chroma_query_p50_ms", "bare Chroma query p50, ms (same store)"),
    ("chroma_query_p95_ms", "bare Chroma query p95, ms"),
    ("query_embed_p50_ms", "  query embedding p50, ms"),
    ("query_bm25_p50_ms", "  BM25 ranking p50, ms"),
    ("query_first_ms", "first search (builds the BM25 index), ms"),
    ("raw_llm_tokens_per_s", "bare llama-cpp-python, tokens/s"),
    ("pipeline_llm_tokens_per_s", "llm.get_model() (min of complete, stream), tokens/s"),
    ("llm_ratio", "pipeline / raw"),
    ("llm_portable_tokens_per_s", "portable llama.cpp build (AVX2), tokens/s"),
    ("llm_native_tokens_per_s", "native build (this CPU, no AMX), tokens/s"),
    ("tldr_week_s", "TL;DRs of the sample week (40), cold cache, s"),
    ("tldr_llm_kept", "  TL;DRs written by the model (rest extractive)"),
    ("ask_first_token_s_p50", "ask: first token p50, s"),
    ("ask_total_s_p50", "ask: whole answer p50, s"),
    ("serve_ready_s", "serve --ensure-sample: ready, s"),
    ("serve_answer_s", "serve: one answer via gradio_client, s"),
    ("serve_peak_rss_mb", "serve: peak RSS (VmHWM, with children), MB"),
    ("first_answer_s_100k", "100k chunks, new process: first search (retrieval only), s"),
    ("client_rss_mb_100k", "100k chunks, new process: peak RSS after it, MB"),
]
SCALE_HEAD = ("chunks", "store", "write/s", "chroma p50", "p95", "search p50", "p95", "BM25 share",
              "fresh p50", "snapshot s", "BM25 MB", "client MB", "server MB")
PACKAGES = ("paperqa-lite", "chromadb", "llama_cpp_python", "onnxruntime", "bm25s",
            "llama-index-core", "gradio", "numpy", "tokenizers")


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    pkgs = {}
    for name in PACKAGES:
        try:
            pkgs[name] = version(name)
        except PackageNotFoundError:
            pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "packages": pkgs,
            "load_avg_start": round(os.getloadavg()[0], 2)}


def goal_status(key: str, value: Any) -> str:
    if key not in GOALS or not isinstance(value, (int, float)):
        return ""
    op, thr = GOALS[key]
    ok = {">=": value >= thr, "<=": value <= thr, "<": value < thr}[op]
    return f"{'ok' if ok else 'MISSED'} (goal {op} {thr:g})"


def goals_met(res: dict[str, Any]) -> dict[str, bool]:
    return {k: goal_status(k, res[k]).startswith("ok") for k in GOALS if k in res}


def _print_scale(rows: list[dict[str, Any]], out: TextIO) -> None:
    print("\nscale (synthetic chunks; ms per query; MB RSS):", file=out)
    print("  " + " | ".join(SCALE_HEAD), file=out)
    notes = []
    for r in rows:
        for key in ("error", "capped", "retriever"):
            if r.get(key):
                notes.append(f"{r['size']:,} {r['mode']}: {r[key]}")
        cells = (f"{r.get('chunks', r['size']):,}", r["mode"], r.get("write_chunks_per_s"),
                 r.get("chroma_p50_ms"), r.get("chroma_p95_ms"), r.get("search_p50_ms"),
                 r.get("search_p95_ms"), r.get("bm25_share"), r.get("fresh_check_p50_ms"),
                 r.get("snapshot_build_s"),
                 r.get("bm25_index_mb"), r.get("client_peak_rss_mb"), r.get("server_peak_rss_mb", "-"))
        print("  " + " | ".join("-" if c is None else str(c) for c in cells), file=out)
    for note in notes:
        print(f"  note: {note}", file=out)


def print_table(res: dict[str, Any], out: TextIO) -> None:
    print(f"\npaperqa-lite benchmarks ({'quick' if res.get('quick') else 'full'} run, "
          f"{res['machine']['nproc']} cores, {res['machine']['cpu']}, {res['machine']['ram_gb']} GB)",
          file=out)
    w = max(len(label) for _, label in ROWS)
    for key, label in ROWS:
        if key in res and res[key] is not None:
            v = res[key]
            vs = f"{v:,.2f}" if isinstance(v, float) else str(v)
            print(f"  {label:<{w}}  {vs:>10}  {goal_status(key, v)}", file=out)
    if res.get("query_note"):
        print(f"  note: {res['query_note']}", file=out)
    if res.get("scale"):
        _print_scale(res["scale"], out)
    if res.get("errors"):
        print("\nerrors:", file=out)
        for name, err in res["errors"].items():
            print(f"  {name}: {err}", file=out)
