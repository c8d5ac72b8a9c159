"""Section ``tldr``: TL;DRs of the 40 sample-week papers from a cold cache (tldr.mode as
configured), then again from the warm cache."""

from __future__ import annotations

import argparse
import time
from typing import Any

from paperqa_lite.pipeline import ensure_sample
from paperqa_lite.tldr import tldrs

from .common import settings_for


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    settings = settings_for()
    t0 = time.perf_counter()
    ensure_sample(settings)
    res["sample_ingest_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    out = tldrs(settings)
    res["tldr_week_s"] = round(time.perf_counter() - t0, 2)
    res["tldr_papers"] = len(out)
    res["tldr_mode"] = settings.tldr.mode
    res["tldr_llm_kept"] = sum(1 for t in out if t.method == "llm")
    t0 = time.perf_counter()
    tldrs(settings)
    res["tldr_week_cached_s"] = round(time.perf_counter() - t0, 3)
