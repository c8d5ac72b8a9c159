"""The contribution-sentence picker: its features on small abstracts written here, and the
choices its fitted weights make between sentence kinds."""

from dataclasses import replace

import pytest

from paperqa_lite.sentences import (WEIGHTS, acronym_definitions, best_sentence, contribution_scores,
                                     count_word_prior, expand_acronyms, features, format_word_prior,
                                     parse_word_prior, rouge_tokens, word_prior)

TITLE = "Sparse Adapters for Multilingual Speech Recognition"
SENTS = [
    "Speech recognition for low-resource languages remains hard.",
    "In this paper, we propose sparse adapters for multilingual speech recognition.",
    "We also release a new corpus of radio broadcasts.",
    "We show that sparse adapters reduce the word error rate by 12% on 40 languages.",
]


def test_every_feature_has_a_weight_and_no_weight_is_orphaned():
    assert set(features(SENTS, TITLE)[0]) == set(WEIGHTS)


def test_position_is_one_hot_for_the_first_four_sentences_and_relative_after():
    f = features(SENTS + ["Code is public.", "It runs on CPUs."], TITLE)
    assert [[d[f"pos{p}"] for p in range(4)] for d in f[:4]] == \
        [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    assert all(d[f"pos{p}"] == 0 for d in f[4:] for p in range(4))
    assert f[0]["position"] == 0 and f[-1]["position"] == 1


def test_cue_families_are_told_apart():
    f = features(SENTS, TITLE)
    assert f[1]["propose"] == 1 and f[1]["self_reference"] == 1 and f[1]["first_contribution"] == 1
    assert f[2]["secondary"] == 1 and f[2]["we_start"] == 1 and f[2]["novelty"] == 1
    assert f[3]["show"] == 1 and f[3]["propose"] == 0 and f[3]["first_contribution"] == 0
    assert f[0]["propose"] == f[0]["show"] == f[0]["we_start"] == 0


def test_title_overlap_is_stemmed_and_counted_both_ways():
    f = features(SENTS, TITLE)
    # "sparse adapters ... multilingual speech recognition" holds every title content word
    assert f[1]["title_coverage"] == 1.0
    assert f[0]["title_coverage"] == 2 / 5  # speech, recognition
    assert 0 < f[0]["title_precision"] < f[1]["title_precision"] <= 1


def test_central_is_the_share_of_a_sentence_the_rest_of_the_abstract_repeats():
    f = features(["Graph kernels compare molecules.", "Graph kernels are slow.",
                  "Bananas ripen quickly."], "")
    assert f[2]["central"] == 0.0
    assert f[1]["central"] == 2 / 3  # graph, kernel of graph, kernel, slow
    assert features(["One sentence only."], "")[0]["central"] == 0.0


def test_the_proposal_beats_background_secondary_and_finding():
    scores = contribution_scores(SENTS, TITLE)
    assert max(range(4), key=scores.__getitem__) == 1
    i, sentence = best_sentence(" ".join(SENTS), TITLE)
    assert i == 1 and sentence.startswith("In this paper, we propose")


def test_a_short_fragment_loses_to_a_full_statement_with_the_same_cue():
    sents = ["We propose it.", "We propose a contrastive objective for sparse speech adapters."]
    assert best_sentence(" ".join(sents), TITLE)[0] == 1


def test_custom_weights_change_the_choice():
    only_first = {"pos0": 1.0}
    scores = contribution_scores(SENTS, TITLE, only_first)
    assert scores == [1.0, 0.0, 0.0, 0.0]


def test_acronym_definitions_take_the_shortest_long_form_matching_the_capitals():
    text = ("Deep neural networks (DNNs) are brittle. We study mixed precision training (MPT) and "
            "learning from demonstrations (LfD) for out-of-distribution (OOD) inputs. "
            "We use the data (ours) as in (A). The proposed method (TPM) helps.")
    defs = acronym_definitions(text)
    assert defs["DNNs"] == "deep neural networks"  # the capital was the sentence's
    assert defs["MPT"] == "mixed precision training"  # not "We study mixed ..."
    assert defs["LfD"] == "learning from demonstrations"  # a function word inside is fine
    assert defs["OOD"] == "out-of-distribution"  # hyphenated parts count as initials
    assert "ours" not in defs and "A" not in defs  # not acronyms
    assert "TPM" not in defs


def test_expand_acronyms_spells_out_the_first_use_and_fixes_the_article():
    defs = {"LfD": "learning from demonstrations", "MPT": "mixed precision training"}
    assert expand_acronyms("We present an LfD approach; LfD scales.", defs) == \
        "We present a learning from demonstrations approach; LfD scales."
    assert expand_acronyms("A method that makes MPT practical.", defs) == \
        "A method that makes mixed precision training practical."
    # already spelled out, or only a longer word containing it: unchanged
    same = "Mixed precision training (MPT) is hard with MPTs and LfD-style data."
    assert expand_acronyms(same, {"MPT": "mixed precision training", "LfD": "x y"}) == same


def test_rouge_tokens_split_as_rouge_does_and_stem():
    assert rouge_tokens("Self-Paced learning, 2.5x faster!") == ["self", "pace", "learn", "2", "5x", "faster"]


def test_word_prior_counts_smooths_and_leaves_a_paper_out():
    prior = count_word_prior([("We propose graph kernels.", "We propose kernels."),
                              ("Graph kernels are slow.", "Kernels are slow."),
                              ("We study graphs.", "Graphs.")])
    assert prior.abstracts["kernel"] == 2 and prior.tldrs["kernel"] == 2
    assert prior.abstracts["graph"] == 3 and prior.tldrs["graph"] == 1
    assert prior.base_rate == sum(prior.tldrs.values()) / sum(prior.abstracts.values())
    # smoothed towards the base rate: certain only in the limit, unseen tokens at the base rate
    assert prior.base_rate < prior.p("kernel") < 1 and prior.p("graph") < prior.p("kernel")
    assert prior.p("unseen") == pytest.approx(prior.base_rate)
    # leaving the first paper out removes its abstract and TL;DR counts
    out = replace(prior, held_out=(frozenset(rouge_tokens("We propose graph kernels.")),
                                   frozenset(rouge_tokens("We propose kernels."))))
    assert out.p("propos") == pytest.approx(prior.base_rate)
    assert out.p("kernel") < prior.p("kernel")


def test_expected_rouge1_prefers_likely_words_and_penalises_length():
    prior = count_word_prior([("We propose kernels for graphs. Results vary.", "We propose kernels for graphs.")] * 50)
    likely = prior.expected_rouge1("We propose kernels for graphs.")
    assert likely > prior.expected_rouge1("Results vary.")
    # unlikely words added cost more in length than they bring
    assert likely > prior.expected_rouge1("We propose kernels for graphs, results vary.")


def test_word_prior_file_round_trips_and_the_shipped_prior_loads():
    prior = count_word_prior([("We propose graph kernels.", "We propose kernels.")])
    back = parse_word_prior(format_word_prior(prior))
    assert back.abstracts == prior.abstracts and back.tldrs == prior.tldrs
    assert back.base_rate == pytest.approx(prior.base_rate, abs=1e-6)
    shipped = word_prior()
    assert len(shipped.abstracts) > 5000 and 0 < shipped.base_rate < 1
    # authors' TL;DRs keep "propose" far more often than "however"
    assert shipped.p("propos") > 2 * shipped.p("howev")


def test_expected_rouge1_is_scored_on_the_shown_form():
    sents = ["In this paper, we propose sparse adapters.", "Speech is hard."]
    plain = features(sents, TITLE)
    shown = features(sents, TITLE, forms=["We propose sparse adapters.", "Speech is hard."])
    prior = word_prior()
    assert shown[0]["expected_rouge1"] == prior.expected_rouge1("We propose sparse adapters.")
    assert shown[0]["expected_rouge1"] != plain[0]["expected_rouge1"]
    assert shown[1]["expected_rouge1"] == plain[1]["expected_rouge1"]


def test_acronyms_inside_a_compound_stay_and_a_sentence_capital_is_not_kept():
    text = "Reinforcement learning (RL) is costly. We fine-tune VLA models with VLA-RL and RL."
    defs = acronym_definitions(text)
    assert defs == {"RL": "reinforcement learning"}  # "Reinforcement" was capital only as the first word
    assert expand_acronyms("We train VLA-RL, a novel framework.", defs) == "We train VLA-RL, a novel framework."
    assert expand_acronyms("VLA-RL uses RL.", defs) == "VLA-RL uses reinforcement learning."
    # a capitalised name keeps its capitals
    assert acronym_definitions("We use Stein Variational Gradient Descent (SVGD).")["SVGD"] == \
        "Stein Variational Gradient Descent"
