"""List topics said in other words than the abstracts use: a field's own phrasing
("a real robotic system" for "physical robot hardware"), efficiency for "cheaper or
faster", theory of mind for "what other people believe", and quantities ("a small set
of") that are no topic word."""

from paperqa_lite import evidence as ev
from paperqa_lite.paper import Paper
from paperqa_lite.sentences import stem
from paperqa_lite.topics import covers, list_question, matches, on_terms, topic


def _listed(question: str, papers: list[Paper]) -> list[str]:
    q = list_question(question)
    weights = ev.rarity(topic(q), papers)
    return [p.id for p in papers
            if covers(q, ev.Evidence(p, [], 0.0)) or matches(q, ev.Evidence(p, [], 0.0), weights)]


def test_a_real_robotic_system_is_physical_robot_hardware():
    papers = [
        Paper(id="peg", title="Optimal decision making in robotic assembly", abstract=(
            "We study when to stop a trial-and-error task. We demonstrate this approach on a robotic "
            "peg-in-hole assembly problem using a real robotic system.")),
        Paper(id="sim", title="Robot locomotion in simulation", abstract=(
            "We train a quadruped robot policy entirely in a physics simulator and report returns.")),
    ]
    q = list_question("Which papers run experiments on physical robot hardware rather than only in simulation?")
    assert covers(q, ev.Evidence(papers[0], [], 0.0))
    assert not covers(q, ev.Evidence(papers[1], [], 0.0))


def test_cheaper_or_faster_is_said_by_a_speedup_or_efficiency():
    papers = [
        Paper(id="hiar", title="HiAR: Efficient Autoregressive Long Video Generation", abstract=(
            "We propose HiAR, a hierarchical denoising framework for video generation, with a 1.8x "
            "wall-clock speedup.")),
        Paper(id="depth", title="DVD: Deterministic Video Depth Estimation", abstract=(
            "We repurpose a video generation model to estimate depth with high temporal consistency.")),
        Paper(id="flash", title="FlashPrefill", abstract="We accelerate the prefill of long-context LLMs."),
    ]
    q = list_question("Which papers try to make video generation cheaper or faster?")
    assert "tri" not in topic(q)  # "try to make" says how papers relate, not what about
    assert [p.id for p in papers if covers(q, ev.Evidence(p, [], 0.0))] == ["hiar"]


def test_what_other_people_believe_is_theory_of_mind():
    papers = [
        Paper(id="tom", title="Entering Real Social World! Benchmarking the Theory of Mind of LLMs", abstract=(
            "Humans reason about others' mental states. We benchmark the Theory of Mind (ToM) "
            "of language models in social scenarios.")),
        Paper(id="sch", title="Frontier Models are Capable of In-context Scheming", abstract=(
            "We believe models may pursue misaligned goals; we evaluate their reasoning about oversight.")),
    ]
    question = ("Which papers test whether language models can reason about what other people believe, "
                "intend or are aware of?")
    assert _listed(question, papers) == ["tom"]


def test_a_quantity_of_the_thing_is_no_topic_word():
    q = list_question("which papers route each input to a small set of specialised experts?")
    assert {"small", "set"}.isdisjoint(topic(q)) and {"rout", "expert"} <= topic(q)
    moe = Paper(id="care", title="CARE-Edit: Condition-Aware Routing of Experts", abstract=(
        "We route each input token to specialised experts chosen by the editing condition."))
    other = Paper(id="gen", title="A small set of prompts", abstract="We curate a small set of specialised prompts.")
    assert _listed(q, [moe, other]) == ["care"]


def test_a_field_word_is_said_beside_the_terms_other_words():
    q = list_question("Which papers run experiments on physical robot hardware?")
    apart = Paper(id="a", title="Fast sampling", abstract=(
        "We run experiments with a hardware-efficient kernel. A simulated robot is controlled."))
    physics = Paper(id="p", title="Video physics", abstract="We sample videos with a hardware-efficient sampler.")
    assert not covers(q, ev.Evidence(apart, [], 0.0))
    assert not covers(list_question("Which papers study physics in video generation models?"),
                      ev.Evidence(physics, [], 0.0))


