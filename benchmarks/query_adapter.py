"""A linear query adapter on MiniLM vectors, fitted on SciFact train claims: does it carry?

The adapter maps a query vector q to normalise(q + qA) (A: 384 x 384, zero at the start),
fitted by softmax cross-entropy over every chunk of the store (the judged papers' chunks
as the targets, temperature 0.05, Adam, L2 on A), so a search would cost one matrix-vector
product. Scored as dense retrieval alone (a paper scores its best chunk), nDCG@10, out of
fold two ways:

- folds of queries (``fusion_experiments.load``'s seeded folds), as every other SciFact
  figure in docs/quality.md; but 538 of the 809 train claims share a judged paper with
  another claim, so a held-out claim's answer was often a training target;
- doc-disjoint folds: claims joined by a shared judged paper stay in one fold, so no paper
  judged for a held-out claim was a target in training (what the test split's claims,
  written on other papers, would see).

It also scores the shipped six-feature ranker under doc-disjoint folds, to show its
cross-validated figure is not the same leak.

    .venv/bin/python benchmarks/query_adapter.py --dump /tmp/scores-work/scifact.npz
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import fusion_experiments as fx  # this folder is on sys.path when run


def doc_disjoint_folds(d: fx.Data, seed: int = fx.SEED) -> np.ndarray:
    """Folds in which no judged paper is shared across folds (components of the claim-paper
    graph, largest first, each into the smallest fold so far)."""
    parent = list(range(len(d.rel)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    first: dict[int, int] = {}
    for q, papers in enumerate(d.rel):
        for p in papers:
            if p in first:
                parent[find(q)] = find(first[p])
            else:
                first[p] = q
    comps: dict[int, list[int]] = {}
    for q in range(len(d.rel)):
        comps.setdefault(find(q), []).append(q)
    groups = [list(comps.values())[i] for i in np.random.default_rng(seed).permutation(len(comps))]
    folds, sizes = np.empty(len(d.rel), dtype=np.int64), [0] * fx.FOLDS
    for group in sorted(groups, key=len, reverse=True):
        k = int(np.argmin(sizes))
        sizes[k] += len(group)
        folds[group] = k
    return folds


def fit_adapter(d: fx.Data, sel: np.ndarray, l2: float, iters: int, lr: float = 1e-3,
                tau: float = 0.05) -> np.ndarray:
    q = d.query_vecs[sel].astype(np.float32)
    chunks = d.chunk_vecs.astype(np.float32)
    pos = np.zeros((len(q), len(d.owner)), dtype=bool)
    for i, row in enumerate(np.flatnonzero(sel)):
        pos[i] = np.isin(d.owner, list(d.rel[row]))
    a = np.zeros((q.shape[1], q.shape[1]), dtype=np.float32)
    m, v = np.zeros_like(a), np.zeros_like(a)
    for t in range(1, iters + 1):
        z = q + q @ a
        nz = np.linalg.norm(z, axis=1, keepdims=True)
        u = z / nz
        s = u @ chunks.T / tau
        e = np.exp(s - s.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        ep = np.where(pos, e, 0)
        g = (p - ep / ep.sum(axis=1, keepdims=True)) / tau / len(q)
        du = g @ chunks
        dz = (du - (du * u).sum(axis=1, keepdims=True) * u) / nz
        grad = q.T @ dz + l2 * a
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        a -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return a


def dense_ndcg(d: fx.Data, qv: np.ndarray, rows: np.ndarray) -> np.ndarray:
    best = np.maximum.reduceat(qv @ d.chunk_vecs.T, d.starts, axis=1)
    disc = 1 / np.log2(np.arange(2, 12))
    out = []
    for i, q in enumerate(rows):
        gains = np.array([p in d.rel[q] for p in np.argsort(-best[i])[:10]], dtype=float)
        out.append((gains * disc).sum() / disc[:min(len(d.rel[q]), 10)].sum())
    return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, required=True)
    ap.add_argument("--grid", default="0.01:100,0.1:50", help="l2:iterations pairs")
    args = ap.parse_args()
    d = fx.load(args.dump)
    rows = np.arange(len(d.qids))
    base = dense_ndcg(d, d.query_vecs, rows)
    print(f"dense alone: {base.mean():.4f}")
    split = {"query folds": d.folds, "doc-disjoint folds": doc_disjoint_folds(d)}
    for l2, iters in (tuple(map(float, g.split(":"))) for g in args.grid.split(",")):
        for name, folds in split.items():
            t0, oof = time.perf_counter(), np.zeros(len(rows))
            for k in range(fx.FOLDS):
                a = fit_adapter(d, folds != k, l2, int(iters))
                held = np.flatnonzero(folds == k)
                z = d.query_vecs[held] + d.query_vecs[held] @ a
                oof[held] = dense_ndcg(d, z / np.linalg.norm(z, axis=1, keepdims=True), held)
            diff = oof - base
            print(f"adapter l2 {l2} x{int(iters)}, {name}: dense {oof.mean():.4f} (paired {diff.mean():+.4f}"
                  f" ± {diff.std(ddof=1) / np.sqrt(len(diff)):.4f}), {time.perf_counter() - t0:.0f} s", flush=True)
    c = fx.candidates(d, fx.bm25_scores(d), 300)
    x = fx.shipped_features(c)
    for name, folds in split.items():
        d.folds = folds
        oof, _, _ = fx.cv_ranker(c, x, d)
        print(f"shipped ranker, {name}: {oof.mean():.4f}")


if __name__ == "__main__":
    main()
