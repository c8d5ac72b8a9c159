"""One synthetic store of a given size, measured in a fresh process (so its RSS is that
store's alone); started by the scale section as

    python -m bench.scale_worker SIZE server|embedded write|reuse OUT.json N_QUERIES

The store lives in ``$PAPERQA_LITE_HOME/chroma``; ``reuse`` queries what an earlier worker
wrote there (``chroma run --path`` and the PersistentClient share the on-disk format).
Results go to OUT.json after each phase, so a worker stopped at its time cap keeps what it
measured. ``$PQA_BENCH_WRITE_BUDGET_S`` caps the seconds spent in Chroma writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import numpy as np

from paperqa_lite.retrieve import Retriever
from paperqa_lite.store import Store

from .common import (N_WARMUP, free_port, log, ms_since, pct, proc_mem, scifact_queries, settings_for, stop,
                     wait_until_serving)
from .synthetic import SyntheticCorpus


def start_chroma(path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    exe = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, f"{url}/api/v2/heartbeat", None, 120, "chroma run")
    return proc, url


def write(store: Store, corpus: SyntheticCorpus, size: int, mode: str, res: dict[str, Any]) -> int:
    """Chroma's write capacity: the store's layout, synthetic vectors, big batches. The
    budget counts write time only, not the corpus's generation (its chunker costs about
    half as much as the write), so a capped size is capped by what Chroma managed."""
    col = store.collection
    batch = min(2048, store.client.get_max_batch_size())
    budget = float(os.environ.get("PQA_BENCH_WRITE_BUDGET_S") or 1e9)
    written, t_write, next_log = 0, 0.0, size // 10
    while written < size and t_write < budget:
        ids, docs, metas = corpus.chunks(min(batch, size - written))
        vecs = corpus.vectors(len(ids))
        t0 = time.perf_counter()
        col.add(ids=ids, documents=docs, metadatas=metas, embeddings=vecs)
        t_write += time.perf_counter() - t0
        written += len(ids)
        if written >= next_log:
            log(f"scale {mode} {size}: {written} chunks written ({written / t_write:.0f}/s)")
            next_log += size // 10
    res.update(write_chunks_per_s=round(written / t_write, 1), write_s=round(t_write, 1), write_batch=batch)
    if written < size:
        res["capped"] = f"write budget spent: {written:,} of {size:,} chunks written"
    return written


def bare_chroma(store: Store, corpus: SyntheticCorpus, cand: int, n_queries: int, res: dict[str, Any]) -> None:
    """Bare Chroma queries with synthetic vectors and the retriever's candidate count; then
    the retriever's per-search freshness check (chunk count + newest write) alone."""
    qv = corpus.vectors(n_queries + N_WARMUP)
    col = store.collection
    for v in qv[:N_WARMUP]:
        col.query(query_embeddings=[v.tolist()], n_results=cand)
    lat = []
    for v in qv[N_WARMUP:]:
        t0 = time.perf_counter()
        col.query(query_embeddings=[v.tolist()], n_results=cand)
        lat.append(ms_since(t0))
    res.update(chroma_p50_ms=round(pct(lat, 50), 2), chroma_p95_ms=round(pct(lat, 95), 2))
    newest = time.time()
    lat = []
    for _ in range(n_queries):
        t0 = time.perf_counter()
        store.count_chunks()
        store.written_since(newest)
        lat.append(ms_since(t0))
    res.update(fresh_check_p50_ms=round(pct(lat, 50), 2), fresh_check_p95_ms=round(pct(lat, 95), 2))


def searches(retriever: Retriever, cand: int, n_queries: int, res: dict[str, Any],
             save: Callable[[], None]) -> Any:
    """The project's retriever: snapshot (store read + BM25 index), searches, and BM25's
    ranking alone on the same queries. Returns the snapshot."""
    queries = scifact_queries()
    t0 = time.perf_counter()
    snap = retriever.snapshot()
    res["snapshot_build_s"] = round(time.perf_counter() - t0, 2)
    res["client_rss_after_snapshot_mb"] = round(proc_mem()["rss_mb"], 1)
    save()
    for q in queries[:N_WARMUP]:
        retriever.search(q, 5)
    timed = queries[N_WARMUP:N_WARMUP + n_queries]
    lat, bm25_ms = [], []
    for q in timed:
        t0 = time.perf_counter()
        retriever.search(q, 5)
        lat.append(ms_since(t0))
    for q in timed:
        t0 = time.perf_counter()
        retriever.rank(q, cand, "bm25", snap)
        bm25_ms.append(ms_since(t0))
    res.update(search_p50_ms=round(pct(lat, 50), 2), search_p95_ms=round(pct(lat, 95), 2),
               bm25_p50_ms=round(pct(bm25_ms, 50), 2), bm25_p95_ms=round(pct(bm25_ms, 95), 2),
               bm25_share=round(sum(bm25_ms) / sum(lat), 3))
    save()
    return snap


