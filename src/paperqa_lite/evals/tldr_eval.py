"""TL;DRs against SciTLDR references: ROUGE-1/2/L (best reference), length, check pass rate.

Eval file: SciTLDR JSONL (``source`` sentences, ``target`` references, ``title``,
``paper_id``). Its papers are ingested into a collection of their own (named from the
file's hash, so a rerun reuses it) and summarised with the configured TL;DR pipeline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..paper import Paper
from ..pipeline import ingest_papers
from ..store import Store
from ..tldr import check_tldr, generate
from .base import Eval, ExampleResult, check_unique, mean, read_jsonl
from .rouge import rouge_best

# per-example score -> metric name; ROUGE (a percentage) is rounded to 0.01, the length
# and the shares to 0.001
METRIC_NAMES = {"rouge1": "rouge1", "rouge2": "rouge2", "rougeL": "rougeL", "words": "mean_words",
                "passes_checks": "pass_rate", "llm": "llm_share"}


class TldrEval(Eval):
    eval_kind = "tldr"
    accepts = "SciTLDR (source, target)"

    @classmethod
    def recognises(cls, path: Path, head: list[dict[str, Any]]) -> bool:
        return bool(head) and all("source" in r and "target" in r for r in head)

    def __init__(self, path: Path, limit: int | None = None) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        self.rows = read_jsonl(self.path)[:limit]
        digest = hashlib.sha1(self.path.read_bytes()).hexdigest()[:10]
        self.collection = f"eval-scitldr-{digest}"
        self.papers = {p.id: p for p in self._papers()}
        self.refs = {str(r.get("paper_id") or i): r["target"] for i, r in enumerate(self.rows)}
        check_unique(self.path, [str(r.get("paper_id") or i) for i, r in enumerate(self.rows)])

    def _papers(self) -> list[Paper]:
        return [Paper(id=str(r.get("paper_id") or i), title=r.get("title") or "",
                      abstract=" ".join(r["source"]), source=f"{self.path.name}:scitldr")
                for i, r in enumerate(self.rows)]

    def example_ids(self) -> list[str]:
        return list(self.papers)

    def prepare(self, settings: Any, todo: list[str]) -> Any:
        settings = settings.model_copy(deep=True)
        settings.store.collection = self.collection
        if todo:
            # TL;DRs need only the abstracts, but the eval goes through the same path as a
            # user's papers (store and cache) so that it measures what users get.
            ingest_papers(settings, [self.papers[i] for i in todo])
        return settings

    def run(self, settings: Any, todo: list[str]) -> Iterator[ExampleResult]:
        papers = [self.papers[i] for i in todo]
        for paper, t in zip(papers, generate(settings, papers, Store(settings))):
            scores = rouge_best(t.tldr, self.refs[paper.id])
            problems = check_tldr(t.tldr, paper.title, paper.abstract)
            scores.update(words=len(t.tldr.split()), passes_checks=float(not problems),
                          llm=float(t.method == "llm"))
            yield ExampleResult(paper.id, not problems, scores,
                                {"title": paper.title, "tldr": t.tldr, "method": t.method,
                                 "rejected": t.rejected, "references": self.refs[paper.id],
                                 "model": t.model, "prompt_hash": t.prompt_hash},
                                failures=problems)

    def aggregate(self, results: list[ExampleResult]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        metrics: dict[str, Any] = {"n": len(results)}
        for key, name in METRIC_NAMES.items():
            value = mean(r.scores[key] for r in results)
            metrics[name] = round(value, 2 if key.startswith("rouge") else 3) if value is not None else None
        return metrics, {}
