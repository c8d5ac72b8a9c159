"""TL;DRs against SciTLDR references: ROUGE-1/2/L (best reference), length, check pass rate.

Eval file: SciTLDR JSONL (``source`` sentences, ``target`` references, ``title``,
``paper_id``). Its papers are ingested into a collection of their own (named from the
file's hash, so a rerun reuses it) and summarised with the configured TL;DR pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..paper import Paper
from ..pipeline import ingest_papers
from ..store import Store
from ..tldr import check_tldr, generate
from .base import EvalResult, ExampleResult, mean, read_jsonl
from .rouge import rouge_best


def is_tldr_file(rows: list[dict[str, Any]]) -> bool:
    return bool(rows) and all("source" in r and "target" in r for r in rows[:5])


class TldrEval:
    eval_kind = "tldr"

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.rows = read_jsonl(self.path)[:limit]
        digest = hashlib.sha1(self.path.read_bytes()).hexdigest()[:10]
        self.collection = f"eval-scitldr-{digest}"

    def papers(self) -> list[Paper]:
        return [Paper(id=str(r.get("paper_id") or i), title=r.get("title") or "",
                      abstract=" ".join(r["source"]), source=f"{self.path.name}:scitldr")
                for i, r in enumerate(self.rows)]

    def __call__(self, settings: Any, done: dict[str, ExampleResult],
                 on_example: Callable[[ExampleResult], None]) -> EvalResult:
        settings = settings.model_copy(deep=True)
        settings.store.collection = self.collection
        papers = self.papers()
        todo = [p for p in papers if p.id not in done]
        results = [done[p.id] for p in papers if p.id in done]
        if todo:
            # TL;DRs need only the abstracts, but the eval goes through the same path as a
            # user's papers (store and cache) so that it measures what users get.
            ingest_papers(settings, todo)
        store = Store(settings)
        refs = {str(r.get("paper_id") or i): r["target"] for i, r in enumerate(self.rows)}
        for paper, t in zip(todo, generate(settings, todo, store)):
            scores = rouge_best(t.tldr, refs[paper.id])
            problems = check_tldr(t.tldr, paper.title, paper.abstract)
            scores.update(words=len(t.tldr.split()), passes_checks=float(not problems),
                          llm=float(t.method == "llm"))
            res = ExampleResult(paper.id, not problems, scores,
                                {"title": paper.title, "tldr": t.tldr, "method": t.method,
                                 "rejected": t.rejected, "references": refs[paper.id],
                                 "model": t.model, "prompt_hash": t.prompt_hash},
                                failures=problems)
            on_example(res)
            results.append(res)
        metrics = {"n": len(results)}
        for key in ("rouge1", "rouge2", "rougeL", "words", "passes_checks", "llm"):
            value = mean(r.scores[key] for r in results)
            metrics[{"words": "mean_words", "passes_checks": "pass_rate",
                     "llm": "llm_share"}.get(key, key)] = round(value, 2 if key.startswith("rouge") else 3) \
                if value is not None else None
        return EvalResult(self.name, self.eval_kind, metrics, results)
