"""Per-paper lines of a comparison on a dimension: the runner-up sentence when the words
cannot tell which of two answers (and none when nothing says the dimension), and sizes
asked as "how big"."""

from paperqa_lite import evidence as ev
from paperqa_lite.dimension import on_dimension
from paperqa_lite.paper import Paper


def test_an_unsure_pick_shows_the_runner_up_too():
    retro = Paper(id="r", title="RetroAgent: From Solving to Evolving", abstract=(
        "RetroAgent features a hindsight self-reflection mechanism that produces intrinsic feedback on each attempt. "
        "Its memory buffer stores past lessons and reuses them on similar tasks. "
        "RetroAgent outperforms baselines on ALFWorld and WebShop."))
    skill = Paper(id="x", title="XSkill: Continual Learning from Experience and Skills", abstract=(
        "We propose XSkill, which distills skills from past rollouts and reuses them without parameter updates."))
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (retro, skill)]
    lines = "".join(on_dimension("how do RetroAgent and XSkill each keep and reuse past attempts?", chosen, 25))
    retro_line = lines.splitlines()[0]
    # two sentences say as much of "keep and reuse past attempts": both are shown, cut
    assert "memory buffer" in retro_line and "self-reflection" in retro_line and " … " in retro_line
    assert len(retro_line.split()) <= 25 + 15 + 6  # the pick, the shorter runner-up, label and ellipsis


def test_how_big_is_each_benchmark_gives_each_size():
    one = Paper(id="o", title="$OneMillion-Bench: How Far are Language Agents from Human Experts?", abstract=(
        "We introduce OneMillion-Bench, a benchmark of 400 expert-curated tasks spanning law and finance."))
    story = Paper(id="s", title="Lost in Stories: Consistency Bugs in Long Story Generation", abstract=(
        "Existing story generation benchmarks focus mainly on plot quality and fluency. "
        "To address this gap, we present ConStory-Bench, a benchmark designed to evaluate narrative consistency. "
        "It contains 2,000 prompts across four task scenarios."))
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (one, story)]
    lines = "".join(on_dimension("OneMillion-Bench vs ConStory-Bench: how big is each benchmark?", chosen, 25))
    assert "400 expert-curated tasks" in lines and "2,000 prompts" in lines


def test_no_runner_up_when_nothing_says_the_dimension_and_how_large_language_models_is_no_size():
    alpha = Paper(id="a", title="AlphaNet", abstract="AlphaNet uses message passing on molecules. Graphs are everywhere.")
    beta = Paper(id="b", title="BetaNet", abstract="BetaNet scores 12 models on 3,000 prompts. BetaNet is fast.")
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (alpha, beta)]
    lines = "".join(on_dimension("how do AlphaNet and BetaNet differ in their treatment of privacy?", chosen, 25))
    assert " … " not in lines  # nothing says privacy: one sentence each, not two guesses
    from paperqa_lite.dimension import HOW_BIG
    assert HOW_BIG.search("how big is each benchmark?")
    assert not HOW_BIG.search("what does each find about how large language models decide to call tools?")


def test_score_said_as_a_verb_asks_how_not_a_number_and_the_two_names_are_one_part():
    from paperqa_lite.parts import question_parts
    question = "How do OneMillion-Bench and ConStory-Bench differ in how they score model outputs?"
    assert question_parts(question) == [question.rstrip("?")]
    one = Paper(id="o", title="$OneMillion-Bench: How Far are Language Agents from Human Experts?", abstract=(
        "We introduce OneMillion-Bench, a benchmark of 400 expert-curated tasks spanning law and finance. "
        "We adopt a rubric-based evaluation protocol scoring factual accuracy and logical coherence."))
    story = Paper(id="s", title="Lost in Stories: Consistency Bugs in Long Story Generation", abstract=(
        "We present ConStory-Bench, which contains 2,000 prompts across four task scenarios. "
        "An automated judge scores each output for contradictions."))
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (one, story)]
    first = "".join(on_dimension(question, chosen, 25)).splitlines()[0]
    # the sentence saying how outputs are scored leads, not the one with a number
    assert first.split("]: ", 1)[1].startswith("We adopt a rubric-based evaluation protocol")


def test_a_comparison_asking_three_things_answers_each_within_two_cells():
    dc = Paper(id="d", title="Dynamic Chunking Diffusion Transformer", abstract=(
        "We introduce DC-DiT, which compresses the token sequence with a learned chunking mechanism. "
        "It retrofits pretrained checkpoints with minimal post-training compute."))
    jit = Paper(id="j", title="Just-in-Time: Spatial Acceleration for Diffusion Transformers", abstract=(
        "JiT cuts compute by evaluating only a sparse subset of anchor tokens. "
        "The framework needs no training and plugs into pretrained models. "
        "JiT achieves up to a 7x speedup with nearly lossless performance."))
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (dc, jit)]
    question = ("How do DC-DiT and Just-in-Time differ in how they cut compute? Does either need training, "
                "and what speedup does JiT claim?")
    lines = "".join(on_dimension(question, chosen, 25)).splitlines()
    assert "anchor tokens" in lines[1] and "no training" in lines[1] and "7x" in lines[1]
    assert all(len(line.split()) <= 2 * 25 + 8 for line in lines)  # two cells, label and ellipses



def test_a_dataset_is_the_data_a_comparison_asks_for():
    plan = Paper(id="p", title="PlanBench: Benchmarking Planning", abstract=(
        "We introduce PlanBench, a benchmark of egocentric planning tasks. To facilitate progress, we "
        "further present PlanBench-IT, a specialized instruction-tuning dataset. We have made all codes, "
        "data, and a leaderboard available."))
    think = Paper(id="t", title="ThinkBench", abstract="We introduce ThinkBench, a benchmark of six capabilities.")
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (plan, think)]
    lines = "".join(on_dimension("How do PlanBench and ThinkBench differ, and does either of them also provide "
                                 "training data?", chosen, 25))
    assert "PlanBench-IT" in lines.splitlines()[0]


def test_each_part_answers_its_own_ask_not_the_ground_both_share():
    jit = Paper(id="j", title="Just-in-Time: Training-Free Spatial Acceleration for Diffusion Transformers", abstract=(
        "The uniform computational treatment of all spatial regions wastes compute. In this paper, we introduce "
        "Just-in-Time (JiT), a novel training-free framework for acceleration in the spatial domain. JiT computes "
        "on a dynamically selected, sparse subset of anchor tokens. JiT achieves up to a 7x speedup."))
    dc = Paper(id="d", title="Dynamic Chunking Diffusion Transformer", abstract=(
        "We introduce the Dynamic Chunking Diffusion Transformer (DC-DiT), which compresses uniform image regions. "
        "DC-DiT can be upcycled from pretrained DiT checkpoints with up to 8x fewer training steps."))
    chosen = [ev.Evidence(p, ev.clean_sentences(p.abstract), 1.0) for p in (jit, dc)]
    lines = "".join(on_dimension(
        "Dynamic Chunking DiT and Just-in-Time both save compute by not treating all image regions equally. "
        "How do they differ in whether they need training, and what efficiency gains does each report?", chosen, 25))
    jit_line = lines.splitlines()[0]
    assert "training-free" in jit_line and "7x speedup" in jit_line
