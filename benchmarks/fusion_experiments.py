"""Fusion and ranking experiments on SciFact train, offline, with 5-fold cross-validation.

Reads the dump of ``scifact_dump.py`` (chunk and query vectors, texts, judgements) and
scores every idea of issue 14 the way the retriever would run it: each ranking keeps its
top ``--candidates`` chunks (the eval asks for 100 papers, so a search keeps 300), a paper
ranks where its best chunk ranks, and a paper missing from the dense list has only the
dense list's lowest score as its dense score (the retriever holds no vectors to compute
it). BM25 scores every chunk anyway, so its score is exact for any candidate.

The honesty rule: SciFact here has only its train split, and the test split is checked
with the same command. Every fitted choice is therefore chosen by 5-fold cross-validation
over the train queries (folds by a seeded shuffle of the query ids): a setting is picked
on four folds and scored on the fifth, and the out-of-fold nDCG@10 ("cv") is the figure
that carries; "in" is the best setting scored on all of train (optimistic).

    .venv/bin/python benchmarks/fusion_experiments.py --dump /tmp/scores-work/scifact.npz
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from paperqa_lite import fusion
from paperqa_lite.retrieve import Retriever

FOLDS = 5
# Claim-style query normalisation (idea 9): SciFact's queries are claims, half of them
# stated with a direction or a negation that the abstract need not share ("X does not
# reduce Y" is judged against the abstract about X and Y); these words are dropped.
CLAIM_WORDS = re.compile(
    r"\b(?:not|no|never|cannot|does|do|did|is|are|was|were|"
    r"increas\w*|decreas\w*|reduc\w*|rais\w*|lower\w*|higher|less|more|greater|fewer|"
    r"improv\w*|impair\w*|worsen\w*|enhanc\w*|inhibit\w*|promot\w*|prevent\w*)\b", re.IGNORECASE)
ABSENT = 1e6  # the rank of a paper a ranking does not hold
SEED = 14


@dataclass
class Data:
    qids: list[str]
    queries: list[str]
    titles: list[str]
    chunk_texts: list[str]
    owner: np.ndarray  # chunk -> paper row (non-decreasing)
    starts: np.ndarray  # paper row -> its first chunk
    dense: np.ndarray  # [Q, C] cosine
    chunk_vecs: np.ndarray  # [C, 384]
    query_vecs: np.ndarray  # [Q, 384]
    query_vecs_claim: np.ndarray | None  # [Q, 384] of the normalised claims (idea 9)
    whole: np.ndarray | None  # [Q, P] cosine with the whole-abstract vector
    rel: list[set[int]]
    named: list[list[int]]
    folds: np.ndarray  # query -> fold


def load(path: Path) -> Data:
    arr = np.load(path)
    meta = json.loads(path.with_suffix(".json").read_text())
    prow = {pid: i for i, pid in enumerate(meta["paper_ids"])}
    owner = arr["owner"]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    assert len(starts) == len(prow), "every paper has a chunk"
    dense = arr["query_vecs"] @ arr["chunk_vecs"].T
    whole = None
    wpath = path.with_suffix(".whole.npz")
    if wpath.exists():
        w = np.load(wpath)
        vecs = np.zeros((len(prow), w["vecs"].shape[1]), dtype=np.float32)
        for pid, v in zip(w["ids"], w["vecs"]):
            vecs[prow[str(pid)]] = v
        whole = arr["query_vecs"] @ vecs.T
    qids = meta["qids"]
    order = np.random.default_rng(SEED).permutation(len(qids))
    folds = np.empty(len(qids), dtype=np.int64)
    folds[order] = np.arange(len(qids)) % FOLDS
    return Data(qids, meta["queries"], meta["titles"], meta["chunk_texts"], owner, starts, dense,
                arr["chunk_vecs"], arr["query_vecs"], arr.get("query_vecs_claim"), whole,
                [{prow[d] for d, r in meta["qrels"][q].items() if r > 0 and d in prow} for q in qids],
                [[prow[d] for d in ns if d in prow] for ns in meta["named"]], folds)


# -- BM25 variants ----------------------------------------------------------------------
_tok_cache: dict[Any, Any] = {}


def tokenize(texts: list[str]) -> Any:
    return Retriever.tokenize(texts)


def bm25_scores(d: Data, k1: float = 1.5, b: float = 0.75, title_rep: int = 1,
                per_paper: bool = False, queries: list[str] | None = None) -> np.ndarray:
    """[Q, C] BM25 scores of every chunk (per_paper: the paper's score on every chunk)."""
    import bm25s

    key = (title_rep, per_paper)
    if key not in _tok_cache:
        if per_paper:
            docs = [(d.titles[p] + ". ") * title_rep + " ".join(
                d.chunk_texts[d.starts[p]:(d.starts[p + 1] if p + 1 < len(d.starts) else len(d.owner))])
                for p in range(len(d.starts))]
        else:
            docs = [(d.titles[d.owner[c]] + ". ") * title_rep + t for c, t in enumerate(d.chunk_texts)]
        _tok_cache[key] = tokenize(docs)
    index = bm25s.BM25(k1=k1, b=b)
    index.index(_tok_cache[key], show_progress=False)
    out = np.zeros((len(d.qids), len(d.owner) if not per_paper else len(d.starts)), dtype=np.float32)
    for i, q in enumerate(queries or d.queries):
        ids = index.get_tokens_ids(tokenize([q])[0])
        if ids:
            out[i] = index.get_scores(ids)
    return out[:, d.owner] if per_paper else out


# -- candidates and features ------------------------------------------------------------
@dataclass
class Cands:
    rows: np.ndarray  # [Q, K] paper rows (-1: padding)
    mask: np.ndarray  # [Q, K] bool
    rel: np.ndarray  # [Q, K] bool
    nrel: np.ndarray  # [Q] relevant papers judged
    named: np.ndarray  # [Q, K] 0 or a bonus putting named papers first, in order
    f: dict[str, np.ndarray]  # feature -> [Q, K]


def paper_max(x: np.ndarray, d: Data) -> np.ndarray:
    return np.maximum.reduceat(x, d.starts, axis=1)


def candidates(d: Data, bm: np.ndarray, n: int = 300) -> Cands:
    """The union of the dense and BM25 top-n chunks' papers per query, with features."""
    Q, P = len(d.qids), len(d.starts)
    dtop = np.argpartition(-d.dense, n - 1, axis=1)[:, :n]
    btop = np.argpartition(-bm, n - 1, axis=1)[:, :n]
    rows_l, feats_l = [], []
    for q in range(Q):
        dsel = dtop[q][np.argsort(-d.dense[q, dtop[q]], kind="stable")]
        bsel = btop[q][np.argsort(-bm[q, btop[q]], kind="stable")]
        bsel = bsel[bm[q, bsel] > 0]
        drank, brank = fusion.paper_ranks(d.owner[dsel]), fusion.paper_ranks(d.owner[bsel])
        rows = np.array(sorted(set(drank) | set(brank)))
        dfloor = float(d.dense[q, dsel[-1]])
        dmax = np.full(P, dfloor, dtype=np.float32)
        np.maximum.at(dmax, d.owner[dsel], d.dense[q, dsel])
        # as dense: a paper outside the BM25 list has the list's lowest score (or 0)
        bmax = np.full(P, float(bm[q, bsel[-1]]) if len(bsel) else 0.0, dtype=np.float32)
        np.maximum.at(bmax, d.owner[bsel], bm[q, bsel])
        nd = np.bincount(d.owner[dsel], minlength=P)
        nb = np.bincount(d.owner[bsel], minlength=P)
        f = {"dense": dmax[rows], "bm25": bmax[rows],
             "dense_rank": np.array([drank.get(r, ABSENT) for r in rows], dtype=np.float32),
             "bm25_rank": np.array([brank.get(r, ABSENT) for r in rows], dtype=np.float32),
             "dense_hits": nd[rows].astype(np.float32), "bm25_hits": nb[rows].astype(np.float32),
             "whole": (d.whole[q, rows] if d.whole is not None else np.zeros(len(rows), dtype=np.float32))}
        rows_l.append(rows)
        feats_l.append(f)
    K = max(map(len, rows_l))
    out_rows = np.full((Q, K), -1)
    mask = np.zeros((Q, K), dtype=bool)
    f = {k: np.zeros((Q, K), dtype=np.float32) for k in feats_l[0]}
    for q, rows in enumerate(rows_l):
        out_rows[q, :len(rows)] = rows
        mask[q, :len(rows)] = True
        for k, v in feats_l[q].items():
            f[k][q, :len(rows)] = v
    rel = np.array([[r in d.rel[q] for r in out_rows[q]] for q in range(Q)])
    named = np.zeros((Q, K), dtype=np.float32)
    for q, ns in enumerate(d.named):
        for i, p in enumerate(ns):
            named[q, out_rows[q] == p] = 1e6 * (len(ns) - i)
    return Cands(out_rows, mask, rel, np.array([len(r) for r in d.rel]), named, f)


def title_overlap(d: Data, c: Cands) -> np.ndarray:
    """Share of the query's (stemmed, stopworded) terms found in the candidate's title."""
    tq = [set(tokenize([q])[0]) for q in d.queries]
    tt = [set(tokenize([t])[0]) for t in d.titles]
    out = np.zeros(c.rows.shape, dtype=np.float32)
    for q in range(len(tq)):
        if tq[q]:
            for j, r in enumerate(c.rows[q]):
                if r >= 0:
                    out[q, j] = len(tq[q] & tt[r]) / len(tq[q])
    return out


# -- scoring ----------------------------------------------------------------------------
def ndcg10(c: Cands, score: np.ndarray) -> np.ndarray:
    """Per-query nDCG@10 (binary gains, as SciFact's judgements) of candidates by score."""
    s = np.where(c.mask, score + c.named, -np.inf)
    top = np.argsort(-s, axis=1, kind="stable")[:, :10]
    gains = np.take_along_axis(c.rel & c.mask, top, axis=1)
    disc = 1 / np.log2(np.arange(2, 12))
    dcg = (gains * disc).sum(axis=1)
    idcg = np.array([disc[:min(n, 10)].sum() for n in c.nrel])
    return np.where(idcg > 0, dcg / np.where(idcg > 0, idcg, 1), 0.0)


def cv_grid(per: np.ndarray, folds: np.ndarray) -> tuple[float, float, int]:
    """per: [settings, Q] nDCG. (out-of-fold mean, best in-sample mean, best setting)."""
    oof = np.zeros(per.shape[1])
    for k in range(FOLDS):
        pick = int(np.argmax(per[:, folds != k].mean(axis=1)))
        oof[folds == k] = per[pick, folds == k]
    best = int(np.argmax(per.mean(axis=1)))
    return float(oof.mean()), float(per[best].mean()), best


def report(name: str, per: np.ndarray, folds: np.ndarray, labels: list[Any]) -> tuple[float, Any]:
    if per.ndim == 1:
        per = per[None]
        labels = [None]
    cv, ins, best = cv_grid(per, folds)
    print(f"{name:<58} cv {cv:.4f}  in {ins:.4f}  best {labels[best]}", flush=True)
    return cv, labels[best]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, required=True)
    ap.add_argument("--candidates", type=int, default=300)
    ap.add_argument("--only", default="")
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args()
    t0 = time.perf_counter()
    d = load(args.dump)
    print(f"loaded {len(d.qids)} queries, {len(d.starts)} papers, {len(d.owner)} chunks "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    rows = run(d, args.candidates, set(filter(None, args.only.split(","))))
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1))


