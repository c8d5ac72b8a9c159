"""Fit the contribution-sentence weights in paperqa_lite.sentences on SciTLDR-A train.

Listwise logistic regression (softmax over an abstract's sentences, target = the
dataset's oracle sentence), plain numpy gradient descent. Prints the weights and the
ROUGE of the picked sentence on train and dev, so a change is measured, not guessed.

    .venv/bin/python benchmarks/fit_sentence_weights.py [--data ../shared/data/scitldr]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from paperqa_lite.evals.rouge import best_reference_rouge
from paperqa_lite.sentences import WEIGHTS, features, split_sentences


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open()]


def design(rows: list[dict]) -> tuple[list[np.ndarray], list[int], list[str]]:
    keys = list(WEIGHTS)
    xs, ys = [], []
    for r in rows:
        f = features(r["source"], r["title"])
        xs.append(np.array([[d[k] for k in keys] for d in f]))
        ys.append(int(np.argmax(r["rouge_scores"])))
    return xs, ys, keys


def fit(xs, ys, dim, epochs=300, lr=0.5, l2=1e-3) -> np.ndarray:
    w = np.zeros(dim)
    for _ in range(epochs):
        grad = l2 * w
        for x, y in zip(xs, ys):
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            grad += x.T @ p - x[y]
        w -= lr * grad / len(xs)
    return w


def pick_rouge(rows, weights: dict[str, float]) -> dict[str, float]:
    picks, refs = [], []
    for r in rows:
        sents = split_sentences(" ".join(r["source"]))
        f = features(sents, r["title"])
        scores = [sum(weights[k] * d[k] for k in weights) for d in f]
        picks.append(sents[int(np.argmax(scores))])
        refs.append(r["target"])
    return best_reference_rouge(picks, refs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/scitldr")
    args = ap.parse_args()
    train, dev = load(Path(args.data) / "train.jsonl"), load(Path(args.data) / "dev.jsonl")
    xs, ys, keys = design(train)
    w = fit(xs, ys, len(keys))
    weights = {k: round(float(v), 3) for k, v in zip(keys, w)}
    print("WEIGHTS =", json.dumps(weights))
    for name, rows in (("train", train), ("dev", dev)):
        print(name, "current:", pick_rouge(rows, WEIGHTS), "fitted:", pick_rouge(rows, weights))


if __name__ == "__main__":
    main()
