"""ROUGE as SciTLDR reports it: rouge-score with stemming, best reference per paper."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)


def rouge_best(prediction: str, references: list[str]) -> dict[str, float]:
    """F1 (x100) of each ROUGE variant, each the best over the paper's references."""
    best = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for ref in references:
        for key, score in _scorer().score(ref, prediction).items():
            best[key] = max(best[key], 100 * score.fmeasure)
    return best


def best_reference_rouge(predictions: list[str], references: list[list[str]]) -> dict[str, float]:
    """Mean over papers of :func:`rouge_best`, rounded to 0.1."""
    rows = [rouge_best(p, r) for p, r in zip(predictions, references)]
    n = max(len(rows), 1)
    return {k: round(sum(r[k] for r in rows) / n, 1) for k in ("rouge1", "rouge2", "rougeL")}
