"""Section ``ingest``: SciFact abstracts through ``pipeline.ingest_files`` (parse, chunk,
embed, write to Chroma) against the bare ``embed.MiniLMOnnx`` on the very texts the
pipeline embeds.

The two are interleaved per write group: the pipeline's progress callback runs the bare
model on the group just written, and that time is taken out of the ingest clock, so load
from other processes hits both alike.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from paperqa_lite import pipeline
from paperqa_lite.embed import MiniLMOnnx, get_embedder, minilm_files
from paperqa_lite.ingest import load_papers
from paperqa_lite.store import Store

from .common import QUICK_PAPERS, SCIFACT_PAPERS, log, scifact_records, settings_for


class Interleave:
    """The pipeline's progress bar: runs the bare model on each group just written."""

    def __init__(self, texts: list[list[str]], bare: MiniLMOnnx, batch: int, total: int) -> None:
        self.texts, self.bare, self.batch, self.total = texts, bare, batch, total
        self.pos, self.paused, self.embed_s = 0, 0.0, 0.0

    def update(self, k: int) -> None:
        t0 = time.perf_counter()
        group = [t for ts in self.texts[self.pos:self.pos + k] for t in ts]
        self.pos += k
        t1 = time.perf_counter()
        self.bare.encode(group, self.batch)
        t2 = time.perf_counter()
        self.embed_s += t2 - t1
        self.paused += t2 - t0
        if self.pos % 512 < k:
            log(f"ingest {self.pos}/{self.total} papers")

    def close(self) -> None:
        pass


def token_counts(papers: list[Any], texts: list[list[str]], bare: MiniLMOnnx) -> dict[str, float]:
    """Word pieces embedded per paper (every chunk text as the model sees it, truncated at
    its 256) beside the abstract's own count, both with the embedder's tokenizer."""
    from tokenizers import Tokenizer

    whole = Tokenizer.from_file(str(minilm_files()[1]))
    whole.no_truncation()  # the file truncates and pads to 128
    whole.no_padding()
    n = max(1, len(papers))
    per_paper = sum(bare.count_tokens(ts) for ts in texts) / n
    own = sum(len(e.ids) for e in whole.encode_batch([p.abstract for p in papers])) / n
    return {"embed_tokens_per_paper": round(per_paper, 1),
            "abstract_tokens_per_paper": round(own, 1),
            "embed_token_ratio": round(per_paper / own, 2) if own else None}


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    n = args.papers or (QUICK_PAPERS if args.quick else SCIFACT_PAPERS)
    settings = settings_for(store={"collection": "scifact"})
    path = Path(settings.home) / "bench" / "scifact.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in scifact_records(n):
            f.write(json.dumps(r) + "\n")
    # untimed: the texts the pipeline will embed, in its order, and both models loaded
    cfg = settings.store
    papers = load_papers([path])
    texts = [[text for _, text in Store.chunk_layout(p, cfg.chunk_size, cfg.chunk_overlap)]
             for p in papers]
    bare = MiniLMOnnx(settings.embed.threads)
    bare.encode(["warm-up"])
    get_embedder(settings).get_text_embedding_batch(["warm-up"])
    hook = Interleave(texts, bare, settings.embed.batch_size, n)
    log(f"ingest: {n} SciFact abstracts (pipeline and bare model interleaved)")
    t0 = time.perf_counter()
    summary = pipeline.ingest_files(settings, [path], progress_factory=lambda total, desc: hook)
    ingest_s = time.perf_counter() - t0 - hook.paused
    res.update(
        ingest_papers=n, ingest_chunks=summary["chunks"], ingest_s=round(ingest_s, 2),
        embed_only_s=round(hook.embed_s, 2),
        ingest_papers_per_s=round(n / ingest_s, 2),
        embed_only_papers_per_s=round(n / hook.embed_s, 2),
        ingest_ratio=round(hook.embed_s / ingest_s, 3),
        **token_counts(papers, texts, bare),
    )
