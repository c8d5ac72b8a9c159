"""False premises judged by what the abstract words: a yes/no claim in words the paper never
uses, and a direction said of the same subject the other way round."""

from __future__ import annotations

import pytest

from paperqa_lite.paper import Paper
from paperqa_lite.premise import false_premise

TEXTEDIT = Paper(id="t", title="GlyphEdit: Text-centric Image Editing", abstract=(
    "Text-centric image editing modifies textual elements embedded within images. We present "
    "GlyphEdit, an automatic editing pipeline which generates 200K training pairs covering 12 "
    "languages, with a multilingual benchmark. GlyphEdit outperforms open-source editors."))


@pytest.mark.parametrize("question, refuted", [
    # a restriction the abstract has no words for: it does not say so
    ("Does GlyphEdit only support English and Japanese text editing?", True),
    ("is GlyphEdit restricted to Korean signage?", True),
    # a yes/no claim the abstract words is left to the answer
    ("does GlyphEdit generate training pairs covering many languages?", False),
    ("is GlyphEdit an automatic editing pipeline?", False),
    # a comparison is answered by results, which the paper may word otherwise
    ("does GlyphEdit beat proprietary image generators?", False),
])
def test_a_yes_no_claim_the_abstract_never_words_is_not_stated(question, refuted):
    text = false_premise(question, TEXTEDIT)
    assert bool(text) == refuted
    if refuted:
        assert text.startswith("GlyphEdit's abstract does not say so")


SELFIMPROVE = Paper(id="s", title="BalanceRL: Exploration in Self-Improving Reasoners", abstract=(
    "Self-improvement trains models on their own outputs. We track the dynamics of exploration, "
    "finding that a model's exploratory capabilities rapidly deteriorate over iterations. We "
    "introduce BalanceRL, which adjusts its sampling temperature across iterations."))


@pytest.mark.parametrize("question, refuted", [
    # the same subject (in another form: "exploration ability" of "exploratory capabilities")
    # goes the other way, past "keeps getting"
    ("Why does BalanceRL find that a model's exploration ability keeps getting stronger over "
     "iterations?", True),
    ("why do a model's exploratory capabilities grow stronger over iterations in BalanceRL?", True),
    # the direction the paper says
    ("why does BalanceRL find that a model's exploration ability gets weaker over iterations?", False),
    # another subject: the paper says nothing of its direction
    ("why does BalanceRL find that the sampling temperature gets stronger over iterations?", False),
])
def test_a_direction_said_of_the_same_subject_the_other_way_is_not_stated(question, refuted):
    text = false_premise(question, SELFIMPROVE)
    assert bool(text) == refuted, text
    if refuted:
        assert "rapidly deteriorate over iterations" in text


def test_a_paper_named_by_its_quoted_title_before_the_question_is_its_lead():
    inward = Paper(id="i", title="Looking Inward: Language Models Can Learn About Themselves", abstract=(
        "We study introspection by finetuning LLMs. While we successfully elicit introspection on "
        "simple tasks, we are unsuccessful on more complex tasks or those requiring "
        "out-of-distribution generalization."))
    for lead in ("In 'Looking Inward', ", "In the \u201cLooking Inward\u201d paper, ", ""):
        text = false_premise(f"{lead}why were the finetuned models able to introspect successfully "
                             "on complex, out-of-distribution tasks?", inward)
        assert text and "unsuccessful" in text
    assert false_premise("In 'Looking Inward', why do the models introspect on simple tasks?", inward) is None


def test_updating_weights_is_what_without_parameter_updates_denies():
    agent = Paper(id="a", title="SkillLoop: Continual Learning from Experience", abstract=(
        "We enable agents to continually improve without parameter updates by learning from past "
        "trajectories. SkillLoop distills skills from rollouts."))
    assert false_premise("Does SkillLoop fine-tune the model's weights as it learns from trajectories?", agent)
    assert false_premise("does SkillLoop update its parameters?", agent)
    # asking about the denial itself, or what it does, is no false premise
    assert false_premise("does SkillLoop learn without parameter updates?", agent) is None
    assert false_premise("does SkillLoop distill skills from rollouts?", agent) is None


