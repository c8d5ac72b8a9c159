"""OpenAIModel against llama-cpp-python's OpenAI-compatible server running the bundled
SmolLM2 (marked slow), and the backends' configuration errors. Retries, failures, usage
and model selection against a scripted HTTP server: test_llm_openai_scripted.py."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from helpers import (API_KEY as KEY, QUESTION, assert_clean_error, assert_no_key, free_port, stop,
                     wait_until_serving)
from paperqa_lite.errors import BackendError, UserError
from paperqa_lite.llm import Budget, OpenAIModel, bundled_gguf, get_model
from paperqa_lite.settings import load_settings



@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """``python -m llama_cpp.server`` on a free port; yields its /v1 base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gguf()),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
            stdout=log_file, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_serving(proc, f"{base_url}/models", log_path, 60, "llama_cpp.server")
        yield base_url
    finally:
        stop(proc, timeout_s=10)


# --- the real llama.cpp server ---------------------------------------------------------


@pytest.mark.slow
def test_openai_compatible_autodetects_model(llama_server):
    settings = load_settings(llm={"backend": "openai-compatible", "base_url": llama_server})
    model = get_model(settings)
    assert isinstance(model, OpenAIModel)
    assert get_model(settings) is model
    # llama_cpp.server names its model after the --model path
    assert model.model_id == str(bundled_gguf())
    text = model.complete(QUESTION, max_tokens=32)
    assert "Paris" in text and "<|im_end|>" not in text


@pytest.mark.slow
def test_openai_compatible_streams(llama_server):
    model = OpenAIModel(load_settings(llm={"backend": "openai-compatible",
                                           "base_url": llama_server, "model": "anything"}))
    assert model.model_id == "anything"
    streamed, completed = Budget(60), Budget(60)
    pieces = list(model.stream(QUESTION, max_tokens=32, budget=streamed))
    assert len(pieces) > 1 and all(pieces)
    assert "Paris" in "".join(pieces)
    assert "." not in model.complete(QUESTION, max_tokens=32, stop=["."], budget=completed)
    # llama_cpp.server reports usage for completions (its count includes the chat
    # template's tokens, so it exceeds the cl100k estimate of the bare contents), and
    # none when streaming: that call is estimated and marked so.
    assert completed.usage.estimated_calls == 0
    assert completed.usage.prompt_tokens > streamed.usage.prompt_tokens
    assert (streamed.usage.calls, streamed.usage.estimated_calls) == (1, 1)


@pytest.mark.slow
def test_openai_backend_with_base_url_setting(llama_server, caplog):
    caplog.set_level(logging.DEBUG)
    settings = load_settings(llm={"backend": "openai", "base_url": llama_server, "api_key": KEY})
    model = get_model(settings)
    assert model.model_id == "gpt-4o-mini"  # the default; this server serves any name
    assert "Paris" in model.complete(QUESTION, max_tokens=32)
    assert "Paris" in "".join(model.stream(QUESTION, max_tokens=32))
    # a prompt over the server's n_ctx is a 400: no retries, one clean line
    with pytest.raises(BackendError) as err:
        model.complete([{"role": "user", "content": "word " * 3000}])
    assert "rejected the request: HTTP 400 (This model's maximum context length is 2048" \
        in str(err.value)
    assert_clean_error(err.value)
    assert_no_key(repr(model), str(vars(model)), repr(settings), str(settings.public_dict()),
                  caplog.text)


@pytest.mark.slow
def test_openai_backend_with_env(llama_server, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    model = OpenAIModel(load_settings(llm={"backend": "openai"}))
    assert model.base_url == llama_server
    assert "Paris" in model.complete(QUESTION, max_tokens=32)
    assert_no_key(repr(model), caplog.text)


# --- configuration errors ----------------------------------------------------------------


def test_openai_needs_a_key():
    with pytest.raises(UserError, match="needs an API key") as err:
        get_model(load_settings(llm={"backend": "openai"}))
    assert "\n" not in str(err.value)


def test_openai_compatible_needs_base_url():
    with pytest.raises(UserError, match="needs llm.base_url"):
        get_model(load_settings(llm={"backend": "openai-compatible"}))


# --- a scripted server: retries and failures --------------------------------------------


@pytest.mark.slow
def test_answer_against_the_real_server_counts_its_calls(llama_server, week_home):
    from paperqa_lite.answer import ask

    settings = load_settings(llm={"backend": "openai-compatible", "base_url": llama_server})
    # a bare comparison is the model's to phrase (a factual answer that fits is built by code)
    answer = ask(settings, "Compare SSR-Zero and SRUM.")
    assert not answer.abstained
    assert answer.model == str(bundled_gguf())  # the server's one model, named in the answer
    assert answer.usage["prompt_tokens"] > 50 and answer.usage["completion_tokens"] > 0
    assert get_model(settings).usage.calls >= 1
    assert answer.cost_usd is None  # no price for this model
