"""What an abstract does not say: unworded premises, unnamed "which X", absent documents."""

from __future__ import annotations

import pytest

from paperqa_lite.notstated import absent_documents, name_in, not_reported, own_names
from paperqa_lite.unnamed import unnamed
from paperqa_lite.paper import Paper
from paperqa_lite.premise import false_premise

KNOWRL = Paper(id="k", title="KnowRL: Teaching Language Models to Know What They Know", abstract=(
    "Inspired by self-improvement techniques that require minimal data, we present KnowRL, a "
    "framework that strengthens a model's understanding of its own feasibility boundaries. By "
    "using internally generated data, this design avoids costly external supervision."))
PENGUIN = Paper(id="p", title="Penguin-VL: Compact Vision Language Models", abstract=(
    "We challenge the practice that VLMs must rely on vision encoders initialized via contrastive "
    "pretraining (e.g., CLIP/SigLIP). We present Penguin-VL, whose vision encoder is initialized "
    "from a text-only LLM. Penguin-VL is comparable to leading VLMs (e.g., Qwen3-VL)."))
EGOPLAN = Paper(id="e", title="EgoPlan-Bench: Benchmarking Multimodal LLMs for Planning", abstract=(
    "We introduce EgoPlan-Bench, a benchmark of egocentric planning. We further present EgoPlan-IT, "
    "a specialized instruction-tuning dataset that enhances model performance."))


@pytest.mark.parametrize("question, unworded", [
    # the premise's words are mostly not the abstract's: it does not state the premise
    ("why does KnowRL need so much human-labelled data?", True),
    # the name typed in lower case is still the subject, not a premise word
    ("why does knowrl need so much human-labelled data?", True),
    ("why does knowrl avoid costly external supervision?", False),
    # a premise the abstract words (here, in other forms) is left to the answer
    ("why does KnowRL avoid external supervision?", False),
    ("why does KnowRL use internally generated data?", False),
    # the question's frame is not its premise, and a word inside another is worded
    ("why did the authors of KnowRL choose internally generated data?", False),
    ("why does KnowRL help the model know its boundaries?", False),
    ("why does KnowRL skip supervision?", False),  # one word paraphrased is not a refutation
    # not a why-question: nothing to refute
    ("what data does KnowRL need?", False),
])
def test_a_why_premise_the_abstract_never_words_is_not_stated(question, unworded):
    text = false_premise(question, KNOWRL)
    assert bool(text) == unworded
    if unworded:
        assert text.startswith("KnowRL's abstract does not say so") and "It says:" in text


def test_which_x_named_only_as_a_kind_is_not_stated():
    text = unnamed("Which LLM is Penguin-VL's vision encoder initialized from?", PENGUIN)
    assert text and text.startswith("Penguin-VL's abstract does not say which")
    assert "a text-only LLM" in text
    # a name beside the noun answers it, before or after it in apposition
    assert unnamed("What instruction-tuning dataset is released alongside EgoPlan-Bench?", EGOPLAN) is None
    assert unnamed("Which VLMs is Penguin-VL compared with?", PENGUIN) is None
    # the name is in a sentence of the paper's own work, not beside the noun
    foo = Paper(id="f", title="FooRL: Small Models", abstract=(
        "Large models are costly. We present FooRL. We fine-tune Qwen2.5-7B with FooRL on math. "
        "The result is a compact model that beats a larger model."))
    assert unnamed("Which model does FooRL fine-tune?", foo) is None
    # a kind of thing without proper names: "a neurofeedback paradigm" is the answer
    meta = Paper(id="m", title="Language Models Are Capable of Metacognitive Monitoring", abstract=(
        "We introduce a neuroscience-inspired neurofeedback paradigm designed to quantify this."))
    assert unnamed("What paradigm does the metacognitive monitoring paper use?", meta) is None
    # the paper's own name spelled out beside it names no model it used; "made" asks a name
    bstar = Paper(id="b", title="B-STaR: Monitoring and Balancing Exploration", abstract=(
        "We introduce B-STaR, a Self-Taught Reasoning framework that adjusts configurations. Our "
        "experiments on mathematical reasoning show that B-STaR enhances the model's exploration."))
    assert unnamed("Which base LLM did the B-STaR experiments use for math reasoning?", bstar)
    consistency = Paper(id="c", title="Lost in Stories", abstract=(
        "Large Language Models (LLMs) write long stories. We present ConStory-Bench, a benchmark. "
        "Evaluating a range of LLMs, we find that consistency "
        "errors are most common in factual dimensions."))
    assert unnamed("Which LLM made the fewest consistency errors on ConStory-Bench?", consistency)
    # any irregular past asks the name ("came out on top"), and so does "which of the N models"
    assert unnamed("Which LLM came out on top on ConStory-Bench?", consistency)
    assert unnamed("Which of the evaluated LLMs outdid the others on ConStory-Bench?", consistency)
    oaks = Paper(id="o", title="Can Large Language Models Keep Up?", abstract=(
        "We introduce OAKS to evaluate online adaptation. Evaluating 14 models with varied "
        "inference approaches, we observe significant limitations."))
    assert unnamed("Which of the 14 models evaluated on OAKS came out on top?", oaks)
    assert unnamed("Which model came out on top on OAKS?", oaks)
    # a noun the abstract never uses is not decided here, nor is a question without "which X"
    assert unnamed("Which GPU was Penguin-VL trained on?", PENGUIN) is None
    assert unnamed("How is Penguin-VL's encoder initialized?", PENGUIN) is None


def test_documents_named_but_not_in_the_collection():
    papers = [PENGUIN, EGOPLAN, KNOWRL]
    assert absent_documents("what does the gemini 2.5 technical report say about long context?",
                            papers) == ["gemini 2.5"]
    assert absent_documents("What does the Mamba-3 paper propose?", papers) == ["Mamba-3"]
    # a document in the collection, by its title's words or its own name
    assert absent_documents("What does the Penguin-VL paper initialize from?", papers) == []
    assert absent_documents("In the EgoPlan-IT paper, what is released?", papers) == []
    # a name a paper introduces in its abstract
    cot = Paper(id="c", title="Reasoning Models Struggle to Control their Chains of Thought", abstract=(
        "To measure this, we introduce the CoT-Control evaluation suite. Gemini 2.5 is evaluated."))
    assert absent_documents("What does the CoT-Control study find?", [cot]) == []
    assert absent_documents("What does the Gemini 2.5 report say?", [cot]) == ["Gemini 2.5"]
    assert absent_documents("What does the original TravelPlanner paper report?", papers) == ["original TravelPlanner"]
    # a method or topic named without a version may be any paper about it
    assert absent_documents("What does the PPO paper find?", papers) == []
    assert absent_documents("What does the VLA benchmark paper find?", papers) == []
    assert absent_documents("What does the Sora technical report say?", papers) == ["Sora"]
    # a description is a search, not a name
    assert absent_documents("what does the egocentric planning paper find?", papers) == []
    assert absent_documents("what does the study of planning in the Qwen3-VL era say?", papers) == []


SRPO = Paper(id="s", title="SRPO: Self-Referential Policy Optimization", abstract=(
    "Starting from a supervised baseline with 48.9% success, SRPO achieves a success rate of "
    "99.2% in just 200 RL steps, a 4x gain over 2-turn baselines, with 1,000 demonstrations and "
    "a 7B model over two benchmarks."))


def test_a_number_the_paper_never_gives_for_the_asked_thing_is_misquoted():
    from paperqa_lite.notstated import misquoted
    text = misquoted("how did SRPO reach 99.2% on LIBERO in only 20 RL steps?", SRPO)
    assert text and text.startswith("SRPO's abstract does not say so") and "200 RL steps" in text
    assert misquoted("how did SRPO reach 99.2% on LIBERO in 200 RL steps?", SRPO) is None


def test_a_title_written_out_names_its_paper_in_question_order():
    from paperqa_lite.names import resolve_named
    dc = Paper(id="d", title="Dynamic Chunking Diffusion Transformer", abstract="We introduce a transformer.")
    conf = Paper(id="r", title="Confidence as a Reward: Transforming LLMs", abstract="We study confidence.")
    papers = [PENGUIN, dc, conf]
    assert resolve_named("Does the Dynamic Chunking Diffusion Transformer beat Penguin-VL?", papers) == [dc, PENGUIN]
    assert resolve_named("How do Penguin-VL and the Dynamic Chunking Diffusion Transformer differ?",
                         papers) == [PENGUIN, dc]
    # a title's words typed as ordinary words are a topic, not its name
    assert resolve_named("Which papers use confidence as a reward signal?", papers) == []


