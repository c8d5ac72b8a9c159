"""Token counting and token-aware chunking, offline.

tiktoken downloads its encodings on first use; ``llama-index-core`` ships cl100k_base
in ``llama_index/core/_static/tiktoken_cache``, so tiktoken is pointed there before
it is first imported and nothing is fetched.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path


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
    """Import NLTK (LlamaIndex's sentence splitter uses its punkt) without scipy.stats.

    A few NLTK modules (significance tests, association measures, Gale-Church
    alignment; none used by punkt) import scipy.stats when it is installed and fall back
    when it is not. scipy.stats is ~415 modules and ~49 MB of a web server's memory
    (docs/benchmarks.md, "serve memory"), so it is hidden while NLTK is imported; a
    later ``import scipy.stats`` elsewhere works as usual.
    """
    if "nltk" in sys.modules:
        return
    hidden = "scipy.stats" not in sys.modules
    if hidden:
        sys.modules["scipy.stats"] = None  # type: ignore[assignment]  # an ImportError
    try:
        import nltk  # noqa: F401
    finally:
        if hidden:
            del sys.modules["scipy.stats"]


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
