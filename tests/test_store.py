"""The Chroma store with the real MiniLM embedder and the embedded PersistentClient.

The sample week is embedded once per session (through the CLI) into a home dir that
each test copies, so tests that write never see each other's changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.ingest import load_papers
from paperqa_lite.paper import Paper, paper_id
from paperqa_lite.pipeline import ingest_files
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store
from paperqa_lite.tokens import count_tokens

WEBARENA = "WebArena: A Realistic Web Environment for Building Autonomous Agents"


@pytest.fixture
def week_store(week_home) -> Store:
    """A Store on this test's private copy of the ingested sample week."""
    return Store(load_settings())


def chunks_of(store: Store, pid: str) -> list[tuple[str, str, dict]]:
    got = store.collection.get(where={"paper_id": pid}, include=["documents", "metadatas"])
    rows = sorted(zip(got["ids"], got["documents"], got["metadatas"]), key=lambda r: r[2]["chunk"])
    return rows


def all_ids(store: Store) -> set[str]:
    return set(store.collection.get(include=[])["ids"])


def long_abstract(n: int = 40, topic: str = "retrieval") -> str:
    """Distinct, numbered sentences, far beyond one chunk."""
    return " ".join(
        f"In experiment {i} we measure how {topic} quality changes when the benchmark has "
        f"{i * 37 % 101} distractor documents, and sentence {i} reports the result."
        for i in range(1, n + 1)
    )


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# -- the sample week -------------------------------------------------------------------


def test_sample_week_is_stored_as_40_papers_with_their_fields(week_store, sample_week, ingested_week):
    report = ingested_week[1]
    assert (report["papers"], report["added"], report["updated"], report["unchanged"]) == (40, 40, 0, 0)
    assert report["chunks"] == week_store.count_chunks()
    assert report["collection"] == "week"

    stored = week_store.papers()
    assert len(stored) == 40 == len({p.id for p in stored}) == week_store.count_papers()
    parsed = {p.id: p.record() for p in load_papers([sample_week])}
    assert {p.id: p.record() for p in stored} == parsed

    by_title = {p.title: p for p in stored}
    web = by_title[WEBARENA]
    assert (web.id, web.n_authors, web.published, web.upvotes) == (paper_id(WEBARENA), 11, "2023-07-25", 4)
    assert web.source == "sample_week.txt:page"
    srpo = by_title["SRPO: Self-Referential Policy Optimization for Vision-Language-Action Models"]
    assert srpo.organization == "OpenMOSS-Team OpenMOSS" and srpo.upvotes == 2
    ego = by_title["EgoLife: Towards Egocentric Life Assistant"]
    assert (ego.n_authors, ego.published, ego.upvotes) == (None, None, None)
    # most upvoted first (11, 9, 4 on the page), then by title
    assert [p.upvotes for p in stored[:3]] == [11, 9, 4]
    assert stored[0].title.startswith("Looking Inward")
    keys = [(-(p.upvotes or 0), p.title.lower()) for p in stored]
    assert keys == sorted(keys)


def test_collection_records_the_embedding_model(week_store):
    meta = week_store.collection.metadata
    assert meta["embed_model"] == "all-MiniLM-L6-v2-onnx-int8"
    assert meta["hnsw:space"] == "cosine"
    assert week_store.collections() == ["week"]


def test_every_chunk_fits_the_chunk_size_and_covers_its_abstract(week_store):
    size = week_store.settings.store.chunk_size
    n_split = 0
    for paper in week_store.papers():
        rows = chunks_of(week_store, paper.id)
        assert [m["chunk"] for _, _, m in rows] == list(range(len(rows)))
        assert all(cid.startswith(f"{paper.id}::") for cid, _, _ in rows)
        assert {m["content_hash"] for _, _, m in rows} == {paper.content_hash()}
        assert all(m["title"] == paper.title for _, _, m in rows)
        assert json.loads(rows[0][2]["record"])["abstract"] == paper.abstract
        assert all(count_tokens(doc) <= size for _, doc, _ in rows)
        if count_tokens(paper.abstract) <= size:
            assert [doc for _, doc, _ in rows] == [paper.abstract]
        else:
            n_split += 1
            assert len(rows) > 1
            text = " ".join(doc for _, doc, _ in rows)
            assert set(paper.abstract.split()) <= set(text.split())
    assert n_split > 0, "the sample week has abstracts longer than one chunk"


