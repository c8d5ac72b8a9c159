"""Question answering on the current collection: retrieval, citations, abstention, facts.

Eval file: JSONL of ``{"id", "kind", "question", "gold_papers": [titles or ids],
"must_mention": [strings]}``; ``kind`` is factual, aggregate, comparative or
unanswerable. Nothing is ingested: the questions run against the current collection.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..answer import ask
from ..errors import UserError
from ..paper import normalise_title
from ..store import Store
from .base import EvalResult, ExampleResult, mean, percentile, read_jsonl
from .metrics import mrr_at_k, recall_at_k

KINDS = ("factual", "aggregate", "comparative", "unanswerable")


def citation_precision(cited: list[str], gold: set[str]) -> float | None:
    """Share of cited papers that are gold; None when nothing was cited."""
    return sum(c in gold for c in cited) / len(cited) if cited else None


def citation_recall(cited: list[str], gold: set[str]) -> float | None:
    """Share of gold papers cited; None when there is no gold paper."""
    return len(gold & set(cited)) / len(gold) if gold else None


def fact_recall(answer: str, must_mention: list[str]) -> float | None:
    """Share of required strings found in the answer (case-insensitive)."""
    if not must_mention:
        return None
    low = answer.lower()
    return sum(m.lower() in low for m in must_mention) / len(must_mention)


def is_qa_file(rows: list[dict[str, Any]]) -> bool:
    return bool(rows) and all("question" in r for r in rows[:5])


class QAEval:
    eval_kind = "qa"

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.rows = read_jsonl(self.path)[:limit]
        for no, r in enumerate(self.rows, 1):
            if r.get("kind") not in KINDS or not r.get("question") or "id" not in r:
                raise UserError(f"{self.path}: record {no}: needs id, question and kind in {KINDS}")

    def __call__(self, settings: Any, done: dict[str, ExampleResult],
                 on_example: Callable[[ExampleResult], None]) -> EvalResult:
        store = Store(settings)
        papers = store.papers()
        if not papers:
            raise UserError(f"collection {store.name!r} is empty: ingest the papers the eval asks about")
        ids = {p.id for p in papers}
        by_title = {normalise_title(p.title): p.id for p in papers}
        results = []
        for row in self.rows:
            if str(row["id"]) in done:
                results.append(done[str(row["id"])])
                continue
            gold = set()
            for g in row.get("gold_papers", []):
                pid = g if g in ids else by_title.get(normalise_title(g))
                if pid is None:
                    raise UserError(f"{self.path}: {row['id']}: gold paper {g!r} is not in the collection")
                gold.add(pid)
            t0 = time.perf_counter()
            answer = ask(settings, row["question"], store=store)
            seconds = time.perf_counter() - t0
            result = score_example(row, gold, answer.public(), seconds)
            on_example(result)
            results.append(result)
        return EvalResult(self.name, self.eval_kind, aggregate(results), results,
                          by_kind={k: aggregate([r for r in results if r.kind == k]) for k in KINDS
                                   if any(r.kind == k for r in results)})


def score_example(row: dict[str, Any], gold: set[str], answer: dict[str, Any], seconds: float) -> ExampleResult:
    ranked = [r["id"] for r in answer["retrieved"]]
    cited = [c["id"] for c in answer["citations"]]
    qrels = {g: 1 for g in gold}
    unanswerable = row["kind"] == "unanswerable"
    scores = {
        "recall@5": recall_at_k(ranked, qrels, 5) if gold else None,
        "mrr@10": mrr_at_k(ranked, qrels, 10) if gold else None,
        "citation_precision": citation_precision(cited, gold) if gold else None,
        "citation_recall": citation_recall(cited, gold),
        "abstention_accuracy": float(answer["abstained"] == unanswerable),
        "fact_recall": fact_recall(answer["answer"], row.get("must_mention", [])),
        "latency_s": round(seconds, 3),
        "prompt_tokens": answer["usage"]["prompt_tokens"],
        "completion_tokens": answer["usage"]["completion_tokens"],
    }
    failures = []
    if scores["abstention_accuracy"] < 1:
        failures.append("abstained" if answer["abstained"] else "answered an unanswerable question")
    for key, floor in (("recall@5", 1.0), ("citation_precision", 1.0), ("fact_recall", 1.0)):
        if scores[key] is not None and scores[key] < floor:
            failures.append(f"{key} {scores[key]:.2f}")
    record = {"question": row["question"], "gold": sorted(gold), **answer, "seconds": round(seconds, 3)}
    return ExampleResult(str(row["id"]), not failures, scores, record, row["kind"], failures)


def aggregate(results: list[ExampleResult]) -> dict[str, Any]:
    def col(key: str) -> list[float]:
        return [r.scores[key] for r in results if r.scores.get(key) is not None]

    latencies = col("latency_s")
    return {
        "n": len(results),
        **{k: mean(col(k)) for k in ("recall@5", "mrr@10", "citation_precision", "citation_recall",
                                     "abstention_accuracy", "fact_recall")},
        "latency_p50_s": percentile(latencies, 50),
        "latency_p95_s": percentile(latencies, 95),
        "prompt_tokens_mean": mean(col("prompt_tokens")),
        "completion_tokens_mean": mean(col("completion_tokens")),
        "passed": sum(r.passed for r in results),
    }
