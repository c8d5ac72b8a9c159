"""The llama.cpp builds side by side: tokens/s of the portable (AVX2) and the native
(this CPU's instruction sets but AMX) wheels of ``scripts/install-llama-cpp.sh``, each
unpacked into its own folder and loaded in its own process, on the ``llm`` section's
TL;DR prompt with the pipeline's Llama options. Rounds alternate the two builds so other
load on the machine hits both alike; tokens/s is the median per-call rate.

Run as a script, it is the worker: ``python llm_builds.py TARGET_DIR CALLS`` prints one
JSON line of per-call rates (the messages arrive on stdin).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BUILDS = ("portable", "native")
ROUNDS, CALLS = 3, 3  # per build: processes, and timed calls in each


def wheel(kind: str, root: Path) -> Path:
    """The cached wheel of one build (built once, ~6.5 min on 2 cores, if missing)."""
    out = subprocess.run([str(root / "scripts" / "install-llama-cpp.sh"), "--wheel", kind, sys.executable],
                         check=True, capture_output=True, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


def unpack(whl: Path, into: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(into), str(whl)], check=True)


def compare(root: Path, messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
    """``llm_<build>_tokens_per_s`` for both builds, and the native/portable ratio."""
    with tempfile.TemporaryDirectory(prefix="pqa-bench-builds-") as tmp:
        dirs = {build: Path(tmp) / build for build in BUILDS}
        for build, into in dirs.items():
            unpack(wheel(build, root), into)
        return measure(dirs, root, messages, max_tokens)


def measure(dirs: dict[str, Path], root: Path, messages: list[dict[str, str]],
            max_tokens: int) -> dict[str, Any]:
    """The builds unpacked in ``dirs`` (build -> folder), in alternating rounds."""
    from statistics import median

    rates: dict[str, list[float]] = {b: [] for b in BUILDS}
    cpu_rates: dict[str, list[float]] = {b: [] for b in BUILDS}
    prompt_rates: dict[str, list[float]] = {b: [] for b in BUILDS}
    request = json.dumps({"messages": messages, "max_tokens": max_tokens})
    for i in range(ROUNDS):
        for build in (BUILDS if i % 2 == 0 else BUILDS[::-1]):
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(dirs[build]), str(root / "src")]))
            out = subprocess.run([sys.executable, __file__, str(dirs[build]), str(CALLS)], input=request,
                                 env=env, check=True, capture_output=True, text=True)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            rates[build] += got["rates"]
            cpu_rates[build] += got["cpu_rates"]
            prompt_rates[build].append(got["prompt_cpu_rate"])
    res: dict[str, Any] = {f"llm_{b}_tokens_per_s": round(median(rates[b]), 1) for b in BUILDS}
    # Per second of the process's own CPU time: with other load on the machine, wall-clock
    # rates measure the share of the cores a build got as much as the build itself.
    res |= {f"llm_{b}_tokens_per_cpu_s": round(median(cpu_rates[b]), 1) for b in BUILDS}
    res |= {f"llm_{b}_prompt_tokens_per_cpu_s": round(median(prompt_rates[b]), 1) for b in BUILDS}
    res["llm_native_speedup"] = round(res["llm_native_tokens_per_s"] / res["llm_portable_tokens_per_s"], 3)
    return res


def _worker(target: str, calls: int) -> None:
    import time

    import llama_cpp

    assert Path(llama_cpp.__file__).is_relative_to(target), llama_cpp.__file__  # this build, not the venv's
    from paperqa_lite.llm.local import LLAMA_OPTIONS, bundled_gguf
    from paperqa_lite.settings import load_settings

    settings = load_settings()
    request = json.loads(sys.stdin.read())
    llama = llama_cpp.Llama(model_path=str(bundled_gguf()), n_ctx=settings.llm.n_ctx, verbose=False,
                            n_threads=settings.llm.threads or os.cpu_count() or 1, **LLAMA_OPTIONS)

    def call() -> tuple[float, float, int]:
        t0, c0 = time.perf_counter(), time.process_time()
        out = llama.create_chat_completion(messages=request["messages"], max_tokens=request["max_tokens"],
                                           temperature=settings.llm.temperature)
        return time.perf_counter() - t0, time.process_time() - c0, out["usage"]["completion_tokens"]

    call()  # warm-up: the prompt is then cached, as in the llm section
    runs = [call() for _ in range(calls)]
    # Prompt evaluation, an answer's first cost: ~1,000 tokens from an empty cache.
    text = " ".join(m["content"] for m in request["messages"])
    tokens = llama.tokenize(text.encode("utf-8"))
    tokens = (tokens * (1 + 1000 // len(tokens)))[:1000]
    llama.reset()
    c0 = time.process_time()
    llama.eval(tokens)
    print(json.dumps({"rates": [n / secs for secs, _, n in runs],
                      "cpu_rates": [n / cpu for _, cpu, n in runs],
                      "prompt_cpu_rate": len(tokens) / (time.process_time() - c0)}))


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]))
