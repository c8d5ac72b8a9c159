"""What a question asks, read by code: kind by structure, quantities, clauses, not-stated.

Abstract text here is quoted from the second real week (2026-03-09..15) and the sample
week; the expected values were read off the abstracts by hand, not from the code.
"""

import pytest

from paperqa_lite import asked, excerpt, route, targets, which
from paperqa_lite.clauses import clauses
from paperqa_lite.notstated import not_reported
from paperqa_lite.parts import question_parts
from paperqa_lite.premise import false_premise
from paperqa_lite.names import coined_unknown
from paperqa_lite.paper import Paper
from paperqa_lite.sentences import split_sentences, stem

EXEVRM = ("We introduce Execution Video Reward 53k (ExeVR-53k), a dataset of 53k high-quality "
          "video-task-reward triplets. Our ExeVRM 8B achieves 84.7% accuracy and 87.7% recall on "
          "video-execution assessment, outperforming strong proprietary models such as GPT-5.2 and "
          "Gemini-3 Pro across Ubuntu, macOS, Windows, and Android, while providing more precise "
          "temporal attribution.")
LOGER = ("Evaluated across standard benchmarks and a newly repurposed VBR dataset with sequences of "
         "up to 19k frames, LoGeR substantially outperforms prior state-of-the-art feedforward "
         "methods--reducing ATE on KITTI by over 74%--and achieves robust, globally consistent "
         "reconstruction over unprecedented horizons.")
DCDIT = ("On class-conditional ImageNet 256×256, DC-DiT consistently improves FID and Inception Score "
         "over both parameter-matched and FLOP-matched DiT baselines across 4× and 16× compression.")


@pytest.mark.parametrize("question,n_named,kind", [
    ("In the work that reconstructs the lineage of datasets, how does it differ from prior work?", 1, "factual"),
    ("What does EgoThink compare its models against?", 1, "factual"),
    ("How do HiAR and Diagonal Distillation differ in how they keep videos consistent?", 1, "comparative"),
    ("Compare SRPO with prior VLA methods", 1, "factual"),
    ("Compare FlashPrefill and IndexCache.", 2, "comparative"),
    ("Which papers compare agents with humans?", 0, "aggregate"),
    ("Which papers study theory of mind?", 0, "aggregate"),
    ("How do KnowRL and Looking Inward differ?", 0, "comparative"),
    ("What success rate does SRPO reach?", 1, "factual"),
    # held-out phrasings: a choice between two named papers is a comparison ...
    ("which is bigger, the PacifAIst benchmark or Cybench?", 2, "comparative"),
    # ... "which ones" of one named paper are its own items, not papers ...
    ("how many models does cybench evaluate and which ones had the highest success rates?", 1, "factual"),
    ("Which ones use GRPO?", 0, "aggregate"),
    # ... and "who proposes ..." asks which papers do
    ("who proposes a benchmark for planning agents?", 0, "aggregate"),
    ("Who won the 2018 FIFA World Cup?", 0, "factual"),
    # "the rl vs distillation study" is one paper named by what it compares
    ("why does RLVR improve capability in the rl vs distillation study?", 0, "factual"),
    ("in the paper comparing rlvr with distillation, when does distillation improve capability?", 0, "factual"),
    ("how does rl compare vs distillation on capability?", 0, "comparative"),
    # ... and so is "the benchmark comparing X with Y", whatever the noun before the verb
    ("The benchmark comparing agents with human searchers over PDFs: how many questions does it have?",
     0, "factual"),
    ("how do agents compare with human searchers over PDFs?", 0, "comparative"),
    ("any work this week that tests claude models?", 0, "aggregate"),
    ("List every paper this week on video generation.", 0, "aggregate"),
    ("What work is there on theory of mind in LLMs?", 0, "aggregate"),
    ("is there research on tool use?", 0, "aggregate"),
    ("Which paper introduces EgoMe?", 0, "factual"),
    # a list asked with three words before "papers", or as "anything on ..."
    ("list the video generation papers this week", 0, "aggregate"),
    # ... or tersely, a topic's papers
    ("spatial intelligence papers this week?", 0, "aggregate"),
    ("video generation papers?", 0, "aggregate"),
    ("What quantum error-correction algorithm is proposed in these papers?", 0, "factual"),
    ("anything involving test-time training (ttt)?", 0, "aggregate"),
    ("does KnowRL say anything about calibration?", 1, "factual"),
    # one paper named, the other described: still two sides ...
    ("How do 'Looking Inward' and the paper on metacognitive monitoring differ in how they test "
     "self-knowledge?", 1, "comparative"),
    ("which gives the bigger speedup, jit on flux or diagonal distillation for video?", 1, "comparative"),
    ("oaks vs the text-as-pixels modality gap study: how many models did each evaluate?", 1, "comparative"),
    ("How does Looking Inward differ from the metacognitive monitoring paper?", 1, "comparative"),
    ("How do SRPO and the unsupervised perceptual rewards paper avoid reward engineering?", 1, "comparative"),
    ("Compare the Looking Inward introspection paper with the paper on metacognitive monitoring.",
     1, "comparative"),
    # two subjects that "both" do something, then a question about each of them
    ("DC-DiT and Just-in-Time both avoid spending compute on every region. How do their approaches "
     "differ?", 1, "comparative"),
    ("'Believe Your Model' and the unsupervised RLVR study both lean on confidence. How does each "
     "one use it?", 1, "comparative"),
    # ... but a choice inside the named paper is asked of it
    ("which benchmark does srum use, t2i-compbench or geneval?", 1, "factual"),
    ("does SRPO beat GRPO or PPO?", 1, "factual"),
    # (a clause after the comma asking its own either-or)
    ("What is the objective proposed alongside EgoHOIBench called, and do models have more trouble "
     "with verbs or with nouns?", 1, "factual"),
    ("SRPO and GRPO both use groups. Does SRPO need a reward model?", 1, "factual"),
])
def test_kind_follows_structure_and_named_papers(question, n_named, kind):
    assert route.question_kind(question, n_named) == kind


