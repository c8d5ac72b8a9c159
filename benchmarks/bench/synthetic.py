"""The scale section's synthetic corpus: papers of Zipf-sampled SciFact words, stored in
the store's own layout (``Store.chunk_layout``: ids, metadata, the record on chunk 0,
chunks cut by the store's chunker), with clustered unit vectors standing in for MiniLM."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from paperqa_lite.paper import Paper
from paperqa_lite.settings import Settings
from paperqa_lite.store import Chunk, Store

from .common import scifact_records

# Words per synthetic abstract: cut by the default chunker (192 tokens, 32 overlap) into
# ~2.4 chunks a paper, as SciFact's abstracts are (2.24 chunks a paper).
ABSTRACT_WORDS = (140, 280)


class SyntheticCorpus:
    """Papers of Zipf-sampled SciFact words; clustered unit vectors stand in for MiniLM."""

    def __init__(self, settings: Settings, seed: int = 0, dim: int = 384, clusters: int = 1024) -> None:
        words: Counter[str] = Counter()
        for r in scifact_records(2000):
            words.update(re.findall(r"[a-z]{2,}", (r["title"] + " " + r["abstract"]).lower()))
        common = words.most_common(30000)
        self.vocab = np.array([w for w, _ in common])
        p = np.array([c for _, c in common], dtype=float)
        self.cdf = np.cumsum(p / p.sum())
        self.rng = np.random.default_rng(seed)
        c = self.rng.standard_normal((clusters, dim)).astype(np.float32)
        self.centers = c / np.linalg.norm(c, axis=1, keepdims=True)
        self.dim = dim
        self.chunk_size, self.chunk_overlap = settings.store.chunk_size, settings.store.chunk_overlap
        self.papers = 0
        self._pending: list[Chunk] = []

    def words(self, n: int) -> list[str]:
        idx = np.minimum(np.searchsorted(self.cdf, self.rng.random(n)), len(self.vocab) - 1)
        return self.vocab[idx].tolist()

    def paper(self) -> Paper:
        w = self.words(int(self.rng.integers(*ABSTRACT_WORDS)))
        abstract = ". ".join(" ".join(w[i:i + 20]).capitalize() for i in range(0, len(w), 20)) + "."
        self.papers += 1
        return Paper(id=f"syn-{self.papers - 1:07d}", title=" ".join(self.words(8)).capitalize(),
                     abstract=abstract, published="2025-01-01",
                     upvotes=int(self.rng.integers(0, 50)), source="synthetic")

    def chunks(self, n: int) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """The next n chunks as (ids, documents, metadatas). A paper's chunks may straddle
        two calls (the store never splits a paper across writes; a benchmark that writes
        exactly n chunks must)."""
        while len(self._pending) < n:
            layout = Store.chunk_layout(self.paper(), self.chunk_size, self.chunk_overlap)
            self._pending.extend(chunk for chunk, _ in layout)
        out, self._pending = self._pending[:n], self._pending[n:]
        return [c.id for c in out], [c.text for c in out], [c.metadata for c in out]

    def vectors(self, n: int) -> Any:
        c = self.centers[self.rng.integers(0, len(self.centers), size=n)]
        noise = self.rng.standard_normal((n, self.dim)).astype(np.float32) / np.sqrt(self.dim)
        v = c + 0.8 * noise  # a cluster's members: cosine ~0.6 to its centre
        return v / np.linalg.norm(v, axis=1, keepdims=True)
