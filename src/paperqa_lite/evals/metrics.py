"""Ranking metrics: small pure functions, and BEIR's set computed with pytrec_eval.

Conventions follow trec_eval (what BEIR reports): a document is relevant when its
judgement is > 0; nDCG uses the judgement as a linear gain with a log2(rank + 1)
discount, and the ideal ranking is built from all judged documents; a query with no
relevant document scores 0. trec_eval's ``recip_rank`` has no cutoff, so MRR@10 is
computed on the run truncated to its top 10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")


def _dedupe(ranked_ids: Sequence[str], k: int) -> list[str]:
    seen: set[str] = set()
    out = []
    for d in ranked_ids:
        if d not in seen:
            seen.add(d)
            out.append(d)
        if len(out) == k:
            break
    return out


def ndcg_at_k(ranked_ids: Sequence[str], qrels: dict[str, int], k: int) -> float:
    """Normalised discounted cumulative gain of the top k (linear gains, as trec_eval)."""
    dcg = sum(qrels.get(d, 0) / math.log2(i + 2) for i, d in enumerate(_dedupe(ranked_ids, k))
              if qrels.get(d, 0) > 0)
    ideal = sorted((r for r in qrels.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at_k(ranked_ids: Sequence[str], qrels: dict[str, int], k: int) -> float:
    """Share of the relevant documents found in the top k."""
    relevant = {d for d, r in qrels.items() if r > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(_dedupe(ranked_ids, k))) / len(relevant)


def mrr_at_k(ranked_ids: Sequence[str], qrels: dict[str, int], k: int) -> float:
    """1 / rank of the first relevant document in the top k, else 0."""
    for i, d in enumerate(_dedupe(ranked_ids, k)):
        if qrels.get(d, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def _top(docs: dict[str, float], k: int) -> dict[str, float]:
    # trec_eval's order: score descending, ties by document id descending
    return dict(sorted(docs.items(), key=lambda x: (x[1], x[0]), reverse=True)[:k])


def beir_per_query(run: dict[str, dict[str, float]],
                   qrels: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    """{query id: {metric: value}} for every judged query (an absent run scores 0)."""
    import pytrec_eval

    qrels = {q: {d: int(r) for d, r in docs.items()} for q, docs in qrels.items()}
    run = {q: {d: float(s) for d, s in docs.items()} for q, docs in run.items()
           if q in qrels and docs}
    main = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.10,100"}).evaluate(run)
    top10 = {q: _top(docs, 10) for q, docs in run.items()}
    rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(top10)
    out = {}
    for q in qrels:
        m, r = main.get(q, {}), rr.get(q, {})
        out[q] = {"ndcg@10": m.get("ndcg_cut_10", 0.0), "recall@10": m.get("recall_10", 0.0),
                  "recall@100": m.get("recall_100", 0.0), "mrr@10": r.get("recip_rank", 0.0)}
    return out


def beir_metrics(run: dict[str, dict[str, float]], qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    """Means over the judged queries of nDCG@10, recall@10, recall@100 and MRR@10, plus n."""
    per = beir_per_query(run, qrels)
    n = len(per)
    out: dict[str, float] = {key: (sum(v[key] for v in per.values()) / n if n else 0.0) for key in METRICS}
    out["n"] = n
    return out