@pytest.mark.parametrize("question,number", [
    ("grade or onemillion-bench: which has more tasks?", True),
    ("which benchmark contains fewer questions, X or Y?", True),
    ("which is larger, X or Y?", True),
    ("which one learns more robust features, X or Y?", False),
    ("which one learns from a teacher model, X or Y?", False),
])
def test_which_has_more_items_asks_for_each_sides_count(question, number):
    assert asked.asks_number(question) == number


@pytest.mark.parametrize("question,heads", [
    ("How many prompts does ConStory-Bench contain, and how many error categories does it define?",
     [stem("prompts"), stem("categories")]),
    ("What precision does ExeVRM 8B reach?", [stem("precision")]),
    ("By how much does RetroAgent beat GRPO on ALFWorld?", [""]),
    ("What are the three roles in MM-Zero?", []),
    # what is counted is the plural noun, not the last word before the verb's object
    ("in simpletom how many questions come with each story?", [stem("questions")]),
    ("How many data entries does EgoSocialArena contain?", [stem("entries")]),
    ("how many annotators wrote the egothink question-answer pairs?", [stem("annotators")]),
    # a plural measure in a "what ..." phrase; "scores" after "how much ... improve" is no measure
    ("what model sizes did they pretrain with prores?", [stem("size")]),
    ("How much does SRUM improve scores on T2I-CompBench?", [""]),
    # "what's the <measure>", a metric's initials before a verb of scoring; a benchmark's
    # size is any count it gives, a model's size its parameters
    ("what's the largest model size ProRes was pretrained at?", [stem("size")]),
    ("What's the size of the MADQA benchmark?", [""]),
    ("what FVD does EVATok get on UCF-101?", [stem("fvd")]),
    ("what LLM does EVATok use?", []),
    # a score said by the verb is a number; what a model reaches for is not
    ("what does srum score on T2I-CompBench after training?", [""]),
    ("what did GPT-5 reach on PacifAIst?", [""]),
    ("what does the agent reach for first?", []),
    ("peg-in-hole with failure prediction - average makespan before vs after?", [""]),
    # a measure asked by its adjective or verb: an accuracy, a coefficient
    ("how accurate is the force-torque failure predictor?", [stem("accuracy")]),
    ("how strongly do MiniAppEval scores correlate with human ratings?", [stem("correlation")]),
    ("how well does the judge agree with humans?", []),
])
def test_measures_are_the_asked_quantities(question, heads):
    assert asked.measures(question) == heads


def test_a_number_states_only_what_it_measures():
    sentences = split_sentences(EXEVRM)
    assert asked.stating(stem("accuracy"), sentences)
    assert asked.stating(stem("recall"), sentences)
    assert not asked.stating(stem("precision"), sentences)  # "precise attribution" has no number
    # "4× and 16× compression" measures compression, not FID
    assert not asked.stating(stem("fid"), [DCDIT])
    assert asked.stating(stem("compression"), [DCDIT])


def test_a_qualifier_must_be_in_the_numbers_clause():
    sentences = split_sentences(LOGER)
    assert asked.stating(stem("ate"), sentences, ["KITTI"])
    assert not asked.stating(stem("ate"), sentences, ["VBR"])  # 74% is on KITTI


def test_not_reported_names_the_paper_and_what_it_does_report():
    paper = Paper(id="2603.10178", title="Video-Based Reward Modeling for Computer-Use Agents",
                  abstract=EXEVRM)
    text = not_reported("What precision does ExeVRM 8B reach on video-execution assessment?", paper)
    assert text.startswith("ExeVRM's abstract does not report")
    assert "84.7%" in text and len(text.split(": ", 1)[1].split()) <= 21
    assert not_reported("What accuracy does ExeVRM 8B reach?", paper) is None
    assert not_reported("What are ExeVRM's inputs?", paper) is None  # not a quantity