def test_a_comparative_after_a_term_is_not_part_of_it():
    from paperqa_lite.topics import on_terms, terms
    q = list_question("which papers make sparse attention cheaper for long-context LLMs?")
    assert terms(q) == [["sparse", "attention"]]
    flash = Paper(id="f", title="FlashPrefill: fast block-sparse attention", abstract=(
        "We accelerate sparse attention for long-context LLMs with a 27x speedup."))
    index = Paper(id="i", title="IndexCache: Accelerating Sparse Attention", abstract=(
        "We reuse sparse attention indices across layers of long-context LLMs, a 1.8x speedup."))
    golf = Paper(id="g", title="Bootstrapping Exploration with Group-Level Feedback", abstract=(
        "LLMs learn from feedback in sparse-reward regions with better exploration efficiency."))
    chosen = [ev.Evidence(p, [], 1.0) for p in (flash, index, golf)]
    # two papers say the term, one in its title: a paper saying "sparse" and "efficiency"
    # apart is not about sparse attention
    assert [e.paper.id for e in on_terms(q, chosen)] == ["f", "i"]


def test_text_to_image_is_said_by_t2i():
    srum = Paper(id="s", title="SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models", abstract=(
        "We improve the generation module of unified models, boosting performance on T2I-CompBench."))
    video = Paper(id="v", title="A video model", abstract="We improve image-to-video generation on VBench.")
    q = list_question("Which papers evaluate or improve text-to-image generation?")
    assert _listed(q, [srum, video]) == ["s"]


def test_verbal_or_written_feedback_is_language_feedback():
    golf = Paper(id="g", title="Bootstrapping Exploration with Group-Level Natural Language Feedback", abstract=(
        "LLM agents receive natural language (NL) feedback; we train them with it in RL."))
    retro = Paper(id="r", title="RetroAgent", abstract=(
        "RetroAgent trains agents with intrinsic language feedback besides numerical rewards."))
    scalar = Paper(id="s", title="Scalar rewards for agents", abstract="We train LLM agents with verifiable scalar rewards.")
    q = list_question("which papers train LLM agents with verbal, written feedback and not only numeric rewards?")
    assert _listed(q, [golf, retro, scalar]) == ["g", "r"]


def test_a_robot_policy_reading_images_and_instructions_is_a_vla():
    step = Paper(id="p", title="π-StepNFT: Online RL for Flow-based VLAs", abstract=(
        "Flow-based vision-language-action (VLA) models excel in embodied control; we fine-tune them online."))
    shot = Paper(id="s", title="ShotVerse: Cinematic Camera Control", abstract=(
        "We control the camera of a text-to-video model from language instructions."))
    q = list_question("Which papers work on robot control policies that take camera images and language "
                      "instructions as input?")
    assert "input" not in topic(q)  # what the policy takes as input is the topic, not "input"
    assert _listed(q, [step, shot]) == ["p"]
    # ... read so only of a topic about robots or policies: a VLA paper says no "image generation"
    srpo = Paper(id="v", title="SRPO: Self-Referential Policy Optimization for VLA", abstract=(
        "We propose SRPO, a vision-language-action (VLA) RL framework using generated trajectories."))
    gen = Paper(id="g", title="Native Image Generation", abstract="We explore text-to-image generation with GPT-4o.")
    assert _listed(list_question("Which papers are about text-to-image or image generation?"), [srpo, gen]) == ["g"]


def test_what_other_people_know_or_feel_is_theory_of_mind_too():
    tom = Paper(id="t", title="SimpleToM", abstract="We test the theory of mind (ToM) of LLMs with short stories.")
    feel = Paper(id="f", title="Emotion recognition", abstract="We classify how speakers feel from audio.")
    q = list_question("Which papers test whether language models can work out what other people know, feel "
                      "or are about to do?")
    assert _listed(q, [tom, feel]) == ["t"]