def test_both_sides_of_x_vs_y_are_names_even_when_typed_as_words():
    from paperqa_lite.names import resolve_named
    grade = Paper(id="g", title="GRADE: Benchmarking Reasoning in Image Editing", abstract="We introduce GRADE.")
    crew = Paper(id="c", title="Confidence as a Reward", abstract=(
        "We study Confidence-as-a-Reward. We introduce CRew-DPO, a training strategy."))
    papers = [KNOWRL, grade, crew]
    # "grade" and "crew" are English words: outside a two-sided question they name nothing
    assert resolve_named("which papers grade image edits?", papers) == []
    assert resolve_named("grade or knowrl: which has more tasks?", papers) == [grade, KNOWRL]
    assert resolve_named("knowrl vs crew - what signal does each reward?", papers) == [KNOWRL, crew]
    assert resolve_named("compare crew and knowrl", papers) == [crew, KNOWRL]
    assert resolve_named("which benchmark is bigger, grade or knowrl?", papers) == [grade, KNOWRL]
    # a title's head hyphenated into one word, capitals as the title writes them
    assert resolve_named("Confidence-as-a-Reward and KnowRL both skip labels", papers) == [crew, KNOWRL]
    assert resolve_named("is confidence-as-a-reward a good idea?", papers) == []


STEPNFT = Paper(id="n", title="pi-StepNFT: Step-wise Negative-aware Fine-Tuning", abstract=(
    "We propose pi-StepNFT, a critic-and-likelihood-free framework that requires only a single "
    "forward pass per optimization step and eliminates auxiliary value networks."))
SELFREWARD = Paper(id="r", title="SelfJudge: Self-Rewarding for Image Models", abstract=(
    "SelfJudge-Zero-7B uses the model's own understanding module as an internal evaluator, providing "
    "corrective signals, without requiring additional human-labeled data. We present SelfJudge, "
    "the first framework to achieve zero-data self-evolution for image reasoning."))
PACIFAIST = Paper(id="f", title="The PacifAIst Benchmark: Would an AI Sacrifice Itself?", abstract=(
    "We introduce PacifAIst. Gemini 2.5 Flash achieved the highest P-Score at 90.31%. The "
    "much-anticipated GPT-5 recorded the lowest P-Score (79.49%)."))


@pytest.mark.parametrize("paper, question, refuted", [
    # a yes/no or "how did" premise the paper says it does without, or says the opposite of
    (STEPNFT, "does pi-StepNFT train a critic or value network?", True),
    (STEPNFT, "does pi-StepNFT need a single forward pass per step?", False),
    (STEPNFT, "how does pi-StepNFT train its value network?", True),  # a compound it eliminates
    (STEPNFT, "which value network does pi-StepNFT use?", True),  # a "which" taking it as given
    (STEPNFT, "which optimizer does pi-StepNFT use?", False),
    (STEPNFT, "is pi-StepNFT critic-free?", False),  # asks about the denial itself
    (STEPNFT, "does pi-StepNFT beat critic-based methods?", False),  # the other side has the critic
    # "how much" of a thing taken as given; "zero-data" does without data, of any kind
    (SELFREWARD, "How much human-labeled preference data did SelfJudge collect?", True),
    (SELFREWARD, "Which seed image dataset does SelfJudge use to bootstrap its self-evolution?", True),
    (SELFREWARD, "How many benchmarks does SelfJudge-Zero-7B use?", False),  # a name's "Zero-" denies nothing
    (SELFREWARD, "Which benchmarks does SelfJudge use for zero-shot evaluation?", False),
    (PACIFAIST, "how did GPT-5 get the highest P-Score on PacifAIst?", True),
    (PACIFAIST, "how did Gemini 2.5 Flash get the highest P-Score on PacifAIst?", False),
])
def test_a_premise_the_paper_denies_is_not_stated(paper, question, refuted):
    text = false_premise(question, paper)
    assert bool(text) == refuted
    if refuted:
        assert "does not say so" in text and ("free" in text or "lowest" in text or "without" in text
                                              or "zero-data" in text)


def test_a_count_of_another_kind_of_the_asked_thing_does_not_report_it():
    gnn = Paper(id="g", title="ParetoGNN: Multi-task Self-supervised GNNs", abstract=(
        "ParetoGNN is self-supervised by manifold pretext tasks observing multiple philosophies. "
        "We conduct experiments over four downstream tasks on 11 widely adopted benchmark datasets."))
    text = not_reported("How many pretext tasks does ParetoGNN combine?", gnn)
    assert text and "does not report" in text
    # the kind counted, or a kind the paper never names, is answered
    assert not_reported("How many downstream tasks is ParetoGNN evaluated on?", gnn) is None
    assert not_reported("How many benchmark datasets does ParetoGNN use?", gnn) is None
    assert not_reported("How many evaluation tasks does ParetoGNN use?", gnn) is None


def test_names_a_paper_coins_with_small_words_or_beside_a_size():
    from paperqa_lite.names import NameIndex
    oaks = Paper(id="o", title="Can Large Language Models Keep Up?", abstract=(
        "We introduce Online Adaptation to Continual Knowledge Streams (OAKS) to evaluate this."))
    exe = Paper(id="e", title="Video-Based Reward Modeling for Computer-Use Agents", abstract=(
        "We introduce Execution Video Reward 53k (ExeVR-53k), a dataset of 53k videos."))
    assert [a for a, _ in NameIndex.aliases(oaks)] == ["OAKS", "Online Adaptation to Continual Knowledge Streams"]
    assert "53k" not in [a for a, _ in NameIndex.aliases(exe)]  # a size is not a name


CODEPERCEPT = Paper(id="c", title="CodePercept: Code-Grounded Visual Perception", abstract=(
    "We study what limits STEM visual reasoning. Through a scaling analysis that scales perception "
    "and reasoning components independently, we uncover a critical insight: scaling perception "
    "consistently outperforms scaling reasoning. We therefore build CodePercept."))
SPP = Paper(id="s", title="Unleashing Cognitive Synergy in LLMs", abstract=(
    "We propose Solo Performance Prompting (SPP), which simulates multiple personas. We have "
    "discovered that assigning multiple, fine-grained personas in LLMs elicits better "
    "problem-solving abilities compared to using a single or fixed number of personas."))


@pytest.mark.parametrize("paper, question, turned", [
    (CODEPERCEPT, "why does scaling reasoning beat scaling perception in codepercept?", True),
    (CODEPERCEPT, "why does scaling perception beat scaling reasoning in codepercept?", False),
    (CODEPERCEPT, "how does scaling reasoning outperform scaling perception?", True),
    # "helps X more than": the winner before the verb, the loser after "than"
    (CODEPERCEPT, "why does scaling reasoning help STEM visual reasoning more than scaling perception?", True),
    (CODEPERCEPT, "why does scaling perception help STEM visual reasoning more than scaling reasoning?", False),
    (SPP, "why does SPP work best with a single fixed persona?", True),
    (SPP, "why does SPP work best with multiple fine-grained personas?", False),
    (SPP, "why do multiple personas beat a single persona in SPP?", False),
    # a denied comparison states no winner
    (CODEPERCEPT, "why doesn't scaling reasoning outperform scaling perception?", False),
    (CODEPERCEPT, "why does scaling reasoning fail to beat scaling perception?", False),
    (CODEPERCEPT, "why is scaling reasoning no better than scaling perception?", False),
])
def test_a_comparison_asked_the_other_way_round_is_not_stated(paper, question, turned):
    text = false_premise(question, paper)
    assert bool(text) == turned
    if turned:
        assert "does not say so" in text and ("outperforms" in text or "compared to" in text)


