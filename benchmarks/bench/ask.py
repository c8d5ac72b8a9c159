"""Section ``ask``: ten questions on the sample week through ``answer.ask_stream``; the
first yielded str is the first token."""

from __future__ import annotations

import argparse
import time
from typing import Any

from paperqa_lite.answer import Answer, ask_stream
from paperqa_lite.pipeline import ensure_sample

from .common import pct, settings_for

# Ten questions on the sample week, the kinds in the proportions of evals/week_qa.jsonl.
QUESTIONS = [
    "How many data entries does EgoSocialArena contain, and how many LLMs were evaluated with it?",
    "What end-to-end task success rate does the best GPT-4-based agent achieve on WebArena?",
    "Which four website domains does the WebArena environment cover?",
    "How many hours of footage does the EgoLife Dataset contain, and how many participants were recorded?",
    "What does SCoRe use to train a model to self-correct?",
    "Which papers study theory of mind in LLMs?",
    "Which papers evaluate agents on web navigation or website tasks?",
    "Compare SSR-Zero and SRUM.",
    "How do EgoThink and EgoPlan-Bench differ in what they evaluate?",
    "What word error rate does this week's speech recognition paper report on LibriSpeech?",
]


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    settings = settings_for()
    ensure_sample(settings)
    first, total, kinds = [], [], []
    for q in QUESTIONS:
        t0 = time.perf_counter()
        t_first = None
        for item in ask_stream(settings, q):
            if isinstance(item, str) and t_first is None:
                t_first = time.perf_counter() - t0
            elif isinstance(item, Answer):
                kinds.append(item.kind)
        total.append(time.perf_counter() - t0)
        first.append(t_first if t_first is not None else total[-1])
    res.update(
        ask_n=len(QUESTIONS),
        ask_first_token_s_p50=round(pct(first, 50), 3), ask_total_s_p50=round(pct(total, 50), 3),
        ask_first_token_s_max=round(max(first), 3), ask_total_s_max=round(max(total), 3),
        ask_first_question_total_s=round(total[0], 3),
    )
