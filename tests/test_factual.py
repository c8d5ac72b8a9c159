"""A factual answer's clauses, chosen by code per asked part (issue 11, point 2).

Abstract text is quoted from the sample week; expected values were read off the
abstracts by hand, not from the code.
"""

import pytest

from paperqa_lite import asked, excerpt, factual, which
from paperqa_lite.parts import question_parts
from paperqa_lite.standfor import expansion
from paperqa_lite import evidence as ev
from paperqa_lite.topics import on_terms, terms
from paperqa_lite.evidence import Evidence
from paperqa_lite.paper import Paper

EGOTHINK = Paper(
    id="t1", title="Can Vision-Language Models Think from a First-Person Perspective?",
    abstract=("Vision-language models (VLMs) have recently shown promising results in traditional "
              "downstream tasks. To bridge this research gap, we introduce EgoThink, a novel visual "
              "question-answering benchmark that encompasses six core capabilities with twelve "
              "detailed dimensions. To comprehensively assess VLMs, we evaluate eighteen popular VLMs "
              "on EgoThink. In conclusion, EgoThink serves as a valuable addition to existing "
              "evaluation benchmarks for VLMs, providing an indispensable resource for future research "
              "in the realm of embodied artificial intelligence and robotics."))
PACIFAIST = Paper(
    id="t2", title="The PacifAIst Benchmark: Would an AI Choose to Sacrifice Itself?",
    abstract=("We introduce PacifAIst, a focused benchmark of 700 challenging scenarios designed to "
              "quantify self-preferential behavior in LLMs. We evaluated eight leading LLMs. "
              "Google's Gemini 2.5 Flash achieved the highest Pacifism Score (P-Score) at 90.31%, "
              "demonstrating strong human-centric alignment. In a surprising result, the "
              "much-anticipated GPT-5 recorded the lowest P-Score (79.49%), indicating potential "
              "alignment challenges."))


@pytest.mark.parametrize("question,expected", [
    ("What benchmark does EgoThink introduce, and how many VLMs were evaluated on it?",
     ["What benchmark does EgoThink introduce", "how many VLMs were evaluated on it"]),
    ("What success rate does SRPO reach on LIBERO, from what baseline, and in how many RL steps?",
     ["What success rate does SRPO reach on LIBERO", "from what baseline", "in how many RL steps"]),
    # a lead without a wh-word belongs to the part after it
    ("In the X paper, what structure does Y represent, and which two tasks were used?",
     ["In the X paper, what structure does Y represent", "which two tasks were used"]),
    # "X and Y" without a wh-word is one asked thing
    ("By how much does SCoRe improve the self-correction of Gemini 1.0 Pro and 1.5 Flash?",
     ["By how much does SCoRe improve the self-correction of Gemini 1.0 Pro and 1.5 Flash"]),
    ("Which models scored highest and lowest P-Score?", ["Which models scored highest and lowest P-Score"]),
])
def test_parts_are_the_wh_clauses(question, expected):
    assert question_parts(question) == expected


@pytest.mark.parametrize("question,text,expected", [
    ("What does PAE stand for?", "Proposer-Agent-Evaluator(PAE): Autonomous Skill Discovery",
     "Proposer-Agent-Evaluator"),
    ("What does OMNI stand for?", "We propose solving this problem by Open-endedness via Models of "
     "human Notions of Interestingness (OMNI).", "Open-endedness via Models of human Notions of Interestingness"),
    ("What does SPP stand for?", "In this work, we propose Solo Performance Prompting (SPP), which "
     "transforms a single LLM", "Solo Performance Prompting"),
    ("what does LMA3 stand for", "we introduce a language model augmented autotelic agent (LMA3) that",
     "language model augmented autotelic agent"),
])
def test_expansion_is_the_run_whose_initials_spell_the_acronym(question, text, expected):
    assert expansion(question, text)[1] == expected


def test_no_expansion_without_a_definition_or_a_stand_for_question():
    assert expansion("What does PAE stand for?", "PAE learns skills (RL) in the wild.") is None
    assert expansion("What does PAE learn?", "Proposer-Agent-Evaluator (PAE)") is None


def test_a_bracket_holding_the_number_survives_the_cut():
    sentence = ("In a surprising result, the much-anticipated GPT-5 recorded the lowest P-Score "
                "(79.49%), indicating potential alignment challenges and a need for better tools "
                "to measure and mitigate risks from instrumental goal conflicts (see below).")
    out = " ".join(excerpt.cut("Which model scored the lowest P-Score?", [sentence], 20))
    assert "79.49%" in out
    assert "(see below)" not in out  # an aside without data still goes


