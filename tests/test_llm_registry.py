"""The backend registries, budgets and usage arithmetic, and the LLM settings they read."""

from __future__ import annotations

from typing import get_args

import pytest

from paperqa_lite import llm
from paperqa_lite.embed import EMBED_BACKENDS
from paperqa_lite.llm import BACKENDS, Budget, Usage, configured_model_id
from paperqa_lite.settings import EmbedSettings, LLMSettings, load_settings


def test_every_backend_setting_has_a_registry_entry_and_back():
    assert set(BACKENDS) == set(get_args(LLMSettings.model_fields["backend"].annotation))
    assert set(EMBED_BACKENDS) == set(get_args(EmbedSettings.model_fields["backend"].annotation))


def test_get_model_builds_through_the_registry(monkeypatch):
    built = []

    class Echo:
        def __init__(self, settings):
            built.append(settings.llm.model)
            self.model_id, self.usage = "echo", Usage()

    monkeypatch.setitem(BACKENDS, "openai-compatible", (Echo, lambda s: "echo"))
    settings = load_settings(llm={"backend": "openai-compatible", "model": "x", "temperature": 0.7})
    model = llm.get_model(settings)
    assert isinstance(model, Echo) and built == ["x"]
    assert llm.get_model(settings) is model  # once per configuration
    assert configured_model_id(settings) == "echo"


def test_configured_model_id_without_loading():
    assert configured_model_id(load_settings()) == "SmolLM2-135M-Instruct.Q4_1"
    assert configured_model_id(load_settings(llm={"model_path": "/m/qwen.gguf"})) == "qwen"
    assert configured_model_id(load_settings(llm={"backend": "openai"})) == "gpt-4o-mini"
    assert configured_model_id(load_settings(llm={"backend": "openai-compatible"})) is None


def test_usage_adds_up_and_cost_needs_every_call_priced():
    usage = Usage()
    usage.add(10, 5, cost_usd=0.25)
    usage.add(1, 1, cost_usd=0.5)
    assert (usage.tokens(), usage.calls, usage.cost_usd) == (
        {"prompt_tokens": 11, "completion_tokens": 6}, 2, 0.75)
    usage.add(1, 1, cost_usd=None, estimated=True)
    assert usage.cost_usd is None and usage.estimated_calls == 1
    usage.add(1, 1, cost_usd=0.5)
    assert usage.cost_usd is None  # a partial sum would understate the cost


def test_call_cost_per_million_tokens():
    prices = load_settings().llm.prices
    assert llm.call_cost(prices, "gpt-4o", 2_000_000, 500_000) == pytest.approx(2 * 2.50 + 0.5 * 10.00)
    assert llm.call_cost(prices, "SmolLM2-135M-Instruct.Q4_1", 100, 100) is None


def test_budget_deadline():
    assert Budget(None).remaining() is None and not Budget(None).expired()
    assert 0 < Budget(30).remaining() <= 30
    assert Budget(1e-9).expired()


def test_prices_and_deadline_from_the_environment(monkeypatch):
    monkeypatch.setenv("PAPERQA_LITE_LLM__PRICES", '{"llama3:70b": [0.5, 0.8]}')
    monkeypatch.setenv("PAPERQA_LITE_LLM__DEADLINE_S", "12.5")
    cfg = load_settings().llm
    assert cfg.prices == {"llama3:70b": (0.5, 0.8)} and cfg.deadline_s == 12.5


def test_embed_api_key_is_masked():
    data = load_settings(embed={"backend": "openai-compatible", "base_url": "http://h/v1",
                                "api_key": "sk-embed-123456"}).public_dict()
    assert data["embed"]["api_key"] == "***"
    assert "sk-embed-123456" not in str(data)
