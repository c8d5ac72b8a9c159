"""The public pieces the benchmarks build on: ``Store.chunk_layout`` is exactly what an
ingest stores, and ``Retriever.rank``/``reset`` are the parts of a search, alone."""

from __future__ import annotations

import pytest

from paperqa_lite.retrieve import Retriever
from paperqa_lite.store import Store


def test_chunk_layout_is_what_an_ingest_stores(week_home, settings):
    store = Store(settings)
    stored: dict[str, list] = {}
    for chunk in store.chunks():
        stored.setdefault(chunk.paper_id, []).append(chunk)
    papers = store.papers()
    assert len(papers) == 40
    cfg = settings.store
    for paper in papers:
        layout = Store.chunk_layout(paper, cfg.chunk_size, cfg.chunk_overlap)
        have = sorted(stored[paper.id], key=lambda c: c.metadata["chunk"])
        assert [c.id for c, _ in layout] == [c.id for c in have]
        assert [c.text for c, _ in layout] == [c.text for c in have]
        for (chunk, embedded), got in zip(layout, have):
            # the stored metadata also has LlamaIndex's own keys (_node_content, doc_id, ...)
            layout_meta = {k: v for k, v in chunk.metadata.items() if k != "ingested_at"}
            assert layout_meta == {k: got.metadata.get(k) for k in layout_meta}
            assert embedded == f"{paper.title}. {chunk.text}"


def test_rank_is_the_search_ranking_alone(week_home, settings):
    store = Store(settings)
    r = Retriever(store, settings)
    owner = {c.id: c.paper_id for c in store.chunks()}
    for mode in ("bm25", "dense"):
        ranked = r.rank("self-rewarding reinforcement learning", 10, mode)
        assert 0 < len(ranked) <= 10
        scores = [s for _, s in ranked]
        assert scores == sorted(scores, reverse=True)
        best = r.search("self-rewarding reinforcement learning", 1, mode=mode, named=False)[0]
        assert owner[ranked[0][0]] == best.paper.id
    with pytest.raises(ValueError):
        r.rank("anything", 5, "hybrid")


def test_reset_drops_the_index_and_the_next_search_rebuilds_it(week_home, settings):
    r = Retriever(Store(settings), settings)
    r.search("theory of mind", 3)
    r.search("web agents", 3)
    assert r.builds == 1
    r.reset()
    assert r.search("theory of mind", 3)
    assert r.builds == 2
