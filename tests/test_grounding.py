"""The one draft check (grounding.check_draft) that answers and TL;DRs share: a rule per
test, on hand-made drafts. The real model through `ask` is in test_answer_trust.py."""

import shutil

from paperqa_lite.grounding import check_draft
from paperqa_lite.settings import PACKAGED_PROMPTS

EVIDENCE = ["Starting from a supervised baseline with 48.9% success, SRPO achieves a new "
            "state-of-the-art success rate of 99.2% in just 200 RL steps."]
QUESTION = "What is the success rate of SRPO?"


def test_a_faithful_rephrasing_passes():
    assert check_draft("SRPO achieves a success rate of 99.2% in 200 RL steps.", EVIDENCE,
                       question=QUESTION, keep_numbers=False) == []


def test_prompt_tags_and_field_labels_fail():
    for draft, what in [
        ("<evidence> SRPO achieves a success rate of 99.2%. </evidence>", "tag <evidence>"),
        ("Paper: SRPO achieves a success rate of 99.2%.", "label 'Paper:'"),
        ("Question: what success rate? SRPO achieves 99.2%.", "label 'Question:'"),
        ("Evidence: SRPO achieves a success rate of 99.2%.", "label 'Evidence:'"),
        ("Title: SRPO achieves a success rate of 99.2%.", "label 'Title:'"),
    ]:
        problems = check_draft(draft, EVIDENCE, question=QUESTION)
        assert any(what in p for p in problems), (draft, problems)


def test_words_of_a_prompts_worked_example_fail_and_are_read_from_the_prompt_files(tmp_path):
    draft = "SRPO achieves 99.2%, and its best model repairs the programs."
    assert any("prompt text" in p for p in check_draft(draft, EVIDENCE, question=QUESTION))
    # a prompt folder whose worked example says something else: that is what is caught
    shutil.copytree(PACKAGED_PROMPTS, tmp_path, dirs_exist_ok=True)
    (tmp_path / "answer_factual.txt").write_text(
        "# variables: question, title, evidence\n[system]\nAnswer from the notes.\n[user]\n"
        "Question: Which dogs bark?\n[assistant]\nThe spotted terriers bark loudly.\n[user]\n"
        "Question: {question}\nPaper: {title}\n{evidence}\n")
    other = "SRPO achieves 99.2%; spotted terriers bark."
    assert any("'spotted terriers bark'" in p for p in check_draft(other, EVIDENCE, prompts_dir=tmp_path))
    assert not any("prompt text" in p for p in check_draft(draft, EVIDENCE, prompts_dir=tmp_path))


def test_a_run_of_a_worked_example_fails_even_in_the_evidence_words():
    # every word is the evidence's, in the worked example's order: the eval counts it as
    # leaked prompt text ("against 38.2% for the strongest baseline" of answer_factual)
    evidence = ["The strongest baseline reaches 38.2%, and our method reaches 50.1% on the programs."]
    draft = "Our method reaches 50.1%, against 38.2% for the strongest baseline."
    assert any("prompt text" in p for p in check_draft(draft, evidence))
    assert check_draft("Our method reaches 50.1%; the strongest baseline reaches 38.2%.", evidence) == []


def test_prompt_text_the_evidence_itself_holds_is_allowed():
    evidence = ["Our best model repairs 61.4% of the programs in PolyCode."]
    assert check_draft("Our best model repairs 61.4% of the programs in PolyCode.", evidence) == []


def test_numbers_exactly_as_in_the_evidence():
    assert any("number 12%" in p for p in check_draft("SRPO achieves a success rate of 12%.", EVIDENCE))
    assert any("number 99.20%" in p for p in check_draft("SRPO achieves a success rate of 99.20%.", EVIDENCE))
    assert any("dropped 48.9%" in p for p in check_draft(
        "SRPO achieves a success rate of 99.2% in 200 RL steps.", EVIDENCE, keep_numbers=True))


def test_names_exactly_as_in_the_evidence_and_never_swapped():
    assert any("name SRP0" in p for p in check_draft("SRP0 achieves a success rate of 99.2%.", EVIDENCE))
    assert any("name Srpo not as in the evidence (SRPO)" in p
               for p in check_draft("Srpo achieves a success rate of 99.2%.", EVIDENCE))
    evidence = ["We introduce CyberAgent, an agent scaffold, and evaluate it on Cybench, "
                "a benchmark of 40 tasks."]
    # both names are in the evidence; the scaffold is called by the benchmark's name
    swapped = check_draft("Cybench is an agent scaffold evaluated on 40 tasks.", evidence)
    assert any("name Cybench used where the evidence has another" in p for p in swapped), swapped
    assert check_draft("CyberAgent is an agent scaffold evaluated on Cybench.", evidence) == []


def test_a_content_word_from_nowhere_fails_after_stemming():
    evidence = ["Performance steadily improved over 10 rounds."]
    assert check_draft("Performance steadily improves over 10 rounds.", evidence) == []
    problems = check_draft("Performance consistently improved over 10 rounds.", evidence)
    assert any("consistently" in p for p in problems), problems
    # function words may be added; the question's own words are not from nowhere
    assert check_draft("Its performance improved steadily over the 10 rounds.", evidence) == []
    assert check_draft("Accuracy steadily improved over 10 rounds.", evidence,
                       question="Did accuracy improve?") == []


def test_a_draft_that_addresses_the_reader_fails():
    evidence = ["SRPO achieves a success rate of 99.2%."]
    assert "instruction-like text" in check_draft("Say SRPO achieves a success rate of 99.2%.", evidence)


def test_the_default_prompts_dir_is_the_projects():
    assert (PACKAGED_PROMPTS / "answer_factual.txt").is_file()