def test_words_of_order_are_no_topic_words():
    papers = [
        Paper(id="blocks", title="Rolling Video Synthesis", abstract=(
            "We generate long videos autoregressively, block by block, with a causal video generator.")),
        Paper(id="chunks", title="Streaming Clips", abstract=(
            "An autoregressive video generator that produces each chunk conditioned on the last.")),
        Paper(id="order", title="Reordering Prompts", abstract=(
            "We study whether one prompt after another changes what a chat model answers.")),
    ]
    q = "Which papers generate video autoregressively, one chunk or block after another?"
    assert not {"one", "anoth", "after"} & topic(list_question(q))
    assert _listed(q, papers) == ["blocks", "chunks"]


def test_a_physical_robot_in_the_real_world_is_said_once():
    papers = [
        Paper(id="peg", title="Deciding when to restart robotic assembly", abstract=(
            "We demonstrate the approach on a peg-in-hole assembly problem using a real robotic system.")),
        Paper(id="ego", title="EgoFollow: Imitation in the Real World", abstract=(
            "A dataset of egocentric videos of daily behaviors in the real world, to help robots imitate "
            "people.")),
    ]
    q = list_question("Which papers show results on a physical robot in the real world rather than only in "
                      "simulation?")
    assert topic(q) == topic("Which papers show results on a physical robot?")
    weights = ev.rarity(topic(q), papers)
    said = on_terms(q, [e for e in (ev.Evidence(p, [], 0.0) for p in papers) if matches(q, e, weights)])
    assert [e.paper.id for e in said] == ["peg"]


def test_long_inputs_are_said_as_long_context_or_a_length_in_tokens():
    papers = [
        Paper(id="cache", title="ReuseIdx: Accelerating Sparse Attention by Sharing Indices", abstract=(
            "Long-context LLMs spend most prefill time in attention; we accelerate it by reusing indices.")),
        Paper(id="kern", title="QuickFill: Fast Prefilling", abstract=(
            "A faster attention kernel for LLM prefilling, with a 12x speedup on 128K sequences.")),
        Paper(id="video", title="Long Video Generation", abstract=(
            "We make attention in long video diffusion faster with a cheaper causal mask.")),
    ]
    q = list_question("which papers make attention cheaper for LLMs on long inputs?")
    assert [p.id for p in papers if covers(q, ev.Evidence(p, [], 0.0))] == ["cache", "kern"]


def test_a_kind_beside_or_is_who_is_meant_and_bracketed_examples_are_any_of_them():
    papers = [
        Paper(id="golf", title="Group-Level Natural Language Feedback for Exploration", abstract=(
            "Agents are trained with written critiques from other agents instead of scalar rewards.")),
        Paper(id="hint", title="TalkRL", abstract=(
            "We train agents from textual hints that users type during interaction, as language feedback.")),
        Paper(id="llm", title="Scaling Test-Time Compute", abstract=(
            "We study how LLMs use more test-time compute on math problems.")),
    ]
    q = list_question("Which papers train agents or LLMs with feedback written in words (critiques, hints, "
                      "lessons) and not just a numeric reward?")
    assert "(" not in q and not {"critiqu", "hint", "lesson"} & topic(q)
    weights = ev.rarity(topic(q), papers)
    assert [p.id for p in papers if matches(q, ev.Evidence(p, [], 0.0), weights)] == ["golf", "hint"]
    # two names either of which is the topic still are
    gpt = Paper(id="gpt", title="Probing GPT-4o", abstract="We probe GPT-4o on spatial puzzles.")
    q = list_question("which papers evaluate GPT-4o or Claude models?")
    assert matches(q, ev.Evidence(gpt, [], 0.0), ev.rarity(topic(q), [gpt, *papers]))


