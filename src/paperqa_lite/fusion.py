"""Fusing the dense and BM25 rankings into one paper ranking: pure functions, no I/O.

The retriever hands over each ranking as its chunks best first, ``(chunk row, score)``,
and which paper owns each chunk. A paper ranks, and scores, where its best chunk does.

Three fusions (``retrieve.fusion``), measured on SciFact train (nDCG@10 out of fold,
5-fold cross-validation over the queries; docs/quality.md, benchmarks/fusion_experiments.py):

- ``learned`` (the default, 0.7409): a linear ranker over six features of each candidate
  paper that the two lists themselves give (:data:`RANKER_FEATURES`), weights
  :data:`RANKER_WEIGHTS`;
- ``convex`` (0.7368): ``DENSE_SHARE * z_dense + (1 - DENSE_SHARE) * z_bm25``;
- ``rrf`` (0.7311, the previous default): ``sum_m w_m / (rrf_k + rank_m)``.

z is a ranking's paper scores standardised over the candidates (the union of both lists'
papers); a candidate missing from one list takes that list's lowest chunk score, which
bounds what it scored (the retriever holds no vectors to compute more). Scores carry what
ranks drop: how far ahead the first dense hit is, or that BM25 found a rare term.
``retrieve.dense_weight`` and ``bm25_weight`` scale each side's terms in all three.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

# Fitted on SciFact train by listwise logistic regression (softmax over a query's
# candidates, the judged papers as targets; benchmarks/fusion_experiments.py, step 8b)
# on all 809 queries. Fitted on four folds at a time the weights stay within about
# +-0.2 of these, and the out-of-fold nDCG@10 (0.7409) is the train figure reported:
# nothing here is scored on the queries it was fitted to.
RANKER_FEATURES = ("z_dense", "z_bm25", "rank_dense", "rank_bm25", "in_both", "chunks_in_lists")
RANKER_WEIGHTS = (0.6922, 0.6637, 0.743, 0.6086, 0.8416, 0.3205)
# The best of 0, 0.05, ..., 1 on all of train (0.7389); picked on four folds and scored on
# the fifth, the choice gives 0.7368 out of fold.
DENSE_SHARE = 0.45

Ranked = Sequence[tuple[int, float]]  # (chunk row, score), best first


def paper_ranks(owners: Sequence[int]) -> dict[int, int]:
    """paper -> its 1-based rank in a ranking of chunks (``owners``: each chunk's paper,
    best chunk first); a paper ranks where its best chunk ranks."""
    ranks: dict[int, int] = {}
    for p in owners:
        if int(p) not in ranks:
            ranks[int(p)] = len(ranks) + 1
    return ranks


def paper_scores(ranked: Ranked, owner: Any) -> dict[int, float]:
    """paper -> the score of its best chunk in the ranking (``owner[row]``: the chunk's paper)."""
    best: dict[int, float] = {}
    for row, score in ranked:
        best.setdefault(int(owner[row]), float(score))
    return best


def rrf(ranks: Mapping[str, Mapping[int, int]], weights: Mapping[str, float], k: float) -> dict[int, float]:
    """Weighted reciprocal rank fusion: paper -> ``sum_m w_m / (k + rank_m)`` over the
    rankings that hold it."""
    fused: dict[int, float] = {}
    for name, by_paper in ranks.items():
        for p, r in by_paper.items():
            fused[p] = fused.get(p, 0.0) + weights[name] / (k + r)
    return fused


def zscores(scores: Mapping[int, float], papers: Sequence[int], floor: float | None = None) -> dict[int, float]:
    """Each of ``papers``' score standardised over ``papers``; one missing from ``scores``
    takes ``floor`` (default: the lowest score there). All equal (or none): all 0."""
    if not scores:
        return dict.fromkeys(papers, 0.0)
    floor = min(scores.values()) if floor is None else floor
    vals = [scores.get(p, floor) for p in papers]
    mean = sum(vals) / len(vals)
    sd = (sum((v - mean) ** 2 for v in vals) / len(vals)) ** 0.5
    return {p: (v - mean) / sd if sd > 0 else 0.0 for p, v in zip(papers, vals)}


def convex(z: Mapping[str, Mapping[int, float]], weights: Mapping[str, float],
           dense_share: float = DENSE_SHARE) -> dict[int, float]:
    """paper -> ``dense_share * w_dense * z_dense + (1 - dense_share) * w_bm25 * z_bm25``."""
    share = {"dense": dense_share, "bm25": 1.0 - dense_share}
    fused: dict[int, float] = {}
    for name, by_paper in z.items():
        for p, v in by_paper.items():
            fused[p] = fused.get(p, 0.0) + share[name] * weights[name] * v
    return fused


def features(z: Mapping[str, Mapping[int, float]], ranks: Mapping[str, Mapping[int, int]],
             hits: Mapping[str, Mapping[int, int]], weights: Mapping[str, float]) -> dict[int, list[float]]:
    """paper -> its :data:`RANKER_FEATURES`: both z-scores, ``10 / (10 + rank)`` in each
    list (0 if absent), whether both lists hold it, ``log(1 + its chunks in the lists)``.
    A side's weight scales its two features."""
    wd, wb = weights["dense"], weights["bm25"]
    out = {}
    for p in z["dense"]:
        rd, rb = ranks["dense"].get(p), ranks["bm25"].get(p)
        out[p] = [wd * z["dense"][p], wb * z["bm25"][p],
                  wd * 10 / (10 + rd) if rd else 0.0, wb * 10 / (10 + rb) if rb else 0.0,
                  float(bool(rd and rb)), math.log1p(hits["dense"].get(p, 0) + hits["bm25"].get(p, 0))]
    return out


def learned(z: Mapping[str, Mapping[int, float]], ranks: Mapping[str, Mapping[int, int]],
            hits: Mapping[str, Mapping[int, int]], weights: Mapping[str, float],
            coef: Sequence[float] = RANKER_WEIGHTS) -> dict[int, float]:
    """paper -> the linear ranker's score over :func:`features`."""
    return {p: sum(c * x for c, x in zip(coef, f)) for p, f in features(z, ranks, hits, weights).items()}


def fuse(lists: Mapping[str, Ranked], owner: Any, method: str, weights: Mapping[str, float],
         rrf_k: float) -> tuple[dict[int, float], dict[str, dict[int, int]], dict[int, float]]:
    """(paper -> fused score, {ranking: paper -> rank}, chunk row -> score) for the retriever.

    One ranking alone keeps its own scores; two ("dense", "bm25") are fused by ``method``
    ("learned", "convex" or "rrf"). The chunk scores order a paper's chunks (best matching
    first) by RRF over the chunks, which needs no scale shared between the rankings."""
    if method not in ("learned", "convex", "rrf"):
        raise ValueError(f"fusion must be 'learned', 'convex' or 'rrf', not {method!r}")
    ranks = {name: paper_ranks([owner[row] for row, _ in ranked]) for name, ranked in lists.items()}
    scores = {name: paper_scores(ranked, owner) for name, ranked in lists.items()}
    chunk_score: dict[int, float] = {}
    hits: dict[str, dict[int, int]] = {}
    for name, ranked in lists.items():
        hits[name] = {}
        for pos, (row, _) in enumerate(ranked):
            chunk_score[row] = chunk_score.get(row, 0.0) + weights[name] / (rrf_k + pos + 1)
            hits[name][int(owner[row])] = hits[name].get(int(owner[row]), 0) + 1
    if len(lists) == 1:
        return dict(next(iter(scores.values()))), ranks, chunk_score
    if method == "rrf":
        return rrf(ranks, weights, rrf_k), ranks, chunk_score
    papers = sorted({p for by_paper in scores.values() for p in by_paper})
    z = {name: zscores(scores[name], papers, float(ranked[-1][1]) if ranked else None)
         for name, ranked in lists.items()}
    fused = convex(z, weights) if method == "convex" else learned(z, ranks, hits, weights)
    return fused, ranks, chunk_score