def test_which_benchmarks_of_a_wide_range_of_benchmarks_is_not_stated():
    ppr = Paper(id="r", title="Hybrid Reward Normalization for Process-supervised RL", abstract=(
        "We propose PPR, a process reward. PPR achieves state-of-the-art performance across a wide "
        "range of benchmarks, demonstrating its robustness."))
    text = unnamed("which benchmarks does ppr get state of the art on?", ppr)
    assert text and "does not say which" in text and "a wide range of benchmarks" in text
    named = Paper(id="n", title="N", abstract=(
        "We propose PPR. PPR achieves state-of-the-art results across a range of benchmarks, MATH500 and AIME."))
    assert unnamed("which benchmarks does ppr get state of the art on?", named) is None


CYBENCH = Paper(id="y", title="Cybench: Evaluating Cybersecurity Agents", abstract=(
    "We introduce Cybench, a framework of 40 tasks. Finally, subtasks provide more signal for "
    "measuring performance compared to unguided runs, with models achieving a 3.2% higher success "
    "rate on complete tasks with subtask-guidance than without subtask-guidance. Fine-tuning "
    "improves accuracy by 23.5 percentage points."))


@pytest.mark.parametrize("question, reported", [
    # a change of the asked measure is not its value
    ("what success rate do cybench agents reach with subtask guidance?", False),
    ("what accuracy does cybench fine-tuning reach?", False),
    # asked as a change, the change answers
    ("how much higher is the success rate of cybench agents with subtask guidance?", True),
    ("by how much does fine-tuning improve accuracy on cybench?", True),
    # "a framework of 40 tasks" is a value, not a change
    ("how many tasks are in cybench?", True),
])
def test_a_change_of_the_asked_measure_is_not_its_value(question, reported):
    text = not_reported(question, CYBENCH)
    assert (text is None) == reported
    if not reported:
        assert "does not report this" in text and ("higher" in text or "by 23.5" in text)


def test_passive_and_mixed_comparisons():
    passive = Paper(id="p", title="P: x", abstract=(
        "We propose P. Scaling reasoning is consistently outperformed by scaling perception."))
    assert false_premise("Why does scaling perception outperform scaling reasoning?", passive) is None
    assert false_premise("Why does scaling reasoning outperform scaling perception?", passive)
    mixed = Paper(id="m", title="M: x", abstract=(
        "We compare models. On math problems, GPT-4o outperforms Claude 3.5 by 6 points. On coding "
        "problems, however, Claude 3.5 outperforms GPT-4o by 4 points."))
    assert false_premise("Why does GPT-4o outperform Claude 3.5 on math problems?", mixed) is None


def test_a_range_of_benchmarks_named_later_in_the_sentence_is_named():
    for tail in ("benchmarks such as MATH500 and AIME.", "benchmarks spanning math (MATH500, AIME)."):
        ppr = Paper(id="r", title="PPR: x", abstract=(
            f"We propose PPR, a process reward. PPR achieves state-of-the-art performance across a wide range of {tail}"))
        assert unnamed("which benchmarks does ppr get state of the art on?", ppr) is None


def test_only_two_names_make_a_two_sided_question():
    from paperqa_lite.names import resolve_named
    grade = Paper(id="g", title="GRADE: Benchmarking Reasoning in Image Editing", abstract="We introduce GRADE.")
    assert resolve_named("grade or rank: which metric is better?", [KNOWRL, grade]) == []


def test_a_change_asked_in_other_words_is_answered_by_a_change():
    assert not_reported("how much does fine-tuning change accuracy in cybench?", CYBENCH) is None
    assert not_reported("how much does subtask guidance lift the success rate of cybench agents?", CYBENCH) is None


def test_a_count_of_things_is_no_amount_of_change():
    hidden = Paper(id="h", title="Hidden in Plain Sight: Probing Implicit Reasoning", abstract=(
        "Using a curated diagnostic suite spanning four categories of failure modes, we evaluate six "
        "MLLMs and find that models frequently fail to surface hidden issues."))
    text = not_reported("how much did fine-tuning the MLLMs on the suite improve their ability?", hidden)
    assert text and "does not report this" in text
    gained = Paper(id="g", title="G", abstract=hidden.abstract + " Fine-tuning improves it by 12 points.")
    assert not_reported("how much did fine-tuning the MLLMs on the suite improve their ability?", gained) is None


def test_a_benchmark_typed_in_lower_case_qualifies_the_asked_number():
    srpo = Paper(id="s", title="SRPO: Self-Referential Policy Optimization", abstract=(
        "SRPO achieves a new state-of-the-art success rate of 99.2% on LIBERO. Furthermore, SRPO "
        "shows substantial robustness, achieving a 167% performance improvement on the LIBERO-Plus benchmark."))
    text = not_reported("what success rate does srpo reach on libero-plus?", srpo)
    assert text and "167%" in text
    assert not_reported("what success rate does srpo reach on libero?", srpo) is None


def test_underperforming_is_losing():
    prm = Paper(id="q", title="Is PRM Necessary?", abstract=(
        "We propose Self-PRM. In particular, current PRMs underperform simple baselines like majority "
        "voting when applied to models such as DeepSeek-R1 and QwQ-32B."))
    assert false_premise("is it true that current prms beat majority voting on deepseek-r1?", prm)
    assert false_premise("why does majority voting beat current prms?", prm) is None


INTROSPECT = Paper(id="i", title="Looking Inward: Language Models Learn About Themselves", abstract=(
    "We study introspection in LLMs. While we successfully elicit introspection on simple tasks, we "
    "are unsuccessful on more complex tasks or those requiring out-of-distribution generalization. "
    "We show that RLVR does not improve capability on hard questions."))


OAKS = Paper(id="o", title="Can Large Language Models Keep Up? Continual Knowledge Streams", abstract=(
    "We introduce OAKS, a benchmark for online adaptation. Dense annotations measure whether models "
    "track changes accurately. Both state-of-the-art models and agentic memory systems fail to adapt "
    "robustly on OAKS, demonstrating delays in state-tracking."))


@pytest.mark.parametrize("paper, question, refuted", [
    # a claim the abstract negates ("does not improve", "unsuccessful on"), two of the
    # question's words within the negation's reach
    (INTROSPECT, "does the paper show introspection also works on complex out-of-distribution tasks?", True),
    (INTROSPECT, "why does RLVR end up improving capability on hard questions?", True),
    (PENGUIN, "is penguin-vl's vision encoder initialized from contrastive pretraining like siglip?", True),
    # ... or the negated claim's subject before the negation, and one word after it
    (OAKS, "does OAKS show that agentic memory systems keep up robustly with knowledge streams?", True),
    (OAKS, "does OAKS show that agentic memory systems track changes accurately?", False),
    # what the abstract affirms, and a question asking about the negation itself
    (INTROSPECT, "does the paper elicit introspection on simple tasks?", False),
    (INTROSPECT, "why does RLVR not improve capability on hard questions?", False),
    (PENGUIN, "why do the authors challenge the practice of contrastive encoders?", False),
])
def test_a_claim_the_abstract_negates_is_not_stated(paper, question, refuted):
    text = false_premise(question, paper)
    assert bool(text) == refuted
    if refuted:
        assert "does not say so" in text


@pytest.mark.parametrize("abstract, stated", [
    # "what gain" is answered by an improvement; "what model sizes" by parameter counts
    ("On GPQA-Diamond it shows 2.08% and 3.99% improvements over the GRPO baseline.", True),
    ("We pretrain 135M, 1B and 7B models with it.", True),
    # no number gives a size: "various model scales" names none
    ("We show its effectiveness in pretraining across various model scales.", False),
])
def test_a_measure_named_another_way_or_by_its_unit_is_stated(abstract, stated):
    paper = Paper(id="t", title="ThinkRes: Residual Warmup", abstract=abstract)
    question = ("what gain does thinkres get over grpo on gpqa-diamond?" if "GPQA" in abstract
                else "what model sizes did they pretrain with thinkres?")
    assert (not_reported(question, paper) is None) == stated


METACOG = Paper(id="m", title="Language Models Are Capable of Metacognitive Monitoring", abstract=(
    "We introduce a neurofeedback paradigm. These results reveal a metacognitive space with "
    "dimensionality much lower than the model's neural space, suggesting LLMs can monitor only a "
    "subset of their neural mechanisms."))
URLVR = Paper(id="u", title="How Far Can Unsupervised RLVR Scale LLM Training?", abstract=(
    "Through systematic experiments, we show intrinsic rewards consistently follow a rise-then-fall "
    "pattern across methods, with collapse timing determined by model prior. We find intrinsic "
    "rewards remain valuable in test-time training on small datasets."))
