"""Section ``query``: ``retrieve.Retriever.search`` (hybrid, top 5, paper level) over the
SciFact store the ingest section wrote, 200 SciFact queries after a 20-query warm-up; the
bare Chroma query (same store, same candidate count) as reference, and a breakdown
(query embedding, BM25 ranking alone).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from paperqa_lite.retrieve import Retriever
from paperqa_lite.store import Store

from .common import N_QUERIES, N_WARMUP, SCIFACT_PAPERS, ms_since, pct, scifact_queries, settings_for

K = 5  # papers per search, as the answer step asks


def _search_ms(retriever: Retriever, warm: list[str], timed: list[str]) -> tuple[float, list[float]]:
    """The first search (reads the store, builds BM25), then the timed ones after warm-up."""
    t0 = time.perf_counter()
    retriever.search(warm[0], K)
    first_ms = ms_since(t0)
    for q in warm[1:]:
        retriever.search(q, K)
    lat = []
    for q in timed:
        t0 = time.perf_counter()
        retriever.search(q, K)
        lat.append(ms_since(t0))
    return first_ms, lat


def _breakdown(store: Store, retriever: Retriever, timed: list[str], cand: int) -> dict[str, list[float]]:
    """The parts of a search alone, on the same queries: embedding, bare Chroma, BM25."""
    vecs, emb_ms = [], []
    for q in timed:
        t0 = time.perf_counter()
        vecs.append(store.embedder.get_query_embedding(q))
        emb_ms.append(ms_since(t0))
    col = store.collection
    for v in vecs[:N_WARMUP]:
        col.query(query_embeddings=[v], n_results=cand)
    chroma_ms = []
    for v in vecs:
        t0 = time.perf_counter()
        col.query(query_embeddings=[v], n_results=cand)
        chroma_ms.append(ms_since(t0))
    snap = retriever.snapshot()  # passed to rank(): the ranking alone, no freshness check
    bm25_ms = []
    for q in timed:
        t0 = time.perf_counter()
        retriever.rank(q, cand, "bm25", snap)
        bm25_ms.append(ms_since(t0))
    return {"embed": emb_ms, "chroma": chroma_ms, "bm25": bm25_ms}


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    settings = settings_for(store={"collection": "scifact"})
    store = Store(settings)
    n_papers = len(store.papers())
    if n_papers == 0:
        raise RuntimeError("the SciFact collection is empty: run the ingest section first")
    queries = scifact_queries()
    warm, timed = queries[:N_WARMUP], queries[N_WARMUP:N_WARMUP + N_QUERIES]
    retriever = Retriever(store, settings)
    first_ms, lat = _search_ms(retriever, warm, timed)
    parts = _breakdown(store, retriever, timed, max(settings.retrieve.candidates, 3 * K))
    res.update(
        query_papers=n_papers, query_chunks=store.count_chunks(), query_n=len(lat),
        query_first_ms=round(first_ms, 1),
        query_p50_ms=round(pct(lat, 50), 2), query_p95_ms=round(pct(lat, 95), 2),
        chroma_query_p50_ms=round(pct(parts["chroma"], 50), 2),
        chroma_query_p95_ms=round(pct(parts["chroma"], 95), 2),
        query_embed_p50_ms=round(pct(parts["embed"], 50), 2),
        query_bm25_p50_ms=round(pct(parts["bm25"], 50), 2),
    )
    if n_papers < SCIFACT_PAPERS:
        res["query_note"] = (f"quick run: retrieval timed over the {n_papers} abstracts ingested, "
                             f"not all {SCIFACT_PAPERS}")
