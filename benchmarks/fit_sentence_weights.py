"""Fit the contribution-sentence weights in paperqa_lite.sentences on SciTLDR-A train.

Listwise logistic regression: a softmax over an abstract's sentences (split as the
pipeline splits them), whose target is the sentence whose *trimmed* form (what the
extractive TL;DR shows) scores the best ROUGE-1 against the paper's reference TL;DR.
Plain numpy gradient descent on standardised features; the weights are printed back in
raw feature units, ready to paste into ``sentences.WEIGHTS``. The word prior behind the
``expected_rouge1`` feature is counted on train too (``--write-prior`` writes it to
``src/paperqa_lite/data/tldr_word_prior.txt``); on each train paper the feature leaves that
paper's own counts out, so that its TL;DR does not leak into its feature, in the fit and in
the cross-validation alike. It prints the ROUGE-1 of
the final TL;DR for the current and the fitted weights on train (fit), in 5-fold
cross-validation on train (how the feature set was chosen), and on dev (report only:
nothing here reads dev to decide anything).

    PYTHONPATH=src .venv/bin/python benchmarks/fit_sentence_weights.py [--data ../shared/data/scitldr] [--write-prior]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from paperqa_lite.evals.rouge import rouge_best
from paperqa_lite.sentences import (WEIGHTS, WordPrior, acronym_definitions, count_word_prior, features,
                                     format_word_prior, rouge_tokens, split_sentences)
from paperqa_lite.tldr import tldr_form

PRIOR_FILE = Path(__file__).resolve().parents[1] / "src/paperqa_lite/data/tldr_word_prior.txt"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open()]


def load(records: list[dict], prior: WordPrior, leave_out: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each paper as (feature matrix, ROUGE-1 of each sentence's TL;DR form); with
    ``leave_out`` (train) the paper's own counts are taken out of the word prior."""
    papers = []
    for r in records:
        abstract = " ".join(r["source"])
        sents = split_sentences(abstract)
        defined = acronym_definitions(abstract)
        forms = [tldr_form(s, defined) for s in sents]
        own = (frozenset(rouge_tokens(abstract)), frozenset(rouge_tokens(r["target"][0])))
        f = features(sents, r["title"], forms, replace(prior, held_out=own) if leave_out else prior)
        keys = sorted(f[0])
        x = np.array([[d[k] for k in keys] for d in f])
        gain = np.array([rouge_best(form, r["target"])["rouge1"] for form in forms])
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
    ap.add_argument("--write-prior", action="store_true", help=f"write the train word prior to {PRIOR_FILE}")
    args = ap.parse_args()
    train_rows, dev_rows = rows(Path(args.data) / "train.jsonl"), rows(Path(args.data) / "dev.jsonl")
    prior = count_word_prior((" ".join(r["source"]), r["target"][0]) for r in train_rows)
    if args.write_prior:
        PRIOR_FILE.write_text(format_word_prior(prior), encoding="utf-8")
        print(f"wrote {len(prior.abstracts)} tokens to {PRIOR_FILE}")
    train, dev = load(train_rows, prior, leave_out=True), load(dev_rows, prior, leave_out=False)
    keys = sorted(features(["x"], "")[0])
    w = fit(train)
    print("WEIGHTS =", json.dumps({k: round(float(v), 3) for k, v in zip(keys, w)}))
    current = np.array([WEIGHTS.get(k, 0.0) for k in keys])
    print(f"train ROUGE-1 current {picked_rouge(train, current):.2f} fitted {picked_rouge(train, w):.2f} "
          f"5-fold {cross_validated(train):.2f}")
    print(f"dev   ROUGE-1 current {picked_rouge(dev, current):.2f} fitted {picked_rouge(dev, w):.2f}")


if __name__ == "__main__":
    main()