COT = ("Reasoning Models Struggle to Control their Chains of Thought",
       "We also find that CoT controllability is higher for larger models and decreases "
       "with more RL training, test-time compute, and increased problem difficulty.")
REMIX = ("ReMix: Reinforcement routing for mixtures of LoRAs in LLM finetuning",
         "We attribute this weakness to the nature of learnable routing weights. Our key "
         "idea is using non-learnable routing weights to ensure all active LoRAs are used.")


@pytest.mark.parametrize("source, premise, quote, sound", [
    (COT, "Why does CoT controllability increase with more RL training?", "decreases with more RL training",
     "Why is CoT controllability higher for larger models?"),
    # the same claim with a phrasal verb
    (COT, "Why does CoT controllability go up with more RL training?", "decreases with more RL training",
     "Why does CoT controllability go down with more RL training?"),
    # an attribute the abstract gives only negated
    (REMIX, "Why does ReMix use learnable routing weights?", "non-learnable routing weights",
     "Why does ReMix use non-learnable routing weights?"),
])
def test_a_why_question_against_the_abstract_is_not_stated(source, premise, quote, sound):
    paper = Paper(id="2603.00001", title=source[0], abstract=source[1])
    text = false_premise(premise, paper)
    assert text and "does not say so" in text and quote in text
    assert false_premise(sound, paper) is None


def test_clauses_keep_lists_and_dash_asides_whole():
    s = ("At its core, a router assigns tokens to four specialized experts--Text, Mask, Reference, "
         "and Base--based on conditions; the router applies top-K selection.")
    parts = clauses(s)
    assert parts[0].endswith("Text, Mask, Reference, and Base--based on conditions")
    assert parts[1] == "the router applies top-K selection."
    # a serial list's ", and" joins its last item; a new clause after ", and" still splits
    s = "It leads on tasks from WMT23, WMT24, and Flores200 benchmarks, and it uses 13K examples."
    assert clauses(s) == ["It leads on tasks from WMT23, WMT24, and Flores200 benchmarks",
                                "it uses 13K examples."]
    # numbers on both sides of ", and" are two clauses' numbers, not a list's items
    assert clauses("On MMLU, our model gains 5%, and on GSM8K it gains 12%.") == [
        "On MMLU, our model gains 5%", "on GSM8K it gains 12%."]


def test_cut_leads_with_the_fact_within_budget():
    s = ("Extensive evaluations demonstrate that FlashPrefill achieves a substantial leap in efficiency, "
         "delivering an unprecedented 27.78x speedup on 256K sequences.")
    assert excerpt.cut("What speedup does FlashPrefill deliver?", [s], 40) == [
        "FlashPrefill achieves a substantial leap in efficiency, delivering an unprecedented 27.78x "
        "speedup on 256K sequences."]
    long = ("Our method generates a 5-second video in 2.61 seconds (up to 31 FPS), achieving a 277.3x "
            "speedup over the undistilled model, while the quality of motion stays high across all of "
            "the long sequences that we evaluated in our many experiments on several benchmarks.")
    out = excerpt.cut("What speedup does it achieve?", [long], 20, hard=True)[0]
    assert "277.3x" in out and len(out.split()) <= 20


def test_coined_names_no_paper_mentions():
    text = "SRPO reaches 99.2% on LIBERO. Agents trained with GRPO. Qwen3-8B results on ImageNet."
    assert coined_unknown("What does AlphaFold 3 report?", text) == ["AlphaFold"]
    assert coined_unknown("How do GRPO-trained agents do on LIBERO?", text) == []
    assert coined_unknown("What FID on ImageNet 256x256 with Qwen3-8B?", text) == []


def test_a_count_in_words_answers_how_many():
    s = ("We create a new dataset, SimpleTom, containing concise, diverse stories, each with three "
         "questions that test different degrees of ToM reasoning.")
    paper = Paper(id="t", title="SimpleToM: Exposing the Gap", abstract=s)
    assert not_reported("in simpletom how many questions come with each story?", paper) is None


SRPO = ("Empirical evaluations on the LIBERO benchmark demonstrate SRPO's efficiency and effectiveness. "
        "Starting from a supervised baseline with 48.9% success, SRPO achieves a new state-of-the-art "
        "success rate of 99.2% in just 200 RL steps. Furthermore, SRPO shows substantial robustness, "
        "achieving a 167% performance improvement on the LIBERO-Plus benchmark.")


