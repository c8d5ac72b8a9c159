"""The BM25 index saved beside the store: a new process loads it instead of reading the
collection; a stale one is grown (only the new chunks tokenized), never used as it is; a
grown index scores exactly as one built from scratch; a crash mid-write leaves the
previous version current. Real Chroma; the fake embedder (BM25 does not use vectors)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from paperqa_lite.paper import Paper
from paperqa_lite.pipeline import ingest_papers
from paperqa_lite.retrieve import TOKENIZER, Retriever
from paperqa_lite.store import Store, locking
from paperqa_lite.store import bm25 as saved_bm25

WORDS = ("graph molecule protein decoding draft verify folding sequence agent web benchmark reward "
         "policy vision language retrieval chunk index memory speech audio robot grasp").split()


def paper(i: int, topic: str = "") -> Paper:
    words = " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(60))
    return Paper(id=f"p{i}", title=f"Paper {i} on {WORDS[i % len(WORDS)]} {topic}".strip(),
                 abstract=f"We study {topic or WORDS[i % len(WORDS)]}. {words}.", upvotes=i)


@pytest.fixture
def home(settings, fake_embedder):
    ingest_papers(settings, [paper(i) for i in range(12)])
    return settings


def fresh(settings) -> Retriever:
    """A retriever as a new process has it: nothing in memory."""
    return Retriever(Store(settings), settings)


def test_a_new_process_loads_the_saved_index_without_reading_the_collection(home, monkeypatch):
    first = fresh(home).search("protein folding", 5)  # the ingest saved it; this loads it
    monkeypatch.setattr(saved_bm25, "refresh", lambda *a, **k: pytest.fail("rebuilt a current index"))
    monkeypatch.setattr(Store, "contents", lambda self: pytest.fail("read the whole collection"))
    r = fresh(home)
    again = r.search("protein folding", 5)
    assert [(h.paper.id, h.score, h.chunks) for h in again] == [(h.paper.id, h.score, h.chunks) for h in first]
    assert isinstance(r.snapshot().bm25.scores["data"], np.memmap)  # mapped, not read


def test_a_stale_index_is_grown_never_used(home, monkeypatch):
    store = Store(home)
    before = saved_bm25.load(store, TOKENIZER)
    assert before is not None and saved_bm25.is_current(store, before)
    other = Store(home)  # another process's write: its own Store, the stamp bumped
    other.ingest([paper(40, "cryogenic electron microscopy")])
    assert not saved_bm25.is_current(store, before)
    tokenized: list[int] = []
    real = Retriever.tokens
    monkeypatch.setattr(Retriever, "tokens", lambda self, texts: tokenized.append(len(texts)) or real(self, texts))
    hits = fresh(home).search("cryogenic electron microscopy", 3)
    assert hits[0].paper.id == "p40"
    assert tokenized == [1]  # only the new paper's one chunk was tokenized
    # the stamp alone makes it stale: a write this test cannot see in counts or times
    locking.bump(store.home, None)
    assert not saved_bm25.is_current(store, saved_bm25.load(store, TOKENIZER))


def test_a_grown_index_scores_as_one_built_from_scratch(home):
    store = Store(home)
    r = fresh(home)
    r.search("graph", 1)
    ingest_papers(home, [paper(i, "speculative decoding") for i in range(20, 26)])  # added
    ingest_papers(home, [paper(3, "lookahead decoding with jacobi iterations")])  # changed
    assert store.remove(["p5", "p7"]) == []  # removed
    grown = r.snapshot().tables
    scratch = saved_bm25.refresh(store, None, r.tokens, TOKENIZER)
    assert grown.chunk_ids == scratch.chunk_ids and list(grown.texts) == list(scratch.texts)
    assert [p.id for p in grown.papers] == [p.id for p in scratch.papers]
    assert "p5" not in {p.id for p in grown.papers} and "p25" in {p.id for p in grown.papers}
    for query in ("speculative decoding", "jacobi iterations", "protein folding graph"):
        toks = r.tokenize([query])[0]
        a = grown.bm25.get_scores(grown.bm25.get_tokens_ids(toks))
        b = scratch.bm25.get_scores(scratch.bm25.get_tokens_ids(toks))
        assert a.max() > 0 and np.allclose(a, b)


def test_a_crash_mid_write_leaves_the_previous_version_current(home, monkeypatch):
    store = Store(home)
    before = saved_bm25.load(store, TOKENIZER)
    current = (saved_bm25.folder(store) / "CURRENT").read_text()

    def crash(self, *args, **kwargs):
        raise KeyboardInterrupt  # killed while the new version's index was being written

    monkeypatch.setattr(type(before.bm25), "save", crash)
    Store(home).ingest([paper(50, "tabular learning")])
    with pytest.raises(KeyboardInterrupt):
        fresh(home).snapshot()
    assert (saved_bm25.folder(store) / "CURRENT").read_text() == current
    loaded = saved_bm25.load(store, TOKENIZER)
    assert loaded.chunk_ids == before.chunk_ids  # the old version, whole
    assert not saved_bm25.is_current(store, loaded)  # and known to be stale
    monkeypatch.undo()
    assert fresh(home).search("tabular learning", 1, mode="bm25")[0].paper.id == "p50"


def test_an_index_of_another_tokenizer_is_not_loaded(home):
    store = Store(home)
    meta = saved_bm25.folder(store) / (saved_bm25.folder(store) / "CURRENT").read_text() / "meta.json"
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps(data | {"signature": "another tokenizer"}))
    assert saved_bm25.load(store, TOKENIZER) is None
    assert fresh(home).search("protein", 1)


def test_a_running_process_takes_the_version_another_process_saved(home, monkeypatch):
    import shutil

    r = fresh(home)
    r.search("graph", 1)
    mine = r.snapshot().tables.folder
    other = fresh(home)  # e.g. a CLI ingest while `serve` runs: it grows and saves the index
    other.store.ingest([paper(60, "quantum annealing")])
    other.snapshot()
    shutil.rmtree(mine)  # and has deleted the version this process loaded
    monkeypatch.setattr(saved_bm25, "refresh", lambda *a, **k: pytest.fail("rebuilt what was saved"))
    assert r.search("quantum annealing", 1, mode="bm25")[0].paper.id == "p60"
    assert r.snapshot().tables.folder == other.snapshot().tables.folder
