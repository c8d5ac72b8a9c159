"""Fit the contribution-sentence weights in paperqa_lite.sentences on SciTLDR-A train.

Listwise logistic regression: a softmax over an abstract's sentences (split as the
pipeline splits them), whose target is the sentence whose *trimmed* form (what the
extractive TL;DR shows) scores the best ROUGE-1 against the paper's reference TL;DR.
Plain numpy gradient descent on standardised features; the weights are printed back in
raw feature units, ready to paste into ``sentences.WEIGHTS``. It prints the ROUGE-1 of
the final TL;DR for the current and the fitted weights on train (fit), in 5-fold
cross-validation on train (how the feature set was chosen), and on dev (report only:
nothing here reads dev to decide anything).

    PYTHONPATH=src .venv/bin/python benchmarks/fit_sentence_weights.py [--data ../shared/data/scitldr]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from paperqa_lite.evals.rouge import rouge_best
from paperqa_lite.sentences import WEIGHTS, acronym_definitions, features, split_sentences
from paperqa_lite.tldr import tldr_form


def load(path: Path) -> list[dict]:
    """Each paper as (feature matrix, ROUGE-1 of each trimmed sentence)."""
    papers = []
    for line in path.open():
        r = json.loads(line)
        sents = split_sentences(" ".join(r["source"]))
        f = features(sents, r["title"])
        keys = sorted(f[0])
        x = np.array([[d[k] for k in keys] for d in f])
        defined = acronym_definitions(" ".join(r["source"]))
        gain = np.array([rouge_best(tldr_form(s, defined), r["target"])["rouge1"] for s in sents])
        papers.append((x, gain))
    return papers


def fit(papers, l2: float = 1.0, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    """Softmax cross-entropy per abstract, target its best sentence; weights in raw units."""
    x = np.vstack([p[0] for p in papers])
    group = np.repeat(np.arange(len(papers)), [len(p[0]) for p in papers])
    starts = np.r_[0, np.cumsum([len(p[0]) for p in papers])[:-1]]
    target = np.zeros(len(x))
    target[[s + int(np.argmax(g)) for s, (_, g) in zip(starts, papers)]] = 1.0
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    xs = (x - mu) / sd
    w, velocity = np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for _ in range(steps):  # gradient descent with momentum; the loss is convex
        z = xs @ w
        e = np.exp(z - np.maximum.reduceat(z, starts)[group])
        p = e / np.add.reduceat(e, starts)[group]
        grad = (xs.T @ (p - target) + l2 * w) / len(papers)
        velocity = 0.9 * velocity - lr * grad
        w = w + velocity
    return w / sd


def picked_rouge(papers, w: np.ndarray) -> float:
    return float(np.mean([g[int(np.argmax(x @ w))] for x, g in papers]))


def cross_validated(papers, folds: int = 5) -> float:
    scores = []
    for k in range(folds):
        held = papers[k::folds]
        rest = [p for i, p in enumerate(papers) if i % folds != k]
        scores.append(picked_rouge(held, fit(rest)))
    return float(np.mean(scores))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/scitldr")
    args = ap.parse_args()
    train, dev = load(Path(args.data) / "train.jsonl"), load(Path(args.data) / "dev.jsonl")
    keys = sorted(features(["x"], "")[0])
    w = fit(train)
    print("WEIGHTS =", json.dumps({k: round(float(v), 3) for k, v in zip(keys, w)}))
    current = np.array([WEIGHTS.get(k, 0.0) for k in keys])
    print(f"train ROUGE-1 current {picked_rouge(train, current):.2f} fitted {picked_rouge(train, w):.2f} "
          f"5-fold {cross_validated(train):.2f}")
    print(f"dev   ROUGE-1 current {picked_rouge(dev, current):.2f} fitted {picked_rouge(dev, w):.2f}")


if __name__ == "__main__":
    main()