def rrf_score(c: Cands, k: float = 10.0, wd: float = 1.0, wb: float = 1.0) -> np.ndarray:
    # absent from a ranking: rank ABSENT there, so no share
    return (np.where(c.f["dense_rank"] < ABSENT, wd / (k + c.f["dense_rank"]), 0)
            + np.where(c.f["bm25_rank"] < ABSENT, wb / (k + c.f["bm25_rank"]), 0))


def normalise(x: np.ndarray, mask: np.ndarray, how: str) -> np.ndarray:
    """Per query over its candidates: minmax, z (z-score) or max (divide by the top)."""
    big = np.where(mask, x, np.nan)
    if how == "minmax":
        lo, hi = np.nanmin(big, axis=1, keepdims=True), np.nanmax(big, axis=1, keepdims=True)
        return np.where(mask, (x - lo) / np.maximum(hi - lo, 1e-9), 0)
    if how == "z":
        mu, sd = np.nanmean(big, axis=1, keepdims=True), np.nanstd(big, axis=1, keepdims=True)
        return np.where(mask, (x - mu) / np.maximum(sd, 1e-9), 0)
    hi = np.nanmax(big, axis=1, keepdims=True)
    return np.where(mask, x / np.maximum(hi, 1e-9), 0)


def convex(c: Cands, a: float, how: str, dense: np.ndarray | None = None) -> np.ndarray:
    dn = normalise(c.f["dense"] if dense is None else dense, c.mask, how)
    return a * dn + (1 - a) * normalise(c.f["bm25"], c.mask, how)