def first_search(store: Store, settings: Any, res: dict[str, Any]) -> None:
    """A new process's first question, retrieval only (the embedder was loaded before,
    timed as embed_load_s): the saved BM25 index loaded (or built, if none), Chroma's
    index loaded by its first query, one hybrid search; the process's peak RSS after it."""
    t0 = time.perf_counter()
    Retriever(store, settings).search(scifact_queries()[0], 5)
    res["first_search_s"] = round(time.perf_counter() - t0, 2)
    res["client_peak_rss_after_first_search_mb"] = round(proc_mem()["hwm_mb"], 1)


def bm25_alone(retriever: Retriever, titled: list[str], res: dict[str, Any]) -> None:
    """The BM25 index alone, as the retriever builds it: tokenize time, index time, size."""
    import bm25s  # where the retriever imports it: client_rss_before_mb is without it

    t0 = time.perf_counter()
    tokens = retriever.tokenize(titled)
    t1 = time.perf_counter()
    index = bm25s.BM25()
    index.index(tokens, show_progress=False)
    t2 = time.perf_counter()
    arrays = sum(a.nbytes for a in index.scores.values() if isinstance(a, np.ndarray))
    res.update(bm25_tokenize_s=round(t1 - t0, 2), bm25_index_s=round(t2 - t1, 2),
               bm25_index_mb=round(arrays / 2**20, 1), bm25_vocab=len(index.vocab_dict))


def measure(size: int, mode: str, write_first: bool, res: dict[str, Any], save: Callable[[], None],
            server: subprocess.Popen | None, url: str | None, n_queries: int) -> None:
    """The phases in order (one function: they share the store and the RSS marks)."""
    overrides: dict[str, Any] = {"store": {"collection": "synthetic", "chroma_url": url}}
    settings = settings_for(**overrides)
    store = Store(settings)
    corpus = SyntheticCorpus(settings, seed=size)
    t0 = time.perf_counter()
    store.embedder.get_query_embedding("warm-up")  # the real model, for the retriever's queries
    res["embed_load_s"] = round(time.perf_counter() - t0, 2)
    mem0 = proc_mem()
    if write_first:
        res["chunks"] = write(store, corpus, size, mode, res)
    else:
        res["chunks"] = store.count_chunks()
        res["written_by"] = "server"
        first_search(store, settings, res)
    save()
    mem1 = proc_mem()
    if server is not None:
        res["server_rss_after_write_mb"] = round(proc_mem(server.pid)["rss_mb"], 1)
    cand = max(settings.retrieve.candidates, 15)
    bare_chroma(store, corpus, cand, n_queries, res)
    if server is not None:
        m = proc_mem(server.pid)
        res.update(server_rss_mb=round(m["rss_mb"], 1), server_peak_rss_mb=round(m["hwm_mb"], 1))
    save()
    if mode == "server" and size >= 1_000_000:
        # the same snapshot work as embedded, plus moving 1M chunks over HTTP: the time
        # cap goes to the embedded run instead
        res["retriever"] = "not timed at 1M through the server (time cap; see embedded)"
        res["client_peak_rss_mb"] = round(proc_mem()["hwm_mb"], 1)
        return
    retriever = Retriever(store, settings)
    snap = searches(retriever, cand, n_queries, res, save)
    if mode == "embedded":
        titled = [f"{snap.papers[int(snap.owner[r])].title}. {t}" for r, t in enumerate(snap.texts)]
        retriever.reset()  # free the snapshot's own index first (1M chunks: GBs)
        del snap
        bm25_alone(retriever, titled, res)
        del titled
    res.update(client_rss_before_mb=round(mem0["rss_mb"], 1), client_rss_after_write_mb=round(mem1["rss_mb"], 1),
               client_peak_rss_mb=round(proc_mem()["hwm_mb"], 1))
    if server is not None:
        m = proc_mem(server.pid)
        res.update(server_rss_mb=round(m["rss_mb"], 1), server_peak_rss_mb=round(m["hwm_mb"], 1))


def main(argv: list[str]) -> int:
    size, mode, write_mode, out, n_queries = int(argv[0]), argv[1], argv[2], Path(argv[3]), int(argv[4])
    res: dict[str, Any] = {"size": size, "mode": mode}
    home = Path(os.environ["PAPERQA_LITE_HOME"])

    def save() -> None:  # after each phase: a worker stopped at its deadline keeps what it measured
        out.write_text(json.dumps(res))

    server, url = None, None
    try:
        if mode == "server":
            server, url = start_chroma(home / "chroma")
        measure(size, mode, write_mode == "write", res, save, server, url, n_queries)
        res["disk_mb"] = round(sum(f.stat().st_size for f in home.rglob("*") if f.is_file()) / 2**20, 1)
    except Exception as exc:  # report what finished
        res["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    finally:
        if server is not None:
            stop(server)
        save()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