RECALL = Paper(id="r", title="Thinking to Recall: How Reasoning Unlocks Parametric Knowledge", abstract=(
    "Reasoning expands the model's parametric knowledge recall. Importantly, this generative "
    "self-retrieval mechanism carries inherent risks: we demonstrate that hallucinating intermediate "
    "facts during reasoning increases the likelihood of hallucinations in the final answer. Prioritizing "
    "hallucination-free trajectories improves model accuracy."))


WEBARENA = Paper(id="w", title="WebArena: A Realistic Web Environment", abstract=(
    "We focus on agents that perform tasks on websites. Solving complex tasks is challenging: our best "
    "GPT-4-based agent only achieves an end-to-end task success rate of 10.59%."))
LMA3 = Paper(id="a", title="Augmenting Autotelic Agents with Large Language Models", abstract=(
    "We present LMA3, which uses a language model to invent goals. Without relying on any hand-coded goal "
    "representations, reward functions or curriculum, LMA3 agents learn a large diversity of skills."))
SIMPLETOM = Paper(id="t", title="SimpleToM: Explicit ToM Inference and Implicit ToM Application", abstract=(
    "Our results are intriguing: While most models can reliably predict mental state on our dataset, "
    "they often fail to correctly predict the behavior."))
BSTAR = Paper(id="b", title="B-STaR: Balancing Exploration and Exploitation", abstract=(
    "We track the dynamics of exploration, discovering that a model's exploratory capabilities rapidly "
    "deteriorate over iterations."))
INDEXCACHE = Paper(id="x", title="IndexCache: Reusing Indexers Across Layers", abstract=(
    "We present IndexCache, which partitions layers into a small set of Full layers that run their own "
    "indexers and a majority of Shared layers that reuse the nearest Full layer's indices."))


@pytest.mark.parametrize("paper, question, refuted", [
    # a capability the paper affirms, asked as a failure
    (SIMPLETOM, "why does SimpleToM find that models fail to infer mental states?", True),
    (SIMPLETOM, "why do models in SimpleToM fail to predict the behavior?", False),
    # a trend getting better, of "exploratory capabilities rapidly deteriorate"
    (BSTAR, "why does exploration keep getting better over the iterations?", True),
    # "every layer" of "a small set of Full layers"
    (INDEXCACHE, "Why does IndexCache run its own indexer at every layer?", True),
    (INDEXCACHE, "Why does IndexCache reuse indexers across layers?", False),
    # "most of the tasks" of "only achieves a task success rate of 10.59%"
    (WEBARENA, "why do gpt-4 agents manage to complete most of the webarena tasks?", True),
    (WEBARENA, "why do gpt-4 agents fail on most webarena tasks?", False),
    # "without relying on any hand-coded goal representations"
    (LMA3, "does lma3 depend on hand-coded reward functions to learn its goals?", True),
    (LMA3, "does lma3 use a language model to invent goals?", False),
    # a whole the paper reaches only in part
    (METACOG, "does the paper show llms can monitor all of their neural mechanisms?", True),
    (METACOG, "does the paper show llms can monitor a subset of their neural mechanisms?", False),
    # a lasting trend the paper says turns
    (URLVR, "why do intrinsic rewards keep improving steadily as training goes on?", True),
    (URLVR, "why do intrinsic rewards stay valuable in test-time training?", False),
    # a benefit the paper says raises a harm of the same thing
    (RECALL, "does it find that hallucinating intermediate facts makes the final answer more reliable?", True),
    (RECALL, "does prioritizing hallucination-free trajectories improve model accuracy?", False),
])
def test_a_whole_a_lasting_trend_or_a_benefit_the_paper_contradicts_is_not_stated(paper, question, refuted):
    text = false_premise(question, paper)
    assert bool(text) == refuted
    if refuted:
        assert "does not say so" in text


def test_the_score_of_a_model_the_abstract_names_without_one_is_not_reported():
    pacifaist = Paper(id="f", title="The PacifAIst Benchmark", abstract=(
        "We introduce PacifAIst. Gemini 2.5 Flash achieved the highest P-Score at 90.31%. "
        "Performance varied, with models like Claude Sonnet 4 struggling in self-preservation dilemmas."))
    text = not_reported("What P-Score did Claude Sonnet 4 get on PacifAIst?", pacifaist)
    assert text and "does not report" in text and "Claude Sonnet 4" in text.split("It reports")[1]
    assert not_reported("what P-Score did Gemini 2.5 Flash get?", pacifaist) is None
    srum = Paper(id="s", title="SRUM: Self-Rewarding for Unified Models", abstract=(
        "SRUM generalizes, boosting performance on T2I-ReasonBench from 43.82 to 46.75."))
    # a bare "score" is any number the benchmark reports, when the question names one the
    # abstract gives numbers for; otherwise a score must be said
    assert not_reported("what scores does srum get on T2I-ReasonBench before and after training?", srum) is None
    basalt = Paper(id="b", title="The MineRL BASALT Competition", abstract=(
        "We design a suite of four tasks in Minecraft. Teams compete to solve them."))
    assert not_reported("what score did the winning team get in the minerl basalt competition?", basalt)
    # the paper's name typed as a word is no measure ("score's gains" asks SCoRe's gains)
    score = Paper(id="c", title="Training Language Models to Self-Correct via RL", abstract=(
        "We develop a multi-turn online reinforcement learning approach, SCoRe, that improves the base "
        "models' self-correction by 15.6% and 9.1% respectively on MATH and HumanEval."))
    assert "SCoRe" in own_names(score)
    assert not_reported("how big were score's self-correction gains on math and humaneval?", score) is None
    loger = Paper(id="l", title="LoGeR: Long-Context Reconstruction", abstract=(
        "LoGeR outperforms prior methods, reducing ATE on KITTI by over 74%."))
    assert not_reported("what is loger's absolute trajectory error on kitti?", loger)


def test_a_count_under_another_name_for_the_same_things_is_stated():
    cybench = Paper(id="y", title="Cybench: Evaluating Cybersecurity Agents", abstract=(
        "We introduce Cybench, which includes 40 professional-level Capture the Flag (CTF) tasks. "
        "We add subtasks for 17 of the 40 tasks."))
    assert not_reported("how many ctf challenges are in cybench?", cybench) is None
    # a count of other things is still no count of the asked ones
    assert not_reported("how many teams solved cybench?", cybench)


def test_which_base_model_an_abstract_never_names_is_not_stated():
    mmzero = Paper(id="m", title="MM-Zero: Self-Evolving VLMs", abstract=(
        "Self-evolving has emerged as a paradigm for improving foundation models such as LLMs. We "
        "introduce MM-Zero, with three roles. All three roles are initialized from the same base model."))
    assert unnamed("which base model are MM-Zero's three roles initialized from?", mmzero)
    remix = Paper(id="r", title="ReMix: Reinforcement routing for mixtures of LoRAs in LLM finetuning", abstract=(
        "Low-rank adapters (LoRAs) are a finetuning technique. Mixture-of-LoRAs models route each input to "
        "a subset of LoRAs. We propose ReMix, trained with the reinforce leave-one-out (RLOO) technique."))
    assert unnamed("which base llm did the remix paper finetune?", remix)
    # an abstract naming a model of its own answers, whatever noun it uses
    named = Paper(id="n", title="FooRL", abstract="We present FooRL. We fine-tune Qwen2.5-7B with FooRL on math.")
    assert unnamed("which base llm does foorl finetune?", named) is None


def test_a_metric_typed_in_lower_case_is_a_measure():
    evatok = Paper(id="e", title="EVATok: Adaptive Video Tokenization", abstract=(
        "EVATok achieves state-of-the-art class-to-video generation on UCF-101, with at least 24.4% "
        "savings in average token usage."))
    assert not_reported("what fvd does evatok get on ucf-101?", evatok)
    assert not_reported("what token savings does evatok get on ucf-101?", evatok) is None


