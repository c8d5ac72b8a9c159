"""Ranking metrics on hand-computed cases, and agreement with pytrec_eval (trec_eval)."""

import math
import random

import pytest

from paperqa_lite.evals.metrics import beir_metrics, beir_per_query, mrr_at_k, ndcg_at_k, recall_at_k

RANKED = ["a", "b", "c", "d"]
QRELS = {"b": 1, "d": 1, "e": 1}  # e is relevant but never retrieved


def test_ndcg_binary_by_hand():
    # top 3 = a b c: only b (rank 2) is relevant -> DCG = 1/log2(3) = 0.63093
    # ideal: three relevant docs -> IDCG = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.63093 + 0.5 = 2.13093
    assert ndcg_at_k(RANKED, QRELS, 3) == pytest.approx(0.63093 / 2.13093, abs=1e-5)  # 0.29609
    # top 4 adds d at rank 4: DCG = 0.63093 + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    assert ndcg_at_k(RANKED, QRELS, 4) == pytest.approx(1.06161 / 2.13093, abs=1e-5)  # 0.49819


def test_ndcg_graded_uses_linear_gain():
    # b (gain 1) at rank 1, a (gain 2) at rank 2: DCG = 1/1 + 2/log2(3) = 1 + 1.26186 = 2.26186
    # ideal a then b: IDCG = 2/1 + 1/log2(3) = 2 + 0.63093 = 2.63093 -> 0.85972
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}, 10) == pytest.approx(2.26186 / 2.63093, abs=1e-5)
    assert ndcg_at_k(["a", "b"], {"a": 2, "b": 1}, 10) == pytest.approx(1.0)


def test_recall_by_hand():
    assert recall_at_k(RANKED, QRELS, 3) == pytest.approx(1 / 3)  # b of {b, d, e}
    assert recall_at_k(RANKED, QRELS, 4) == pytest.approx(2 / 3)  # b, d of {b, d, e}
    assert recall_at_k(RANKED, {"x": 0}, 4) == 0.0  # judged non-relevant only


def test_mrr_by_hand():
    assert mrr_at_k(RANKED, QRELS, 1) == 0.0  # a is not relevant
    assert mrr_at_k(RANKED, QRELS, 2) == 0.5  # first relevant (b) at rank 2 -> 1/2
    assert mrr_at_k(["x"] * 3 + ["d"], QRELS, 10) == 0.5  # duplicates count once: d is 2nd distinct


def test_empty_cases_score_zero():
    assert ndcg_at_k([], QRELS, 10) == recall_at_k([], QRELS, 10) == mrr_at_k([], QRELS, 10) == 0.0
    assert ndcg_at_k(RANKED, {}, 10) == 0.0


def test_mrr_at_10_is_cut_at_10_unlike_trec_recip_rank():
    ranked = [f"n{i}" for i in range(10)] + ["b"]  # first relevant at rank 11
    run = {"q": {d: float(100 - i) for i, d in enumerate(ranked)}}
    per = beir_per_query(run, {"q": QRELS})["q"]
    assert mrr_at_k(ranked, QRELS, 10) == per["mrr@10"] == 0.0  # trec_eval recip_rank alone: 1/11
    assert per["recall@100"] == pytest.approx(1 / 3)


def _random_case(seed: int):
    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(60)]
    qrels, run = {}, {}
    for q in range(25):
        qid = f"q{q}"
        qrels[qid] = {d: rng.choice([1, 1, 2]) for d in rng.sample(docs, rng.randint(1, 4))}
        qrels[qid][rng.choice(docs)] = 0  # a judged non-relevant doc
        scores = rng.sample(range(1000), 40)  # distinct scores: no ties
        run[qid] = {d: float(s) for d, s in zip(rng.sample(docs, 40), scores)}
    return qrels, run


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pure_functions_agree_with_pytrec_eval(seed):
    qrels, run = _random_case(seed)
    per = beir_per_query(run, qrels)
    for qid, docs in run.items():
        ranked = sorted(docs, key=docs.get, reverse=True)
        assert per[qid]["ndcg@10"] == pytest.approx(ndcg_at_k(ranked, qrels[qid], 10), abs=1e-9)
        assert per[qid]["recall@10"] == pytest.approx(recall_at_k(ranked, qrels[qid], 10), abs=1e-9)
        assert per[qid]["recall@100"] == pytest.approx(recall_at_k(ranked, qrels[qid], 100), abs=1e-9)
        assert per[qid]["mrr@10"] == pytest.approx(mrr_at_k(ranked, qrels[qid], 10), abs=1e-9)
    agg = beir_metrics(run, qrels)
    assert agg["n"] == 25
    assert agg["ndcg@10"] == pytest.approx(sum(v["ndcg@10"] for v in per.values()) / 25)


def test_a_judged_query_without_results_counts_as_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}}
    agg = beir_metrics({"q1": {"a": 1.0}}, qrels)  # q2 retrieved nothing
    assert agg["n"] == 2 and agg["recall@10"] == 0.5 and agg["mrr@10"] == 0.5
    assert math.isclose(agg["ndcg@10"], 0.5)
