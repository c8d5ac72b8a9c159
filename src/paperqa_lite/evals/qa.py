"""Question answering on the current collection: retrieval, citations, abstention, facts.

Eval file: JSONL of ``{"id", "kind", "question", "gold_papers": [titles or ids],
"must_mention": [strings]}``; ``kind`` is factual, aggregate, comparative or
unanswerable. A set names the week it was written on with ``"source"`` on its rows: a
papers file (path relative to the eval file) or ``"sample"`` for the bundled sample week.
That week is ingested into a collection of its own (named from the file's hash and the
vector settings, like a BEIR corpus, and reused), so each week's questions run against
their own papers whatever the current collection holds. A set without ``source`` runs
against the current collection. An optional ``"trap"`` names what an unanswerable
question tests (not-stated, neighbouring-metric, not-in-collection, false-claim).

Besides retrieval, citation, abstention and fact scores, each answer's length in words
and any prompt text in it are recorded (:mod:`.answer_text`); the aggregate gives the
median length (``median_words``, per kind in ``by_kind``, and ``median_words_factual``)
and the number of answers holding prompt text (``prompt_text_answers``). An answer with
``not_stated: true`` counts as an abstention.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answer import ask
from ..errors import UserError
from ..ingest import load_papers
from ..paper import clean_text, normalise_title
from ..pipeline import ingest_papers
from ..settings import SAMPLE_WEEK
from ..store import Store
from .answer_text import PromptText, answer_words, load_prompt_text, prompt_text_in
from .base import Eval, ExampleResult, check_unique, mean, percentile, read_jsonl
from .beir import collection_name
from .metrics import mrr_at_k, recall_at_k

KINDS = ("factual", "aggregate", "comparative", "unanswerable")


def citation_precision(cited: list[str], gold: set[str]) -> float | None:
    """Share of cited papers that are gold; None when nothing was cited."""
    return sum(c in gold for c in cited) / len(cited) if cited else None


def citation_recall(cited: list[str], gold: set[str]) -> float | None:
    """Share of gold papers cited; None when there is no gold paper."""
    return len(gold & set(cited)) / len(gold) if gold else None


def fact_recall(answer: str, must_mention: list[str]) -> float | None:
    """Share of required strings found in the answer (case-insensitive). Both sides go
    through the ingest's :func:`~paperqa_lite.paper.clean_text` first: a set's strings are
    copied from the raw listing ("17.9times", "90\\%"), the answer quotes the cleaned
    abstract ("17.9×", "90%"), and the cleaning changes no number or name."""
    if not must_mention:
        return None
    low = clean_text(answer).lower()
    return sum(clean_text(m).lower() in low for m in must_mention) / len(must_mention)


class QAEval(Eval):
    eval_kind = "qa"
    accepts = "a QA set (question)"

    @classmethod
    def recognises(cls, path: Path, head: list[dict[str, Any]]) -> bool:
        return bool(head) and all("question" in r for r in head)

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.rows = read_jsonl(self.path)[:limit]
        for no, r in enumerate(self.rows, 1):
            if r.get("kind") not in KINDS or not r.get("question") or "id" not in r:
                raise UserError(f"{self.path}: record {no}: needs id, question and kind in {KINDS}")
        check_unique(self.path, self.example_ids())
        self.source = self._source()

    def _source(self) -> Path | None:
        """The papers file every row names (None: the current collection)."""
        named = {r.get("source") for r in self.rows}
        if len(named) > 1:
            raise UserError(f"{self.path}: rows name different sources ({', '.join(sorted(map(str, named)))}); "
                            "one set, one week")
        name = named.pop() if named else None
        if not name:
            return None
        path = SAMPLE_WEEK if name == "sample" else (self.path.parent / name)
        if not path.is_file():
            raise UserError(f"{self.path}: source {name!r} is not a file ({path})")
        return path

    def example_ids(self) -> list[str]:
        return [str(r["id"]) for r in self.rows]

    def prepare(self, settings: Any, todo: list[str]) -> QAContext:
        """The collection, every gold paper resolved to an id (before anything is asked)."""
        if self.source is not None:
            settings = settings.model_copy(deep=True)
            settings.store.collection = collection_name(settings, self.source, prefix="qa")
            # always: unchanged papers are skipped by their content hash, and papers whose
            # text a newer ingest cleans differently are updated
            ingest_papers(settings, load_papers([self.source]))
        store = Store(settings)
        papers = store.papers()
        if not papers:
            raise UserError(f"collection {store.name!r} is empty: ingest the papers the eval asks about")
        ids = {p.id for p in papers}
        by_title = {normalise_title(p.title): p.id for p in papers}
        gold: dict[str, set[str]] = {}
        for row in self.rows:
            gold[str(row["id"])] = set()
            for g in row.get("gold_papers", []):
                pid = g if g in ids else by_title.get(normalise_title(g))
                if pid is None:
                    raise UserError(f"{self.path}: {row['id']}: gold paper {g!r} is not in the collection")
                gold[str(row["id"])].add(pid)
        scaffold = load_prompt_text(settings.prompts_dir, (f"{p.title}\n{p.abstract}" for p in papers))
        return QAContext(settings, store, gold, scaffold)

    def run(self, context: QAContext, todo: list[str]) -> Iterator[ExampleResult]:
        rows = {str(r["id"]): r for r in self.rows}
        for qid in todo:
            t0 = time.perf_counter()
            answer = ask(context.settings, rows[qid]["question"], store=context.store)
            seconds = time.perf_counter() - t0
            yield score_example(rows[qid], context.gold[qid], answer.public(), seconds, context.scaffold)

    def aggregate(self, results: list[ExampleResult]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        by_kind = {k: aggregate([r for r in results if r.kind == k]) for k in KINDS
                   if any(r.kind == k for r in results)}
        metrics = aggregate(results)
        metrics["median_words_factual"] = by_kind.get("factual", {}).get("median_words")
        return metrics, by_kind


@dataclass
class QAContext:
    settings: Any
    store: Store
    gold: dict[str, set[str]]  # question id -> gold paper ids
    scaffold: PromptText


RECALL_K = 5  # the recall@5 cut: the sources a reader sees first


def abstained(answer: dict[str, Any]) -> bool:
    """An answer abstains when it says so, or says the asked thing is not stated."""
    return bool(answer["abstained"] or answer.get("not_stated"))


def score_example(row: dict[str, Any], gold: set[str], answer: dict[str, Any], seconds: float,
                  scaffold: PromptText | None = None) -> ExampleResult:
    """One answer's scores; ``scaffold`` (the prompts' text) is looked for in the answer."""
    ranked = [r["id"] for r in answer["retrieved"]]
    cited = [c["id"] for c in answer["citations"]]
    qrels = {g: 1 for g in gold}
    unanswerable = row["kind"] == "unanswerable"
    scores = {
        "recall@5": recall_at_k(ranked, qrels, RECALL_K) if gold else None,
        "mrr@10": mrr_at_k(ranked, qrels, 10) if gold else None,
        "citation_precision": citation_precision(cited, gold) if gold else None,
        "citation_recall": citation_recall(cited, gold),
        "abstention_accuracy": float(abstained(answer) == unanswerable),
        "fact_recall": fact_recall(answer["answer"], row.get("must_mention", [])),
        "latency_s": round(seconds, 3),
        "prompt_tokens": answer["usage"]["prompt_tokens"],
        "completion_tokens": answer["usage"]["completion_tokens"],
        "words": answer_words(answer["answer"]),
        "not_stated": float(bool(answer.get("not_stated"))),
    }
    leaked = prompt_text_in(answer["answer"], scaffold, row["question"]) if scaffold else []
    if scaffold:
        scores["prompt_text"] = float(bool(leaked))
    failures = []  # prompt text is counted, not a failure: `passed` keeps its definition
    if scores["abstention_accuracy"] < 1:
        failures.append("abstained" if abstained(answer) else "answered an unanswerable question")
    # (six gold papers cannot all be in a top 5: the most it can hold is all of them gold)
    reachable = min(1.0, RECALL_K / len(gold)) if gold else 1.0
    for key, floor in (("recall@5", reachable), ("citation_precision", 1.0), ("fact_recall", 1.0)):
        if scores[key] is not None and scores[key] < floor:
            failures.append(f"{key} {scores[key]:.2f}")
    record = {"question": row["question"], "gold": sorted(gold), **answer, "seconds": round(seconds, 3),
              "prompt_text": leaked}
    return ExampleResult(str(row["id"]), not failures, scores, record, row["kind"], failures)


def aggregate(results: list[ExampleResult]) -> dict[str, Any]:
    def col(key: str) -> list[float]:
        return [r.scores[key] for r in results if r.scores.get(key) is not None]

    latencies = col("latency_s")
    # records written before lengths were scored get theirs from the answer kept in them
    words = [r.scores["words"] if "words" in r.scores else answer_words(r.record.get("answer", ""))
             for r in results]
    return {
        "n": len(results),
        **{k: mean(col(k)) for k in ("recall@5", "mrr@10", "citation_precision", "citation_recall",
                                     "abstention_accuracy", "fact_recall")},
        "latency_p50_s": percentile(latencies, 50),
        "latency_p95_s": percentile(latencies, 95),
        "prompt_tokens_mean": mean(col("prompt_tokens")),
        "completion_tokens_mean": mean(col("completion_tokens")),
        "passed": sum(r.passed for r in results),
        "median_words": percentile(words, 50),
        # None, not 0, when no answer was checked (records from before the check)
        "prompt_text_answers": int(sum(leaks)) if (leaks := col("prompt_text")) else None,
        # answers saying the found paper does not give the asked thing (abstentions)
        "not_stated_answers": int(sum(ns)) if (ns := col("not_stated")) else None,
    }