def test_a_qualifier_reported_with_a_number_elsewhere_is_where_its_numbers_are():
    paper = Paper(id="t", title="SRPO: Self-Referential Policy Optimization", abstract=SRPO)
    # LIBERO-Plus has its own number (167% improvement): 99.2% is not its success rate
    assert not_reported("what success rate does SRPO reach on LIBERO-Plus?", paper)
    # LIBERO is named without a number, and "LIBERO" is not "LIBERO-Plus"
    assert not_reported("What success rate does SRPO reach on LIBERO?", paper) is None
    # the digit inside a benchmark's name is no number of its clause
    coco = Paper(id="c", title="CoCo: Code as CoT", abstract=(
        "Empirical evaluations on StructT2IBench, OneIG-Bench, and LongText-Bench show that CoCo "
        "achieves improvements of +68.83%, +54.8%, and +41.23% over direct generation."))
    assert not_reported("what improvement does coco report on StructT2IBench?", coco) is None


def test_a_modifier_of_the_measure_the_abstract_never_uses_is_not_stated():
    paper = Paper(id="t", title="FlashPrefill: Ultra-Fast Long-Context Prefilling",
                  abstract="FlashPrefill delivers an unprecedented 27.78x speedup on 256K sequences.")
    assert asked.unsaid_modifiers("what decode speedup does FlashPrefill get?", paper.abstract) == ["decode"]
    assert not_reported("what decode speedup does FlashPrefill get?", paper)
    assert not_reported("What speedup does FlashPrefill get?", paper) is None
    assert asked.unsaid_modifiers("What image-mode accuracy on GSM8K?", "accuracy in image mode") == []


def test_which_is_bigger_asks_for_numbers():
    assert asked.asks_number("which is bigger, the PacifAIst benchmark or Cybench?")
    assert not asked.asks_number("Which benchmarks does Cybench use?")


def test_a_number_right_after_its_noun_measures_it():
    s = ("On FlexTravelBench multi-turn scenarios, it achieves 44.34% (2-turn) and 37.42% (3-turn) FPR "
         "while reducing latency 2.5x through parallelization.")
    assert asked.stating(stem("latency"), [s])
    assert not asked.stating(stem("precision"), [s])


def test_which_noun_is_answered_by_the_name_before_that_noun():
    inward = ["We study introspection by finetuning LLMs to predict properties of their own behavior.",
              "In experiments with GPT-4, GPT-4o, and Llama-3 models (each finetuned to predict itself), "
              "we find that the model M1 outperforms M2 in predicting itself."]
    q = "which models were finetuned to predict themselves in the introspection paper?"
    assert which.naming_sentences(q, inward, q) == [inward[1]]
    assert which.naming_sentences("How many models were finetuned?", inward, "") == []  # a count
    gpus = ("Extensive evaluations on NVIDIA H200 GPUs demonstrate that flash-kmeans achieves up to "
            "17.9x end-to-end speedup over best baselines.")
    q = "which GPUs was flash-kmeans evaluated on?"
    assert which.naming_sentences(q, [gpus], q)
    # the lead "evaluations on ... demonstrate that" is cut for other questions, kept when it names the answer
    assert "H200" in excerpt.cut(q, [gpus], 40, known="flash-kmeans")[0]
    assert "H200" not in excerpt.cut("What speedup does flash-kmeans reach?", [gpus], 40)[0]


def test_digits_in_urls_and_citations_measure_nothing():
    said = ["A recent study (Gandhi et al., 2025) shows that RL alone does not instill it.",
            "Source code is available at https://github.com/3rdAT/ThinkTuning.",
            "It gains 3.85% over prior work [12, 14]."]
    assert asked.stating("", said) == ["It gains 3.85% over prior work [12, 14]."]


def test_item_markers_and_3d_are_not_counts_but_19k_is():
    listed = ("Our method (1) first decomposes the scores using Gaussian Mixture Models, "
              "(2) then applies a reject filter.")
    assert asked.stating(stem("models"), [listed]) == []
    assert asked.stating(stem("models"), ["Experiments across 16 models and 5 benchmarks."])
    assert asked.stating("", ["We scale dense 3D reconstruction to long sequences."]) == []
    assert asked.stating(stem("frames"), ["A VBR dataset with sequences of up to 19k frames."])


def test_a_percentage_is_no_count_of_the_things_asked():
    sentence = ["Our best agent only achieves an end-to-end task success rate of 10.59%."]
    assert asked.stating(stem("tasks"), sentence) == []  # "how many tasks"
    assert asked.stating(stem("rate"), sentence) == sentence  # "what success rate"
    assert asked.stating(stem("tasks"), ["We include 40 tasks from 4 competitions."])