def test_which_question_keeps_the_clause_that_names_the_answer():
    sentence = ("We validate PAE on challenging vision-based web navigation, using both real-world "
                "and self-hosted websites from WebVoyager and WebArena.")
    out = " ".join(excerpt.cut("on which web benchmarks was it validated", [sentence], 12, known="PAE"))
    assert "WebVoyager" in out and "WebArena" in out


def _evidence(paper: Paper, question: str) -> ev.Evidence:
    sents = ev.clean_sentences(paper.abstract)
    keys = ev.keywords(question)
    ranked = sorted(sents, key=lambda s: -ev.coverage(keys, s))  # stands in for the ranker
    return ev.Evidence(paper, ranked, 1.0)


def test_each_part_gets_the_sentence_that_answers_it():
    q = "What benchmark does EgoThink introduce, and how many VLMs were evaluated on it?"
    text = " ".join(factual.select(q, _evidence(EGOTHINK, q), 40))
    assert "visual question-answering benchmark" in text  # the part "what benchmark"
    assert "eighteen" in text  # the part "how many VLMs"
    assert "valuable addition" not in text  # covers most words, answers no part


def test_a_part_with_two_asked_things_gets_two_sentences():
    q = "How many scenarios are in the PacifAIst benchmark, and which models scored highest and lowest P-Score?"
    text = " ".join(factual.select(q, _evidence(PACIFAIST, q), 40))
    for fact in ("700", "Gemini 2.5 Flash", "90.31", "GPT-5", "79.49"):
        assert fact in text


PPR = ("To address the above challenges, we introduce Principle Process Reward (PPR), an RL approach "
       "that unifies step-level assessment and outcome verification. We further introduce a Reward "
       "Normalization (ReNorm) strategy to calibrate outcome and process rewards.")
# defined after the name, not before it (a held-out question's class)
PACIFAIST_DEF = ("To address this, we introduce PacifAIst (Procedural Assessment of Complex Interactions "
                 "for Foundational Artificial Intelligence Scenario Testing), a focused benchmark of 700 "
                 "challenging scenarios. These findings underscore the need for tools like PacifAIst.")


@pytest.mark.parametrize("abstract,question,first,rest", [
    # the other part keeps its own sentence
    (PPR, "What does PPR stand for, and what strategy calibrates outcome and process rewards?",
     "PPR stands for Principle Process Reward.", "ReNorm"),
    (PACIFAIST_DEF, "what does PacifAIst stand for?",  # one part: the expansion alone
     "PacifAIst stands for Procedural Assessment of Complex Interactions for Foundational "
     "Artificial Intelligence Scenario Testing.", ""),
])
def test_stand_for_is_spelled_out_by_code(abstract, question, first, rest):
    pieces = factual.select(question, _evidence(Paper(id="t3", title="A paper", abstract=abstract), question), 40)
    assert pieces[0] == first
    assert (rest in " ".join(pieces[1:])) if rest else pieces == [first]


def test_a_bracket_after_a_name_that_does_not_spell_it_is_no_definition():
    assert expansion("what does PacifAIst stand for?", "PacifAIst (a benchmark of 700 scenarios) is new.") is None


def test_which_paper_needs_a_paper_fitting_the_whole_description():
    from paperqa_lite.answer_markdown import ONE_PAPER, describes
    attention = Paper(id="t4", title="IndexCache: Accelerating Sparse Attention via Cross-Layer Index Reuse",
                      abstract=("Long-context agentic workflows have emerged as a defining use case for "
                                "large language models. A lightweight indexer selects the top-k most "
                                "relevant tokens per query."))
    q = "Which paper proposes a new tokenizer for low-resource languages?"
    assert ONE_PAPER.match(q) and not ONE_PAPER.match("Which papers propose a tokenizer?")
    assert not ONE_PAPER.match("Which papers study theory of mind?")  # "study" is the verb here
    assert not describes(q, ev.Evidence(attention, [], 0.6))  # shares "tokens", "language" only
    assert describes("Which paper accelerates sparse attention for long-context language models?",
                     ev.Evidence(attention, [], 0.6))


