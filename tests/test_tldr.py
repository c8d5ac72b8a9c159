"""TL;DR pipeline: sentence choice, trimming, checks, fallback and cache (plumbing with
a fake model; the real model is exercised in test_tldr_real.py)."""

from paperqa_lite.paper import Paper
from paperqa_lite.sentences import best_sentence, split_sentences
from paperqa_lite.tldr import check_tldr, clean_draft, extractive_tldr, make_tldr, trim_sentence

SCORE_ABSTRACT = (
    "Self-correction is a highly desirable capability of large language models (LLMs), yet it has "
    "consistently been found to be largely ineffective in modern LLMs. We develop a multi-turn online "
    "reinforcement learning (RL) approach, SCoRe, that significantly improves an LLM's self-correction "
    "ability using entirely self-generated data. SCoRe improves the base models' self-correction by "
    "15.6% and 9.1% respectively on the MATH and HumanEval benchmarks."
)
TITLE = "Training Language Models to Self-Correct via Reinforcement Learning"


def test_split_sentences_keeps_abbreviations_and_numbers_together():
    text = "We use e.g. GPT-4 and Llama et al. report 3.5 points. Results improve by 2.1%. Done."
    assert split_sentences(text) == [
        "We use e.g. GPT-4 and Llama et al. report 3.5 points.", "Results improve by 2.1%.", "Done."]


def test_best_sentence_is_the_contribution_not_the_background():
    i, sentence = best_sentence(SCORE_ABSTRACT, TITLE)
    assert i == 1 and sentence.startswith("We develop")


def test_trim_drops_lead_in_parentheticals_and_keeps_within_30_words():
    s = ("To answer these questions and bridge the gap, we introduce EgoSocialArena (ESA), a novel framework "
         "designed to evaluate and investigate the ToM and socialization capabilities of LLMs from a first "
         "person perspective, with seven scenarios and many more words after that to make it long.")
    out = trim_sentence(s)
    assert out.startswith("We introduce EgoSocialArena, a novel framework")
    assert "(ESA)" not in out and len(out.split()) <= 30 and out.endswith(".")
    assert out.split()[-1].rstrip(".").lower() not in {"a", "the", "of", "from"}


def test_checks_catch_what_the_small_model_gets_wrong():
    assert check_tldr("SCoRe improves self-correction of LLMs with self-generated data.", TITLE,
                      SCORE_ABSTRACT) == []
    assert any("ScoRere" in p for p in check_tldr("ScoRere improves self-correction of LLMs.", TITLE,
                                                    SCORE_ABSTRACT))
    assert any("number 42" in p for p in check_tldr("SCoRe improves self-correction by 42%.", TITLE,
                                                      SCORE_ABSTRACT))
    assert "preamble" in check_tldr("TL;DR SCoRe improves the self-correction of LLMs.", TITLE, SCORE_ABSTRACT)
    assert "more than one sentence" in check_tldr(
        "SCoRe improves self-correction. It uses self-generated data.", TITLE, SCORE_ABSTRACT)
    assert any("words" in p for p in check_tldr(" ".join(["self-correction"] * 31), TITLE, SCORE_ABSTRACT))
    assert any("not in the evidence" in p for p in check_tldr(
        "Quantum chromodynamics explains protein folding in tropical rainforests.", TITLE, SCORE_ABSTRACT))
    # the same grounding check as answers: prompt text and words from nowhere fail
    assert any("prompt text" in p for p in check_tldr(
        "Sentence: SCoRe improves self-correction of LLMs with self-generated data.", TITLE, SCORE_ABSTRACT))
    assert any("consistently" in p for p in check_tldr(
        "SCoRe consistently improves self-correction of LLMs with self-generated data.", TITLE,
        SCORE_ABSTRACT.replace("consistently", "often")))


def test_clean_draft_strips_labels_quotes_and_extra_lines():
    assert clean_draft('TL;DR: "SCoRe improves self-correction."\nExtra line') == "SCoRe improves self-correction."