def test_a_description_of_the_paper_is_not_what_is_asked():
    assert route.answer_part("which two models were tested in the paper on flagging unsupported "
                             "claims in abstracts?") == "which two models were tested?"
    assert route.answer_part("in the paper comparing rlvr with distillation, when does distillation "
                             "improve capability?") == "when does distillation improve capability?"
    assert route.answer_part("In the peg-in-hole robot assembly work, what did the makespan go "
                             "down to?") == "what did the makespan go down to?"
    # nothing left to ask without it: the question stays whole
    assert route.answer_part("what is in the paper on egothink?") == "what is in the paper on egothink?"
    # a lead set off by a dash or a colon, asking nothing, describes the paper
    assert route.answer_part("The sports dataset for badminton and tennis - how many QA pairs are in its "
                             "benchmark?") == "how many QA pairs are in its benchmark?"
    assert route.answer_part("the reconstruction model with hybrid memory — what sequence length is it "
                             "trained on?") == "what sequence length is it trained on?"
    # ... not a lead that asks, nor a colon inside the question
    assert route.answer_part("what is X: a method or a dataset?") == "what is X: a method or a dataset?"
    assert route.answer_part("ThinkTuning — average gain, and the gain over GRPO?") == (
        "ThinkTuning — average gain, and the gain over GRPO?")


def test_a_models_version_and_size_do_not_split_a_list_of_models():
    from paperqa_lite.clauses import clauses
    sentence = ("Our results show that o1, Claude 3.5 Sonnet, Gemini 1.5 Pro, and Llama 3.1 405B all "
                "demonstrate in-context scheming capabilities.")
    assert clauses(sentence) == [sentence.rstrip(".") + "."]
    # a measure on either side still makes two clauses
    assert clauses("On MMLU, it gains 5%, and on GSM8K 12%.") == ["On MMLU, it gains 5%", "on GSM8K 12%."]


def test_names_coined_by_introducing_investigating_or_a_quoted_definition():
    from paperqa_lite.names import NameIndex
    psivg = Paper(id="p", title="Physical Simulator In-the-Loop Video Generation", abstract=(
        "We address this gap by introducing Physical Simulator In-the-loop Video Generation (PSIVG), "
        "a novel framework. We propose a Test-Time Texture Consistency Optimization (TTCO) technique."))
    crew = Paper(id="c", title="Confidence as a Reward: Transforming LLMs into Reward Models", abstract=(
        "In this work, we systematically investigate Confidence-as-a-Reward (CRew), a simple method."))
    flr = Paper(id="f", title="Aligning Language Models Using Follow-up Likelihood as Reward Signal", abstract=(
        "Our proposed reward mechanism, ``Follow-up Likelihood as Reward\" (FLR), matches strong reward models."))
    tom = Paper(id="t", title="Benchmarking the Theory of Mind of LLMs", abstract=(
        "We study Theory of Mind (ToM) in LLMs and we study GPT-4o, a model."))
    assert [a for a, _ in NameIndex.aliases(psivg)][0] == "PSIVG"
    assert "CRew" in [a for a, _ in NameIndex.aliases(crew)]
    # the long form a coined acronym abbreviates is a name users type too
    assert [a for a, _ in NameIndex.aliases(flr)] == ["FLR", "Follow-up Likelihood as Reward"]
    assert NameIndex.aliases(tom) == []  # a two-word field and a studied model are no names
    index = NameIndex([psivg, crew, flr, tom])
    assert index.find("what does physical simulator in-the-loop video generation add over FLR?") == [psivg, flr]
    assert index.find("how is the theory of mind measured?") == []


def test_what_a_quantity_went_from_and_to_asks_its_two_values():
    assert asked.measures("what did the average makespan go from and to once failures were predicted?") == [
        stem("makespan")]
    assert asked.measures("what did the loss drop from?") == [stem("loss")]
    assert asked.measures("what did the authors go on to build?") == []


def test_a_title_in_capitals_or_a_field_acronym_is_no_name_a_claim_resolves():
    """SciFact's claims ("Bariatric surgery increases rates of ...") named a paper titled
    "JUVENILE MORTALITY INCREASES WITH CLUTCH SIZE" and put it first for 90 of 809 claims."""
    from paperqa_lite.names import NameIndex
    shouting = Paper(id="j", title="JUVENILE MORTALITY INCREASES WITH CLUTCH SIZE", abstract="We study birds.")
    bonds = Paper(id="d", title="DIASPORA BONDS: TAPPING THE DIASPORA DURING DIFFICULT TIMES", abstract="Bonds.")
    fat = Paper(id="f", title="Vesicular Glycolysis Provides On-Board Energy for Fast Axonal Transport", abstract=(
        "Fast axonal transport (FAT) requires consistent energy over long distances."))
    index = NameIndex([shouting, bonds, fat])
    assert NameIndex.aliases(shouting) == [] and NameIndex.aliases(bonds) == []
    assert index.find("Bariatric surgery increases rates of colorectal cancer.") == []
    assert index.find("Ca2+ cycling controls whole-body energy homeostasis in beige fat.") == []


FLASHPREFILL = Paper(id="f", title="FlashPrefill: Fast Prefilling", abstract=(
    "Long-context modeling is pivotal, yet the quadratic complexity of attention remains a bottleneck. "
    "FlashPrefill delivers an unprecedented 27.78x speedup on 256K sequences. Notably, FlashPrefill "
    "maintains a 1.71x speedup even at a 4K context length."))


