"""Hybrid retrieval: dense vectors from Chroma + BM25 over the same chunks, fused per paper.

- Dense: the query's vector (the LlamaIndex embedding adapter, MiniLM by default) against
  the chunk vectors in Chroma (:meth:`Store.nearest`; date and upvote filters become
  Chroma ``where`` clauses).
- BM25: bm25s (Lucene scoring; English stopwords; Snowball stemmer) over every current
  chunk, prefixed with its paper's title as when it was embedded. The index is built once
  and reused until the collection changes (chunk count, or a chunk written after the
  newest one indexed: two lookups, made after any write by this process and otherwise at
  most every FRESH_CHECK_S, since each costs ~12 ms at 100k chunks, ~90 ms at 600k).
- Each ranking is collapsed to papers (a paper ranks where its best chunk ranks), then
  fused with weighted reciprocal rank fusion: ``sum_m w_m / (rrf_k + rank_m)``.
- Papers the question names (a title's name, an acronym, a system an abstract introduces;
  :func:`names.resolve_named`) come first, in the order named.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import UserError
from .names import NameIndex
from .paper import Paper, iso_date
from .sentences import english_stemmer
from .settings import Settings
from .store import Store, writes

MODES = ("hybrid", "dense", "bm25")
FRESH_CHECK_S = 1.0  # how often a search asks Chroma whether another process changed the collection
_HYPHENATED = re.compile(r"\b\w+(?:-\w+)+\b")


@dataclass
class Hit:
    paper: Paper
    score: float  # hybrid: fused RRF score; dense: cosine similarity; bm25: BM25 score
    chunks: list[str]  # the paper's chunk texts, best matching first
    dense_rank: int | None = None  # 1-based paper rank in each ranking (None: not in it)
    bm25_rank: int | None = None
    named: bool = False  # named by the question, hence placed first


# -- the index ----------------------------------------------------------------------
@dataclass
class _Snapshot:
    count: int  # chunks in the collection when read (stale versions included)
    newest: float  # newest ingested_at among them
    papers: list[Paper]
    chunk_ids: list[str]
    texts: list[str]
    owner: np.ndarray  # chunk row -> paper row
    rows_of: list[list[int]]  # paper row -> its chunk rows, in order
    day: np.ndarray  # paper row -> yyyymmdd (0: unknown)
    upvotes: np.ndarray  # paper row -> upvotes (0: unknown)
    bm25: Any
    names: NameIndex
    row_of: dict[str, int] = field(default_factory=dict)  # chunk id -> chunk row
    prow: dict[str, int] = field(default_factory=dict)  # paper id -> paper row


def iso_day(iso: str | None, what: str = "date") -> int | None:
    """A date given by the user (``--since``, ``--until``, the web filters) as yyyymmdd;
    one ``UserError`` line if it is not a date YYYY-MM-DD."""
    if iso is None:
        return None
    day = iso_date(iso) if len(iso) == 10 else None
    if day is None:
        raise UserError(f"{what} must be a date YYYY-MM-DD, got {iso!r}")
    return int(day.replace("-", ""))


class Retriever:
    """Paper-level hybrid search over one store; safe to share between threads."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._snap: _Snapshot | None = None
        self._lock = threading.Lock()
        self._qvec: dict[str, list[float]] = {}
        self._checked = (-1, 0.0)  # (this process's write count, monotonic time) of the last check
        self.builds = 0  # how many times the BM25 index was built (tests, diagnostics)

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
                if snap is None or self.store.count_chunks() != snap.count or self.store.written_since(snap.newest):
                    self._snap = snap = self._build()
                self._checked = (seen, time.monotonic())
            return snap

    def _build(self) -> _Snapshot:
        import bm25s

        count = self.store.count_chunks()
        papers, chunks = self.store.contents()  # one read of the collection, not three
        prow = {p.id: i for i, p in enumerate(papers)}
        chunks = [c for c in chunks if c.paper_id in prow]
        chunks.sort(key=lambda c: (prow[c.paper_id], c.metadata["chunk"]))
        owner = np.array([prow[c.paper_id] for c in chunks], dtype=np.int64)
        rows_of: list[list[int]] = [[] for _ in papers]
        for r, c in enumerate(chunks):
            rows_of[owner[r]].append(r)
        titled = [f"{c.metadata.get('title', '')}. {c.text}" for c in chunks]
        bm25 = bm25s.BM25()  # Lucene variant, k1=1.5, b=0.75
        if chunks:
            bm25.index(self.tokenize(titled), show_progress=False)
        self.builds += 1
        return _Snapshot(
            count=count, newest=max((c.metadata.get("ingested_at", 0.0) for c in chunks), default=0.0),
            papers=papers, chunk_ids=[c.id for c in chunks], texts=[c.text for c in chunks],
            owner=owner, rows_of=rows_of,
            day=np.array([int(re.sub(r"\D", "", p.published or "")[:8] or 0) for p in papers]),
            upvotes=np.array([p.upvotes or 0 for p in papers]), bm25=bm25,
            names=NameIndex(papers), row_of={c.id: r for r, c in enumerate(chunks)}, prow=prow)

    def tokenize(self, texts: list[str]) -> Any:
        """``texts`` as the BM25 index tokenizes them (bm25s ids for several, tokens for one)."""
        import bm25s

        with english_stemmer() as stemmer:
            # a hyphenated compound is also one word ("self-rewarding" -> "selfrewarding"), so
            # a query for it prefers the papers that use the compound over "self" + "reward"
            texts = [_HYPHENATED.sub(lambda m: f"{m.group(0)} {m.group(0).replace('-', '')}", t)
                     for t in texts]
            return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer,
                                  return_ids=len(texts) > 1, show_progress=False)

    # -- rankings: lists of (chunk row, score), best first -------------------------
    def _dense(self, snap: _Snapshot, query: str, n: int, lo: int | None = None, hi: int | None = None,
               min_up: int | None = None, ids: set[str] | None = None) -> list[tuple[int, float]]:
        vec = self._qvec.get(query)
        if vec is None:  # the LlamaIndex embedding adapter; cached for the other modes
            vec = self.store.embedder.get_query_embedding(query)
            if len(self._qvec) > 512:
                self._qvec.clear()
            self._qvec[query] = vec
        # Ids and distances only (Store.nearest): the snapshot holds every chunk's text and
        # paper; LlamaIndex's ChromaVectorStore would fetch and parse a node per result,
        # which costs more than the search itself.
        got = self.store.nearest(vec, min(n, snap.count), min_day=lo, max_day=hi, min_upvotes=min_up,
                                 paper_ids=ids)
        return [(snap.row_of[i], sim) for i, sim in got if i in snap.row_of]  # stale versions left out

    def _bm25(self, snap: _Snapshot, query: str, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        tokens = self.tokenize([query])[0]
        ids = snap.bm25.get_tokens_ids(tokens) if snap.texts else []
        if not ids:
            return []
        scores = snap.bm25.get_scores(ids)
        if mask is not None:
            scores = scores * mask[snap.owner]
        n = min(n, int((scores > 0).sum()))
        top = np.argpartition(-scores, n - 1)[:n] if n else np.array([], dtype=np.int64)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(r), float(scores[r])) for r in top]

    # -- search -------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, *, since: str | None = None,
               until: str | None = None, min_upvotes: int | None = None,
               mode: str = "hybrid", named: bool = True,
               ids: Collection[str] | None = None) -> list[Hit]:
        """The k best papers for the query, best first; named papers first of all.
        ``ids``: only these papers (a week's, :mod:`weeks`)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        cfg = self.settings.retrieve
        k = k or cfg.k
        snap = self.snapshot()
        if not snap.papers:
            return []
        lo, hi = iso_day(since, "since"), iso_day(until, "until")
        min_up = min_upvotes if min_upvotes and min_upvotes > 0 else None
        mask = None
        if lo or hi or min_up or ids is not None:
            mask = np.ones(len(snap.papers), dtype=bool)
            if ids is not None:
                ids = set(ids)
                mask &= np.array([p.id in ids for p in snap.papers], dtype=bool)
            if lo or hi:
                mask &= (snap.day > 0) & (snap.day >= (lo or 0)) & (snap.day <= (hi or 99999999))
            if min_up:
                mask &= snap.upvotes >= min_up
        n = max(cfg.candidates, 3 * k)  # chunks per ranking; a paper has ~1-3
        lists = {}
        if mode in ("hybrid", "dense"):
            lists["dense"] = self._dense(snap, query, n, lo, hi, min_up, ids)
        if mode in ("hybrid", "bm25"):
            lists["bm25"] = self._bm25(snap, query, n, mask)
        weights = {"dense": cfg.dense_weight, "bm25": cfg.bm25_weight}
        fused: dict[int, float] = {}  # paper row -> score
        ranks: dict[str, dict[int, int]] = {}
        chunk_score: dict[int, float] = {}
        for name, ranked in lists.items():
            ranks[name] = {}
            for pos, (row, score) in enumerate(ranked):
                chunk_score[row] = chunk_score.get(row, 0.0) + weights[name] / (cfg.rrf_k + pos + 1)
                p = int(snap.owner[row])
                if p not in ranks[name]:
                    ranks[name][p] = len(ranks[name]) + 1
                    fused[p] = fused.get(p, 0.0) + (
                        weights[name] / (cfg.rrf_k + ranks[name][p]) if mode == "hybrid" else score)
        order = sorted(fused, key=lambda p: -fused[p])
        first = [snap.prow[p.id] for p in snap.names.find(query)] if named else []
        first = [p for p in first if mask is None or mask[p]]
        order = first + [p for p in order if p not in first]
        hits = []
        for p in order[:k]:
            rows = sorted(snap.rows_of[p], key=lambda r: -chunk_score.get(r, 0.0))  # stable
            hits.append(Hit(snap.papers[p], fused.get(p, 0.0), [snap.texts[r] for r in rows],
                            ranks.get("dense", {}).get(p), ranks.get("bm25", {}).get(p),
                            named=p in first))
        return hits

    # -- parts of a search, alone (benchmarks, diagnostics) ---------------------------
    def rank(self, query: str, n: int, mode: str = "bm25",
             snap: _Snapshot | None = None) -> list[tuple[str, float]]:
        """One ranking alone, unfused and unfiltered: the n best chunks as (chunk id, score),
        best first; mode "bm25" (BM25 score) or "dense" (cosine similarity). Over ``snap``
        if given (a benchmark times the ranking without the freshness check), else over
        the current :meth:`snapshot`."""
        snap = snap or self.snapshot()
        if mode == "bm25":
            ranked = self._bm25(snap, query, n, None)
        elif mode == "dense":
            ranked = self._dense(snap, query, n)
        else:
            raise ValueError(f"mode must be 'bm25' or 'dense', not {mode!r}")
        return [(snap.chunk_ids[row], score) for row, score in ranked]

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
