"""What keeps a web server's memory down (docs/benchmarks.md, "serve memory"): chunking
imports NLTK without scipy.stats, the web app imports Gradio without mcp (which --mcp still
imports), and the embedder's smaller runs give the same vectors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"

LONG = " ".join(f"Sentence {i} reports a gain of {i}.5 points on benchmark B{i}, e.g. in Fig. {i}."
                for i in range(60))


def test_chunking_imports_nltk_but_not_scipy_stats_which_still_imports_later():
    code = f"""
import sys
from paperqa_lite.tokens import chunk_text, count_tokens
chunks = chunk_text({LONG!r}, 64, 8)
assert len(chunks) > 3 and all(count_tokens(c) <= 64 for c in chunks), chunks
assert all(c.rstrip().endswith(".") for c in chunks[:-1]), chunks  # sentence-aligned
assert "nltk" in sys.modules and "scipy.stats" not in sys.modules
import scipy.stats
assert scipy.stats.norm.cdf(0) == 0.5
print("ok")
"""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_the_web_app_imports_gradio_without_mcp_which_still_imports_later():
    code = """
import sys
import paperqa_lite.web
assert "gradio" in sys.modules and "mcp" not in sys.modules
from mcp.server.mcpserver import MCPServer  # what webroutes imports for --mcp
print("ok")
"""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_without_leaves_an_imported_module_alone():
    from paperqa_lite.imports import without

    import json

    with without("json", "a_module_that_is_not_imported"):
        import json as again
        assert again is json
        assert sys.modules["a_module_that_is_not_imported"] is None
    assert "a_module_that_is_not_imported" not in sys.modules


def test_runs_bounded_by_tokens_embed_the_same_as_one_run(monkeypatch):
    from paperqa_lite import embed

    model = embed._minilm(1)
    texts = [LONG[: 40 + 37 * i] for i in range(12)]  # 10 to ~110 word pieces
    monkeypatch.setattr(embed, "MAX_BATCH_TOKENS", 100_000)
    whole = model.encode(texts)
    monkeypatch.setattr(embed, "MAX_BATCH_TOKENS", 256)
    split = model.encode(texts)
    assert np.allclose(whole, split, atol=1e-5)
    assert np.allclose(np.linalg.norm(split, axis=1), 1.0, atol=1e-5)