def _flashprefill_answer(question: str) -> str:
    """The clauses a factual answer about :data:`FLASHPREFILL` selects, one per part."""
    from paperqa_lite.factual import select
    import paperqa_lite.evidence as ev
    return " ".join(select(question, ev.Evidence(FLASHPREFILL, ev.clean_sentences(FLASHPREFILL.abstract), 1.0), 40))


def test_a_yes_no_part_after_a_quantity_is_a_part_of_its_own():
    question = "how much faster is flashprefill on 256k-token sequences, and does it still speed things up at 4k?"
    assert question_parts(question) == ["how much faster is flashprefill on 256k-token sequences",
                                     "does it still speed things up at 4k"]
    text = _flashprefill_answer(question)
    assert "27.78x" in text and "1.71x" in text
    # ... with a subject of its own too
    assert question_parts("what is the objective called, and do egocentric models have more trouble with "
                          "verbs or with nouns?") == ["what is the objective called",
                                                      "do egocentric models have more trouble with verbs or with nouns"]
    # a possessive names whose measure is asked
    assert asked.measures("what is loger's absolute trajectory error on kitti?") == [stem("error")]


def test_a_second_question_after_a_question_mark_is_a_part_of_its_own():
    question = "Does FlashPrefill still give a speedup on short contexts? What does it get at 4K?"
    assert question_parts(question) == ["Does FlashPrefill still give a speedup on short contexts",
                                        "What does it get at 4K"]
    assert "1.71x" in _flashprefill_answer(question)
    # ... and a yes/no question asks, so a wh-part after it is its own too
    assert question_parts("How do A and B cut compute? Does either need training, and what speedup does B "
                          "claim?") == ["How do A and B cut compute", "Does either need training",
                                        "what speedup does B claim"]
    # how to answer is no question: "? yes or no", "? Compare them."
    assert len(question_parts("Does X beat Y? yes or no")) == 1
    assert len(question_parts("Do X and Y agree on rewards? Compare them.")) == 1


def test_a_verb_of_studying_beside_one_of_introducing_still_coins_the_name():
    """"We study and introduce X, a ...": the introducing verb coins X though a verb of
    studying starts at the same word."""
    from paperqa_lite.names import NameIndex
    paper = Paper(id="x", title="T", abstract="We study and introduce EgoX, a benchmark for planning.")
    assert [a for a, _ in NameIndex.aliases(paper)] == ["EgoX"]


def test_a_title_head_typed_in_lower_case_as_the_x_paper_names_it():
    from paperqa_lite.names import resolve_named
    hidden = Paper(id="h", title="Hidden in Plain Sight: Probing Implicit Reasoning in MLLMs",
                   abstract="We evaluate six MLLMs, including o3 and GPT-4o, and find that models fail.")
    other = Paper(id="o", title="EgoThink: Thinking from a First-Person Perspective",
                  abstract="We introduce EgoThink and evaluate eighteen popular VLMs on EgoThink.")
    assert resolve_named("how many mllms did the hidden in plain sight paper evaluate?", [hidden, other]) == [hidden]
    # the words alone, without the frame, are a phrase, not a name
    assert resolve_named("what is hidden in plain sight in these images?", [hidden, other]) == []


def test_a_count_question_keeps_the_clause_counting_the_asked_thing():
    from paperqa_lite.excerpt import cut
    sentence = ("Using a curated diagnostic suite spanning four categories of real-world failure modes, we "
                "evaluate six MLLMs, including o3 and GPT-4o, and find that models frequently fail to surface "
                "hidden issues, even when they possess the necessary perceptual and reasoning skills.")
    got = cut("how many mllms did the hidden in plain sight paper evaluate?", [sentence], 25, hard=True)[0]
    assert "six MLLMs" in got


def test_a_makers_name_before_a_model_is_no_topic_word():
    from paperqa_lite.topics import topic
    assert topic("which papers evaluate anthropic's Claude models?") == topic("which papers evaluate Claude models?")
    # a possessive before a common word is part of the topic
    assert "agent" in topic("which papers study the model's agent behaviour?")


def test_a_parenthesis_restating_a_list_topic_is_a_topic_of_its_own():
    from paperqa_lite import evidence as ev
    from paperqa_lite.topics import matches, restated
    vla = Paper(id="v", title="π-StepNFT: Finer Steps in Online RL", abstract=(
        "Flow-based vision-language-action (VLA) models excel in embodied control. We propose π-StepNFT."))
    q = "which papers deal with robot policies that take vision and language in and output actions (VLA models)?"
    assert restated(q) == "which papers are about VLA models?"
    assert matches(q, ev.Evidence(vla, ev.clean_sentences(vla.abstract), 1.0))
    # examples in brackets are not the topic
    assert restated("which papers evaluate agents (e.g., GPT-4 agents)?") is None
    # nor are the kinds of work wanted: a paper sharing only "dataset, benchmark" is off topic
    assert restated("Papers on spatial intelligence (datasets/benchmarks/models)?") is None
    weedit = Paper(id="w", title="WeEdit: A Dataset, Benchmark and Framework for Text Image Editing", abstract=(
        "We present WeEdit, a dataset construction pipeline, two benchmarks and a training strategy."))
    assert not matches("Papers on spatial intelligence (datasets/benchmarks/models)?",
                       ev.Evidence(weedit, ev.clean_sentences(weedit.abstract), 1.0))


