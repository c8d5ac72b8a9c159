"""Hybrid retrieval as LlamaIndex retrievers: dense (Chroma) + BM25 over the same chunks, fused per paper.

- Dense: LlamaIndex's own ``VectorIndexRetriever`` over the store's ``ChromaVectorStore``
  (:meth:`Store.vector_index`; the query embedded by the LlamaIndex adapter, MiniLM by
  default); date and upvote filters are ``MetadataFilters`` (:func:`filters_for`).
- BM25: :class:`BM25ChunkRetriever`, a LlamaIndex ``BaseRetriever`` too, over bm25s
  (Lucene scoring; English stopwords; Snowball stemmer) of every current chunk, prefixed
  with its paper's title as when it was embedded; the same ``MetadataFilters`` become a
  mask over papers. The index is saved beside the store (:mod:`store.bm25`): a new
  process memory-maps it, and one that finds it stale (the store's generation stamp, the
  chunk count, a chunk written after the newest indexed; checked after any write by this
  process and otherwise at most every FRESH_CHECK_S) grows it by the chunks that changed.
- :class:`HybridRetriever` (a ``BaseRetriever`` returning ``NodeWithScore``) runs both,
  collapses each ranking to papers (a paper ranks, and scores, where its best chunk does),
  fuses them (:mod:`fusion`: by default a small learned ranker over both rankings' scores
  and ranks; ``retrieve.fusion`` "convex" or "rrf" for the simpler fusions), and puts the
  papers the question names first (:func:`names.resolve_named`), in the order named.
  :meth:`Retriever.search` returns the same result as paper-level :class:`Hit`\\ s, each
  with its chunks as nodes.

Why fusion, the collapse to papers and named papers stay ours: LlamaIndex's
``QueryFusionRetriever`` fuses *chunks* by rank alone (``reciprocal_rerank``, k=60), while
the answer, the TL;DRs and the evals rank *papers*; fusing chunk ranks lets a paper with
three middling chunks beat one with a single best chunk, and on SciFact train RRF at k=60
scored 0.7243 against 0.7409 (out of fold) for the learned paper fusion (docs/quality.md). Named papers are a lookup in the
collection's titles and acronyms, not a ranking, so no retriever of LlamaIndex's fits.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

from . import fusion, names
from .errors import UserError
from .names import NameIndex
from .paper import Paper, iso_date
from .sentences import english_stemmer
from .settings import Settings
from .store import Store, writes
from .store import bm25 as saved_bm25

MODES = ("hybrid", "dense", "bm25")
FRESH_CHECK_S = 1.0  # how often a search asks Chroma whether another process changed the collection
_HYPHENATED = re.compile(r"\b\w+(?:-\w+)+\b")
# What the saved index was made by: a change of the tokenizer (say so here) or of the name
# rules (names.py) must not reuse an old one.
TOKENIZER = ("bm25s-3 lucene; en stopwords; snowball english; hyphenated compounds joined too; names "
             + hashlib.sha1(Path(names.__file__).read_bytes()).hexdigest()[:12])


@dataclass
class Hit:
    paper: Paper
    score: float  # hybrid: fused score (fusion.fuse); dense: cosine similarity; bm25: BM25 score
    chunks: list[str]  # the paper's chunk texts, best matching first
    dense_rank: int | None = None  # 1-based paper rank in each ranking (None: not in it)
    bm25_rank: int | None = None
    named: bool = False  # named by the question, hence placed first
    nodes: list[NodeWithScore] = field(default_factory=list)  # the chunks as nodes, in the same order


# -- the index ----------------------------------------------------------------------
@dataclass
class _Snapshot:
    count: int  # chunks in the collection when read (stale versions included)
    newest: float  # newest ingested_at among them
    papers: Sequence[Paper]  # parsed as needed when loaded from disk
    chunk_ids: list[str]
    texts: Sequence[str]  # memory-mapped when loaded from disk
    owner: np.ndarray  # chunk row -> paper row
    rows_of: list[range]  # paper row -> its chunk rows, in order
    day: np.ndarray  # paper row -> yyyymmdd (0: unknown)
    upvotes: np.ndarray  # paper row -> upvotes (0: unknown)
    bm25: Any
    names: NameIndex
    row_of: dict[str, int]  # chunk id -> chunk row
    prow: dict[str, int]  # paper id -> paper row
    tables: saved_bm25.Tables  # what it was made from (the index saved beside the store)

    def node(self, row: int, score: float | None = None) -> NodeWithScore:
        """Chunk ``row`` as a LlamaIndex node (as the dense retriever returns them: text, id,
        paper id and title in the metadata, which the model is not shown)."""
        p = int(self.owner[row])
        meta = {"paper_id": self.papers[p].id, "title": self.papers[p].title,
                "chunk": self.rows_of[p].index(row)}
        return NodeWithScore(node=TextNode(id_=self.chunk_ids[row], text=self.texts[row], metadata=meta,
                                           excluded_llm_metadata_keys=list(meta),
                                           excluded_embed_metadata_keys=list(meta)), score=score)


def iso_day(iso: str | None, what: str = "date") -> int | None:
    """A date given by the user (``--since``, ``--until``, the web filters) as yyyymmdd;
    one ``UserError`` line if it is not a date YYYY-MM-DD."""
    if iso is None:
        return None
    day = iso_date(iso) if len(iso) == 10 else None
    if day is None:
        raise UserError(f"{what} must be a date YYYY-MM-DD, got {iso!r}")
    return int(day.replace("-", ""))


def filters_for(since: str | None = None, until: str | None = None,
                min_upvotes: int | None = None, ids: Collection[str] | None = None) -> MetadataFilters | None:
    """The user's date and upvote bounds, and a set of papers (a week's, :mod:`weeks`), as
    LlamaIndex ``MetadataFilters`` on the chunks' ``published_day``, ``upvotes`` and
    ``paper_id`` (None: no bound). A day bound leaves out papers without a date, an upvote
    bound those without upvotes (the keys are absent)."""
    lo, hi = iso_day(since, "since"), iso_day(until, "until")
    bounds = [("published_day", FilterOperator.GTE, lo), ("published_day", FilterOperator.LTE, hi),
              ("upvotes", FilterOperator.GTE, min_upvotes if min_upvotes and min_upvotes > 0 else None),
              # an empty set must match nothing, and Chroma refuses an empty $in
              ("paper_id", FilterOperator.IN, None if ids is None else sorted(ids) or [""])]
    got = [MetadataFilter(key=key, operator=op, value=v) for key, op, v in bounds if v is not None]
    return MetadataFilters(filters=got) if got else None


def _paper_mask(snap: _Snapshot, filters: MetadataFilters | None) -> np.ndarray | None:
    """The papers ``filters`` (from :func:`filters_for`) let through, as a mask over paper rows."""
    if filters is None or not filters.filters:
        return None
    mask = np.ones(len(snap.papers), dtype=bool)
    for f in filters.filters:
        if getattr(f, "key", None) == "paper_id" and f.operator == FilterOperator.IN:
            wanted = set(f.value)
            mask &= np.fromiter((p.id in wanted for p in snap.papers), dtype=bool, count=len(snap.papers))
            continue
        col = {"published_day": snap.day, "upvotes": snap.upvotes}.get(getattr(f, "key", None))
        if col is None or f.operator not in (FilterOperator.GTE, FilterOperator.LTE):
            raise ValueError(f"BM25 filters are published_day/upvotes >= or <=, or paper_id in, not {f!r}")
        mask &= (col > 0) & ((col >= f.value) if f.operator == FilterOperator.GTE else (col <= f.value))
    return mask


def _score(ranking: str, score: float | None) -> float:
    """A node's score as fusion expects it. LlamaIndex's Chroma adapter reports a dense
    match as ``exp(-distance)``; the learned fusion was fitted on cosine similarity,
    ``1 - distance``, so the dense score is mapped back (monotonic: ranks are unchanged)."""
    if score is None:
        return 0.0
    if ranking == "dense":
        return 1.0 + math.log(score) if score > 0 else -1.0
    return float(score)


class BM25ChunkRetriever(BaseRetriever):
    """BM25 over one index snapshot's chunks, as a LlamaIndex retriever: the ``n`` best
    chunks (score: BM25), among the papers ``filters`` lets through."""

    def __init__(self, retriever: Retriever, snap: _Snapshot, n: int,
                 filters: MetadataFilters | None = None) -> None:
        super().__init__()
        self._retriever, self._snap, self._n = retriever, snap, n
        self._mask = _paper_mask(snap, filters)

    def ranking(self, query: str) -> list[tuple[int, float]]:
        """The best chunks as (snapshot row, BM25 score), best first."""
        snap = self._snap
        tokens = self._retriever.tokenize([query])[0]
        ids = snap.bm25.get_tokens_ids(tokens) if len(snap.texts) else []
        if not ids:
            return []
        scores = snap.bm25.get_scores(ids)
        if self._mask is not None:
            scores = scores * self._mask[snap.owner]
        n = min(self._n, int((scores > 0).sum()))
        top = np.argpartition(-scores, n - 1)[:n] if n else np.array([], dtype=np.int64)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(r), float(scores[r])) for r in top]

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [self._snap.node(r, s) for r, s in self.ranking(query_bundle.query_str)]


class HybridRetriever(BaseRetriever):
    """The project's search as a LlamaIndex retriever: the ``k`` best papers for a query
    (named papers first), returned as their chunks' nodes, paper by paper, each node
    scored with its paper's score (``metadata["paper_id"]`` says which paper).
    :meth:`hits` gives the same result as paper-level :class:`Hit`\\ s."""

    def __init__(self, retriever: Retriever, k: int | None = None, filters: MetadataFilters | None = None,
                 mode: str = "hybrid", named: bool = True) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        super().__init__()
        self._retriever, self._filters, self._mode, self._named = retriever, filters, mode, named
        self._k = k or retriever.settings.retrieve.k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [node for hit in self.hits(query_bundle) for node in hit.nodes]

    def hits(self, query: str | QueryBundle) -> list[Hit]:
        """The k best papers, best first; named papers first of all."""
        r, cfg = self._retriever, self._retriever.settings.retrieve
        query = query.query_str if isinstance(query, QueryBundle) else query
        snap = r.snapshot()
        if not snap.papers:
            return []
        n = max(cfg.candidates, 3 * self._k)  # chunks per ranking; a paper has ~1-3
        got: dict[str, list[NodeWithScore]] = {}
        if self._mode in ("hybrid", "dense"):
            got["dense"] = r.dense_retriever(snap, n, self._filters).retrieve(r.query_bundle(query))
        if self._mode in ("hybrid", "bm25"):
            got["bm25"] = BM25ChunkRetriever(r, snap, n, self._filters).retrieve(query)
        nodes: dict[int, NodeWithScore] = {}  # chunk row -> the node a ranking returned for it
        lists: dict[str, list[tuple[int, float]]] = {}
        for name, found in got.items():
            # the dense half also finds an interrupted update's stale versions: left out
            found = [(snap.row_of[n.node.node_id], n) for n in found if n.node.node_id in snap.row_of]
            lists[name] = [(row, _score(name, n.score)) for row, n in found]
            for row, n in found:
                nodes.setdefault(row, n)
        fused, ranks, chunk_score = fusion.fuse(lists, snap.owner, cfg.fusion,
                                                {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight}, cfg.rrf_k)
        return self._hits(snap, query, fused, ranks, chunk_score, nodes)

    def _hits(self, snap: _Snapshot, query: str, fused: dict[int, float], ranks: dict[str, dict[int, int]],
              chunk_score: dict[int, float], nodes: dict[int, NodeWithScore]) -> list[Hit]:
        mask = _paper_mask(snap, self._filters)
        order = sorted(fused, key=lambda p: -fused[p])
        first = [snap.prow[p.id] for p in snap.names.find(query)] if self._named else []
        first = [p for p in first if mask is None or mask[p]]
        order = first + [p for p in order if p not in first]
        hits = []
        for p in order[: self._k]:
            rows = sorted(snap.rows_of[p], key=lambda r: -chunk_score.get(r, 0.0))  # stable
            score = fused.get(p, 0.0)
            hit_nodes = [NodeWithScore(node=(nodes[r] if r in nodes else snap.node(r)).node, score=score)
                         for r in rows]
            hits.append(Hit(snap.papers[p], score, [snap.texts[r] for r in rows],
                            ranks.get("dense", {}).get(p), ranks.get("bm25", {}).get(p),
                            named=p in first, nodes=hit_nodes))
        return hits


class Retriever:
    """One store's search: the shared BM25 snapshot, the query-vector cache, and the
    LlamaIndex retrievers over them; safe to share between threads."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()
        self._qvec: dict[str, list[float]] = {}
        self._checked = (-1, 0.0)  # (this process's write count, monotonic time) of the last check
        self.builds = 0  # how many times the snapshot was made, loaded or grown (tests, diagnostics)

    # -- index ------------------------------------------------------------------
    def snapshot(self) -> _Snapshot:
        """The current index, rebuilt only when the collection changed since it was built."""
        with self._lock:
            snap = self._snap
            seen, now = writes(), time.monotonic()
            # Writes by this process are checked for at once; other processes' (a CLI ingest
            # while the web app runs) within FRESH_CHECK_S: each check is two Chroma calls
            # whose cost grows with the collection (~17 ms a search at 100k chunks).
            if snap is None or seen != self._checked[0] or now - self._checked[1] >= FRESH_CHECK_S:
                if snap is None or not saved_bm25.is_current(self.store, snap.tables):
                    self._snap = snap = self._build(snap)
                self._checked = (seen, time.monotonic())
            return snap

    def _build(self, prev: _Snapshot | None) -> _Snapshot:
        """The snapshot from the index saved beside the store if it is current, else from
        that index grown by what changed (or built, if none is saved), and saved."""
        tables = prev.tables if prev is not None else None
        if tables is None or not saved_bm25.is_current(self.store, tables):
            # the writer (an ingest, pipeline.ingest_papers) has usually saved it grown already
            tables = saved_bm25.load(self.store, TOKENIZER, unless=tables and tables.folder) or tables
        if tables is None or not saved_bm25.is_current(self.store, tables):
            tables = saved_bm25.refresh(self.store, tables, self.tokens, TOKENIZER,
                                        lambda papers: {"names": NameIndex(papers).state()})
        self.builds += 1
        papers, owner = tables.papers, tables.owner
        ids, day, upvotes = tables.columns()
        prow = {pid: i for i, pid in enumerate(ids)}
        bounds = np.searchsorted(owner, np.arange(len(papers) + 1))  # rows are grouped by paper
        return _Snapshot(
            count=tables.count, newest=tables.newest, papers=papers, chunk_ids=tables.chunk_ids,
            texts=tables.texts, owner=owner,
            rows_of=[range(bounds[p], bounds[p + 1]) for p in range(len(papers))],
            day=day, upvotes=upvotes, bm25=tables.bm25,
            names=NameIndex.from_state(tables.extras["names"], lambda pid: papers[prow[pid]]),
            row_of={c: r for r, c in enumerate(tables.chunk_ids)}, prow=prow, tables=tables)

    @staticmethod
    def tokenize(texts: list[str]) -> Any:
        """``texts`` as the BM25 index tokenizes them (bm25s ids for several, tokens for one)."""
        return Retriever._tokenize(texts, ids=len(texts) > 1)

    def tokens(self, texts: list[str]) -> list[list[str]]:
        """Each text's tokens, as the saved index keeps them (:data:`TOKENIZER`)."""
        return self._tokenize(texts, ids=False)

    @staticmethod
    def _tokenize(texts: list[str], ids: bool) -> Any:
        import bm25s

        with english_stemmer() as stemmer:
            # a hyphenated compound is also one word ("self-rewarding" -> "selfrewarding"), so
            # a query for it prefers the papers that use the compound over "self" + "reward"
            texts = [_HYPHENATED.sub(lambda m: f"{m.group(0)} {m.group(0).replace('-', '')}", t)
                     for t in texts]
            return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, return_ids=ids, show_progress=False)

    # -- the LlamaIndex retrievers ------------------------------------------------------
    def query_bundle(self, query: str) -> QueryBundle:
        """The query with its embedding (the LlamaIndex adapter's), cached: the eval asks
        each query in three modes, a chat turn may be retrieved twice."""
        vec = self._qvec.get(query)
        if vec is None:
            vec = self.store.embedder.get_query_embedding(query)
            if len(self._qvec) > 512:
                self._qvec.clear()
            self._qvec[query] = vec
        return QueryBundle(query_str=query, embedding=vec)

    def dense_retriever(self, snap: _Snapshot, n: int, filters: MetadataFilters | None = None) -> BaseRetriever:
        """LlamaIndex's ``VectorIndexRetriever`` over the store's Chroma collection: the n
        chunks nearest the query, through ``filters``."""
        return self.store.vector_index().as_retriever(similarity_top_k=max(1, min(n, snap.count)),
                                                      filters=filters)

    def as_retriever(self, k: int | None = None, *, since: str | None = None, until: str | None = None,
                     min_upvotes: int | None = None, mode: str = "hybrid", named: bool = True,
                     ids: Collection[str] | None = None) -> HybridRetriever:
        """This store's search as a LlamaIndex retriever (see :class:`HybridRetriever`);
        ``ids``: only these papers (a week's, :mod:`weeks`)."""
        return HybridRetriever(self, k, filters_for(since, until, min_upvotes, ids), mode, named)

    def search(self, query: str, k: int | None = None, *, since: str | None = None,
               until: str | None = None, min_upvotes: int | None = None,
               mode: str = "hybrid", named: bool = True,
               ids: Collection[str] | None = None) -> list[Hit]:
        """The k best papers for the query, best first; named papers first of all.
        ``ids``: only these papers (a week's, :mod:`weeks`)."""
        return self.as_retriever(k, since=since, until=until, min_upvotes=min_upvotes,
                                 mode=mode, named=named, ids=ids).hits(query)

    # -- parts of a search, alone (benchmarks, diagnostics) ---------------------------
    def rank(self, query: str, n: int, mode: str = "bm25",
             snap: _Snapshot | None = None) -> list[tuple[str, float]]:
        """One ranking alone, unfused and unfiltered: the n best chunks as (chunk id, score),
        best first; mode "bm25" (BM25 score) or "dense" (cosine similarity).
        Over ``snap`` if given (a benchmark times the ranking without the freshness check),
        else over the current :meth:`snapshot`."""
        snap = snap or self.snapshot()
        if mode == "bm25":
            return [(snap.chunk_ids[row], score) for row, score in BM25ChunkRetriever(self, snap, n).ranking(query)]
        if mode == "dense":
            found = self.dense_retriever(snap, n).retrieve(self.query_bundle(query))
            return [(n.node.node_id, _score("dense", n.score)) for n in found if n.node.node_id in snap.row_of]
        raise ValueError(f"mode must be 'bm25' or 'dense', not {mode!r}")

    def reset(self) -> None:
        """Drop the index (it can hold GBs at 1M chunks); the next search rebuilds it."""
        with self._lock:
            self._snap = None


_retrievers: dict[tuple[Any, ...], Retriever] = {}
_retrievers_lock = threading.Lock()


def get_retriever(settings: Settings, store: Store | None = None) -> Retriever:
    """The process's one Retriever for the settings' collection (for the web app)."""
    s = settings.store
    key = (str(settings.home), s.chroma_url, store.name if store else s.collection,
           settings.embed.backend, settings.embed.model, s.chunk_size, s.chunk_overlap)
    with _retrievers_lock:
        r = _retrievers.get(key)
        if r is None:
            r = _retrievers[key] = Retriever(store or Store(settings), settings)
        r.settings = settings  # fusion settings are read per search
        return r