def test_an_acronym_spelled_by_the_title_names_the_paper():
    flr = Paper(id="t5", title="Aligning Language Models Using Follow-up Likelihood as Reward Signal",
                abstract=("Our proposed reward mechanism, Follow-up Likelihood as Reward (FLR), matches "
                          "strong reward models. We apply reinforcement learning (RL) as usual."))
    assert ev.title_acronym(flr) == "FLR" and ev.short_name(flr) == "FLR"
    rl = Paper(id="t6", title="Reinforcement Learning vs. Distillation",
               abstract="Reinforcement learning (RL) and verifiable rewards (RLVR) are studied.")
    assert ev.title_acronym(rl) is None  # RL: too short; RLVR: "verifiable rewards" not in the title


def test_a_list_takes_every_paper_naming_the_asked_name_on_topic():
    from paperqa_lite.listnames import names_asked
    from paperqa_lite.topics import matches
    crew = Paper(id="t7", title="Confidence as a Reward",
                 abstract="We propose CRew-DPO, a training strategy that constructs preference data.")
    beats = Paper(id="t8", title="RetroAgent",
                  abstract="We introduce RetroAgent. It surpasses GRPO-trained agents by 18.3% on ALFWorld.")
    trains = Paper(id="t9", title="MM-Zero",
                   abstract="All three roles are trained using Group Relative Policy Optimization (GRPO).")
    assert names_asked("Which papers use DPO?", crew)  # "DPO" inside "CRew-DPO"
    assert matches("Which papers use DPO?", ev.Evidence(crew, [], 0.1))
    assert matches("Which papers train their policy with GRPO?", ev.Evidence(trains, [], 0.1))
    assert not matches("Which papers train their policy with GRPO?", ev.Evidence(beats, [], 0.1))


def test_a_comparison_line_calls_a_paper_what_the_question_calls_it():
    from paperqa_lite.answer_markdown import label
    lma = Paper(id="t10", title="Augmenting Autotelic Agents with Large Language Models",
                abstract="We introduce a language model augmented autotelic agent (LMA3) that learns goals.")
    omni = Paper(id="t11", title="OMNI: Open-endedness via Models of human Notions of Interestingness",
                 abstract="We propose OMNI.")
    chosen = [ev.Evidence(lma, [], 1.0), ev.Evidence(omni, [], 1.0)]
    assert label("Compare LMA3 and OMNI.", chosen[0], chosen) == "LMA3"
    assert label("Compare LMA3 and OMNI.", chosen[1], chosen) == "OMNI"


def test_a_name_most_papers_use_is_vocabulary_not_a_list_topic():
    from paperqa_lite.listnames import naming
    papers = [Paper(id=f"v{i}", title=f"Study {i}", abstract="We evaluate LLMs on a task.") for i in range(3)]
    papers += [Paper(id="g", title="Probe", abstract="We test GPT-4o and LLMs."),
               *[Paper(id=f"o{i}", title=f"Other {i}", abstract="A robot learns.") for i in range(6)]]
    assert [p.id for p in naming("Which papers involve GPT-4o?", papers)] == ["g"]
    assert naming("Which papers study theory of mind in LLMs?", papers) == []  # 4 of 10 say LLMs
    # a plural acronym is the kind of model worked on, however few papers write it
    few = [papers[3], *papers[4:]]
    assert naming("Which papers speed up LLMs on long inputs?", few) == []
    assert [p.id for p in naming("Which papers involve GPT-4o or LLMs?", few)] == ["g"]


def _listed(title: str, abstract: str) -> Evidence:
    return Evidence(Paper(id=f"t-{title.split(':')[0].lower().replace(' ', '-')}", title=title, abstract=abstract),
                    [abstract], 0.5)


def test_a_list_on_a_term_keeps_the_papers_that_say_it_not_those_sharing_its_words():
    question = "Which papers use test-time training?"
    assert terms(question) == [["test", "time", "training"]]
    spatial = _listed("Spatial-TTT: Streaming Spatial Intelligence with Test-Time Training", "We adapt fast weights.")
    loger = _listed("LoGeR: Long-Context Reconstruction", "A parametric Test-Time Training (TTT) memory anchors frames.")
    initials = _listed("Adaptive Models", "We apply TTT on small datasets.")
    words = _listed("CoT Control", "Controllability decreases with more RL training, test-time compute.")
    assert on_terms(question, [spatial, loger, initials, words]) == [spatial, loger, initials]
    # a term only abstracts use may be one paper's wording: no title says it, nothing is dropped
    plain = [loger, initials, words]
    assert on_terms(question, plain) == plain
    # alternatives are each a topic
    assert on_terms("Which papers use test-time training or memory?", [spatial, words]) == [spatial, words]


