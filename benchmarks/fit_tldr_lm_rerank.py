"""Does the embedded model's likelihood re-rank the picker's top sentences better? (issue 14)

Reads the per-sentence log-probabilities cached by ``benchmarks/tldr_lm_features.py``
(only the picker's top few sentences of each paper are scored: the cost is the model) and
re-ranks the 19-feature picker's top 3 by a listwise logistic model over
``[picker score, lm_cond, lm_pmi]`` (``lm_cond``: mean token log-prob of the sentence's
TL;DR form as the reply to "Title / Abstract / Write a one-sentence TL;DR";
``lm_pmi``: that minus the same form's mean log-prob after a request with no abstract).
With the picker's score as one feature and only its top 3 eligible, zero LM weights give
back the picker exactly, so the paired difference is the LM's alone.

Train decides (5-fold CV by paper index mod 5, as ``fit_sentence_weights.py``: the picker
of fold k is fitted on all other train papers, the re-ranker on the scored train papers of
the other folds, each scored by its own fold's picker); dev is only reported. Prints the paired CV difference ± its standard
error over the scored train papers, the in-sample fit, and dev ROUGE-1/2/L.

    PYTHONPATH=src .venv/bin/python benchmarks/fit_tldr_lm_rerank.py [--cache /tmp/tldr3-cache]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_sentence_weights import fit, load, rows  # noqa: E402

from paperqa_lite.evals.rouge import rouge_best  # noqa: E402
from paperqa_lite.sentences import WEIGHTS, count_word_prior, features  # noqa: E402

TOP = 3
# columns of lm_features, 1-based after the picker's score
VARIANTS = {"cond": (1,), "pmi": (2,), "cond+pmi": (1, 2), "cond+pmi+end": (1, 2, 3), "cond5": (4,)}


def lm_cache(path: Path) -> dict[int, dict]:
    out = {}
    if path.exists():
        for line in path.open():
            d = json.loads(line)
            out[d["i"]] = d
    return out


def lm_features(entry: dict) -> dict[int, list[float]]:
    """Sentence index -> [lm_cond, lm_pmi, end-of-turn log-prob after the form, mean log-prob
    of the form's first 5 tokens given the abstract (which sentence the model would start
    its reply with)]."""
    out = {}
    for j, cond, gen in zip(entry["cand"], entry["cond"], entry["gen"]):
        c, g = np.mean(cond[:-1]), np.mean(gen[:-1])
        out[j] = [float(c), float(c - g), float(cond[-1]), float(np.mean(cond[:5]))]
    return out


def candidates(x: np.ndarray, gain: np.ndarray, w: np.ndarray, lm: dict[int, list[float]], cols):
    """The picker's top sentences as rows [picker score, chosen LM features], their gains."""
    score = x @ w
    top = [int(j) for j in np.argsort(-score, kind="stable")[:TOP]]
    feats = np.array([[score[j]] + [lm[j][c - 1] for c in cols] for j in top])
    return feats, gain[top]


def pick(feats: np.ndarray, gains: np.ndarray, v: np.ndarray) -> float:
    return float(gains[int(np.argmax(feats @ v))])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/scitldr")
    ap.add_argument("--cache", default="/tmp/tldr3-cache")
    args = ap.parse_args()
    data = Path(args.data)
    train_rows, dev_rows = rows(data / "train.jsonl"), rows(data / "dev.jsonl")
    prior = count_word_prior((" ".join(r["source"]), r["target"][0]) for r in train_rows)
    train, dev = load(train_rows, prior, leave_out=True), load(dev_rows, prior, leave_out=False)
    keys = sorted(features(["x"], "")[0])
    shipped = np.array([WEIGHTS.get(k, 0.0) for k in keys])
    lm_train = {i: lm_features(e) for i, e in lm_cache(Path(args.cache) / "train.jsonl").items()}
    lm_dev = {i: lm_features(e) for i, e in lm_cache(Path(args.cache) / "dev.jsonl").items()}
    scored = sorted(lm_train)
    folds = [fit([p for i, p in enumerate(train) if i % 5 != k]) for k in range(5)]
    print(f"scored: train {len(scored)} of {len(train)} papers, dev {len(lm_dev)} of {len(dev)}")
    for name, cols in VARIANTS.items():
        # cross-validation: fold k's picker and re-ranker never saw fold k
        diffs, base = [], []
        for k in range(5):
            # each training paper's picker score is its own fold's (out of fold, as stacking does)
            rest = [candidates(*train[i], folds[i % 5], lm_train[i], cols) for i in scored if i % 5 != k]
            v = fit(rest)
            for i in (i for i in scored if i % 5 == k):
                x, g = train[i]
                b = float(g[int(np.argmax(x @ folds[k]))])
                base.append(b)
                diffs.append(pick(*candidates(x, g, folds[k], lm_train[i], cols), v) - b)
        d = np.array(diffs)
        # in-sample on the scored train papers, and dev, both over the shipped picker
        tr = [candidates(*train[i], shipped, lm_train[i], cols) for i in scored]
        v = fit(tr)
        fit_gain = np.mean([pick(f, g, v) - g[0] for f, g in tr])
        dev_picks, dev_base = [], []
        for i in sorted(lm_dev):
            x, g = dev[i]
            f, _ = candidates(x, g, shipped, lm_dev[i], cols)
            top = [int(j) for j in np.argsort(-(x @ shipped), kind="stable")[:TOP]]
            dev_picks.append((i, top[int(np.argmax(f @ v))]))
            dev_base.append((i, top[0]))
        print(f"{name:13s} weights {np.round(v, 3).tolist()}  train 5-fold {np.mean(base):.2f} -> "
              f"{np.mean(base) + d.mean():.2f} (paired {d.mean():+.2f} ± {d.std(ddof=1) / np.sqrt(len(d)):.2f}, "
              f"changed {np.mean(d != 0):.1%})  train fit {fit_gain:+.2f}  dev {dev_scores(dev_rows, dev_base)} -> "
              f"{dev_scores(dev_rows, dev_picks)}", flush=True)


def dev_scores(records: list[dict], picks: list[tuple[int, int]]) -> str:
    from paperqa_lite.sentences import acronym_definitions, split_sentences
    from paperqa_lite.tldr import tldr_form

    out = []
    for i, j in picks:
        abstract = " ".join(records[i]["source"])
        out.append(rouge_best(tldr_form(split_sentences(abstract)[j], acronym_definitions(abstract)),
                              records[i]["target"]))
    return " / ".join(f"{np.mean([o[k] for o in out]):.2f}" for k in ("rouge1", "rouge2", "rougeL")) if out else "-"


if __name__ == "__main__":
    main()