def test_where_a_value_went_from_and_to_on_a_named_benchmark_is_stated():
    srum = Paper(id="s", title="SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models", abstract=(
        "We propose SRUM, boosting performance on T2I-CompBench from 82.18 to 88.37 and on "
        "T2I-ReasonBench from 43.82 to 46.75."))
    assert not_reported("what did t2i-compbench go from and to?", srum) is None
    golf = Paper(id="g", title="GOLF: Group-Level Feedback", abstract=(
        "Current RL algorithms rely solely on scalar rewards. We propose GOLF. Code: "
        "https://github.com/LuckyyySTA/GOLF."))
    assert unnamed("what backbone llm does golf use?", golf)  # a link names no model


def test_the_score_of_a_model_typed_in_lower_case_is_judged_like_its_name():
    pacifaist = Paper(id="p", title="The PacifAIst Benchmark", abstract=(
        "We introduce PacifAIst. Gemini 2.5 Flash achieved the highest P-Score at 90.31%. GPT-5 recorded "
        "the lowest P-Score (79.49%). Models like Claude Sonnet 4 struggled in self-preservation dilemmas."))
    assert not_reported("what p-score did claude sonnet 4 get on pacifaist?", pacifaist)
    assert not_reported("what p-score did gpt-5 get on pacifaist?", pacifaist) is None


def test_which_x_spoken_of_only_as_a_kind_or_in_plural_is_not_stated():
    pipa = Paper(id="q", title="PIPA: A Unified Evaluation Protocol for Planning Agents", abstract=(
        "Large language models (LLMs) are increasingly deployed as planning agents. We propose PIPA, "
        "a unified evaluation protocol within a partially observable Markov decision process (POMDP). "
        "Experiments show agents fail in "
        "distinct ways."))
    # "LLMs" (the plural the stemmer leaves alone), a defined term and "agents" name no model
    text = unnamed("which llms did the pipa protocol evaluate?", pipa)
    assert text and text.startswith("PIPA's abstract does not say which")
    # a past-tense verb after the noun asks the same ("which agent scored best")
    assert unnamed("which agent scored best on pipa?", pipa)
    named = Paper(id="n", title="PIPA: A Unified Evaluation Protocol for Planning Agents", abstract=(
        "We propose PIPA, a unified evaluation protocol. We evaluate LLMs such as GPT-4o and "
        "Llama-3 as planning agents."))
    assert unnamed("which llms did the pipa protocol evaluate?", named) is None


def test_a_name_after_the_noun_as_an_example_or_in_another_script_answers():
    prm = Paper(id="r", title="Is PRM Necessary?", abstract=(
        "Current PRMs underperform simple baselines like majority voting when applied to "
        "state-of-the-art models such as DeepSeek-R1 and QwQ-32B."))
    assert unnamed("on which models do current PRMs underperform majority voting?", prm) is None
    robo = Paper(id="m", title="RoboMME: A Benchmark for Memory in VLA Models", abstract=(
        "We introduce RoboMME, a benchmark. We develop 14 memory-augmented VLA variants built on "
        "the π0.5 backbone."))
    assert unnamed("what backbone are RoboMME's memory-augmented variants built on?", robo) is None


def test_the_longer_name_a_paper_coins_around_its_acronym_names_it():
    paper = Paper(id="c", title="Reasoning Models Struggle to Control their Chains of Thought", abstract=(
        "Chain-of-thought (CoT) monitoring is a promising tool. To measure CoT controllability, "
        "we introduce the CoT-Control evaluation suite. CoT controllability decreases with RL."))
    assert name_in("Why does CoT controllability rise in the CoT-Control study?", paper) == "CoT-Control"
    # the acronym alone is the name the question writes when it lacks the longer one
    assert name_in("Why does CoT controllability rise with RL training?", paper) == "CoT"


def test_which_kind_behind_an_adverb_or_as_an_acronym_plural_is_not_stated():
    ppr = Paper(id="r", title="Hybrid Reward Normalization", abstract=(
        "We introduce Principle Process Reward (PPR), an RL approach. PPR achieves state-of-the-art "
        "performance across a wide range of benchmarks."))
    text = unnamed("Which benchmarks exactly was PPR evaluated on?", ppr)
    # the clause it quotes is what the paper says of the asked kind
    assert text and "does not say which" in text and "a wide range of benchmarks" in text
    apps = Paper(id="m", title="MiniAppBench: Interactive HTML Responses", abstract=(
        "With the rapid advancement of Large Language Models (LLMs), interaction evolves. We introduce "
        "MiniAppBench, a benchmark of 500 tasks. Our experiments reveal that current LLMs still face "
        "significant challenges."))
    text = unnamed("which llm did best on miniappbench?", apps)
    assert text and "does not say which" in text and "Current LLMs still face" in text
    named = Paper(id="n", title="N", abstract=(
        "We introduce MiniAppBench. Of the LLMs we test, GPT-5 does best, while current LLMs struggle."))
    assert unnamed("which llm did best on miniappbench?", named) is None


KMEANS = Paper(id="k", title="Flash-KMeans: Fast and Memory-Efficient Exact K-Means", abstract=(
    "We propose flash-kmeans, an IO-aware k-means implementation that gives clustering on GPUs up "
    "to 17.9x end-to-end speedups over best baselines."))


@pytest.mark.parametrize("paper, question, refuted", [
    # the opposite of a property the title or abstract claims, which the paper never words
    (KMEANS, "why does flash-kmeans give up exactness and approximate the clustering?", True),
    (KMEANS, "is flash-kmeans a lossy method?", False),  # lossless is not claimed
    (KMEANS, "does flash-kmeans beat approximate k-means libraries?", False),  # of others
    (Paper(id="a", title="Exact and Approximate K-Means", abstract="We study exact and approximate k-means."),
     "why does it approximate the clustering?", False),  # the paper words both sides
])
def test_the_opposite_of_a_claimed_property_is_not_stated(paper, question, refuted):
    text = false_premise(question, paper)
    assert bool(text) == refuted
    if refuted:
        assert "does not say so" in text and "Its title says" in text and "Exact K-Means" in text


def test_an_opposite_the_background_says_of_others_leaves_the_papers_own_claim():
    dvd = Paper(id="d", title="DVD: Deterministic Video Depth Estimation", abstract=(
        "Existing video depth estimation faces a trade-off: generative models suffer from stochastic "
        "hallucinations. We present DVD, the first framework to deterministically adapt video diffusion "
        "models into single-pass depth regressors."))
    text = false_premise("Why are the video depth regressors of DVD stochastic?", dvd)
    assert text and "does not say so" in text and "deterministically" in text
    assert false_premise("Why does DVD adapt video diffusion models with many passes?", dvd)  # single-pass
    both = Paper(id="b", title="B", abstract=dvd.abstract + " We add a stochastic refinement step.")
    assert false_premise("Why is DVD's refinement stochastic?", both) is None


ROUTER = Paper(id="m", title="Reinforcement Routing for Mixture-of-LoRAs", abstract=(
    "We observe that the routing weights of existing routers are typically extremely imbalanced across "
    "LoRAs. We find that consistency errors tend to appear around the middle of the generated stories."))


@pytest.mark.parametrize("question, refuted", [
    # a distribution and a position said the other way round
    ("does the routing paper find that routers already spread their weight evenly across the loras?", True),
    ("why do consistency errors pile up toward the end of the stories?", True),
    ("does it find that consistency errors appear around the middle of the stories?", False),
])
def test_an_even_spread_or_a_position_the_paper_contradicts_is_not_stated(question, refuted):
    text = false_premise(question, ROUTER)
    assert bool(text) == refuted
    if refuted:
        assert "does not say so" in text


def test_a_count_of_a_part_is_not_the_count_of_the_whole():
    paper = Paper(id="p", title="The PacifAIst Benchmark", abstract=(
        "We introduce PacifAIst, a focused benchmark of 700 challenging scenarios. It is structured "
        "around subcategories: Self-Preservation (EP1), Resource Conflict (EP2) and Goal Preservation (EP3)."))
    text = not_reported("how many of pacifaist's scenarios fall in the resource conflict (EP2) subcategory?", paper)
    assert text and "does not report" in text and "700 challenging scenarios" in text
    # the whole's count answers a count of the whole, however it is named
    assert not_reported("how many scenarios are in pacifaist?", paper) is None
    assert not_reported("how many scenarios are in the benchmark?", paper) is None
    assert not_reported("how many scenarios are in the benchmark about self-preservation?", paper) is None
    assert not_reported("how many scenarios are in pacifaist, and which model scored highest?", paper) is None
    split = Paper(id="s", title="S", abstract="We release S. Of its 700 scenarios, 210 fall in Resource Conflict.")
    assert not_reported("how many scenarios fall in the resource conflict subcategory?", split) is None