def test_a_cut_ending_on_a_number_keeps_what_it_counts():
    s = ("Starting from a supervised baseline with 48.9% success, SRPO achieves a new state-of-the-art "
         "success rate of 99.2% in just 200 RL steps, significantly outperforming the baseline.")
    out = excerpt.cut("how did SRPO reach 99.2% in only 20 RL steps?", [s], 20, hard=True)[0]
    assert out.endswith("in just 200 RL steps.")


def test_a_cut_a_few_words_short_of_the_end_drops_the_last_verb_phrase_not_its_noun():
    s = ("We propose StepNFT, a critic-and-likelihood-free framework that requires only a single forward "
         "pass per optimization step and eliminates auxiliary value networks.")
    out = excerpt.cut("what is StepNFT?", [s], 20, hard=True)[0]
    assert out.endswith("per optimization step.")
    # "both X and Y" is one phrase, not a verb phrase to drop
    s = ("Evaluated on five benchmarks across diverse domains with four backbone models, XSkill "
         "consistently outperforms both tool-only and learning-based baselines.")
    out = excerpt.cut("how does XSkill do?", [s], 20, hard=True)[0]
    assert "tool-only and" in out
    # one word short of the end, the word is kept: "... in the spatial." has lost its noun
    s = ("We introduce Just-in-Time, a novel training-free framework that addresses this challenge "
         "by acceleration in the spatial domain.")
    out = excerpt.cut("what is Just-in-Time?", [s], len(s.split()) - 1, hard=True)[0]
    assert out.endswith("in the spatial domain.")


def test_where_a_method_falls_short_is_answered_by_the_sentence_saying_so():
    paper = Paper(id="g", title="Explorations with GPT-4o Image Generation", abstract=(
        "We explore GPT-4o's native image generation across six task categories. "
        "Our results reveal that GPT-4o performs impressively well in general-purpose image "
        "generation, showing strong capabilities in text-to-image generation. "
        "However, significant limitations remain in precise spatial reasoning and temporal prediction. "
        "These findings suggest that GPT-4o is still a long way from reliable professional use."))
    sentences = ev.clean_sentences(paper.abstract)
    e = Evidence(paper, [sentences[1], sentences[3], sentences[0], sentences[2]], 1.0)
    picked = " ".join(factual.select("where does gpt-4o's native image generation still fall short?", e, 40))
    assert "spatial reasoning" in picked and "impressively" not in picked
    # "failed trajectories" asks how, not where it fails: the ranking stands
    assert ev.ASKS_SHORTFALL.search("how does SRPO measure the progress of failed trajectories?") is None


def test_a_part_asking_which_model_is_answered_by_the_name_not_the_title_words():
    jit = Paper(id="j", title="Just-in-Time: Training-Free Spatial Acceleration for Diffusion Transformers",
                abstract=("Diffusion Transformers are costly. In this paper, we introduce Just-in-Time (JiT), a "
                          "novel training-free framework for acceleration in the spatial domain. Extensive "
                          "experiments on the state-of-the-art FLUX.1-dev model demonstrate that JiT achieves up "
                          "to a 7x speedup."))
    q = "just-in-time (the training-free spatial acceleration for DiTs): which model did they test on and how big a speedup?"
    text = " ".join(factual.select(q, _evidence(jit, q), 40))
    assert "FLUX.1-dev" in text and "7x" in text
    assert "spatial domain" not in text  # the title's words describe the paper, they are not asked


def test_what_a_paper_uses_in_the_asked_role_answers_it():
    flr = Paper(id="f", title="Aligning Language Models Using Follow-up Likelihood as Reward Signal", abstract=(
        "Users react to answers. Therefore, we propose using the likelihood of follow-up utterances as "
        "rewards to differentiate preferred responses. Our proposed reward mechanism, Follow-up Likelihood "
        "as Reward (FLR), matches the performance of strong reward models trained on annotated data."))
    q = "what does FLR use as its reward signal?"
    assert "follow-up utterances as rewards" in " ".join(factual.select(q, _evidence(flr, q), 40))
    # a name holding the role's word ("... as Reward (FLR)") is no role, nor is a question asking none
    assert which.in_role(q).search("the likelihood as a proxy for reward")
    assert not which.in_role(q).search("Follow-up Likelihood as Reward (FLR)")
    assert which.in_role("what reward does FLR use?") is None
    # what the signal is turned into is its role too
    assert which.in_role("FLR and CRew both turn an LLM signal into a reward. What signal does each use?")


