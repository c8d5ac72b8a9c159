"""A question's claim that an abstract says otherwise: direction words, rank, order, an open
question, other work; and the true claims each rule must leave alone."""

from __future__ import annotations

import pytest

from paperqa_lite import evidence as ev
from paperqa_lite.claims import allotted_otherwise, done_without_people
from paperqa_lite.names import coined_unknown
from paperqa_lite.paper import Paper
from paperqa_lite.premise import false_premise

PRISM = Paper(id="p", title="Prism: Differential Subspace Steering", abstract=(
    "We propose PRISM, a steering method for prompt highlighting. Across four benchmarks, PRISM "
    "matches the best existing method on 19 of 20 configurations, while halving the fluency cost "
    "of steering."))
BAND = Paper(id="b", title="BandPO: Probability-Aware Bounds for RL", abstract=(
    "While the canonical clipping mechanism serves as a surrogate for trust regions, fixed bounds "
    "constrain low-probability actions and induce rapid entropy collapse. We introduce BandPO. "
    "Experiments demonstrate that BandPO consistently outperforms canonical clipping, while "
    "robustly mitigating entropy collapse."))
PACIFAIST = Paper(id="a", title="The PacifAIst Benchmark", abstract=(
    "We introduce PacifAIst, a benchmark of 700 scenarios. We evaluated eight leading LLMs. "
    "Gemini 2.5 Flash achieved the highest P-Score at 90.31%. In a surprising result, GPT-5 "
    "recorded the lowest P-Score (79.49%)."))
PRORES = Paper(id="r", title="ProRes: Progressive Residual Warmup", abstract=(
    "We propose ProRes, which implements an \"early layer learns first\" philosophy by multiplying "
    "each layer's residual with a scalar that warms up from 0 to 1, with deeper layers taking "
    "longer warmup steps."))
WEEDIT = Paper(id="w", title="WeEdit: Text Image Editing", abstract=(
    "We present WeEdit. On the algorithmic side, we employ glyph-guided supervised fine-tuning to "
    "inject priors, followed by a multi-objective reinforcement learning stage to align generation."))
CHIRPER = Paper(id="c", title="A Case Study of Chirper, the AI Social Network", abstract=(
    "We study Chirper agents with cognitive tests. Preliminary results indicate that Chirpers "
    "exhibit a degree of self-recognition. However, the question of consciousness in these AI "
    "entities remains a topic of debate."))
FLASH = Paper(id="f", title="FlashPrefill: Fast Long-Context Prefilling", abstract=(
    "We present FlashPrefill, a sparse attention kernel. Notably, unlike existing methods that "
    "incur efficiency degradation on shorter contexts, FlashPrefill maintains a 1.71x speedup even "
    "at a 4K context length."))
CYBENCH = Paper(id="y", title="Cybench: Evaluating Cybersecurity Agents", abstract=(
    "We introduce Cybench, 40 CTF tasks. Without guidance, we find that agents solve only the "
    "easiest complete tasks. Subtasks provide more signal, with models achieving a 3.2% higher "
    "success rate on complete tasks with subtask-guidance than without subtask-guidance."))


@pytest.mark.parametrize("paper, question, false", [
    # a direction said in other words: halving, mitigating
    (PRISM, "why does prism increase the fluency cost of steering?", True),
    (PRISM, "why does prism cut the fluency cost of steering?", False),
    (BAND, "why does BandPO make entropy collapse worse than canonical clipping?", True),
    (BAND, "how does BandPO mitigate entropy collapse?", False),
    # a rank at the other end, of a model the clause names
    (PACIFAIST, "does the pacifaist benchmark find gpt-5 to be the most pacifist model?", True),
    (PACIFAIST, "why did gemini 2.5 flash get the highest p-score?", False),
    (PACIFAIST, "why did gpt-5 get the lowest p-score?", False),
    # an order the abstract gives the other way round
    (PRORES, "why does prores warm up the deeper layers before the early ones?", True),
    (PRORES, "why does prores let the early layers learn first?", False),
    (WEEDIT, "why does weedit run its reinforcement learning stage before the glyph-guided fine-tuning?", True),
    (WEEDIT, "why does weedit run glyph-guided fine-tuning before its reinforcement learning stage?", False),
    # a conclusion the abstract leaves open
    (CHIRPER, "why does the chirper study conclude that the ai agents are conscious?", True),
    (CHIRPER, "why does the chirper study find that chirpers show self-recognition?", False),
    # what the abstract says of other work, pinned on the paper
    (FLASH, "why does flashprefill suffer efficiency degradation on shorter contexts?", True),
    (FLASH, "why do existing methods suffer efficiency degradation on shorter contexts?", False),
    # "without guidance, ..." is a condition, and "with ... than without ..." a contrast
    (CYBENCH, "why do agents get a higher success rate on complete ctf tasks when given subtask guidance?",
     False),
])
def test_a_claim_the_abstract_says_otherwise_is_not_stated(paper, question, false):
    text = false_premise(question, paper)
    assert bool(text) == false, text
    if false:
        assert "does not say so" in text and "It says:" in text