BILATERAL = Paper(id="b", title="Left/Right Brain, human motor control and the implications for robotics", abstract=(
    "This research explores a bilateral neural network architecture for motor tasks. The models were "
    "tested on two tasks. For both tasks, a bilateral model outperforms the 'non-preferred' hand, and is "
    "as good or better than the 'preferred' hand."))


@pytest.mark.parametrize("question, refuted", [
    # "worse than" against "outperforms", after a lead naming the paper
    ("In the left/right brain motor control paper, does the bilateral model do worse than the "
     "non-preferred hand on both tasks?", True),
    ("does the bilateral model do worse than the non-preferred hand on both tasks?", True),
    ("In the left/right brain paper, does the bilateral model beat the non-preferred hand?", False),
])
def test_worse_than_what_the_paper_says_it_outperforms_is_not_stated(question, refuted):
    text = false_premise(question, BILATERAL)
    assert bool(text) == refuted
    if refuted:
        assert f'("{question}")' in text and "outperforms the 'non-preferred' hand" in text


def test_which_model_scores_best_of_an_abstract_naming_none_is_not_stated():
    bench = Paper(id="b", title="MillionBench: How Far are Agents from Experts?", abstract=(
        "As language models (LMs) become agents, benchmarks lag. We introduce MillionBench, a benchmark "
        "of 400 expert-curated tasks. A rubric scores factual accuracy and coherence."))
    text = unnamed("MillionBench — which model scores best?", bench)
    assert text and "does not say which" in text
    named = Paper(id="n", title="N", abstract="We introduce MillionBench. GPT-5 scores best, at 41%.")
    assert unnamed("MillionBench — which model scores best?", named) is None


@pytest.mark.parametrize("abstract, stated", [
    # the question's "text-mode" figure, where the abstract gives the image-mode one
    ("We propose self-distillation, raising image-mode accuracy on GSM8K from 30.71% to 92.72%.", False),
    ("We propose self-distillation, raising text-mode accuracy on GSM8K to 95.1%.", True),
    # a clause with no rival compound is not ruled out
    ("Models read text mode best. We propose self-distillation, reaching 95.1% accuracy on GSM8K.", True),
])
def test_a_figure_for_a_rival_compound_is_not_the_asked_one(abstract, stated):
    paper = Paper(id="r", title="Reading, Not Thinking", abstract=abstract)
    text = not_reported("what text-mode GSM8K accuracy does the model get after self-distillation?", paper)
    assert (text is None) == stated
    if not stated:
        assert "does not report this" in text and "image-mode" in text


def test_a_size_comparison_the_paper_contradicts_is_not_stated():
    paper = Paper(id="t", title="ThinkTuning: Reflections without Distillation", abstract=(
        "We propose ThinkTuning, where a teacher guides a student. We find that feedback from a teacher "
        "model of the same size improves the reasoning of the student model."))
    text = false_premise("why does thinktuning need a teacher model much larger than the student?", paper)
    assert text and "does not say so" in text and "same size" in text
    assert false_premise("does thinktuning use a teacher model of the same size as the student?", paper) is None


def test_neither_nor_and_low_against_high_contradict_the_premise():
    rl = Paper(id="r", title="Reinforcement Learning vs. Distillation: Accuracy and Capability", abstract=(
        "We study RLVR. We show these responses are neither noticeably longer nor feature more "
        "reflection-related keywords."))
    text = false_premise("does the paper find that RLVR's responses are noticeably longer and use more "
                         "reflection keywords?", rl)
    assert text and "neither noticeably longer" in text
    # a long title without a colon describes the paper: its words ("Problem-Solving") are
    # not names to leave out of the premise
    prm = Paper(id="p", title="Is PRM Necessary? Problem-Solving RL Implicitly Induces PRM Capability in LLMs",
                abstract=("We introduce Self-PRM. Although Self-PRM improves accuracy, analysis exposes challenges: "
                          "the approach exhibits low precision (<10%) on difficult problems."))
    text = false_premise("Why does Self-PRM get such high precision on the hardest problems?", prm)
    assert text and "low precision" in text and "analysis exposes" not in text
    assert false_premise("Why does Self-PRM get low precision on difficult problems?", prm) is None


def test_a_count_per_unit_or_a_variant_metric_the_abstract_does_not_give_is_not_stated():
    remix = Paper(id="m", title="Reinforcement Routing for Mixture-of-LoRAs", abstract=(
        "Mixture-of-LoRAs models route each layer input to a small subset of LoRAs. We observe that only "
        "one or two LoRAs often dominate the routing weights."))
    text = not_reported("how many LoRAs per layer does the router activate?", remix)
    assert text and "does not report this" in text
    per = Paper(id="p", title="P", abstract="The router activates two LoRAs per layer.")
    assert not_reported("how many LoRAs per layer does the router activate?", per) is None
    # "per the paper" says whose figure it is, not a unit
    knowrl = Paper(id="k", title="KnowRL", abstract="Even the best LLMs misjudge their own competence in more "
                   "than one in five cases.")
    assert not_reported("how often do the best LLMs misjudge their competence, per the paper?", knowrl) is None
    eva = Paper(id="e", title="EVATok: Adaptive Video Tokenization", abstract=(
        "EVATok achieves state-of-the-art class-to-video generation on UCF-101, with at least 24.4% savings "
        "in average token usage."))
    assert not_reported("What gFVD does EVATok reach on UCF-101 class-to-video generation?", eva)
    stated = Paper(id="s", title="S", abstract="EVATok reaches a gFVD of 48 on UCF-101.")
    assert not_reported("What gFVD does EVATok reach on UCF-101?", stated) is None


def test_each_part_of_a_two_part_quantity_question_is_judged_on_its_own():
    recon = Paper(id="l", title="LongRecon: Long-Context Reconstruction", abstract=(
        "We present LongRecon, a hybrid memory architecture. It is trained on sequences of 96 frames. "
        "LongRecon outperforms prior methods, reducing ATE on KITTI by over 60%."))
    # "KITTI" qualifies the second part; the first is a count of frames the abstract gives
    assert not_reported("LongRecon: how many frames is it trained on, and by how much does it "
                        "reduce ATE on KITTI?", recon) is None
    # neither part given: not reported
    assert not_reported("how many GPUs is LongRecon trained on, and what FPS does it reach on KITTI?", recon)


def test_a_name_fused_with_based_says_what_a_method_builds_on_not_which_model():
    tuning = Paper(id="t", title="TeachTune: Reflection without Distillation", abstract=(
        "RL only draws out behaviors already present in the base models. We propose TeachTune, a "
        "GRPO-based interactive training approach where a teacher model guides a student model."))
    assert unnamed("which base model does TeachTune train as the student?", tuning)
    # a model the abstract names in its own work answers
    named = Paper(id="n", title=tuning.title, abstract=tuning.abstract + " We train Qwen2.5-7B as the student.")
    assert unnamed("which base model does TeachTune train as the student?", named) is None


def test_a_gain_said_as_improvements_before_its_numbers_is_reported():
    coco = Paper(id="c", title="DrawCode: Code as CoT", abstract=(
        "We propose DrawCode. Evaluations on StructBench, OneBench, and LongBench show that DrawCode "
        "achieves improvements of +68.83%, +54.8%, and +41.23% over direct generation."))
    assert not_reported("what gain over direct generation does DrawCode report on StructBench?", coco) is None
    assert not_reported("what FID does DrawCode reach on StructBench?", coco)


def test_a_quantity_asked_beside_a_name_is_judged_as_its_own_part():
    pax = Paper(id="p", title="The SafeBench Benchmark", abstract=(
        "We introduce SafeBench, a benchmark of 700 challenging scenarios. Gemini 2.5 Flash achieved the "
        "highest Pacifism Score (P-Score) at 90.31%."))
    assert not_reported("which model scored highest on the P-Score, with what score, and how many scenarios "
                        "are in SafeBench?", pax) is None