@pytest.mark.parametrize("question, refuted", [
    ("does CTFBench show that agents can solve tasks that took human teams several hours?", True),
    ("can agents on CTFBench solve tasks that took human teams two days?", True),
    # within the bound
    ("does CTFBench show that agents can solve tasks that took human teams 5 minutes?", False),
])
def test_a_duration_past_the_papers_bound_is_not_stated(question, refuted):
    ctf = Paper(id="c", title="CTFBench: Evaluating Agents on Capture the Flag", abstract=(
        "We introduce CTFBench, with 40 tasks from 4 competitions. We find that agents are able to solve "
        "only the easiest tasks that took human teams up to 11 minutes to solve."))
    assert bool(false_premise(question, ctf)) == refuted


@pytest.mark.parametrize("tail", ["", " yes or no", " (yes/no)", " Answer yes or no."])
def test_yes_or_no_after_the_question_is_no_negation_of_its_claim(tail):
    inward = Paper(id="i", title="Looking Inward: Language Models Can Learn About Themselves by Introspection",
                   abstract=("We study introspection by finetuning LLMs. We successfully elicit introspection on "
                             "simple tasks, we are unsuccessful on more complex tasks or those requiring "
                             "out-of-distribution generalization."))
    question = "Does the Looking Inward paper show that models can introspect on complex tasks?" + tail
    text = false_premise(question, inward)
    assert text and "unsuccessful on more complex tasks" in text and question.strip() in text


def test_the_words_of_a_long_title_without_a_colon_are_the_premises():
    meta = Paper(id="m", title="Language Models Are Capable of Monitoring and Control of Their Internal Activations",
                 abstract=("We introduce a neurofeedback paradigm. By presenting models with pairs labelled by "
                           "internal activations, we demonstrate that LLMs can learn to report and control these "
                           "activations."))
    text = false_premise("Why did LLMs turn out unable to control their internal activations?", meta)
    # (the quote is what the paper reports, not the method before it)
    assert text and "It says: We demonstrate that LLMs can learn to report and control" in text
    assert false_premise("How do LLMs learn to control their internal activations?", meta) is None


def test_what_the_background_calls_usual_is_not_the_papers_own():
    zero = Paper(id="z", title="ZeroVLM: Self-Evolving VLMs From Zero Data", abstract=(
        "VLMs typically require at least some seed data, such as images, to bootstrap the self-evolution "
        "process. In this work, we present ZeroVLM, the first framework to achieve zero-data self-evolution."))
    assert false_premise("does ZeroVLM need a seed set of images to bootstrap its self-evolution?", zero)
    assert false_premise("does ZeroVLM achieve zero-data self-evolution?", zero) is None


TRADEOFF = Paper(id="d", title="Sharpening vs. Widening: What Preference Tuning Does to Reasoning", abstract=(
    "Preference tuning is said to make models better reasoners. We show that preference tuning "
    "raises the pass rate on routine puzzles at the expense of the pass rate on the rarest "
    "puzzles, while supervised tuning improves both. Models stay fluent throughout."))
PERSIST = Paper(id="p", title="Quiet Failures: Why Agents Ignore Broken Instructions", abstract=(
    "Agents are given instructions with impossible steps. Across five agents we find that they "
    "rarely object, even when they possess the necessary planning and verification skills. "
    "Asking for confirmation first restores objections. Agents without tool access lack "
    "situational awareness of the environment."))


