"""Retrieval quality on a BEIR folder: nDCG@10, recall@10, recall@100, MRR@10, per retriever.

A BEIR folder holds ``corpus.jsonl`` (``_id``, ``title``, ``text``), ``queries.jsonl``
(``_id``, ``text``) and ``qrels/<split>.tsv`` (``query-id corpus-id score`` with a
header). The split is ``test`` when present, else ``train`` (else the only one); the
queries scored are those with judgements in it.

The corpus is ingested like a user's papers (``pipeline.ingest_papers``, id = ``_id``)
into a collection of its own, named from a hash of the corpus file and the settings
that shape the vectors (embedding model, chunk size and overlap), so a rerun, or a
retrieval-only change such as fusion weights, reuses it. Every query then goes through
:meth:`Retriever.search` once per mode (``dense``, ``bm25``, ``hybrid``), so each
retriever's contribution shows; ``mode="all"`` runs the three.

Result (:class:`~paperqa_lite.evals.base.EvalResult`, ``eval_kind="beir"``):

- ``metrics``: ``n``, ``split``, ``collection``, then for the main mode (hybrid when it
  ran) ``ndcg@10``, ``recall@10``, ``recall@100``, ``mrr@10``, and for every mode
  ``<mode>/<metric>``, plus ``latency_p50_ms`` and ``latency_p95_ms`` of the main mode;
- ``by_kind``: ``{mode: {"n", "ndcg@10", "recall@10", "recall@100", "mrr@10"}}``;
- ``examples``: one :class:`ExampleResult` per query: ``scores`` ``{"<mode>/<metric>": x,
  "<mode>/ms": t}``, ``record`` ``{"question", "gold", "retrieved": {mode: top-10 ids}}``;
  it passes when the main mode has a relevant paper in its top 10.

Each query is scored by pytrec_eval as soon as it is retrieved (:func:`beir_per_query`),
so an interrupted run resumes per query; the aggregates are the means of those scores,
which is what pytrec_eval gives over the whole run (:func:`beir_metrics`).
"""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..paper import Paper, clean_text
from ..pipeline import ingest_papers
from ..retrieve import Retriever
from ..store import Store
from .base import Eval, ExampleResult, mean, percentile, read_jsonl
from .metrics import METRICS, beir_per_query

MODES = ("hybrid", "dense", "bm25")  # the main mode first: its latency includes embedding the query
DEPTH = 100  # papers retrieved per query: recall@100 needs 100


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for no, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
            if not row or (no == 1 and not row[-1].strip().lstrip("-").isdigit()):
                continue  # blank line or the header
            if len(row) < 3:
                raise UserError(f"{path}: line {no}: expected query-id, corpus-id, score")
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return qrels


def pick_split(folder: Path, split: str | None = None) -> tuple[str, Path]:
    qdir = folder / "qrels"
    found = {p.stem: p for p in sorted(qdir.glob("*.tsv"))} if qdir.is_dir() else {}
    if split:
        if split not in found:
            raise UserError(f"{folder}: no qrels/{split}.tsv (have: {', '.join(found) or 'none'})")
        return split, found[split]
    for name in ("test", "train"):
        if name in found:
            return name, found[name]
    if len(found) == 1:
        return next(iter(found.items()))
    raise UserError(f"{folder}: needs qrels/test.tsv or qrels/train.tsv")


def corpus_papers(path: Path) -> list[Paper]:
    return [Paper(id=str(r["_id"]), title=clean_text(r.get("title")) or str(r["_id"]),
                  abstract=clean_text(r.get("text")), source=f"beir:{path.parent.name}")
            for r in read_jsonl(path)]


def collection_name(settings: Any, corpus: Path, prefix: str = "beir") -> str:
    """Same corpus and same vector-shaping settings -> same collection (reused); the QA
    eval names its week's collection the same way (``prefix="qa"``, slug from the file)."""
    h = hashlib.sha1(corpus.read_bytes())
    store = settings.store
    h.update(f"|{Store(settings).embed_model_id}|{store.chunk_size}|{store.chunk_overlap}".encode())
    where = corpus.parent.name if prefix == "beir" else corpus.stem
    slug = "".join(c if c.isalnum() else "-" for c in where.lower())[:40].strip("-")
    return f"{prefix}-{slug or 'set'}-{h.hexdigest()[:10]}"


def _bar(total: int, desc: str) -> Any:
    from tqdm import tqdm  # lazy: only a corpus still to embed needs it

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, leave=False,
                disable=total < 20 or None)