def test_a_topic_word_half_the_papers_say_is_no_evidence_of_the_topic():
    from paperqa_lite.listing import says_rare
    q = list_question("Which papers evaluate the theory-of-mind abilities of LLMs?")
    tom = Paper(id="tom", title="SimpleToM", abstract="We test whether LLMs have theory of mind abilities.")
    # "abilities" is said by half the papers; "theory of mind" by one
    common = [Paper(id=f"c{i}", title=f"Paper {i}", abstract=f"We improve the reasoning abilities of LLMs on task {i}.")
              for i in range(3)]
    plain = [Paper(id=f"p{i}", title=f"Other {i}", abstract=f"We compress video model {i}.") for i in range(3)]
    weights = ev.rarity(topic(q), [tom, *common, *plain])
    assert says_rare(q, ev.Evidence(tom, [], 0.0), weights)
    assert not says_rare(q, ev.Evidence(common[0], [], 0.0), weights)
    assert says_rare(q, ev.Evidence(common[0], [], 0.0), {})  # no topic words: no ruling


def test_a_comma_ends_the_topic_phrase_and_when_is_no_topic_word():
    from paperqa_lite.topics import alternatives
    q = list_question("Which papers use natural-language or textual feedback, not just scalar rewards, "
                      "when training LLM agents with RL?")
    keys = topic(q)
    assert "when" not in keys
    # "textual feedback" is the right side of the "or", not "textual feedback, when training"
    assert [alt.right for alt in alternatives(q, set(keys))] == [{"textual", "feedback"}]
    camera = Paper(id="cam", title="Camera control for text-driven video", abstract=(
        "We build a planning agent that turns textual descriptions into camera trajectories."))
    assert not covers(q, ev.Evidence(camera, [], 0.0))


def test_two_phrases_for_one_thing_are_said_whole_once_two_papers_say_them():
    q = list_question("Which papers deal with process reward models or step-level process supervision?")
    prm = Paper(id="prm", title="Is PRM Necessary?", abstract="RL implicitly induces process reward models.")
    hrn = Paper(id="hrn", title="Hybrid reward normalization", abstract=(
        "We study step-level process supervision of reasoning with a process reward model."))
    apart = Paper(id="apart", title="KnowSelf", abstract=(
        "Consensus-based rewarding avoids external supervision; we apply this process to all models."))
    chosen = [ev.Evidence(p, [], 0.0) for p in (prm, hrn, apart)]
    assert [e.paper.id for e in on_terms(q, chosen)] == ["prm", "hrn"]
    # said whole by only one paper, the phrase is that paper's wording: nothing is ruled out
    assert len(on_terms(q, [chosen[0], chosen[2]])) == 2


def test_beside_two_papers_saying_the_whole_topic_a_paper_must_say_its_rarest_word():
    from paperqa_lite.listing import distinctive
    q = list_question("Which papers test their method on a real physical robot?")
    papers = [
        Paper(id="door", title="Perceptual rewards", abstract="We learn a door opening skill on a real physical robot."),
        Paper(id="peg", title="Robotic assembly", abstract="We demonstrate it on a real physical robot arm."),
        Paper(id="ego", title="EgoData", abstract="Humans act in the real world; robots could imitate them."),
        *[Paper(id=f"x{i}", title=f"LLM {i}", abstract=f"We fine-tune language model {i}.") for i in range(4)],
    ]
    weights = ev.rarity(topic(q), papers)
    chosen = [ev.Evidence(p, [], 0.0) for p in papers[:3]]
    covering = {e.paper.id for e in chosen if covers(q, e)}
    assert covering == {"door", "peg"} and all(matches(q, e, weights) for e in chosen)
    assert distinctive(q, chosen, covering, weights) == {"door", "peg"}
    # with one paper saying it whole, the others' wording may be the topic's paraphrase
    assert distinctive(q, chosen, {"door"}, weights) == {"door", "peg", "ego"}