def test_llm_draft_used_when_it_passes_and_replaced_when_it_fails(fake_model, tmp_path):
    from paperqa_lite.prompts import load_prompt
    from paperqa_lite.settings import PACKAGED_PROMPTS

    prompt = load_prompt("tldr", PACKAGED_PROMPTS)
    paper = Paper(id="2409.12917", title=TITLE, abstract=SCORE_ABSTRACT)
    fake_model.queue("SCoRe, a multi-turn RL approach, improves LLM self-correction using self-generated data.")
    good = make_tldr(paper, fake_model, prompt)
    assert good.method == "llm" and good.tldr.startswith("SCoRe, a multi-turn")
    assert good.prompt_hash == prompt.hash and good.model == fake_model.model_id
    # the prompt carried the chosen sentence, not the whole abstract
    user = fake_model.calls[0][-1]["content"]
    assert "We develop a multi-turn" in user and "Self-correction is a highly" not in user

    fake_model.queue("ScoRere improves self-correction by 50%.")
    bad = make_tldr(paper, fake_model, prompt)
    assert bad.method == "extractive" and bad.tldr.startswith("We develop a multi-turn online")
    assert any("ScoRere" in r for r in bad.rejected) and any("50" in r for r in bad.rejected)


def test_tldrs_are_cached_per_paper_prompt_and_model(fake_embedder, fake_model, monkeypatch):
    from paperqa_lite import llm, tldr
    from paperqa_lite.pipeline import ingest_papers
    from paperqa_lite.settings import load_settings

    settings = load_settings(tldr={"mode": "llm"})
    ingest_papers(settings, [Paper(id="2409.12917", title=TITLE, abstract=SCORE_ABSTRACT)])
    monkeypatch.setattr(llm, "get_model", lambda s: fake_model)
    fake_model.queue("SCoRe improves LLM self-correction using self-generated data.")
    first = tldr.tldrs(settings)
    second = tldr.tldrs(settings)  # the queue is empty: a model call would fail the test
    assert [t.tldr for t in first] == [t.tldr for t in second]
    assert len(fake_model.calls) == 1
    fake_model.queue("SCoRe trains LLMs to self-correct with RL.")
    assert tldr.tldrs(settings, refresh=True)[0].tldr == "SCoRe trains LLMs to self-correct with RL."


def test_self_reference_is_dropped_from_extractive_and_model_tldrs():
    assert trim_sentence("This paper presents a systematic analysis of implicit reasoning.") == \
        "A systematic analysis of implicit reasoning."
    assert clean_draft("TL;DR: this work proposes SRPO, a self-referential RL method") == \
        "SRPO, a self-referential RL method"


def test_extractive_tldr_skips_a_question_and_a_fragment_for_the_next_statement():
    title = "Language Models Can Learn About Themselves by Introspection"
    abstract = ("Can language models introspect? Yes. We show that language models can learn about "
                "themselves by introspection when finetuned to predict their own behaviour.")
    out = extractive_tldr(title, abstract)
    assert out.startswith("We show that language models can learn") and not out.endswith("?")


def test_self_reference_with_any_verb_is_dropped_when_a_noun_phrase_follows():
    assert trim_sentence("This paper delves into an analysis of AI characters on social networks.") == \
        "An analysis of AI characters on social networks."
    # "shows that" leaves no noun phrase to stand alone: the sentence is kept whole
    assert trim_sentence("This paper shows that adapters help.") == "This paper shows that adapters help."


def test_lead_in_without_its_comma_is_dropped_only_before_we():
    assert trim_sentence("In this paper we present a sparse adapter for speech.") == \
        "We present a sparse adapter for speech."
    assert trim_sentence("Here we propose word2net, a method for word embeddings.") == \
        "We propose word2net, a method for word embeddings."
    # "Here" that is not a lead-in before "we" stays
    assert trim_sentence("Here the loss is shown to diverge on long inputs.").startswith("Here the loss")