def test_the_score_of_each_of_two_named_models_is_its_own_part():
    assert question_parts("on pacifaist what p-scores did gemini 2.5 flash and gpt-5 get?") == [
        "on pacifaist what p-scores did gemini 2.5 flash get", "on pacifaist what p-scores did gpt-5 get"]
    assert question_parts("what did models and humans get?") == ["what did models and humans get"]
    pax = Paper(id="p", title="The PacifAIst Benchmark", abstract=(
        "We introduce PacifAIst, a benchmark of 700 scenarios. We evaluated eight leading LLMs. Google's "
        "Gemini 2.5 Flash achieved the highest P-Score at 90.31%. In a surprising result, GPT-5 recorded "
        "the lowest P-Score (79.49%)."))
    q = "on pacifaist what p-scores did gemini 2.5 flash and gpt-5 get?"
    text = " ".join(factual.select(q, _evidence(pax, q), 40))
    assert "90.31%" in text and "79.49%" in text


def test_each_part_gets_the_sentence_with_its_own_words_first():
    paper = Paper(id="l", title="LoGeR: Long-Context Reconstruction", abstract=(
        "We present LoGeR for long videos. This memory lets LoGeR be trained on sequences of 128 frames. "
        "On a dataset with sequences of up to 19k frames, LoGeR outperforms prior methods, reducing ATE on "
        "KITTI by over 74%."))
    text = " ".join(factual.select("how long were loger's training sequences, and by how much did it cut ate on kitti?",
                           ev.Evidence(paper, ev.clean_sentences(paper.abstract), 1.0), 40))
    assert "128 frames" in text and "74%" in text


INDEXCACHE = Paper(id="ic", title="IndexCache: Accelerating Sparse Attention via Cross-Layer Index Reuse", abstract=(
    "Sparse attention addresses this challenge effectively, and DeepSeek Sparse Attention (DSA) is a "
    "representative production-grade solution: a lightweight lightning indexer selects the top-k most "
    "relevant tokens per query. We present IndexCache, which exploits this cross-layer redundancy by "
    "partitioning layers into a small set of Full layers that run their own indexers and a majority of "
    "Shared layers that simply reuse the nearest Full layer's top-k indices. Experimental results on a "
    "30B DSA model show that IndexCache can remove 75% of indexer computations with negligible quality "
    "degradation, achieving up to 1.82× prefill speedup and 1.48× decode speedup compared to standard DSA."))


def test_a_when_clause_sets_a_condition_and_a_measure_ending_a_part_is_asked():
    question = ("When layers reuse the nearest full layer's top-k indices in DeepSeek Sparse Attention, what "
                "share of indexer computation can be removed on the 30B model and what prefill speedup follows?")
    parts = question_parts(question)
    assert len(parts) == 2 and parts[0].startswith("When layers reuse")  # no part of its own
    assert asked.measures(parts[1]) == ["speedup"]
    assert question_parts("When was EgoThink released, and how many VLMs were evaluated?") == [
        "When was EgoThink released", "how many VLMs were evaluated"]  # a real "when" asks
    e = Evidence(INDEXCACHE, ev.clean_sentences(INDEXCACHE.abstract), 1.0)
    answer = " ".join(factual.select(question, e, 40))
    assert "75%" in answer and "1.82×" in answer and "lightning indexer" not in answer


def test_how_much_faster_asks_a_speedup_and_a_score_is_said_as_performance():
    assert asked.measures("How much faster at inference is DVD than the leading baselines?") == ["speedup"]
    assert not asked.stating("speedup", ["DVD uses 163x less task-specific data than leading baselines."])
    assert asked.stating("speedup", ["Our method runs 3.2x faster than the baseline."])
    srum = "SRUM shows strong generalization, boosting performance on T2I-CompBench from 82.18 to 88.37."
    assert asked.stating("score", [srum], ["T2I-CompBench"])


