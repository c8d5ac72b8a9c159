#!/usr/bin/env python
"""Query embedding with padding to the input's own length vs to MiniLM's 256-token maximum
(what the plain MiniLM ONNX recipe does), on 200 SciFact queries, one query per call as a
search embeds it. Interleaved twice; prints p50/p95 ms.

    .venv/bin/python benchmarks/padding.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from paperqa_lite.embed import MAX_TOKENS, _minilm


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = ap.parse_args()
    lines = (args.data / "scifact" / "queries.jsonl").read_text(encoding="utf-8").splitlines()
    queries = [json.loads(line)["text"] for line in lines[:200]]
    model = _minilm(0)

    def run(pad_to_max: bool) -> tuple[float, float]:
        times = []
        for q in queries:
            t0 = time.perf_counter()
            enc = model.tokenizer.encode_batch([q])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            if pad_to_max:
                extra = ((0, 0), (0, MAX_TOKENS - ids.shape[1]))
                ids, mask = np.pad(ids, extra), np.pad(mask, extra)
            model._run(ids, mask)
            times.append((time.perf_counter() - t0) * 1000)
        return float(np.percentile(times, 50)), float(np.percentile(times, 95))

    run(False)  # warm-up
    for _ in range(2):
        for name, pad in (("own length", False), (f"padded to {MAX_TOKENS}", True)):
            p50, p95 = run(pad)
            print(f"{name:<16} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