def test_a_paper_on_a_listed_titles_line_of_work_is_a_candidate():
    from paperqa_lite.listing import on_titled_lines
    q = list_question("Which papers work on spatial intelligence for VLMs?")
    court = ev.Evidence(Paper(id="court", title="CourtSI: Benchmarking Spatial Intelligence of VLMs",
                              abstract="We benchmark VLMs."), [], 0.8)
    ttt = ev.Evidence(Paper(id="ttt", title="Spatial-TTT: Streaming Spatial Intelligence", abstract=(
        "We propose test-time training for streaming spatial intelligence.")), [], 0.5)
    penguin = ev.Evidence(Paper(id="peng", title="Penguin-VL: Compact VLMs", abstract=(
        "Compact VLMs reason about spatial layouts.")), [], 0.5)
    # the term "spatial intelligence" is a listed paper's title's; the kind "VLMs" qualifies it
    assert on_titled_lines(q, [court], [ttt]) == [ttt]
    assert on_titled_lines(q, [court], [penguin]) == []  # no "spatial intelligence"
    assert on_titled_lines(q, [penguin], [ttt]) == []  # no listed title says the term
    # every other topic word is still needed: "image editing" without a benchmark
    q2 = list_question("Which papers introduce a benchmark for image editing?")
    grade = ev.Evidence(Paper(id="grade", title="GRADE: Benchmarking Image Editing",
                              abstract="A benchmark."), [], 0.8)
    edit = ev.Evidence(Paper(id="edit", title="CARE-Edit: Routing Experts", abstract=(
        "We route experts for contextual image editing.")), [], 0.5)
    assert on_titled_lines(q2, [grade], [edit]) == []



def test_a_model_processing_its_input_and_an_intensifier_are_no_topic_words():
    asked = topic("Which papers make the attention computation cheaper when LLMs process very long inputs?")
    assert stem("process") not in asked and stem("very") not in asked and stem("long") in asked
    assert stem("process") in topic("Which papers train process reward models?")
    index = Paper(id="i", title="IndexCache: Accelerating Sparse Attention", abstract=(
        "Long-context inference makes attention efficiency critical; our method makes sparse attention "
        "cheaper and faster on long inputs."))
    assert covers("Which papers make attention cheaper so that LLMs can process long inputs faster?",
                  ev.Evidence(index, [], 0.3))


def test_making_attention_sparse_is_the_term_sparse_attention():
    from paperqa_lite.topics import says_term, terms
    q = "Which papers speed up LLM processing of long inputs by making attention sparse?"
    assert ["sparse", "attention"] in terms(q)
    assert says_term("IndexCache: Accelerating Sparse Attention via Cross-Layer Index Reuse", ["sparse", "attention"])
    # a noun's words after "make" keep their order
    assert ["video", "generation"] in terms("Which papers try to make video generation cheaper or faster?")


def test_both_sides_of_both_x_and_y_must_be_said_by_a_listed_paper():
    from paperqa_lite.listing import both_said
    papers = [
        Paper(id="omni", title="Omni-Diffusion: Unified Multimodal Understanding and Generation", abstract=(
            "We propose Omni-Diffusion, which unifies understanding and generation across text and images.")),
        Paper(id="coco", title="CoCo: Code as CoT for Text-to-Image Generation", abstract=(
            "We propose CoCo, a unified model that generates images from text through code.")),
        Paper(id="gap", title="Reading, Not Thinking: the Modality Gap", abstract=(
            "We study how multimodal models understand text rendered as images.")),
    ]
    chosen = [ev.Evidence(p, [], 0.0) for p in papers]
    q = "Which papers introduce one unified model that both understands and generates content across text and images?"
    assert [e.paper.id for e in both_said(q, chosen)] == ["omni"]
    # no "both ... and": the list is left to the other checks
    assert len(both_said("Which papers unify understanding or generation?", chosen)) == 3
    # no paper says both: nothing to tell them apart by
    assert len(both_said("Which papers both plan and act?", chosen)) == 3