def test_a_part_that_nothing_answers_shares_the_sentence_another_part_chose():
    basalt = Paper(id="mb", title="The MineRL BASALT Competition on Learning from Human Feedback", abstract=(
        "With this comes an additional challenge: how can we build AI systems that solve tasks where there is "
        "not a crisp, well-defined specification? Rather than training AI systems using a predefined reward "
        "function, we instead train the AI system using a learning signal derived from some form of human "
        "feedback. We design a suite of four tasks in Minecraft for which we expect it will be hard to write "
        "down hardcoded reward functions. To help participants get started, we provide a dataset of human "
        "demonstrations on each of the four tasks."))
    e = Evidence(basalt, ev.clean_sentences(basalt.abstract), 1.0)
    answer = " ".join(factual.select("how many tasks did the organisers design, and in which game?", e, 40))
    assert "four tasks in Minecraft" in answer and "AI systems" not in answer


def test_an_enumerating_sentence_is_cut_to_each_items_head():
    golf = ("GOLF aggregates two complementary feedback sources: (i) external critiques that pinpoint errors "
            "or propose targeted fixes, and (ii) intra-group attempts that supply alternative partial ideas "
            "and diverse failure patterns.")
    cell = excerpt.cut("what feedback sources does GOLF use?", [golf], 25, hard=True)[0]
    assert "external critiques" in cell and "intra-group attempts" in cell and "pinpoint" not in cell
    assert excerpt._enumerated("We test (1) GPT-4o.") == "We test (1) GPT-4o."  # one item: unchanged
    # items before the sentence's own clause are no list of what it names
    egolife = ("To address (1) developing robust visual-audio models, (2) enabling identity recognition, and (3) "
               "facilitating long-context question answering, we introduce EgoButler, comprising EgoGPT and EgoRAG.")
    assert excerpt._enumerated(egolife) == egolife


def test_a_count_of_them_reads_the_noun_asked_before_and_a_coordinated_modifier_is_one():
    question = "Cybench: how many CTF tasks are included, and for how many of them were subtasks added?"
    assert [asked.measures(p) for p in question_parts(question)] == [["task"], [""]]
    assert asked.stating("model", ["Extensive experiments on 20 state-of-the-art open-source and "
                                   "closed-source models reveal substantial limitations."])
    assert not asked.stating("model", ["We release 20 state-of-the-art open-source and closed-source "
                                       "benchmarks for models."])  # the noun after the run is what it counts


def test_a_rank_said_as_worst_or_topped_is_the_lowest_or_highest():
    pacifaist = Paper(id="pa", title="The PacifAIst Benchmark", abstract=(
        "We evaluated eight leading LLMs. Google's Gemini 2.5 Flash achieved the highest Pacifism Score "
        "(P-Score) at 90.31%, demonstrating strong human-centric alignment. In a surprising result, the "
        "much-anticipated GPT-5 recorded the lowest P-Score (79.49%), indicating potential alignment challenges."))
    e = Evidence(pacifaist, ev.clean_sentences(pacifaist.abstract), 1.0)
    worst = " ".join(factual.select("which model came out worst on the pacifaist p-score and what was its score?", e, 40))
    assert "GPT-5" in worst and "Gemini" not in worst
    top = " ".join(factual.select("In the benchmark asking whether an AI would sacrifice itself for human safety, "
                                  "which model topped the P-Score ranking, and what did GPT-5 score?", e, 40))
    assert "Gemini 2.5 Flash" in top and "79.49%" in top


def test_a_part_with_no_word_of_its_own_asks_the_values_of_the_part_before():
    assert question_parts("how much did the average makespan go down, from what to what?") == [
        "how much did the average makespan go down, from what to what"]


def test_which_models_part_takes_the_sentence_naming_versioned_models():
    knowrl = Paper(id="k", title="KnowRL: Teaching Language Models to Know What They Know", abstract=(
        "Truly reliable AI requires knowing what one knows. "
        "In experiments on LLaMA-3.1-8B and Qwen-2.5-7B, KnowRL steadily improved self-knowledge. "
        "Our method drove gains as high as 28% in accuracy and 12% in F1 on GSM8K and MATH-500."))
    e = Evidence(knowrl, ev.clean_sentences(knowrl.abstract)[::-1], 1.0)
    text = " ".join(factual.select("knowrl - which models did they run it on, and how big were the accuracy gains?", e, 40))
    # "AI", "F1", "GSM8K" and "MATH-500" are names too, but the sentence naming models by
    # their versions answers "which models"
    assert "LLaMA-3.1-8B" in text and "28%" in text


