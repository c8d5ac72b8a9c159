"""Retrieval alone on the week QA set: recall@5 of the step `ask` retrieves with, no LLM.

The bundled sample week is ingested into a fresh home (so the current settings shape
every vector; ingest papers/s is printed), then every question with gold papers is
retrieved as :func:`paperqa_lite.answer` does it: ``Retriever.search`` for ``retrieve.k``
papers (10 for an aggregate question), then the papers the question names that the
search did not return. recall@5 is scored on that list, as ``paperqa-lite eval
evals/week_qa.jsonl`` scores it, without generating answers.

    PAPERQA_LITE_EMBED__THREADS=1 .venv/bin/python benchmarks/week_recall.py [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from paperqa_lite.evals.metrics import recall_at_k
from paperqa_lite.evidence import question_kind
from paperqa_lite.names import resolve_named
from paperqa_lite.paper import normalise_title
from paperqa_lite.pipeline import ingest_files
from paperqa_lite.retrieve import Retriever
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--qa", type=Path, default=ROOT / "evals/week_qa.jsonl")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="week-recall-") as home:
        settings = load_settings(home=home)
        t0 = time.perf_counter()
        ingest_files(settings, [ROOT / "src/paperqa_lite/data/sample_week.txt"])
        secs = time.perf_counter() - t0
        store = Store(settings)
        papers = store.papers()
        by_title = {normalise_title(p.title): p.id for p in papers}
        retriever = Retriever(store, settings)
        scores = []
        for line in args.qa.read_text().splitlines():
            row = json.loads(line)
            gold = {by_title[normalise_title(g)] for g in row.get("gold_papers", [])}
            if not gold:
                continue
            named = resolve_named(row["question"], papers)
            k = settings.retrieve.k
            hits = retriever.search(row["question"], max(k, 10) if question_kind(row["question"], len(named)) == "aggregate" else k)
            ranked = [h.paper.id for h in hits] + [p.id for p in named if p.id not in {h.paper.id for h in hits}]
            scores.append(recall_at_k(ranked, dict.fromkeys(gold, 1), 5))
    out = {"questions": len(scores), "recall@5": sum(scores) / len(scores),
           "papers": len(papers), "ingest_papers_per_s": len(papers) / secs}
    print(json.dumps(out) if args.json else "  ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                                   for k, v in out.items()))


if __name__ == "__main__":
    main()