def test_chunks_carry_filterable_metadata(week_store):
    web = next(p for p in week_store.papers() if p.title == WEBARENA)
    meta = chunks_of(week_store, web.id)[0][2]
    assert meta["published_day"] == 20230725 and meta["upvotes"] == 4
    got = week_store.collection.get(where={"$and": [{"upvotes": {"$gte": 9}}, {"chunk": 0}]},
                                    include=["metadatas"])
    assert sorted(m["title"][:14] for m in got["metadatas"]) == ["Looking Inward", "Training Langu"]


def test_chunks_are_embedded_with_the_real_model(week_store):
    got = week_store.collection.get(limit=5, include=["embeddings", "documents"])
    emb = np.array(got["embeddings"])
    assert emb.shape == (5, 384)
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-3)
    # a question about web agents finds WebArena among the nearest chunks
    q = week_store.embedder.get_query_embedding("a realistic web environment benchmark for autonomous agents")
    res = week_store.collection.query(query_embeddings=[q], n_results=3, include=["metadatas"])
    assert WEBARENA in [m["title"] for m in res["metadatas"][0]]


# -- idempotence and updates -----------------------------------------------------------


def test_second_ingest_adds_nothing(week_store, sample_week):
    before_ids = all_ids(week_store)
    before_meta = week_store.collection.get(include=["metadatas"])["metadatas"]
    report = ingest_files(week_store.settings, [sample_week])
    assert (report["added"], report["updated"], report["unchanged"], report["chunks"]) == (0, 0, 40, 0)
    assert all_ids(week_store) == before_ids
    after_meta = week_store.collection.get(include=["metadatas"])["metadatas"]
    assert sorted(m["ingested_at"] for m in after_meta) == sorted(m["ingested_at"] for m in before_meta)


def test_same_papers_from_another_format_are_unchanged(week_store, tmp_path):
    """Only the content counts, not which file a paper came from."""
    web = next(p for p in week_store.papers() if p.title == WEBARENA)
    path = write_jsonl(tmp_path / "same.jsonl", {
        "title": web.title, "abstract": web.abstract, "n_authors": 11,
        "published": "2023-07-25", "upvotes": 4, "daily_date": web.extra["daily_date"]})
    report = ingest_files(week_store.settings, [path])
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 1)


def test_changed_abstract_replaces_the_old_chunks(week_store, tmp_path):
    pid = paper_id(WEBARENA)
    old_rows = chunks_of(week_store, pid)
    total = week_store.count_chunks()
    size = week_store.settings.store.chunk_size

    # 1. a much longer abstract: several chunks, none of the old ones left
    new_long = long_abstract(40, "web agent")
    assert count_tokens(new_long) > 3 * size
    path = write_jsonl(tmp_path / "v2.jsonl", {"title": WEBARENA.upper() + "!", "abstract": new_long})
    report = ingest_files(week_store.settings, [path])
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 1, 0)
    rows = chunks_of(week_store, pid)
    assert len(rows) >= 4 and report["chunks"] == len(rows)
    assert not {cid for cid, _, _ in old_rows} & {cid for cid, _, _ in rows}
    assert all(count_tokens(doc) <= size for _, doc, _ in rows)
    assert all(doc in new_long for _, doc, _ in rows)
    assert week_store.count_chunks() == total - len(old_rows) + len(rows)
    papers = week_store.papers()
    assert len(papers) == 40 and sum(p.id == pid for p in papers) == 1
    assert next(p for p in papers if p.id == pid).abstract == new_long

    # 2. back to a short abstract: the several chunks become one
    total = week_store.count_chunks()
    n_long = len(rows)
    short = "A short replacement abstract about realistic web environments for agents."
    report = ingest_files(week_store.settings, [write_jsonl(tmp_path / "v3.jsonl",
                                                            {"title": WEBARENA, "abstract": short})])
    assert report["updated"] == 1 and report["chunks"] == 1
    rows = chunks_of(week_store, pid)
    assert [doc for _, doc, _ in rows] == [short]
    assert week_store.count_chunks() == total - n_long + 1
    assert next(p for p in week_store.papers() if p.id == pid).abstract == short
    assert [c.text for c in week_store.chunks() if c.paper_id == pid] == [short]