class BeirEval(Eval):
    eval_kind = "beir"
    accepts = "a BEIR set (corpus.jsonl, queries.jsonl, qrels/)"
    folder = True
    options = ("mode", "split", "named")

    @classmethod
    def recognises(cls, path: Path, head: list[dict[str, Any]]) -> bool:
        return path.is_dir() and (path / "corpus.jsonl").is_file()

    def __init__(self, path: Path, limit: int | None = None, mode: str = "all",
                 split: str | None = None, k: int = DEPTH, named: bool = True,
                 progress: bool = True) -> None:
        self.path = Path(path)
        if not (self.path / "corpus.jsonl").is_file() or not (self.path / "queries.jsonl").is_file():
            raise UserError(f"{self.path}: a BEIR folder needs corpus.jsonl and queries.jsonl")
        if mode not in (*MODES, "all"):
            raise UserError(f"mode must be one of {', '.join(MODES)} or all, not {mode!r}")
        self.modes = MODES if mode == "all" else (mode,)
        self.main = "hybrid" if "hybrid" in self.modes else self.modes[0]
        self.k = k
        self.named = named  # papers a query names go first, as for users' questions
        self.progress = progress  # a bar while the corpus is embedded
        self.split, qrels_path = pick_split(self.path, split)
        self.name = self.path.name or "beir"
        self.qrels = read_qrels(qrels_path)
        queries = {str(r["_id"]): str(r["text"]) for r in read_jsonl(self.path / "queries.jsonl")}
        self.queries = {q: queries[q] for q in queries if q in self.qrels}  # file order
        if not self.queries:
            raise UserError(f"{self.path}: no query in queries.jsonl has {self.split} judgements")
        if limit:
            self.queries = dict(list(self.queries.items())[:limit])
        self.collection: str | None = None  # set by prepare

    def example_ids(self) -> list[str]:
        return list(self.queries)

    def prepare(self, settings: Any, todo: list[str]) -> Retriever:
        """A retriever on this corpus's collection, ingested if not already."""
        settings = settings.model_copy(deep=True)
        corpus = self.path / "corpus.jsonl"
        settings.store.collection = self.collection = collection_name(settings, corpus)
        papers = corpus_papers(corpus)
        if Store(settings).count_papers() != len(papers):
            ingest_papers(settings, papers, _bar if self.progress else None)
        retriever = Retriever(Store(settings), settings)
        if todo:
            retriever.search(self.queries[todo[0]], 1)  # warm-up: index, model, caches
        return retriever

    def run(self, retriever: Retriever, todo: list[str]) -> Iterator[ExampleResult]:
        for qid in todo:
            scores: dict[str, float] = {}
            retrieved: dict[str, list[str]] = {}
            for m in self.modes:
                t0 = time.perf_counter()
                hits = retriever.search(self.queries[qid], self.k, mode=m, named=self.named)
                ms = (time.perf_counter() - t0) * 1000
                # trec_eval orders by score, so the scores restate our order exactly
                run = {h.paper.id: float(len(hits) - i) for i, h in enumerate(hits)}
                per = beir_per_query({qid: run}, {qid: self.qrels[qid]})[qid]
                scores.update({f"{m}/{key}": v for key, v in per.items()})
                scores[f"{m}/ms"] = round(ms, 2)
                retrieved[m] = list(run)[:10]
            ok = scores[f"{self.main}/recall@10"] > 0
            yield ExampleResult(qid, ok, scores,
                                {"question": self.queries[qid], "gold": self.qrels[qid], "retrieved": retrieved},
                                failures=[] if ok else [f"no relevant paper in the {self.main} top 10"])

    def aggregate(self, results: list[ExampleResult]) -> tuple[dict[str, Any], dict[str, Any]]:
        by_mode: dict[str, dict[str, Any]] = {}
        for m in self.modes:
            rows = [r.scores for r in results if f"{m}/{METRICS[0]}" in r.scores]
            by_mode[m] = {"n": len(rows), **{key: mean(r[f"{m}/{key}"] for r in rows) for key in METRICS}}
        metrics: dict[str, Any] = {"n": len(results), "split": self.split,
                                   **{key: by_mode[self.main][key] for key in METRICS}}
        for m in self.modes:
            metrics.update({f"{m}/{key}": by_mode[m][key] for key in METRICS})
        lat = [r.scores[f"{self.main}/ms"] for r in results if f"{self.main}/ms" in r.scores]
        metrics["latency_p50_ms"] = percentile(lat, 50)
        metrics["latency_p95_ms"] = percentile(lat, 95)
        metrics["collection"] = self.collection
        return metrics, by_mode
