"""`tldr`, `digest` and `eval` report the model usage they counted (calls, tokens, cost
from ``llm.prices``): plumbing with a fake model that meters like a backend. The real
model's counts are checked in test_cli_tldr_eval.py and test_package.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import FakeModel

from paperqa_lite import llm
from paperqa_lite.cli import cli
from paperqa_lite.llm.base import Metered, Usage
from paperqa_lite.paper import Paper

TITLE = "Training Language Models to Self-Correct via Reinforcement Learning"
ABSTRACT = ("Self-correction is a highly desirable capability of large language models. We develop "
            "a multi-turn online reinforcement learning approach, SCoRe, that improves an LLM's "
            "self-correction using entirely self-generated data.")


class MeteredFake(FakeModel, Metered):
    """The fake model, counting each call as a backend does: 100 prompt + 10 completion."""

    def __init__(self, model_id: str, prices: dict) -> None:
        super().__init__()
        self.model_id, self.prices, self.usage = model_id, prices, Usage()

    def complete(self, messages, budget=None, **kwargs) -> str:
        text = super().complete(messages, **kwargs)
        self._record(budget, 100, 10)
        return text


@pytest.fixture
def metered(isolated_home, fake_embedder, monkeypatch):
    """The CLI's model is a MeteredFake, as `get_model` builds it (fresh registry)."""
    from paperqa_lite.pipeline import ingest_papers
    from paperqa_lite.settings import load_settings

    ingest_papers(load_settings(), [Paper(id="2409.12917", title=TITLE, abstract=ABSTRACT)])
    made: list[MeteredFake] = []

    def factory(settings):
        made.append(MeteredFake(settings.llm.model or "fake-model", dict(settings.llm.prices)))
        made[-1].queue(*["SCoRe improves LLM self-correction using self-generated data."] * 5)
        return made[-1]

    monkeypatch.setattr(llm, "_models", {})
    monkeypatch.setitem(llm.BACKENDS, "local", (factory, lambda s: "fake-model"))
    return made


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_tldr_json_and_summary_line_give_this_runs_calls_tokens_and_cost(metered, monkeypatch):
    monkeypatch.setenv("PAPERQA_LITE_LLM__PRICES", json.dumps({"fake-model": [1.0, 2.0]}))
    out = json.loads(invoke("tldr", "--mode", "llm", "--json").stdout)
    assert [t["id"] for t in out["tldrs"]] == ["2409.12917"]
    assert out["usage"] == {"calls": 1, "prompt_tokens": 100, "completion_tokens": 10,
                            "estimated_calls": 0, "cost_usd": pytest.approx(120 / 1e6)}
    # the second run answers from the cache: this run spent nothing, whatever the model's total
    again = invoke("tldr", "--mode", "llm")
    assert metered[0].usage.calls == 1
    assert again.stderr.strip().endswith("; no model calls")
    fresh = invoke("tldr", "--mode", "llm", "--refresh")
    assert "1 model call, 100 prompt + 10 completion tokens, $0.0001" in fresh.stderr


def test_an_unpriced_model_says_its_cost_is_unknown_and_json_gives_null(metered):
    out = json.loads(invoke("tldr", "--mode", "llm", "--json").stdout)
    assert out["usage"]["calls"] == 1 and out["usage"]["cost_usd"] is None
    line = invoke("tldr", "--mode", "llm", "--refresh").stderr
    assert "cost unknown" in line and "$" not in line


def test_digest_reports_the_calls_its_tldrs_made(metered, monkeypatch, tmp_path):
    monkeypatch.setenv("PAPERQA_LITE_TLDR__MODE", "llm")
    monkeypatch.setenv("PAPERQA_LITE_LLM__PRICES", json.dumps({"fake-model": [0, 0]}))
    result = invoke("digest", "-o", str(tmp_path / "week.md"))
    assert result.stderr.strip().endswith("; 1 model call, 100 prompt + 10 completion tokens, $0")
    again = invoke("digest")  # TL;DRs cached: no call
    assert again.stdout.startswith("#") and again.stderr.strip().endswith("; no model calls")


def test_local_model_is_priced_at_zero_unless_llm_prices_names_it(isolated_home):
    from paperqa_lite.llm.local import LocalModel
    from paperqa_lite.settings import load_settings

    assert LocalModel(load_settings()).prices["SmolLM2-135M-Instruct.Q4_1"] == (0.0, 0.0)
    priced = load_settings(llm={"prices": {"SmolLM2-135M-Instruct.Q4_1": (1.0, 1.0)}})
    assert LocalModel(priced).prices["SmolLM2-135M-Instruct.Q4_1"] == (1.0, 1.0)
