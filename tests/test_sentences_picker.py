"""The contribution-sentence picker: its features on small abstracts written here, and the
choices its fitted weights make between sentence kinds."""

from paperqa_lite.sentences import (WEIGHTS, acronym_definitions, best_sentence, contribution_scores,
                                     expand_acronyms, features)

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
    assert defs["DNNs"] == "Deep neural networks"
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
