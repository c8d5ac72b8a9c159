"""All storage I/O: the Chroma collection of paper chunks, the cache, and state paths.

The package is the storage layer: :class:`Store` (here), the write lock and freshness
stamp (``locking``), the TL;DR cache (``cache``) and the self-check (``health``).

Nothing else in the package talks to Chroma or writes under ``$PAPERQA_LITE_HOME``.

Layout of a collection: one Chroma record per chunk, id ``{paper}::{hash}::{n}``, the
chunk text as document, the paper's scalar fields as metadata, and on chunk 0 the
whole paper record as JSON. Writes are versioned by the paper's content hash: a
changed paper's new chunks are written before its old ones are deleted, so an
interrupted run leaves at worst two versions, of which readers take the newest and
the next ingest removes the older.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from . import locking
from .cache import Cache
from ..errors import UserError
from ..paper import Paper, rank_key
from ..settings import Settings
from ..tokens import chunk_text

WRITE_GROUP = 64  # papers per Chroma write; a paper's chunks never straddle two writes
READ_PAGE = 10_000  # records per Chroma read (SQLite allows 32,766 variables per statement)

_writes = 0  # writes through any Store in this process: the retriever's cue to re-check
_writes_lock = threading.Lock()


def writes() -> int:
    """How many writes (adds, deletes) this process has made through a Store."""
    return _writes


def _wrote() -> None:
    global _writes
    with _writes_lock:
        _writes += 1


@dataclass
class Chunk:
    id: str
    paper_id: str
    text: str
    metadata: dict[str, Any]


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    chunks: int = 0
    seconds: float = 0.0


def _day(iso: str | None) -> int | None:
    return int(iso.replace("-", "")) if iso else None


def _chroma_settings() -> Any:
    # New each call: chromadb's clients write their own fields into the object they get.
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class Store:
    """One collection in the embedded store or on a Chroma server."""

    def __init__(self, settings: Settings, collection: str | None = None) -> None:
        self.settings = settings
        self.name = collection or settings.store.collection
        self.home = Path(settings.home)
        self._server: Any = None
        self._col: tuple[Any, Any, Any] | None = None  # (client, collection, its vector store)

    # -- paths ---------------------------------------------------------------
    def path(self, *parts: str) -> Path:
        p = self.home.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        return p

    # -- chroma --------------------------------------------------------------
    @property
    def client(self) -> Any:
        """The Chroma client; an embedded one is reopened when another process wrote."""
        if self.settings.store.chroma_url:
            if self._server is None:
                self._server = self._server_client()
            return self._server
        return locking.embedded_client(self.home, self.home / "chroma", _chroma_settings())

    def _server_client(self) -> Any:
        import chromadb

        url = self.settings.store.chroma_url
        u = urlparse(url)
        if not u.hostname:
            raise UserError(f"store.chroma_url is not a URL: {url!r}")
        try:
            client = chromadb.HttpClient(host=u.hostname, port=u.port or 8000,
                                         ssl=u.scheme == "https", settings=_chroma_settings())
            client.heartbeat()
        except Exception as exc:  # connection refused, DNS, TLS: all one message
            raise UserError(f"cannot reach the Chroma server at {url}: {exc}") from None
        return client

    @property
    def collection(self) -> Any:
        client = self.client
        if self._col is None or self._col[0] is not client:
            self._col = (client, self._open_collection(client), None)
        return self._col[1]

    def _open_collection(self, client: Any) -> Any:
        embed_id = self.embed_model_id
        col = client.get_or_create_collection(
            self.name, metadata={"hnsw:space": "cosine", "embed_model": embed_id}
        )
        stored = (col.metadata or {}).get("embed_model")
        if stored and stored != embed_id:
            raise UserError(
                f"collection {self.name!r} was embedded with {stored}, not {embed_id}: "
                "use another --collection or the same embedding settings"
            )
        return col

    @property
    def vector_store(self) -> Any:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        col = self.collection
        assert self._col is not None
        if self._col[2] is None:
            self._col = (self._col[0], col, ChromaVectorStore(chroma_collection=col))
        return self._col[2]

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the home's write lock around a write (see :mod:`locking`); every write path
        goes through it. Readers elsewhere learn of the write from the bumped stamp."""
        with locking.writer(self.home):
            yield

    def _wrote(self) -> None:
        """After each Chroma write (under :meth:`writing`): tell this process's retrievers
        at once, other processes through the stamp."""
        _wrote()
        locking.bump(self.home, None if self.settings.store.chroma_url else self.home / "chroma")

    @cached_property
    def embedder(self) -> Any:
        from ..embed import get_embedder

        return get_embedder(self.settings)

    @property
    def embed_model_id(self) -> str:
        cfg = self.settings.embed
        return "all-MiniLM-L6-v2-onnx-int8" if cfg.backend == "local" else f"openai:{cfg.model}"

    def collections(self) -> list[str]:
        return sorted(c if isinstance(c, str) else c.name for c in self.client.list_collections())

    # -- reading -------------------------------------------------------------
    def _get_all(self, **kwargs: Any) -> dict[str, list[Any]]:
        """``collection.get`` in pages: one get of more than 32,766 records fails in
        Chroma's SQLite ("too many SQL variables"), i.e. from ~33k chunks or papers."""
        out: dict[str, list[Any]] = {"ids": [], "documents": [], "metadatas": []}
        offset = 0
        while True:
            got = self.collection.get(limit=READ_PAGE, offset=offset, **kwargs)
            for key in out:
                out[key].extend(got.get(key) or [])
            if len(got["ids"]) < READ_PAGE:
                return out
            offset += READ_PAGE

    @staticmethod
    def _newest(metadatas: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """paper id -> metadata of its newest chunk 0, from any chunks' metadata."""
        newest: dict[str, dict[str, Any]] = {}
        for meta in metadatas:
            pid = meta["paper_id"]
            if meta.get("chunk") == 0 and (pid not in newest or meta["ingested_at"] > newest[pid]["ingested_at"]):
                newest[pid] = meta
        return newest

    def _versions(self) -> dict[str, dict[str, Any]]:
        """paper id -> metadata of its newest chunk 0."""
        return self._newest(self._get_all(where={"chunk": 0}, include=["metadatas"])["metadatas"])

    @staticmethod
    def _papers(newest: dict[str, dict[str, Any]]) -> list[Paper]:
        papers = [Paper(**json.loads(m["record"])) for m in newest.values()]
        return sorted(papers, key=rank_key)

    def papers(self) -> list[Paper]:
        """Every paper in the collection, most upvoted first, then by title."""
        return self._papers(self._versions())

    def count_chunks(self) -> int:
        return self.collection.count()

    def count_papers(self) -> int:
        """Papers in the collection (each counted once, whatever its versions)."""
        return len(self._versions())

    def written_since(self, ingested_at: float) -> bool:
        """Whether any chunk was written after ``ingested_at`` (one indexed lookup)."""
        got = self.collection.get(where={"ingested_at": {"$gt": ingested_at}}, limit=1, include=[])
        return bool(got["ids"])

    def nearest(self, embedding: list[float], n: int, *, min_day: int | None = None,
                max_day: int | None = None, min_upvotes: int | None = None,
                paper_ids: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """The n chunks nearest the embedding, as (chunk id, cosine similarity), best first;
        a day bound excludes papers without a date, min_upvotes those without upvotes,
        ``paper_ids`` every paper not in it."""
        conds: list[dict[str, Any]] = []
        if paper_ids is not None:
            conds.append({"paper_id": {"$in": sorted(paper_ids) or [""]}})
        if min_day:
            conds.append({"published_day": {"$gte": min_day}})
        if max_day:
            conds.append({"published_day": {"$lte": max_day}})
        if min_upvotes:
            conds.append({"upvotes": {"$gte": min_upvotes}})
        where = conds[0] if len(conds) == 1 else {"$and": conds} if conds else None
        if n < 1:
            return []
        got = self.collection.query(query_embeddings=[embedding], n_results=n, where=where,
                                    include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(got["ids"][0], got["distances"][0])]

    def chunks(self) -> list[Chunk]:
        """Every current chunk (stale versions of a changed paper left out)."""
        return self.contents()[1]

    def contents(self) -> tuple[list[Paper], list[Chunk]]:
        """``papers()`` and ``chunks()`` from one read of the collection instead of three
        (the retriever's index build; benchmarks/run.py measures it)."""
        got = self._get_all(include=["documents", "metadatas"])
        newest = self._newest(got["metadatas"])
        current = {pid: m["content_hash"] for pid, m in newest.items()}
        chunks = [Chunk(cid, meta["paper_id"], doc, meta)
                  for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])
                  if current.get(meta["paper_id"]) == meta["content_hash"]]
        return self._papers(newest), chunks

    # -- writing -------------------------------------------------------------
    def ingest(self, papers: list[Paper], progress: Callable[[int], None] | None = None) -> IngestReport:
        """Add new and changed papers; unchanged ones cost nothing. Input is pre-validated."""
        start = time.perf_counter()
        report = IngestReport()
        with self.writing():
            existing = self._versions()
            self._drop_stale_versions(existing)
            todo = []
            for p in papers:
                old = existing.get(p.id)
                if old and old["content_hash"] == p.content_hash():
                    report.unchanged += 1
                    if progress:
                        progress(1)
                    continue
                todo.append((p, old["content_hash"] if old else None))
            for group_start in range(0, len(todo), WRITE_GROUP):
                group = todo[group_start : group_start + WRITE_GROUP]
                report.chunks += self._write(group)
                report.updated += sum(1 for _, old_hash in group if old_hash)
                report.added += sum(1 for _, old_hash in group if not old_hash)
                if progress:
                    progress(len(group))
        report.seconds = time.perf_counter() - start
        return report

    def _write(self, group: list[tuple[Paper, str | None]]) -> int:
        """Embed and add the papers' chunks, then delete their other versions (a paper is
        never without chunks); the chunks written. Under :meth:`writing`."""
        pairs = [pair for p, _ in group for pair in self.nodes(p)]
        nodes = [node for node, _ in pairs]
        embeddings = self.embedder.get_text_embedding_batch([text for _, text in pairs])
        for node, emb in zip(nodes, embeddings):
            node.embedding = emb
        self.vector_store.add(nodes)
        self._wrote()
        for p, old_hash in group:
            if old_hash:
                self.collection.delete(where={"$and": [{"paper_id": p.id},
                                                       {"content_hash": {"$ne": p.content_hash()}}]})
                self._wrote()
        return len(nodes)

    def _drop_stale_versions(self, current: dict[str, dict[str, Any]]) -> None:
        """Delete older versions an interrupted update left next to the newest one."""
        for pid in self.stale_versions(current):
            self.collection.delete(where={"$and": [{"paper_id": pid},
                                                   {"content_hash": {"$ne": current[pid]["content_hash"]}}]})
            self._wrote()

    def stale_versions(self, current: dict[str, dict[str, Any]] | None = None) -> set[str]:
        """Papers that still have an older version beside their newest one."""
        current = self._versions() if current is None else current
        got = self._get_all(where={"chunk": 0}, include=["metadatas"])
        return {m["paper_id"] for m in got["metadatas"]
                if m["content_hash"] != current[m["paper_id"]]["content_hash"]}

    @staticmethod
    def chunk_layout(paper: Paper, chunk_size: int, chunk_overlap: int,
                     ingested_at: float | None = None) -> list[tuple[Chunk, str]]:
        """The records a paper is stored as, each with the text embedded for it: one
        :class:`Chunk` per piece of the abstract (id ``{paper}::{hash}::{n}``, the paper's
        scalar fields as metadata, the whole record on chunk 0). Needs no collection, so the
        benchmarks' synthetic stores are written in exactly this layout."""
        h = paper.content_hash()
        base: dict[str, Any] = {
            "paper_id": paper.id, "title": paper.title, "content_hash": h,
            "ingested_at": time.time() if ingested_at is None else ingested_at,
        }
        if paper.published:
            base["published_day"] = _day(paper.published)
        if paper.upvotes is not None:
            base["upvotes"] = paper.upvotes
        out = []
        for i, text in enumerate(chunk_text(paper.abstract, chunk_size, chunk_overlap)):
            meta = dict(base, chunk=i)
            if i == 0:
                meta["record"] = json.dumps(paper.record())
            # The title carries much of a paper's meaning; every chunk is embedded with it.
            out.append((Chunk(f"{paper.id}::{h}::{i}", paper.id, text, meta), f"{paper.title}. {text}"))
        return out

    def nodes(self, paper: Paper) -> list[tuple[Any, str]]:
        """The paper's chunk nodes, each with the text to embed for it."""
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        cfg = self.settings.store
        nodes = []
        for chunk, embed_text in self.chunk_layout(paper, cfg.chunk_size, cfg.chunk_overlap):
            node = TextNode(
                id_=chunk.id, text=chunk.text, metadata=chunk.metadata,
                excluded_embed_metadata_keys=list(chunk.metadata),
                excluded_llm_metadata_keys=list(chunk.metadata),
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(
                    node_id=f"{paper.id}::{chunk.metadata['content_hash']}")},
            )
            nodes.append((node, embed_text))
        return nodes

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Delete papers by id, all or nothing: if any id is unknown, nothing is deleted
        and the unknown ids are returned (a typo must not cost the other papers)."""
        ids = list(ids)
        with self.writing():
            known = self._versions()
            missing = [i for i in ids if i not in known]
            if missing:
                return missing
            self._delete_papers(ids)
        return []

    def remove_source(self, source: str) -> list[str]:
        """Delete every paper a file added (whose newest version records that file as its
        ``source``, ``name`` or ``name:format``), in one locked write; the ids removed."""
        name = Path(source).name
        with self.writing():
            ids = sorted(pid for pid, m in self._versions().items()
                         if (src := json.loads(m["record"]).get("source") or "") == source
                         or src.rsplit(":", 1)[0] == name)
            self._delete_papers(ids)
        return ids

    def _delete_papers(self, ids: list[str]) -> None:
        for start in range(0, len(ids), READ_PAGE):  # SQLite's variable limit, as in _get_all
            self.collection.delete(where={"paper_id": {"$in": ids[start : start + READ_PAGE]}})
            self._wrote()

    # -- cache (TL;DRs and other derived results) -----------------------------
    @cached_property
    def _cache(self) -> Cache:
        return Cache(self.path("cache.sqlite"))

    def cache_get(self, kind: str, key: str) -> Any | None:
        return self._cache.get(kind, key)

    def cache_put(self, kind: str, key: str, value: Any) -> None:
        self._cache.put(kind, key, value)