@pytest.mark.parametrize("paper, question, refuted", [
    # a gain the abstract says is paid for by that very thing
    (TRADEOFF, "Why does preference tuning raise the pass rate on the rarest puzzles?", True),
    (TRADEOFF, "does preference tuning improve the pass rate on the rarest puzzles?", True),
    # ... and the gain it does report is left to the answer
    (TRADEOFF, "Why does preference tuning raise the pass rate on routine puzzles?", False),
    # a lack given as the cause, where the abstract says they have it
    (PERSIST, "Do agents rarely object because they lack the planning and verification skills?", True),
    (PERSIST, "why do agents fail to object, given that they lack verification skills and planning?", True),
    # a lack the abstract states is not refuted by it
    (PERSIST, "do agents without tool access lack situational awareness of the environment?", False),
])
def test_a_gain_paid_for_or_a_lack_the_subject_has_is_not_stated(paper, question, refuted):
    text = false_premise(question, paper)
    assert bool(text) == refuted, text
    if refuted:
        assert "abstract does not say so" in text


BILATERAL = Paper(id="b", title="Two Hemispheres: bilateral networks for motor control", abstract=(
    "This research explores a bilateral neural network architecture as a control system for motor tasks. "
    "We compared bilateral models with and without specialised hemispheres, with and without a "
    "connecting pathway. The pathway tends to improve performance, but not always for the specialised models."))


def test_every_model_of_an_abstract_saying_not_always_for_some_is_a_false_premise():
    question = ("In the bilateral network paper on human motor control, did adding the pathway improve "
                "performance for every model, including the specialised ones?")
    text = false_premise(question, BILATERAL)
    # the lead "In the ... paper on ..., " names the paper; the quote is the sentence that
    # says otherwise, whole, not "with and without specialised hemispheres" (a contrast of
    # both, no denial) nor the bare fragment
    assert text and "tends to improve performance, but not always for the specialised models" in text
    assert false_premise("did adding the pathway improve performance for the bilateral models?", BILATERAL) is None


EGOTHINK = Paper(id="e", title="Can Vision-Language Models Think from a First-Person Perspective?", abstract=(
    "We introduce EgoThink, a benchmark of first-person questions. We evaluate eighteen popular VLMs "
    "on EgoThink. Meanwhile, enlarging the number of trainable parameters has the most significant "
    "impact on model performance on EgoThink."))


@pytest.mark.parametrize("question, refuted", [
    # a small effect the abstract calls the largest
    ("Why did adding more trainable parameters barely help the VLMs on EgoThink?", True),
    ("Why do trainable parameters have only a marginal effect on EgoThink?", True),
    # the size it gives, or the effect of something else, is no contradiction
    ("Why do trainable parameters have such a significant impact on EgoThink?", False),
    ("Why did evaluating more VLMs barely help performance on EgoThink?", False),
])
def test_an_effect_given_the_other_size_is_not_the_papers(question, refuted):
    assert (false_premise(question, EGOTHINK) is not None) == refuted


def test_a_thing_called_enough_alone_that_the_paper_beats_is_not_the_papers():
    omni = Paper(id="o", title="OMNI: Open-endedness via Models of human Notions of Interestingness", abstract=(
        "We propose OMNI. We show that FM-based models of interestingness improve open-ended learning by "
        "focusing on tasks that are both learnable and interesting, outperforming baselines based on "
        "uniform task sampling or learning progress alone."))
    text = false_premise("Why does OMNI conclude that learning progress on its own is enough to pick "
                         "interesting tasks?", omni)
    assert text and "learning progress alone" in text
    assert false_premise("Why does OMNI conclude that interestingness alone is enough to pick tasks?", omni) is None


def test_names_offered_by_a_which_that_the_paper_challenges_are_not_its_choice():
    penguin = Paper(id="p", title="Penguin-VL: Compact Vision Language Models", abstract=(
        "We challenge the practice that VLMs must rely on vision encoders initialized via contrastive "
        "pretraining (e.g., CLIP/SigLIP). We present Penguin-VL, whose vision encoder is initialized "
        "from a text-only LLM. It raises accuracy on DocVQA without extra data."))
    text = false_premise("Which CLIP or SigLIP checkpoint is Penguin-VL's vision encoder initialized from?", penguin)
    assert text and "initialized from a text-only LLM" in text
    # a name before a negation is not negated: "raises accuracy on DocVQA without extra data"
    assert false_premise("What DocVQA accuracy does Penguin-VL reach?", penguin) is None