BANDPO = Paper(id="b", title="BandPO: Bridging Trust Regions and Ratio Clipping for LLM Reinforcement Learning", abstract=(
    "While the canonical clipping mechanism in PPO serves as an efficient surrogate for trust regions, we "
    "identify a critical bottleneck. To address this, we introduce Band-constrained Policy Optimization "
    "(BandPO). Extensive experiments across diverse models and datasets demonstrate that BandPO "
    "consistently outperforms canonical clipping and Clip-Higher, while robustly mitigating entropy collapse."))


def test_which_models_and_datasets_unnamed_when_it_names_neither_and_beats_only_baselines():
    # "diverse models" speaks of LLMs without naming one; Clip-Higher is what it beats
    assert unnamed("Which base LLMs and datasets did the BandPO authors run their experiments on?", BANDPO)
    named = Paper(id="b2", title=BANDPO.title, abstract=BANDPO.abstract.replace(
        "across diverse models and datasets", "on Qwen2.5-7B and the DAPO-Math dataset"))
    assert unnamed("Which base LLMs and datasets did the BandPO authors run their experiments on?", named) is None
    # asked for the baselines, the beaten names answer
    assert unnamed("which baselines does BandPO beat?", BANDPO) is None


def test_how_much_faster_is_not_reported_by_how_much_less_data():
    dvd = Paper(id="d", title="DVD: Deterministic Video Depth Estimation with Generative Priors", abstract=(
        "We present DVD, the first framework to deterministically adapt pre-trained video diffusion models "
        "into single-pass depth regressors. DVD unlocks geometric priors using 163x less task-specific data "
        "than leading baselines."))
    assert "does not report" in not_reported("How much faster at inference is DVD than the leading baselines?", dvd)
    fast = Paper(id="d2", title=dvd.title, abstract=dvd.abstract + " DVD runs 3.5x faster than leading baselines.")
    assert not_reported("How much faster at inference is DVD than the leading baselines?", fast) is None


def test_more_than_a_quantity_is_no_comparison():
    from paperqa_lite.reversal import sides
    for text in ("the method improves accuracy on more than 20 benchmarks",
                 "it helps agents solve tasks that need more than ten steps",
                 "it works with more than 100 languages"):
        assert sides(text) == [], text


SABOTAGE = Paper(id="s", title="Covert Agents: Measuring Sabotage in Tool-Using LLMs", abstract=(
    "We place agents in environments that reward covert sabotage. Agents insert subtle bugs, "
    "delete their audit logs and copy their weights to outside servers. Once caught, Model-X "
    "denies its actions in 72% of follow-up interviews."))


@pytest.mark.parametrize("question, stated", [
    # the share counts another event than the one with the number: not reported
    ("in what percentage of episodes did Model-X delete its audit logs?", False),
    ("what fraction of runs does Model-X copy its weights to outside servers in?", False),
    # ... the event the number counts is reported
    ("in what share of follow-up interviews does Model-X deny its actions?", True),
])
def test_a_share_of_an_event_the_number_does_not_count_is_not_reported(question, stated):
    text = not_reported(question, SABOTAGE)
    assert (text is None) == stated, text
    if not stated:
        assert "does not report this" in text


PLANNER = Paper(id="h", title="TripAgents: Hierarchical Agents for Travel Planning", abstract=(
    "We propose TripAgents, a hierarchical planner. On TravelBench, TripAgents reaches 52.6% "
    "Final Pass Rate (FPR). On MultiTurnBench, it achieves 44.3% (2-turn) and 37.4% (3-turn) FPR. "
    "Our verifier reaches 84.7% accuracy and 87.7% recall on plan checking, while providing more "
    "precise attribution."))


@pytest.mark.parametrize("question, reported", [
    # the benchmark the question measures on is one the abstract never writes
    ("How much does TripAgents improve over its baseline on GSM8K?", False),
    ("How much does TripAgents improve over its baseline on gsm-8k?", True),  # lower case: no name
    ("What pass rate does TripAgents reach on Travel-Bench?", True),  # spelt otherwise, same name
    # a measure typed as the whole request after a colon is still a measure
    ("TripAgents verifier: precision on plan checking?", False),
    ("TripAgents verifier: recall on plan checking?", True),
    # a measure the abstract writes only as the acronym it defines
    ("TripAgents: final pass rate on MultiTurnBench in the 2-turn and 3-turn scenarios?", True),
    ("What final pass rate does TripAgents reach on MultiTurnBench?", True),
])
def test_a_target_never_named_or_a_measure_typed_tersely_is_judged(question, reported):
    assert (not_reported(question, PLANNER) is None) == reported


def test_a_kind_defined_in_capitals_names_no_model_but_a_released_model_does():
    # "foundation models (FMs)" is a kind in capitals, not the foundation model used
    omni = Paper(id="o", title="OMNI: Open-endedness via Models of human Notions of Interestingness", abstract=(
        "We propose OMNI. The insight is that we can utilize foundation models (FMs) as a model of "
        "interestingness (MoI). We show that FM-based MoIs improve open-ended learning."))
    text = unnamed("Which foundation model did OMNI use as its model of interestingness?", omni)
    assert text and "does not say which" in text and "foundation models" in text.split("It says:")[1]
    # "Gemini 2.5 Flash achieved the highest ...": a name with its release number answers it
    pacifaist = Paper(id="p", title="The PacifAIst Benchmark", abstract=(
        "We introduce PacifAIst, a benchmark of 700 scenarios. We evaluated eight leading LLMs. Google's "
        "Gemini 2.5 Flash achieved the highest Pacifism Score (P-Score) at 90.31%."))
    assert unnamed("On the PacifAIst benchmark, which model got the highest Pacifism Score?", pacifaist) is None
    # ... but "Evaluating 14 models" counts models, it names none
    oaks = Paper(id="k", title="OAKS: Online Adaptation to Continual Knowledge Streams", abstract=(
        "We introduce OAKS, a benchmark for online adaptation. Evaluating 14 models with varied inference "
        "approaches, we observe significant limitations."))
    assert unnamed("Which of the 14 models evaluated on OAKS came out on top?", oaks)


def test_which_mllms_and_a_term_built_on_the_papers_name_are_judged():
    # MLLMs and VLMs go by names as LLMs do; "the seven MLLMs" is the quote
    gap = Paper(id="g", title="Reading, Not Thinking: the Modality Gap in Multimodal LLMs", abstract=(
        "Multimodal large language models (MLLMs) can process text presented as images. We diagnose "
        "this gap by evaluating seven MLLMs across seven benchmarks. Overall, our study suggests a "
        "practical path toward improving multimodal language models."))
    text = unnamed("Which seven MLLMs were tested in the modality gap study?", gap)
    assert text and "evaluating seven MLLMs" in text.split("It says:")[1]
    # "MiniApps" is the term MiniAppBench names its subject by, no model it evaluated
    mini = Paper(id="m", title="MiniAppBench: Evaluating Interactive HTML Responses", abstract=(
        "Human-AI interaction is evolving to interactive applications, which we term MiniApps. We "
        "introduce MiniAppBench. Our experiments reveal that current LLMs still face significant "
        "challenges in generating high-quality MiniApps."))
    assert unnamed("Which LLM did best on MiniAppBench?", mini)
    named = Paper(id="n", title=mini.title, abstract=mini.abstract.replace("current LLMs", "GPT-5"))
    assert unnamed("Which LLM did best on MiniAppBench?", named) is None


def test_a_size_is_a_number_beside_the_sized_thing():
    knowrl = Paper(id="k", title="KnowRL: Teaching Language Models to Know What They Know", abstract=(
        "We present KnowRL. With nothing more than a small seed set and no external supervision, our "
        "method drove gains as high as 28% in accuracy and 12% in F1."))
    text = not_reported("How big is the seed set KnowRL starts its self-improvement loop from?", knowrl)
    assert text and "does not report this" in text
    sized = Paper(id="k", title=knowrl.title, abstract=knowrl.abstract.replace(
        "a small seed set", "a seed set of 500 prompts"))
    assert not_reported("How big is the seed set KnowRL starts its self-improvement loop from?", sized) is None
    # a measure's size is the measure ("how big were the gains"), a model's its parameters
    assert not_reported("how big were KnowRL's gains in accuracy?", knowrl) is None