def test_a_title_phrase_is_shown_with_its_coined_acronym():
    from paperqa_lite.answer_markdown import display_name
    jit = Paper(id="j", title="Just-in-Time: Training-Free Spatial Acceleration for Diffusion Transformers",
                abstract="We propose Just-in-Time (JiT), a training-free framework. JiT achieves a 7x speedup.")
    dcdit = Paper(id="d", title="Dynamic Chunking Diffusion Transformer",
                  abstract="We introduce the Dynamic Chunking Diffusion Transformer (DC-DiT). DC-DiT learns chunks.")
    srum = Paper(id="s", title="SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models",
                 abstract="We introduce SRUM, a self-rewarding framework.")
    # a reader meets the acronym in the paper and the title's words in the listing: both
    assert display_name(jit) == "Just-in-Time (JiT)"
    assert display_name(dcdit) == "Dynamic Chunking Diffusion Transformer (DC-DiT)"
    assert display_name(srum) == "SRUM"


PREFILL = Paper(id="fp", title="QuickFill: Sparse Prefilling for Long Contexts", abstract=(
    "Long-context prefilling is slow because attention is quadratic. We propose QuickFill, which "
    "locates sparse attention blocks with a fast search. QuickFill delivers a 12.5x speedup on 128K "
    "sequences. Unlike earlier sparse kernels, QuickFill still keeps a 1.4x speedup at an 8K context "
    "length."))


def test_the_measure_asked_again_under_a_second_condition_is_a_part_of_its_own():
    assert question_parts("QuickFill speedup at 128K tokens, and at 8K?") == [
        "QuickFill speedup at 128K tokens", "QuickFill speedup at 8K"]
    assert question_parts("what success rate on LIBERO and on LIBERO-Plus does SRPO reach?") == [
        "what success rate on LIBERO does SRPO reach", "what success rate on LIBERO-Plus does SRPO reach"]
    # no measure asked: "on images and on video" is one thing
    assert question_parts("which model is trained on images and on video?") == [
        "which model is trained on images and on video"]
    e = Evidence(PREFILL, ev.clean_sentences(PREFILL.abstract), 1.0)
    answer = " ".join(factual.select("QuickFill speedup at 128K tokens, and at 8K?", e, 40))
    assert "12.5x" in answer and "1.4x" in answer


def _selected(paper: Paper, question: str) -> str:
    """The clauses a 40-word factual answer about ``paper`` selects, abstract order as the ranking."""
    return " ".join(factual.select(question, Evidence(paper, ev.clean_sentences(paper.abstract), 1.0), 40))


def test_a_qualifier_one_part_names_does_not_rule_out_the_other_parts_sentence():
    paper = Paper(id="h", title="HiMAP-Travel: Hierarchical Planning", abstract=(
        "We propose HiMAP-Travel, a hierarchical multi-agent framework. On TravelPlanner, HiMAP-Travel "
        "achieves 52.65% test Final Pass Rate. In a controlled comparison, it outperforms the sequential "
        "DeepTravel baseline by +8.67 pp."))
    picked = _selected(paper, "What test pass rate does HiMAP-Travel get on TravelPlanner, and by how much "
                              "does it beat the DeepTravel baseline?")
    assert "52.65%" in picked and "8.67" in picked


def test_which_two_things_matches_the_count_with_its_noun_only():
    paper = Paper(id="k", title="KnowRL: Teaching Models to Know", abstract=(
        "We present KnowRL. Our framework combines two components: introspection and consensus-based "
        "rewarding. In experiments on LLaMA-3.1-8B and Qwen-2.5-7B, KnowRL improved self-knowledge. "
        "Our method drove gains as high as 28% in accuracy."))
    picked = _selected(paper, "what accuracy gain does KnowRL report, and which two models did they test it on?")
    assert "Qwen-2.5-7B" in picked and "28%" in picked and "two components" not in picked
    tasks = Paper(id="t", title="Left/Right Brain", abstract=(
        "This research explores a network for motor tasks. The models were trained on two tasks: the "
        "random reach task and the hold position task."))
    assert "random reach" in _selected(tasks, "what is studied, and which two tasks were used?")


def test_a_derived_word_tells_two_sentences_counting_the_asked_thing_apart():
    court = Paper(id="c", title="Stepping VLMs onto the Court", abstract=(
        "We present CourtSI, the first spatial intelligence dataset for sports. CourtSI contains over 1M "
        "QA pairs across net sports. In addition, we introduce CourtSI-Bench, an evaluation benchmark "
        "comprising 3,686 QA pairs with rigorous human verification."))
    # "human-verified" is said by "human verification", though the stems differ
    text = _selected(court, "For the dataset CourtSI, how many QA pairs are in the human-verified benchmark?")
    assert "3,686" in text and "1M" not in text
    assert "1M" in _selected(court, "How many QA pairs does CourtSI contain across net sports?")


