"""Prompts are built to fit the model's context: evidence is cut first, the question never.
Unit tests on the real prompt files; the real model with a 20 KB title is in
test_answer_trust.py."""

from __future__ import annotations

import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.fit import estimate, fit_messages
from paperqa_lite.paper import Paper
from paperqa_lite.prompts import load_prompt
from paperqa_lite.settings import PACKAGED_PROMPTS
from paperqa_lite.tldr import make_tldr

PROMPTS = PACKAGED_PROMPTS
SENTENCES = "\n".join(f"Result {i}: the method reaches {i}.5% on task {i}." for i in range(400))


def test_a_prompt_that_fits_is_left_alone():
    prompt = load_prompt("answer_factual", PROMPTS)
    values = dict(question="What rate?", title="SRPO", evidence="SRPO reaches 99.2%.")
    messages, trimmed = fit_messages(prompt, values, n_ctx=4096, reply_tokens=192, trim=("evidence", "title"))
    assert trimmed == [] and messages == prompt.render(**values)


def test_evidence_is_cut_first_then_the_title_and_never_the_question():
    prompt = load_prompt("answer_factual", PROMPTS)
    question = "What success rate does the method reach on task 3?"
    values = dict(question=question, title="T " * 10000, evidence=SENTENCES)
    messages, trimmed = fit_messages(prompt, values, n_ctx=4096, reply_tokens=192, trim=("evidence", "title"))
    assert trimmed == ["evidence", "title"]
    assert estimate(messages) <= 4096 - 192
    user = messages[-1]["content"]
    assert f"Question: {question}\n" in user and "Result 0: the method reaches 0.5%" in user
    # only the evidence is cut when that is enough
    values["title"] = "A title"
    messages, trimmed = fit_messages(prompt, values, n_ctx=4096, reply_tokens=192, trim=("evidence", "title"))
    assert trimmed == ["evidence"] and "Paper: A title\n" in messages[-1]["content"]
    # evidence is cut at a sentence boundary: every kept line is whole
    kept = messages[-1]["content"].split("<evidence>\n")[1].split("\n</evidence>")[0].splitlines()
    assert kept and all(line in SENTENCES.splitlines() for line in kept)


def test_a_question_too_long_for_the_context_is_an_error_not_a_cut():
    prompt = load_prompt("answer_factual", PROMPTS)
    values = dict(question="why " * 5000, title="T", evidence="E.")
    with pytest.raises(UserError, match="question is too long"):
        fit_messages(prompt, values, n_ctx=4096, reply_tokens=192, trim=("evidence", "title"))


def test_a_tldr_of_a_paper_with_a_20_kb_title_fits(fake_model):
    fake_model.n_ctx = 4096
    paper = Paper(id="long", title="Graph " * 4000,
                  abstract="We propose GraphColor, a heuristic that colors graphs with 12 colors.")
    fake_model.queue("GraphColor colors graphs with 12 colors.")
    result = make_tldr(paper, fake_model, load_prompt("tldr", PROMPTS))
    assert estimate(fake_model.calls[0]) <= 4096
    assert "We propose GraphColor" in fake_model.calls[0][-1]["content"] and result.tldr