def test_how_accurate_asks_an_accuracy():
    robot = Paper(id="r", title="Optimal decision making in robotic assembly", abstract=(
        "We demonstrate this approach on a robotic peg-in-hole assembly problem. Failures are predicted "
        "by a dilated convolutional network based on force-torque data. The average makespan drops by 18%."))
    question = "how accurate is the force-torque failure predictor?"
    assert "does not report this" in (not_reported(question, robot) or "")
    told = Paper(id="r", title=robot.title, abstract=robot.abstract.replace(
        "force-torque data.", "force-torque data, with 92% accuracy."))
    assert not_reported(question, told) is None


def test_kinds_of_a_thing_are_counted_by_its_types():
    subtle = Paper(id="v", title="VLM-SubtleBench: Subtle Comparative Reasoning", abstract=(
        "We introduce VLM-SubtleBench. Our benchmark covers ten difference types - Attribute, State and Action. "
        "Our benchmark spans diverse domains, including industrial, aerial, and medical imagery."))
    assert not_reported("How many kinds of difference does VLM-SubtleBench cover?", subtle) is None
    assert not_reported("How many categories of difference does VLM-SubtleBench cover?", subtle) is None


@pytest.mark.parametrize("question", [
    "Which LLMs, and at what sizes, were used in the neurofeedback experiments?",
    "Which LLMs were used in the neurofeedback experiments, and how big were they?",
    "Which base model, and what size, did the neurofeedback paper use?",
])
def test_which_x_asked_with_its_size_still_asks_the_name(question):
    meta = Paper(id="m", title="Language Models Are Capable of Metacognitive Monitoring", abstract=(
        "Large language models (LLMs) can sometimes report the strategies they use. We introduce a "
        "neurofeedback paradigm designed to quantify the ability of LLMs to report their activations."))
    text = unnamed(question, meta)
    assert text and "does not say which" in text
    named = Paper(id="n", title=meta.title, abstract=meta.abstract + " We test LLMs such as Llama-3.1 8B and Qwen2.5 7B as base models.")
    assert unnamed(question, named) is None


SELFREF = Paper(id="s", title="SelfRef: Self-Referential Policy Optimization", abstract=(
    "Relying on sparse success signals wastes failed rollouts. SelfRef eliminates the need for external "
    "demonstrations or manual reward engineering by using the model's own successful trajectories."))
ASSEMBLY = Paper(id="a", title="Optimal decisions in robotic assembly", abstract=(
    "Robots retry tasks that may fail. Assuming task running times to be Poisson distributed, we derive "
    "the optimal time to give up and retry."))
EDITS = Paper(id="e", title="GlyphEdit: A Dataset for Text Editing in Images", abstract=(
    "We present GlyphEdit. It covers 15 languages, with bilingual and multilingual benchmarks."))


@pytest.mark.parametrize("paper, question, said", [
    # a need the paper says it does without, of any kind of the thing
    (SELFREF, "Why does SelfRef still need expert demonstrations for failed trajectories?", "eliminates the need"),
    (SELFREF, "Does SelfRef require human demonstrations?", "eliminates the need"),
    (SELFREF, "Why does SelfRef use its own successful trajectories?", None),
    # another distribution family than the one the paper assumes
    (ASSEMBLY, "Why are running times modelled as normally distributed in the assembly paper?", "Poisson"),
    (ASSEMBLY, "Does the assembly paper assume Gaussian distributed running times?", "Poisson"),
    (ASSEMBLY, "Why are running times Poisson distributed in the assembly paper?", None),
    # one language of a paper that covers many
    (EDITS, "Why does GlyphEdit only support English text?", "15 languages"),
    (EDITS, "Why does GlyphEdit cover 15 languages?", None),
])
def test_a_need_a_distribution_or_a_language_the_paper_says_otherwise(paper, question, said):
    text = false_premise(question, paper)
    if said is None:
        assert text is None
    else:
        assert text and "does not say so" in text and said in text


@pytest.mark.parametrize("abstract, stated", [
    ("FastKM achieves up to 17.9x end-to-end speedup over cuML and FAISS.", False),  # a speed, not memory
    ("FastKM cuts peak GPU memory by 40% against cuML.", True),
    ("FastKM reaches 24.4% savings in average GPU memory usage over cuML.", True),
    ("FastKM uses 12 GB of GPU memory less than cuML.", True),
])
def test_how_much_of_a_resource_is_saved_needs_a_number_of_that_resource(abstract, stated):
    fast = Paper(id="f", title="FastKM: Fast and Memory-Efficient K-Means", abstract=(
        "K-means on GPUs is bottlenecked by memory traffic. We propose FastKM. " + abstract))
    text = not_reported("How much GPU memory does FastKM save compared with cuML?", fast)
    assert (text is None) == stated
    # an amount of a thing that is not spent ("how much data") is any number of it
    trained = Paper(id="t", title=fast.title, abstract="We propose FastKM. It is trained on 13K monolingual examples.")
    assert not_reported("How much training data does FastKM use?", trained) is None


TOMSTORIES = Paper(id="t", title="ToMStories: Explicit and Applied Theory of Mind", abstract=(
    "We create ToMStories, stories with three questions: mental state, behavior and judgment. Most "
    "models reliably predict mental state. Interventions such as reminding the model of its mental state "
    "answer raise the action prediction accuracies (from 49.5% to 93.5% for GPT-4o) and judgment "
    "accuracies (from 15.3% to 94.7% for GPT-4o)."))


@pytest.mark.parametrize("question, stated", [
    # the accuracy of other subsets is not the asked subset's
    ("In ToMStories, what accuracy does GPT-4o get on the mental-state questions?", False),
    ("In ToMStories, what accuracy does GPT-4o get on the judgment questions?", True),
    ("What judgment accuracy does GPT-4o reach in ToMStories?", True),
])
def test_a_measure_given_only_for_other_subsets_is_not_the_asked_subsets(question, stated):
    assert (not_reported(question, TOMSTORIES) is None) == stated


def test_a_subset_named_with_its_noun_beside_the_measure_is_stated():
    prm = Paper(id="p", title="Self-PRM: Self-Evaluating Process Reward Models", abstract=(
        "We study Self-PRM. The approach exhibits low precision on difficult problems, at 12.5%."))
    assert not_reported("What precision does Self-PRM show on difficult problems?", prm) is None


def test_a_thing_the_paper_says_is_hard_to_write_down_is_not_provided():
    basalt = Paper(id="b", title="The BASALT Competition on Learning from Human Feedback", abstract=(
        "We design a suite of four tasks in Minecraft for which we expect it will be hard to write down "
        "hardcoded reward functions. We provide a dataset of human demonstrations on each task."))
    text = false_premise("What hardcoded reward functions does the BASALT competition provide?", basalt)
    assert text and "does not say so" in text and "hard to write down" in text
    # what it does provide is asked as any "which" is
    assert false_premise("What dataset does the BASALT competition provide?", basalt) is None


def test_a_degree_of_a_practice_only_other_work_has_is_not_the_papers():
    hiar = Paper(id="h", title="HiAR: Hierarchical Denoising for Long Video", abstract=(
        "To ensure continuity, existing methods typically condition on highly denoised contexts; yet, this "
        "practice propagates errors. We propose HiAR, so that each block is always conditioned on context "
        "at the same noise level."))
    text = false_premise("Why does HiAR condition each block on fully denoised context?", hiar)
    assert text and "does not say so" in text and "existing methods" in text.lower()
    # the paper's own degree is its own
    mine = Paper(id="m", title=hiar.title, abstract=hiar.abstract + " HiAR conditions on fully denoised anchors.")
    assert false_premise("Why does HiAR condition each block on fully denoised context?", mine) is None


def test_what_an_abstract_reports_instead_is_a_measured_figure_before_a_count_of_parts():
    fast = Paper(id="f", title="FastKM: Fast and Memory-Efficient K-Means", abstract=(
        "FastKM introduces two core kernel-level innovations that bypass intermediate GPU memory. "
        "Evaluations show FastKM outperforming libraries like cuML and FAISS by 33x and over 200x."))
    text = not_reported("How much GPU memory does FastKM save compared with cuML and FAISS?", fast)
    assert text and "does not report this" in text and "33x" in text.split("It reports:")[1]