def step(name: str, per: list[np.ndarray] | np.ndarray, d: Data, labels: list[Any] | None = None,
         out: list[dict[str, Any]] | None = None) -> Any:
    per = np.atleast_2d(np.array(per))
    labels = labels or [None]
    cv, best = report(name, per, d.folds, labels)
    if out is not None:
        out.append({"idea": name, "cv": cv, "in": float(per.mean(axis=1).max()), "best": str(best)})
    return best


def normalise_claim(query: str) -> str:
    return re.sub(r"\s+", " ", CLAIM_WORDS.sub(" ", query)).strip() or query


def ranker_features(c: Cands, title: np.ndarray, whole: bool) -> np.ndarray:
    """[Q, K, F]: both scores (z over the query's candidates) and ranks, title overlap,
    chunk agreement (in both lists; chunks of it in the lists), optionally the whole vector."""
    fs = [normalise(c.f["dense"], c.mask, "z"), normalise(c.f["bm25"], c.mask, "z"),
          np.where(c.f["dense_rank"] < ABSENT, 10 / (10 + c.f["dense_rank"]), 0),
          np.where(c.f["bm25_rank"] < ABSENT, 10 / (10 + c.f["bm25_rank"]), 0),
          title, ((c.f["dense_hits"] > 0) & (c.f["bm25_hits"] > 0)).astype(np.float32),
          np.log1p(c.f["dense_hits"] + c.f["bm25_hits"])]
    if whole:
        fs.append(normalise(c.f["whole"], c.mask, "z"))
    return np.stack(fs, axis=-1).astype(np.float64)


