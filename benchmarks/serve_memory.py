"""Where a web server's memory goes: VmRSS after each import and each step of
``paperqa-lite serve --ensure-sample`` and one answer, in one fresh process with its own
temporary home (docs/benchmarks.md, "serve memory"). ``benchmarks/run.py --only serve`` is
the figure; this is its breakdown (the order of steps differs a little from ``serve``'s).

    PYTHONPATH=src .venv/bin/python benchmarks/serve_memory.py
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("PAPERQA_LITE_HOME", tempfile.mkdtemp(prefix="pqa-serve-memory-"))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

LONG = " ".join(f"Sentence {i} reports a gain of {i}.5 points." for i in range(80))
_last = [0.0]


def mark(step: str) -> None:
    """One line: VmRSS, its change, VmHWM, anonymous and file-backed resident MB."""
    mb = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            mb[key] = int(value.split()[0]) / 1024
    print(f"{step:44s} rss {mb['VmRSS']:6.1f} {mb['VmRSS'] - _last[0]:+6.1f}  peak {mb['VmHWM']:6.1f}"
          f"  anon {mb['RssAnon']:6.1f}  file {mb['RssFile']:6.1f}", flush=True)
    _last[0] = mb["VmRSS"]


def main() -> None:
    mark("python")
    for mod in ["numpy", "onnxruntime", "chromadb", "llama_index.core", "paperqa_lite.web",
                "llama_cpp", "paperqa_lite.cli"]:
        importlib.import_module(mod)
        mark(f"import {mod}")
    from bench.common import free_port
    from paperqa_lite import llm, pipeline, tokens, web
    from paperqa_lite.settings import load_settings
    from paperqa_lite.store import Store

    settings = load_settings()
    store = Store(settings)
    store.count_chunks()
    mark("Chroma client and collection")
    tokens.encoding()
    mark("tiktoken cl100k")
    tokens.chunk_text(LONG, 192, 32)
    mark("first chunking (NLTK punkt)")
    store.embedder.get_query_embedding("load")
    mark("MiniLM session")
    pipeline.ensure_sample(settings)
    mark("ingest the sample week")
    app = web.build_app(settings)
    pipeline.warm_up(settings, app.pqa.store, model=object())  # the model is the next step
    mark("build_app, warm-up (index, query)")
    llm.get_model(settings)
    mark("llama.cpp model load")
    port = free_port()
    web.launch(app, port=port, prevent_thread_lock=True, quiet=True)
    mark("launch")
    ask = ("import sys; sys.path.insert(0, %r)\nfrom bench.ask import QUESTIONS\n"
           "from gradio_client import Client\n"
           "out = Client('http://127.0.0.1:%d/', verbose=False).predict(QUESTIONS[1], api_name='/ask')\n"
           "assert '[1]' in str(out), out\n") % (str(Path(__file__).resolve().parent), port)
    subprocess.run([sys.executable, "-c", ask], check=True)  # a client of its own: not in this RSS
    time.sleep(0.5)
    mark("one answer via gradio_client")
    os._exit(0)  # the server thread would keep the process alive


if __name__ == "__main__":
    main()