def test_a_name_with_a_number_is_the_same_with_or_without_its_hyphen():
    from paperqa_lite.listnames import _says
    assert _says("MATH-500", "on the MATH500 and RewardMATH benchmarks")
    assert _says("MATH500", "on MATH-500, AIME and GPQA")
    assert not _says("MATH-500", "on the MATH benchmark")
    assert not _says("GPT-4", "GPT-4o and GPT-5")


def test_a_cut_clause_does_not_end_in_the_middle_of_a_phrase():
    from paperqa_lite.excerpt import cut
    sentence = ("On class-conditional ImageNet 256×256, DC-DiT consistently improves FID and Inception Score "
                "over both parameter-matched and FLOP-matched DiT baselines across 4× and 16× compression.")
    got = cut("what fid does dc-dit get?", [sentence], 20, hard=True)[0]
    assert not got.rstrip(".").endswith((" and", " across", " 4×"))


def test_a_side_of_a_two_sided_question_may_be_a_lower_case_title_head():
    from paperqa_lite.names import resolve_named
    hidden = Paper(id="h", title="Hidden in Plain Sight: Probing Implicit Reasoning in MLLMs",
                   abstract="We evaluate six MLLMs.")
    pacifaist = Paper(id="p", title="The PacifAIst Benchmark", abstract="We introduce PacifAIst. We evaluated eight LLMs.")
    assert resolve_named("which evaluated more models, pacifaist or hidden in plain sight?",
                         [hidden, pacifaist]) == [pacifaist, hidden]


@pytest.mark.parametrize("question,heads", [
    # brackets gloss the measure's phrase, they do not end it
    ("what model sizes (parameter counts) did they pretrain?", [stem("size")]),
    # "number of" where the question asks it is "how many"; inside a clause it is not asked
    ("EgoThink: number of VLMs evaluated?", [stem("vlms")]),
    ("what is the number of tasks in the benchmark?", [stem("tasks")]),
    ("how does the number of personas affect the results?", []),
    # a length is a measure, said in its unit ("128 frames")
    ("what sequence length is it trained on?", [stem("length")]),
    ("how long were the training sequences?", [stem("length")]),
])
def test_a_measure_glossed_in_brackets_counted_as_number_of_or_a_length(question, heads):
    assert asked.measures(question) == heads


def test_a_length_is_stated_in_frames_or_tokens():
    assert asked.stating(stem("length"), ["The memory lets the model train on sequences of 128 frames."])
    assert not asked.stating(stem("length"), ["The model is trained on 4 GPUs."])


def test_a_plus_joins_two_asked_parts():
    assert question_parts("EgoThink: number of VLMs evaluated + which one leads in most dimensions?") == [
        "EgoThink: how many VLMs evaluated", "which one leads in most dimensions"]


def test_a_name_before_the_measure_qualifies_it_a_kind_does_not():
    text = "We raise accuracy on GSM8K from 30.71% to 92.72%, with LLM judges."
    assert targets.qualifiers("what GSM8K accuracy does the model get?", text, []) == ["GSM8K"]
    assert targets.qualifiers("what LLM accuracy does the model get?", text, []) == []


def test_an_item_after_in_particular_stays_in_its_list():
    s = ("Simple interventions, such as persona prompting and, in particular, requiring a clarifying "
         "question, recover performance.")
    assert clauses(s) == [s]
    # nor does an example list after ", including"
    assert clauses("We evaluate six MLLMs, including o3 and GPT-4o.") == ["We evaluate six MLLMs, including o3 and GPT-4o."]
    # a participle after a plain comma is still a clause of its own
    assert clauses("It beats prior methods, reducing error by 74%.") == ["It beats prior methods",
                                                                          "reducing error by 74%."]


def test_the_method_after_via_names_its_paper_unless_many_papers_use_the_phrase():
    from paperqa_lite.names import NameIndex
    diag = Paper(id="d", title="Streaming Video Generation via Diagonal Distillation", abstract=(
        "We propose a distillation method for streaming video."))
    score = Paper(id="s", title="Training Models to Self-Correct via Reinforcement Learning", abstract=(
        "We study reinforcement learning for self-correction."))
    other = Paper(id="o", title="Agents That Plan", abstract="Agents trained with reinforcement learning plan.")
    index = NameIndex([diag, score, other])
    assert index.find("how fast is diagonal distillation?") == [diag]
    assert index.find("which papers use reinforcement learning?") == []