def shipped_features(c: Cands) -> np.ndarray:
    """[Q, K, 6]: the features fusion.learned computes from the two lists alone, in
    fusion.RANKER_FEATURES order (no title overlap: its weight came out negative)."""
    both = (c.f["dense_hits"] > 0) & (c.f["bm25_hits"] > 0)
    fs = [normalise(c.f["dense"], c.mask, "z"), normalise(c.f["bm25"], c.mask, "z"),
          np.where(c.f["dense_rank"] < ABSENT, 10 / (10 + c.f["dense_rank"]), 0),
          np.where(c.f["bm25_rank"] < ABSENT, 10 / (10 + c.f["bm25_rank"]), 0),
          both.astype(np.float32), np.log1p(c.f["dense_hits"] + c.f["bm25_hits"])]
    return np.stack(fs, axis=-1).astype(np.float64)


def fit_listwise(x: np.ndarray, c: Cands, sel: np.ndarray, l2: float = 1e-3, iters: int = 300) -> np.ndarray:
    """Linear weights by listwise softmax cross-entropy (target: the relevant candidates,
    evenly), over the queries ``sel`` that have a relevant candidate; plain gradient descent."""
    sel = sel & c.rel.any(axis=1)
    x, mask, rel = x[sel], c.mask[sel], c.rel[sel] & c.mask[sel]
    target = rel / rel.sum(axis=1, keepdims=True)
    w = np.zeros(x.shape[-1])
    lr = 0.5
    for _ in range(iters):
        s = np.where(mask, x @ w, -np.inf)
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        grad = np.einsum("qk,qkf->f", p - target, x) / len(x) + l2 * w
        w -= lr * grad
    return w


