"""Token counting and token-aware chunking, offline.

tiktoken downloads its encodings on first use; ``llama-index-core`` ships cl100k_base
in ``llama_index/core/_static/tiktoken_cache``, so tiktoken is pointed there before
it is first imported and nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from .imports import without


def _llama_index_tiktoken_cache() -> Path:
    spec = importlib.util.find_spec("llama_index.core")
    assert spec and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "_static" / "tiktoken_cache"


os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(_llama_index_tiktoken_cache()))


@lru_cache(maxsize=1)
def encoding():
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def _import_nltk() -> None:
    """NLTK (LlamaIndex's sentence splitter uses its punkt), without scipy.stats: ~415
    modules and ~49 MB that NLTK imports only for statistics functions punkt never uses."""
    with without("scipy.stats"):
        import nltk  # noqa: F401


@lru_cache(maxsize=8)
def _splitter(chunk_size: int, chunk_overlap: int):
    from llama_index.core.node_parser import SentenceSplitter

    _import_nltk()

    return SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=min(chunk_overlap, chunk_size // 2),
        tokenizer=lambda t: encoding().encode(t, disallowed_special=()),
    )


def chunk_text(text: str, chunk_size: int, chunk_overlap: int) -> list[str]:
    """The text itself when it fits, else sentence-aligned chunks of at most chunk_size tokens."""
    if count_tokens(text) <= chunk_size:
        return [text]
    return _splitter(chunk_size, chunk_overlap).split_text(text)