@pytest.mark.parametrize("chunk_size", [192, 48])
def test_long_abstract_is_split_into_chunks_within_the_size(settings, chunk_size):
    settings.store.chunk_size = chunk_size
    store = Store(settings)
    text = long_abstract(30)
    # one sentence with no break at all must be split too
    run_on = " ".join(f"token{i}" for i in range(400))
    papers = [Paper(id="long-1", title="A Long Abstract", abstract=text),
              Paper(id="long-2", title="A Run-On Abstract", abstract=run_on)]
    store.ingest(papers)
    for paper in papers:
        rows = chunks_of(store, paper.id)
        assert len(rows) >= count_tokens(paper.abstract) // chunk_size
        assert len(rows) > 1
        for _, doc, _ in rows:
            assert count_tokens(doc) <= chunk_size, doc
        joined = " ".join(doc for _, doc, _ in rows)
        assert set(paper.abstract.split()) <= set(joined.split())
    for i in (1, 15, 30):
        assert any(f"sentence {i} reports" in doc for _, doc, _ in chunks_of(store, "long-1"))
    assert store.count_papers() == 2


# -- remove ----------------------------------------------------------------------------


def test_remove_deletes_every_chunk_of_a_paper(week_store):
    multi = next(p for p in week_store.papers() if len(chunks_of(week_store, p.id)) > 1)
    n = len(chunks_of(week_store, multi.id))
    total = week_store.count_chunks()
    assert week_store.remove([multi.id]) == []
    assert chunks_of(week_store, multi.id) == []
    assert week_store.count_chunks() == total - n
    assert multi.id not in {p.id for p in week_store.papers()} and week_store.count_papers() == 39


def test_remove_reports_unknown_ids_and_keeps_the_rest(week_store):
    before = all_ids(week_store)
    assert week_store.remove(["no-such-paper"]) == ["no-such-paper"]
    assert all_ids(week_store) == before


# -- embedding model mismatch ----------------------------------------------------------


def test_embed_model_mismatch_is_a_user_error(week_store):
    other = load_settings(embed={"backend": "openai", "model": "text-embedding-3-small"})
    store = Store(other)
    with pytest.raises(UserError) as err:
        store.papers()
    msg = str(err.value)
    assert "all-MiniLM-L6-v2-onnx-int8" in msg and "openai:text-embedding-3-small" in msg
    assert "'week'" in msg
    with pytest.raises(UserError):
        store.ingest([Paper(id="x", title="X", abstract="An abstract that must not be written.")])
    # the collection is untouched and still usable with the right settings
    fresh = Store(load_settings())
    assert fresh.collection.metadata["embed_model"] == "all-MiniLM-L6-v2-onnx-int8"
    assert fresh.count_papers() == 40
    # another collection can use the other model
    assert Store(other, collection="openai-week").count_chunks() == 0


# -- an interrupted update -------------------------------------------------------------


@pytest.mark.parametrize("follow_up", ["same file again", "another file"])
def test_interrupted_update_keeps_newest_and_next_ingest_cleans_up(week_store, tmp_path, monkeypatch,
                                                                   fixtures, follow_up):
    first = week_store.papers()
    by_title = {p.title: p for p in first}
    changed = {
        WEBARENA: long_abstract(25, "browser agent"),  # several chunks
        "EgoLife: Towards Egocentric Life Assistant": "A rewritten abstract about egocentric assistants.",
    }
    old_rows = {by_title[t].id: chunks_of(week_store, by_title[t].id) for t in changed}
    total = week_store.count_chunks()
    path = write_jsonl(tmp_path / "new.jsonl", *({"title": t, "abstract": a} for t, a in changed.items()))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp, pytest.raises(KeyboardInterrupt):
        mp.setattr(week_store.collection, "delete", interrupted)
        week_store.ingest(load_papers([path]))

    new_rows = {pid: [r for r in chunks_of(week_store, pid) if r not in old_rows[pid]] for pid in old_rows}
    # both versions are on disk now ...
    assert all(new_rows.values())
    assert week_store.count_chunks() == total + sum(map(len, new_rows.values()))
    # ... but readers see each paper once, in its newest version
    reader = Store(load_settings())
    papers = reader.papers()
    assert len(papers) == 40 and len({p.id for p in papers}) == 40
    for title, abstract in changed.items():
        assert next(p for p in papers if p.title == title).abstract == abstract
    current = [c for c in reader.chunks() if c.paper_id in old_rows]
    assert sorted(c.id for c in current) == sorted(cid for rows in new_rows.values() for cid, _, _ in rows)

    follow = path if follow_up == "same file again" else fixtures / "papers.jsonl"
    report = ingest_files(load_settings(), [follow])
    for pid in old_rows:
        assert chunks_of(reader, pid) == new_rows[pid]
    expected = total - sum(map(len, old_rows.values())) + sum(map(len, new_rows.values()))
    if follow_up == "another file":
        expected += report["chunks"]
    else:
        assert report["unchanged"] == 2
    assert reader.count_chunks() == expected
    assert len(reader.papers()) == 40 + report["added"]