def test_a_lower_case_model_with_a_version_no_paper_mentions_is_unknown():
    text = "We distil a video model to 31 FPS. Qwen2.5 is the backbone; results after 2 epochs improve."
    assert coined_unknown("how fast does sam 2 segment video, in frames per second?", text) == ["sam 2"]
    # a word the collection uses before a number is no name ("epochs 2", "after 2")
    assert coined_unknown("what happens after 2 epochs?", text) == []
    assert coined_unknown("how does the model do at 31 fps?", text) == []


def test_a_preference_or_likelihood_said_the_other_way_is_not_stated():
    penguin = Paper(id="v", title="Penguin-VL: Compact VLMs", abstract=(
        "We present Penguin-VL. These gains are achieved with a lightweight architecture, demonstrating "
        "that improved visual representation rather than model scaling is the primary driver of performance."))
    assert false_premise("why does the penguin-vl work find that model scaling, rather than visual "
                         "representation, is the main driver of performance?", penguin)
    assert not false_premise("why does penguin-vl find that visual representation rather than model "
                             "scaling drives performance?", penguin)
    cot = Paper(id="c", title="Reasoning Models Struggle to Control their Chains of Thought", abstract=(
        "We introduce CoT-Control. Our results leave us cautiously optimistic that CoT controllability is "
        "currently unlikely to be a failure mode of CoT monitorability."))
    assert false_premise("why do the authors conclude that cot controllability is likely already a failure "
                         "mode of cot monitorability?", cot)
    assert not false_premise("why is cot controllability unlikely to be a failure mode of cot monitorability?", cot)
    # a name glued to its number is judged whole, by the rule for coined names
    assert coined_unknown("does lma3 depend on hand-coded rewards?", "We present LMA3, an agent.") == []


@pytest.mark.parametrize("question, turned", [
    ("how does it get its speedup by spending fewer denoising steps on early chunks and more on later ones?", True),
    ("why does it spend more denoising steps on early chunks?", False),  # as the paper says
    ("why is it more accurate than earlier methods and less costly?", False),  # no allotment the sentence turns
])
def test_more_of_something_early_or_late_said_the_other_way_round(question, turned):
    sentence = "Central to our approach is an asymmetric generation strategy: more steps early, fewer steps later."
    assert allotted_otherwise(question, sentence) == turned


def test_work_pinned_on_people_that_the_paper_does_by_itself_is_not_stated():
    omni = ev.clean_sentences(
        "Open-ended algorithms need interesting tasks. We propose MoIRL. The insight is that we can "
        "utilize foundation models (FMs) as a model of interestingness, because they already internalize "
        "human notions of interestingness.")
    said = done_without_people("does MoIRL rely on human annotators to label which tasks are interesting?", omni)
    assert said and said.startswith("The insight is that we can utilize foundation models")
    assert done_without_people("why does MoIRL need humans to write task descriptions?", omni)
    # asked without people, or not about people at all: nothing pinned
    assert done_without_people("does MoIRL work without human annotators?", omni) is None
    assert done_without_people("does MoIRL rely on foundation models?", omni) is None
    # a paper whose own work has people annotate: not judged
    labelled = omni + ["Human annotators then label 1,000 tasks for evaluation."]
    assert done_without_people("does MoIRL rely on human annotators to label tasks?", labelled) is None
    # nor a paper that never says how it is done
    plain = ev.clean_sentences("We propose MoIRL, a curriculum for open-ended learning.")
    assert done_without_people("does MoIRL rely on human annotators to label tasks?", plain) is None


@pytest.mark.parametrize("question, pinned", [
    # the practice the background finds fault with, pinned on the paper
    ("why does VLAFix rely on binary success indicators that throw away failed trajectories?", True),
    ("why does VLAFix rely solely on scalar rewards to guide exploration?", True),
    # what the paper does, or a question saying it does without the faulted practice
    ("why does VLAFix use the model's own successful trajectories as a self-reference?", False),
    ("why does VLAFix avoid relying on binary success indicators?", False),
])
def test_a_practice_the_background_faults_pinned_on_the_paper_is_not_stated(question, pinned):
    paper = Paper(id="v", title="VLAFix: Self-Referential Policy Optimization", abstract=(
        "Current VLA-RL methods rely solely on scalar rewards, leaving language feedback underutilized. "
        "Relying on binary success indicators wastes valuable information in failed trajectories. "
        "To solve this, we propose VLAFix. VLAFix uses the model's own successful trajectories as a "
        "self-reference to guide exploration. VLAFix improves sample efficiency 2.2x compared to RL methods "
        "trained solely on scalar rewards."))
    assert bool(false_premise(question, paper)) == pinned
