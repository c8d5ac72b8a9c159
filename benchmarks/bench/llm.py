"""Section ``llm``: bare llama-cpp-python against ``llm.get_model(settings)`` on the same
TL;DR prompt, same GGUF, n_ctx, threads and Llama options; generated tokens counted with
the model's own tokenizer; tokens/s is the median per-call rate of calls interleaved and
rotated, so other load hits all three variants alike. Then the portable and native
llama.cpp builds on the same prompt, each in its own process (:mod:`.llm_builds`).
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable

from paperqa_lite.ingest import load_papers
from paperqa_lite.llm import LocalModel, get_model
from paperqa_lite.llm.local import LLAMA_OPTIONS
from paperqa_lite.prompts import load_prompt
from paperqa_lite.settings import SAMPLE_WEEK, Settings
from paperqa_lite.tldr import extractive_tldr

from . import llm_builds
from .common import ROOT, log, pct, settings_for

LLM_MAX_TOKENS = 128
LLM_REPEATS = 9  # calls per variant; tokens/s is the median per-call rate


def _tldr_messages(settings: Settings) -> list[dict[str, str]]:
    """The fixed prompt: the TL;DR prompt for the first sample-week paper."""
    paper = load_papers([SAMPLE_WEEK])[0]
    prompt = load_prompt("tldr", settings.prompts_dir)
    return prompt.render(title=paper.title, sentence=extractive_tldr(paper.title, paper.abstract))


def _raw_llama(settings: Settings, model: LocalModel) -> Any:
    """A bare llama_cpp.Llama made as the LocalModel makes its own: the same GGUF, n_ctx,
    threads and options (the KV cache type), llama-cpp's defaults for the rest."""
    from llama_cpp import Llama  # heavy: only this section needs it

    return Llama(model_path=str(model.path), n_ctx=model.n_ctx, verbose=False,
                 n_threads=settings.llm.threads or os.cpu_count() or 1, **LLAMA_OPTIONS)


def _variants(settings: Settings, model: LocalModel, raw: Any,
              messages: list[dict[str, str]]) -> dict[str, Callable[[], str]]:
    def run_raw() -> str:
        out = raw.create_chat_completion(messages=messages, max_tokens=LLM_MAX_TOKENS,
                                         temperature=settings.llm.temperature, stream=True)
        return "".join(c["choices"][0]["delta"].get("content") or "" for c in out)

    def run_complete() -> str:
        return model.complete(messages, max_tokens=LLM_MAX_TOKENS)

    def run_stream() -> str:
        return "".join(model.stream(messages, max_tokens=LLM_MAX_TOKENS))

    return {"raw": run_raw, "complete": run_complete, "stream": run_stream}


def _timed(fns: dict[str, Callable[[], str]], count: Callable[[str], int]
           ) -> tuple[dict[str, list[tuple[float, int]]], dict[str, str]]:
    """(seconds, tokens) per call and variant, and each variant's last output."""
    for fn in fns.values():  # warm-up: the prompt is evaluated once, then cached by each Llama
        fn()
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in fns}
    outputs = {}
    names = list(fns)
    for i in range(LLM_REPEATS):  # interleaved, rotating, so other load hits all three alike
        for name in names[i % 3:] + names[:i % 3]:
            t0 = time.perf_counter()
            text = fns[name]()
            runs[name].append((time.perf_counter() - t0, count(text)))
            outputs[name] = text
    return runs, outputs


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    settings = settings_for()
    if settings.llm.backend != "local":
        raise RuntimeError("the LLM section compares against the local GGUF: llm.backend must be local")
    t0 = time.perf_counter()
    model = get_model(settings)
    messages = _tldr_messages(settings)
    model.complete(messages, max_tokens=8)  # loads the model if the layer is lazy
    load_s = time.perf_counter() - t0
    raw = _raw_llama(settings, model)
    runs, outputs = _timed(_variants(settings, model, raw, messages),
                           lambda text: len(raw.tokenize(text.encode("utf-8"), add_bos=False, special=True)))

    def rate(name: str, best: bool = False) -> float:
        per_call = [n / secs for secs, n in runs[name]]
        return max(per_call) if best else pct(per_call, 50)

    raw_rate = rate("raw")
    pipe_rate = min(rate("complete"), rate("stream"))
    res.update(
        llm_model_load_s=round(load_s, 2), llm_calls=LLM_REPEATS,
        llm_tokens_per_call=round(sum(n for _, n in runs["raw"]) / LLM_REPEATS, 1),
        raw_llm_tokens_per_s=round(raw_rate, 1),
        pipeline_llm_complete_tokens_per_s=round(rate("complete"), 1),
        pipeline_llm_stream_tokens_per_s=round(rate("stream"), 1),
        pipeline_llm_tokens_per_s=round(pipe_rate, 1),
        llm_ratio=round(pipe_rate / raw_rate, 3),
        raw_llm_best_tokens_per_s=round(rate("raw", True), 1),
        pipeline_llm_best_tokens_per_s=round(min(rate("complete", True), rate("stream", True)), 1),
        llm_same_output=outputs["raw"].strip() == outputs["complete"].strip() == outputs["stream"].strip(),
    )
    log("llm: the portable and native llama.cpp builds, each in its own process")
    res.update(llm_builds.compare(ROOT, messages, LLM_MAX_TOKENS))