def test_a_word_framed_as_the_x_paper_names_the_one_paper_using_it():
    from paperqa_lite.names import resolve_named
    urlvr = Paper(id="u", title="How Far Can Unsupervised RLVR Scale LLM Training?", abstract=(
        "Unsupervised reinforcement learning with verifiable rewards (URLVR) scales training. We revisit URLVR."))
    band = Paper(id="b", title="BandPO: Probability-Aware Bounds", abstract="We propose BandPO for RL.")
    rl = Paper(id="r", title="RL at Scale", abstract="We scale RL and GRPO.")
    papers = [urlvr, band, rl]
    assert resolve_named("what indicator does the URLVR paper propose, vs BandPO?", papers) == [urlvr, band]
    # a word two papers use names neither
    assert resolve_named("what does the RL paper propose?", papers) == []


def test_a_benchmark_one_paper_runs_on_is_not_the_x_paper():
    from paperqa_lite.names import resolve_named
    hiar = Paper(id="h", title="HiAR: Hierarchical Denoising", abstract="On VBench, HiAR achieves the best score.")
    other = Paper(id="o", title="Agents That Plan", abstract="We study planning agents.")
    assert resolve_named("what does the VBench paper say about temporal flickering?", [hiar, other]) == []


def test_which_counted_noun_is_answered_by_names_set_off_after_it():
    question = "Which four specialized experts does CARE-Edit's router assign diffusion tokens to?"
    assert which.asked_noun(question) == stem("experts")
    sentences = ["We propose CARE-Edit, a routing method.",
                 "A router assigns tokens to four specialized experts--Text, Mask, Reference, and Base--based on "
                 "conditions."]
    assert which.naming_sentences(question, sentences, question) == [sentences[1]]


@pytest.mark.parametrize("question, name", [
    ("which benchmarks does each one evaluate on?", True),
    ("what strategy does X use?", True),
    # a kind is described, not named: "group-level language feedback"
    ("what kind of signal does each one use?", False),
    ("what type of model does X train?", False),
    ("which papers study theory of mind?", False),
])
def test_what_kind_of_x_asks_a_description_not_a_name(question, name):
    assert which.asks_name(question) == name


def test_number_of_this_and_number_of_that_are_two_parts():
    assert question_parts("RoboMME — number of tasks and number of memory-augmented VLA variants?") == [
        "RoboMME — how many tasks", "how many memory-augmented VLA variants"]
    # a count asked inside a clause stays one part
    assert len(question_parts("how does the number of personas and the number of turns affect accuracy?")) == 1


def test_a_second_size_under_another_preposition_is_a_part_of_its_own():
    question = "what speedup does flashprefill get on 256K sequences, and at 4K context?"
    assert question_parts(question) == ["what speedup does flashprefill get on 256K sequences",
                                        "what speedup does flashprefill get at 4K context"]
    text = _flashprefill_answer(question)
    assert "27.78x" in text and "1.71x" in text
    # conditions that are not two sizes stay one part under two prepositions
    assert len(question_parts("what accuracy on LIBERO and in simulation?")) == 1


def test_a_defined_acronym_reads_as_its_measure_but_not_where_it_is_defined_or_asked():
    sentences = ["We include 40 professional-level Capture the Flag (CTF) tasks.",
                 "On TravelBench it reaches 52.6% Final Pass Rate (FPR).",
                 "On MultiTurnBench it achieves 37.4% (3-turn) FPR."]
    # "(CTF) tasks" still counts tasks; "37.4% FPR" states a pass rate, and an FPR
    assert asked.stating(stem("tasks"), sentences) == sentences[:1]
    assert asked.stating(stem("rate"), sentences) == sentences[1:]
    assert sentences[2] in asked.stating(stem("fpr"), sentences)


def test_a_benchmark_named_past_its_modifiers_qualifies_the_measure():
    text = "On TravelPlanner it reaches 52.78% FPR. On FlexTravelBench multi-turn scenarios, it achieves 44.34% FPR."
    assert targets.qualifiers("what final pass rates are reported on the 2-turn and 3-turn FlexTravelBench "
                            "scenarios?", text, ["HiMAP-Travel"]) == ["FlexTravelBench"]
    # a task's initials are no benchmark's name
    assert targets.qualifiers("does tuning on the sports spatial QA data improve accuracy?",
                            "We build QA pairs. Tuning on CourtSI improves accuracy by 23.5 points.", []) == []


def test_a_measure_typed_after_a_dash_is_asked_as_after_a_colon():
    assert asked.measures("ThinkTuning — average gain over zero-shot baselines?") == ["gain"]
    assert asked.measures("ThinkTuning: average gain over zero-shot baselines?") == ["gain"]
    # a dash setting off the sides of a question already asked, or a count, is not that
    assert asked.measures("whose gain is bigger — SCoRe's improvement or KnowRL's accuracy gain?") != ["improv"]
    assert asked.measures("paretognn — number of benchmark datasets in the experiments") != ["number"]