def test_how_big_a_benchmark_is_is_not_a_gain_measured_on_it():
    court = Paper(id="c", title="Stepping VLMs onto the Court", abstract=(
        "We present CourtSI, a spatial dataset for sports. In addition, we introduce CourtSI-Bench, an "
        "evaluation benchmark comprising 3,686 QA pairs with human verification. Further, fine-tuning "
        "Qwen3-VL-8B on CourtSI improves accuracy on CourtSI-Bench by 23.5 percentage points."))
    e = Evidence(court, ev.clean_sentences(court.abstract), 1.0)
    both = " ".join(factual.select("How big is CourtSI-Bench, and how much did fine-tuning Qwen3-VL-8B "
                                   "on CourtSI improve its accuracy?", e, 40))
    assert "3,686 QA pairs" in both and "23.5 percentage points" in both
    assert "3,686" in " ".join(factual.select("How big is CourtSI-Bench?", e, 40))
    # a change asked is answered by the change
    assert "23.5" in " ".join(factual.select("How much does fine-tuning on CourtSI help on CourtSI-Bench?", e, 40))


def test_a_benchmark_leading_the_question_qualifies_the_asked_measure():
    himap = Paper(id="h", title="HiMAP-Travel: Hierarchical Multi-Agent Planning", abstract=(
        "We propose HiMAP-Travel. On TravelPlanner, HiMAP-Travel achieves 52.78% validation Final Pass "
        "Rate (FPR). On FlexTravelBench multi-turn scenarios, it achieves 44.34% (2-turn) and 37.42% "
        "(3-turn) FPR."))
    e = Evidence(himap, ev.clean_sentences(himap.abstract), 1.0)
    for question in ("On FlexTravelBench, what final pass rate does HiMAP-Travel get?",
                     "What final pass rate does HiMAP-Travel get on FlexTravelBench?"):
        said = " ".join(factual.select(question, e, 40))
        assert "44.34%" in said and "52.78%" not in said


def test_how_does_x_do_something_is_answered_by_the_sentence_doing_it():
    srpo = Paper(id="s", title="SRPO: Self-Referential Policy Optimization for Vision-Language-Action Models",
                 abstract=(
        "Reinforcement learning (RL) is a vital post-training strategy, yet current VLA-RL methods are crippled "
        "by severe reward sparsity. Relying on binary success indicators wastes valuable information in failed "
        "trajectories, resulting in low training efficiency. To solve this, we propose Self-Referential Policy "
        "Optimization (SRPO), a novel VLA-RL framework. SRPO eliminates the need for external demonstrations by "
        "leveraging the model's own successful trajectories as a self-reference. This allows us to assign a "
        "progress-wise reward to failed attempts. A core innovation is the use of latent world representations "
        "to measure behavioral progress robustly. These representations naturally capture progress patterns "
        "across environments, enabling accurate, generalized trajectory comparison."))
    e = Evidence(srpo, ev.clean_sentences(srpo.abstract), 1.0)
    said = " ".join(factual.select("how does srpo measure the progress of failed trajectories?", e, 40))
    assert "latent world representations" in said


def test_a_name_given_as_the_source_of_the_asked_thing_names_it():
    ssr = Paper(id="s", title="SSR-Zero: Simple Self-Rewarding Reinforcement Learning for Machine Translation",
                abstract=(
        "However, most advanced MT-specific LLMs heavily rely on external supervision signals during training, "
        "such as human-annotated reference data or trained reward models (RMs). To overcome this limitation, we "
        "propose a Simple Self-Rewarding (SSR) RL framework for MT. Furthermore, by augmenting SSR with external "
        "supervision from COMET, our strongest model, SSR-X-Zero-7B, achieves state-of-the-art performance. Our "
        "analysis highlights the effectiveness of the self-rewarding mechanism compared to the external "
        "LLM-as-a-judge approach."))
    e = Evidence(ssr, ev.clean_sentences(ssr.abstract), 1.0)
    said = " ".join(factual.select("what external supervision does SSR-X-Zero add on top of self-rewarding?", e, 40))
    assert "COMET" in said
