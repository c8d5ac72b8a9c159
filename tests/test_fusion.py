"""fusion.py's pure functions: ranks and scores per paper, RRF, z-scores, the convex mix,
the learned ranker's features."""

from __future__ import annotations

import math

import pytest

from paperqa_lite import fusion

# chunk row -> paper: papers 0 and 1 have two chunks each, paper 2 one
OWNER = [0, 0, 1, 1, 2]


def test_a_paper_ranks_and_scores_where_its_best_chunk_does():
    ranked = [(3, 0.9), (0, 0.8), (2, 0.7), (1, 0.6)]
    assert fusion.paper_ranks([OWNER[r] for r, _ in ranked]) == {1: 1, 0: 2}
    assert fusion.paper_scores(ranked, OWNER) == {1: 0.9, 0: 0.8}


def test_rrf_sums_weighted_reciprocal_ranks_over_the_rankings_that_hold_a_paper():
    got = fusion.rrf({"dense": {0: 1, 1: 2}, "bm25": {1: 1}}, {"dense": 1.0, "bm25": 2.0}, 10)
    assert got == pytest.approx({0: 1 / 11, 1: 1 / 12 + 2 / 11})


def test_zscores_standardise_and_give_a_missing_paper_the_lowest_score():
    z = fusion.zscores({0: 3.0, 1: 1.0}, [0, 1, 2])  # paper 2 takes 1.0
    mean, sd = 5 / 3, ((3 - 5 / 3) ** 2 + 2 * (1 - 5 / 3) ** 2) ** 0.5 / 3 ** 0.5
    assert z == pytest.approx({0: (3 - mean) / sd, 1: (1 - mean) / sd, 2: (1 - mean) / sd})
    assert fusion.zscores({0: 2.0, 1: 2.0}, [0, 1]) == {0: 0.0, 1: 0.0}
    assert fusion.zscores({}, [0, 1]) == {0: 0.0, 1: 0.0}


def _z(scores):
    papers = sorted({p for s in scores.values() for p in s})
    return {name: fusion.zscores(s, papers) for name, s in scores.items()}


W = {"dense": 1.0, "bm25": 1.0}


@pytest.mark.parametrize("method", ["convex", "learned"])
def test_scores_let_a_clear_lead_in_one_ranking_beat_a_narrow_one_in_the_other(method):
    # dense: paper 0 far ahead; BM25: paper 1 barely ahead of paper 0. RRF sees two first
    # places and ties them; the scores say paper 0.
    lists = {"dense": [(0, 0.9), (2, 0.3), (4, 0.29)], "bm25": [(2, 10.0), (0, 9.9), (4, 2.0)]}
    fused, ranks, _ = fusion.fuse(lists, OWNER, method, W, 10)
    assert max(fused, key=fused.get) == 0
    rrf = fusion.rrf(ranks, W, 10)
    assert rrf[0] == pytest.approx(rrf[1])


def test_learned_features_follow_their_definition():
    z = {"dense": {0: 1.0, 1: -1.0}, "bm25": {0: -1.0, 1: 1.0}}
    ranks = {"dense": {0: 1, 1: 2}, "bm25": {1: 1}}
    hits = {"dense": {0: 2, 1: 1}, "bm25": {1: 1}}
    f = fusion.features(z, ranks, hits, {"dense": 2.0, "bm25": 1.0})
    assert f[0] == pytest.approx([2.0, -1.0, 2 * 10 / 11, 0.0, 0.0, math.log(3)])
    assert f[1] == pytest.approx([-2.0, 1.0, 2 * 10 / 12, 10 / 11, 1.0, math.log(3)])
    coef = (1, 0, 0, 0, 0, 0)  # the ranker is the weighted sum of the features
    assert fusion.learned(z, ranks, hits, W, coef) == {0: 1.0, 1: -1.0}
    assert len(fusion.RANKER_WEIGHTS) == len(fusion.RANKER_FEATURES)


def test_a_paper_in_both_lists_beats_one_with_the_same_scores_in_one():
    # papers 0 and 2 have the same dense score and rank; BM25 holds only paper 0
    lists = {"dense": [(0, 0.5), (4, 0.5), (2, 0.1)], "bm25": [(0, 1.0), (3, 0.5)]}
    fused, _, _ = fusion.fuse(lists, OWNER, "learned", W, 10)
    assert fused[0] > fused[2]


def test_a_missing_paper_takes_the_lists_last_chunk_score():
    # paper 0's second chunk ranks last in dense: paper 2, absent there, scores 0.1 (not 0.5)
    lists = {"dense": [(0, 0.9), (2, 0.5), (1, 0.1)], "bm25": [(4, 3.0)]}
    fused, _, _ = fusion.fuse(lists, OWNER, "convex", W, 10)
    z = fusion.zscores({0: 0.9, 1: 0.5}, [0, 1, 2], 0.1)
    assert z[2] < z[1]
    zb = fusion.zscores({2: 3.0}, [0, 1, 2], 3.0)
    share = fusion.DENSE_SHARE
    assert fused[2] == pytest.approx(share * z[2] + (1 - share) * zb[2])


def test_convex_share_and_weights_move_the_balance():
    scores = _z({"dense": {0: 1.0, 1: 0.0}, "bm25": {0: 0.0, 1: 1.0}})
    even = {"dense": 1.0, "bm25": 1.0}
    assert max(fusion.convex(scores, even, dense_share=0.7).items(), key=lambda x: x[1])[0] == 0
    assert max(fusion.convex(scores, even, dense_share=0.3).items(), key=lambda x: x[1])[0] == 1
    heavy_bm25 = {"dense": 1.0, "bm25": 3.0}
    assert max(fusion.convex(scores, heavy_bm25, dense_share=0.7).items(), key=lambda x: x[1])[0] == 1


def test_fuse_one_ranking_keeps_its_scores_and_orders_chunks_by_rank():
    dense = [(3, 0.9), (0, 0.8), (1, 0.5)]
    fused, ranks, chunk = fusion.fuse({"dense": dense}, OWNER, "learned", {"dense": 1.0}, 10)
    assert fused == {1: 0.9, 0: 0.8}
    assert ranks == {"dense": {1: 1, 0: 2}}
    assert chunk[0] > chunk[1]  # paper 0's first chunk ranked above its second


@pytest.mark.parametrize("method", ["learned", "convex", "rrf"])
def test_fuse_two_rankings_covers_the_union_of_their_papers(method):
    lists = {"dense": [(0, 0.9), (2, 0.5)], "bm25": [(4, 7.0), (1, 3.0)]}
    fused, ranks, _ = fusion.fuse(lists, OWNER, method, {"dense": 1.0, "bm25": 1.0}, 10)
    assert set(fused) == {0, 1, 2}
    assert ranks == {"dense": {0: 1, 1: 2}, "bm25": {2: 1, 0: 2}}


def test_fuse_rejects_an_unknown_method():
    with pytest.raises(ValueError, match="learned"):
        fusion.fuse({"dense": [(0, 1.0)], "bm25": [(1, 1.0)]}, OWNER, "sum", {"dense": 1, "bm25": 1}, 10)