def cv_ranker(c: Cands, x: np.ndarray, d: Data) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(out-of-fold per-query nDCG, in-sample per-query nDCG, weights fitted on all)."""
    oof = np.zeros(len(d.qids))
    for k in range(FOLDS):
        w = fit_listwise(x, c, d.folds != k)
        oof[d.folds == k] = ndcg10(c, x @ w)[d.folds == k]
    w = fit_listwise(x, c, np.ones(len(d.qids), dtype=bool))
    return oof, ndcg10(c, x @ w), w


def rocchio(d: Data, first: Cands, score: np.ndarray, m: int, beta: float) -> np.ndarray:
    """[Q, C] dense scores of the query moved towards its first pass's top m papers' best chunks."""
    top = np.argsort(-np.where(first.mask, score, -np.inf), axis=1)[:, :m]
    qv = d.query_vecs.astype(np.float64).copy()
    for q in range(len(qv)):
        fb = []
        for j in top[q]:
            p = first.rows[q, j]
            lo, hi = d.starts[p], (d.starts[p + 1] if p + 1 < len(d.starts) else len(d.owner))
            fb.append(d.chunk_vecs[lo + int(np.argmax(d.dense[q, lo:hi]))])
        qv[q] += beta * np.mean(fb, axis=0)
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    return (qv @ d.chunk_vecs.T).astype(np.float32)


def rm3(d: Data, first: Cands, score: np.ndarray, m: int, terms: int, beta: float,
        k1: float = 1.5, b: float = 0.75) -> np.ndarray:
    """[Q, C] BM25 scores plus beta x those of the top ``terms`` expansion terms (weighted by
    their share of the first pass's top m papers, each paper by its softmaxed score)."""
    import bm25s

    tok = _tok_cache.get((1, False)) or tokenize([(d.titles[d.owner[c]] + ". ") + t for c, t in enumerate(d.chunk_texts)])
    index = bm25s.BM25(k1=k1, b=b)
    index.index(tok, show_progress=False)
    inv = {i: t for t, i in tok.vocab.items()}
    base = bm25_scores(d, k1, b)
    top = np.argsort(-np.where(first.mask, score, -np.inf), axis=1)[:, :m]
    out = base.copy()
    for q in range(len(d.qids)):
        qterms = set(tokenize([d.queries[q]])[0])
        s = score[q, top[q]]
        pw = np.exp((s - s.max()) / max(float(s.std()), 1e-9))
        weight: dict[str, float] = {}
        for j, w in zip(top[q], pw / pw.sum()):
            p = first.rows[q, j]
            lo, hi = d.starts[p], (d.starts[p + 1] if p + 1 < len(d.starts) else len(d.owner))
            ids = [i for c in range(lo, hi) for i in tok.ids[c]]
            for i in ids:
                weight[inv[i]] = weight.get(inv[i], 0.0) + w / len(ids)
        exp = [t for t in sorted(weight, key=lambda t: -weight[t]) if t not in qterms][:terms]
        tot = sum(weight[t] for t in exp) or 1.0
        for t in exp:
            ids = index.get_tokens_ids([t])
            if ids:
                out[q] += beta * weight[t] / tot * index.get_scores(ids)
    return out


def run(d: Data, n: int, only: set[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    bm = bm25_scores(d)
    c = candidates(d, bm, n)
    step("0 baseline: RRF k=10 (production)", ndcg10(c, rrf_score(c)), d, out=rows)
    step("  dense alone", ndcg10(c, c.f["dense"] - 10 * (c.f["dense_rank"] == ABSENT)), d, out=rows)
    step("  bm25 alone", ndcg10(c, c.f["bm25"]), d, out=rows)
    if "k1b" in only:  # BM25 alone showed no gain that carries (docs/quality.md): not in a default run
        grid = [(k1, b) for k1 in (0.9, 1.2, 1.5, 2.0) for b in (0.5, 0.75, 0.9, 1.0)]
        per, per_alone = [], []
        for k1, b in grid:
            cc = candidates(d, bm25_scores(d, k1, b), n)
            per.append(ndcg10(cc, rrf_score(cc)))
            per_alone.append(ndcg10(cc, cc.f["bm25"]))
        step("1a BM25 k1,b (bm25 alone)", per_alone, d, grid)
        step("1b BM25 k1,b in RRF", per, d, grid, rows)
    if not only or "bm25" in only:
        per = []
        for rep in (0, 1, 2, 3):
            cc = candidates(d, bm25_scores(d, title_rep=rep), n)
            per.append(ndcg10(cc, rrf_score(cc)))
        step("2  title weight (repeats) in RRF", per, d, [0, 1, 2, 3], rows)
        cc = candidates(d, bm25_scores(d, per_paper=True), n)
        step("3  BM25 over whole papers, not chunks, in RRF", ndcg10(cc, rrf_score(cc)), d, out=rows)
    ks = [1, 2, 5, 10, 20, 40, 60]
    ws = [0.6, 0.8, 1.0, 1.25, 1.5]
    grid = [(k, w) for k in ks for w in ws]
    step("4  RRF k, dense weight", [ndcg10(c, rrf_score(c, k, w)) for k, w in grid], d, grid, rows)
    for how in ("minmax", "z", "max"):
        alphas = [round(x, 2) for x in np.arange(0.0, 1.001, 0.05)]
        step(f"5  convex a*dense+(1-a)*bm25, {how}", [ndcg10(c, convex(c, a, how)) for a in alphas],
             d, alphas, rows)
    if d.whole is not None:
        alphas = [round(x, 2) for x in np.arange(0.0, 1.001, 0.05)]
        w = c.f["whole"]
        step("6a whole-abstract vector alone (dense)", ndcg10(c, w), d, out=rows)
        step("6b dense = max(chunk, whole)", [ndcg10(c, convex(c, a, "z", np.maximum(c.f["dense"], w)))
                                               for a in alphas], d, alphas, rows)
        step("6c dense = mean(chunk, whole), convex z", [ndcg10(c, convex(c, a, "z", (c.f["dense"] + w) / 2))
                                                         for a in alphas], d, alphas, rows)
        step("6d dense = whole only, convex z", [ndcg10(c, convex(c, a, "z", w)) for a in alphas], d, alphas, rows)
    if not only or "ranker" in only:
        title = title_overlap(d, c)
        for whole in (False, True) if d.whole is not None else (False,):
            x = ranker_features(c, title, whole)
            oof, ins, w = cv_ranker(c, x, d)
            print(f"   weights {np.round(w, 3).tolist()}")
            rows.append({"idea": f"8  learned ranker{' + whole' if whole else ''}", "cv": float(oof.mean()),
                         "in": float(ins.mean()), "best": str(np.round(w, 3).tolist())})
            print(f"{rows[-1]['idea']:<58} cv {oof.mean():.4f}  in {ins.mean():.4f}")
    if not only or "shipped" in only:
        x = shipped_features(c)
        oof, ins, w = cv_ranker(c, x, d)
        folds = [np.round(fit_listwise(x, c, d.folds != k), 3).tolist() for k in range(FOLDS)]
        print(f"   weights (all train) {np.round(w, 4).tolist()}; per fold {folds}")
        rows.append({"idea": "8b learned ranker, list features only (shipped)", "cv": float(oof.mean()),
                     "in": float(ins.mean()), "best": str(np.round(w, 4).tolist())})
        print(f"{rows[-1]['idea']:<58} cv {oof.mean():.4f}  in {ins.mean():.4f}", flush=True)
        if n != 50:  # the same weights where a search keeps 50 chunks per ranking (k=5)
            c50 = candidates(d, bm, 50)
            x50 = shipped_features(c50)
            step("   at 50 candidates: RRF k=10", ndcg10(c50, rrf_score(c50)), d, out=rows)
            step("   at 50 candidates: shipped ranker (weights from 300)", ndcg10(c50, x50 @ w), d, out=rows)
    if not only or "prf" in only:
        base = rrf_score(c)
        grid = [(m, beta) for m in (3, 5) for beta in (0.25, 0.5, 1.0)]
        per = []
        for m, beta in grid:
            dd = Data(**{**d.__dict__, "dense": rocchio(d, c, base, m, beta)})
            cc = candidates(dd, bm, n)
            per.append(ndcg10(cc, rrf_score(cc)))
        step("7a Rocchio on vectors (top m, beta), RRF", per, d, grid, rows)
        grid = [(m, t, beta) for m in (3, 5) for t in (10, 20) for beta in (0.3, 0.6)]
        per = []
        for m, t, beta in grid:
            cc = candidates(d, rm3(d, c, base, m, t, beta), n)
            per.append(ndcg10(cc, rrf_score(cc)))
        step("7b RM3 on BM25 (top m, terms, beta), RRF", per, d, grid, rows)
    if d.query_vecs_claim is not None and (not only or "claim" in only):
        dd = Data(**{**d.__dict__, "dense": d.query_vecs_claim @ d.chunk_vecs.T})
        bmc = bm25_scores(d, queries=[normalise_claim(q) for q in d.queries])
        for name, dx, bx in (("dense", dd, bm), ("bm25", d, bmc), ("both", dd, bmc)):
            cc = candidates(dx, bx, n)
            step(f"9  claim normalisation of the query ({name}), RRF", ndcg10(cc, rrf_score(cc)), d, out=rows)
    return rows


if __name__ == "__main__":
    main()
