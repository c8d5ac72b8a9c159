"""Answer plumbing with the fake embedder and model (the real ones are in
test_answer_trust.py): drafts are checked by grounding, prompt text is replaced by the
evidence with the reason recorded, and another paper's claim about a named system is
labelled as that paper's."""

from __future__ import annotations

import pytest

from paperqa_lite import answer as answer_module
from paperqa_lite.answer import ask
from paperqa_lite.ingest import load_papers
from paperqa_lite.paper import Paper
from paperqa_lite.store import Store

SURVEY = Paper(id="survey", title="A Survey of Egocentric Benchmarks for Vision-Language Models",
               abstract="We survey egocentric benchmarks for vision-language models. EgoThink evaluates "
                        "only 3 VLMs on first-person clips.")


@pytest.fixture
def store(settings, fake_embedder, sample_week):
    store = Store(settings)
    store.ingest(load_papers([sample_week]) + [SURVEY])
    return store


def test_a_draft_with_prompt_scaffolding_is_replaced_by_its_evidence(settings, store, fake_model,
                                                                     monkeypatch):
    monkeypatch.setattr(answer_module, "FACTUAL_WORDS", 5)  # evidence this long is phrased by the model
    fake_model.queue("Paper: SRPO\n<evidence>SRPO achieves a success rate of 99.2%.</evidence>")
    answer = ask(settings, "What is the success rate of SRPO?", store=store, model=fake_model)
    assert "<evidence>" not in answer.answer and "Paper:" not in answer.answer
    assert "99.2%" in answer.answer and answer.citations[0]["title"].startswith("SRPO:")
    assert any("prompt text" in r for r in answer.repaired), answer.repaired


def test_another_papers_sentence_about_a_named_system_is_labelled(settings, store, fake_model):
    fake_model.queue("It evaluates only 3 VLMs.")
    answer = ask(settings, "Which survey of egocentric benchmarks for vision-language models counts "
                 "first-person clips?", store=store, model=fake_model)
    assert answer.citations[0]["id"] == "survey"
    assert answer.answer.startswith("According to "), answer.answer


def test_the_answers_ranking_puts_what_it_cites_first():
    from paperqa_lite.answer import _ranked
    retrieved = [{"id": i, "score": s} for i, s in (("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.2))]
    # a list whose second match was found by its words at rank 4
    ranked = _ranked(retrieved, [{"id": "a"}, {"id": "d"}])
    assert [r["id"] for r in ranked] == ["a", "d", "b", "c"]
    assert [r["id"] for r in _ranked(retrieved, [])] == ["a", "b", "c", "d"]  # an abstention keeps the retriever's
