"""The store's self-check (``paperqa-lite doctor``): find what a crash or a lost write left
behind, and repair it under the write lock.

Part of the store layer (it reads the collection through :class:`Store`'s pages), kept
apart from the ``Store`` class for length. What it looks for:

- chunks without a vector: in the SQLite metadata (so BM25 finds them) but not in the
  HNSW index (so dense search cannot). Chroma fails a ``get`` of embeddings that
  includes such an id ("Error finding id"), so pages that fail are bisected down to the
  ids. Repair: embed the stored text again and upsert it with its stored metadata.
- papers missing chunks: the newest version lacks a chunk of its layout (at today's chunk
  settings), or a chunk has no text. Repair: write the missing chunks from the record.
- orphan chunks: a version with no chunk 0, hence no paper record. Repair: delete.
- stale versions: an older version next to the newest. Repair: delete (ingest does too).
- stale BM25 state: the BM25 index lives in each process's memory and is rebuilt when the
  chunk count changes or a chunk newer than its newest appears; a chunk dated in the
  future (a clock set back) hides every later write from that check. Repair: re-date it.
  Any repair also bumps the write stamp, so running processes reload both indexes.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from ..paper import Paper
from . import Store

PROBE_PAGE = 256  # ids per embeddings probe; a failing page is halved until the ids show
FUTURE_S = 60.0  # clock skew tolerated before a chunk counts as dated in the future


@dataclass
class Health:
    chunks: int = 0
    papers: int = 0
    no_vector: list[str] = field(default_factory=list)  # chunk ids
    missing_chunks: dict[str, list[str]] = field(default_factory=dict)  # paper id -> chunk ids
    orphans: list[str] = field(default_factory=list)  # chunk ids
    stale_versions: list[str] = field(default_factory=list)  # paper ids
    future_dated: list[str] = field(default_factory=list)  # chunk ids
    repaired: dict[str, int] = field(default_factory=dict)

    def problems(self) -> int:
        return (len(self.no_vector) + len(self.missing_chunks) + len(self.orphans)
                + len(self.stale_versions) + len(self.future_dated))

    def public(self) -> dict[str, Any]:
        return asdict(self) | {"problems": self.problems()}

    def lines(self) -> list[str]:
        found = [
            (self.no_vector, "chunk(s) without a vector (dense search cannot find them)"),
            (self.missing_chunks, "paper(s) missing chunks"),
            (self.orphans, "orphan chunk(s) (no paper record)"),
            (self.stale_versions, "paper(s) with a stale version"),
            (self.future_dated, "chunk(s) dated in the future (hide later writes from BM25)"),
        ]
        out = [f"{len(items)} {what}: {', '.join(list(items)[:5])}{' ...' if len(items) > 5 else ''}"
               for items, what in found if items]
        if self.repaired:
            out.append("Repaired: " + ", ".join(f"{n} {k}" for k, n in self.repaired.items()))
        out.append(f"{self.papers} papers, {self.chunks} chunks: "
                   + ("healthy" if not self.problems() else
                      "repaired" if self.repaired else
                      f"{self.problems()} problem(s); run `paperqa-lite doctor --repair`"))
        return out


def check(store: Store, repair: bool = False) -> Health:
    """What is wrong with the collection; with ``repair``, fix it, all under the write lock
    (so no ingest runs meanwhile)."""
    with store.writing() if repair else contextlib.nullcontext():
        health = _find(store)
        if repair and health.problems():
            health.repaired = _repair(store, health)
            health.repaired["problems left"] = _find(store).problems()
    return health


def _find(store: Store) -> Health:
    got = store._get_all(include=["documents", "metadatas"])
    newest = store._newest(got["metadatas"])
    health = Health(chunks=len(got["ids"]), papers=len(newest))
    versions: dict[tuple[str, str], dict[str, str]] = {}  # (paper, hash) -> chunk id -> text
    now = time.time()
    for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"]):
        versions.setdefault((meta["paper_id"], meta["content_hash"]), {})[cid] = doc or ""
        if meta.get("ingested_at", 0.0) > now + FUTURE_S:
            health.future_dated.append(cid)
    for (pid, h), chunks in versions.items():
        current = newest.get(pid)
        if current is None or not any(c.endswith("::0") for c in chunks):
            if current is None or current["content_hash"] != h:
                health.orphans.extend(chunks)
        elif current["content_hash"] != h:
            health.stale_versions.append(pid)
    for pid, meta in newest.items():
        have = versions[(pid, meta["content_hash"])]
        want = [node.node_id for node, _ in store.nodes(Paper(**json.loads(meta["record"])))]
        missing = [cid for cid in want if not have.get(cid, "").strip()]
        if missing:
            health.missing_chunks[pid] = missing
    health.no_vector = _without_vector(store, got["ids"])
    return health


def _without_vector(store: Store, ids: list[str]) -> list[str]:
    def probe(page: list[str]) -> list[str]:
        try:
            store.collection.get(ids=page, include=["embeddings"])
            return []
        except Exception:  # chromadb raises InternalError("Error finding id") for the page
            if len(page) == 1:
                return page
            half = len(page) // 2
            return probe(page[:half]) + probe(page[half:])

    return [cid for start in range(0, len(ids), PROBE_PAGE) for cid in probe(ids[start : start + PROBE_PAGE])]


def _repair(store: Store, health: Health) -> dict[str, int]:
    done: dict[str, int] = {}
    col = store.collection
    if health.stale_versions:
        store._drop_stale_versions(store._versions())
        done["stale versions deleted"] = len(health.stale_versions)
    if health.orphans:
        col.delete(ids=health.orphans)
        store._wrote()
        done["orphan chunks deleted"] = len(health.orphans)
    if health.no_vector or health.missing_chunks:
        done.update(_rewrite(store, set(health.no_vector) - set(health.orphans), health.missing_chunks))
    if health.future_dated:
        col.update(ids=health.future_dated, metadatas=[{"ingested_at": time.time()}] * len(health.future_dated))
        store._wrote()
        done["chunks re-dated"] = len(health.future_dated)
    return done


def _rewrite(store: Store, no_vector: set[str], missing: dict[str, list[str]]) -> dict[str, int]:
    """Embed again, from each newest version's record and its chunk layout (``nodes``),
    the chunks without a vector (upserted over their rows, so no paper is ever without
    its record) and the chunks missing (added)."""
    col = store.collection
    versions = store._versions()
    pids = {cid.split("::", 1)[0] for cid in no_vector} | set(missing)
    nodes: dict[str, tuple[Any, str]] = {}
    for pid in pids & set(versions):
        paper = Paper(**json.loads(versions[pid]["record"]))
        nodes.update((node.node_id, (node, text)) for node, text in store.nodes(paper))
    lost = set(sum(missing.values(), []))
    stored = col.get(ids=sorted((no_vector - lost) & set(nodes)), include=["documents", "metadatas"])
    if lost:  # rows that exist without text are replaced whole
        col.delete(ids=sorted(lost))
    ids = stored["ids"] + sorted(lost & set(nodes))
    vectors = store.embedder.get_text_embedding_batch([nodes[cid][1] for cid in ids])
    n = len(stored["ids"])
    if n:
        col.upsert(ids=stored["ids"], embeddings=vectors[:n], documents=stored["documents"],
                   metadatas=stored["metadatas"])
    for cid, vec in zip(ids[n:], vectors[n:]):
        nodes[cid][0].embedding = vec
    if ids[n:]:
        store.vector_store.add([nodes[cid][0] for cid in ids[n:]])
    store._wrote()
    return {"chunks re-embedded": n, "chunks rewritten": len(ids) - n}
