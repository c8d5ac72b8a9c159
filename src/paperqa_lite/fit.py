"""Prompts that fit the model's context: evidence is trimmed first, the question never.

A prompt is rendered from a file and values (:mod:`paperqa_lite.prompts`); a paper's text
can be any length (a 20 KB title), the model's context cannot. :func:`fit_messages`
trims the named values, in the order given, just enough for the prompt plus the reply
to fit (first none below a quarter of the budget, then as far as needed); a value not
named (the question) is never cut, and if the prompt still does not fit, the error says
which value is too long.

Tokens are counted with tiktoken's cl100k, not the model's own tokenizer (that would
mean loading the model to build a prompt): SmolLM2's tokenizer makes up to ~1.3x as many
tokens of scientific text, and the chat template adds a few per message, so the budget
counts cl100k tokens times :data:`TOKENIZER_RATIO` plus :data:`PER_MESSAGE`.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import UserError
from .tokens import count_tokens, encoding

TOKENIZER_RATIO = 1.35
PER_MESSAGE = 8
ELLIPSIS = " …"


def estimate(messages: list[dict[str, str]]) -> int:
    """Upper estimate of the tokens the model reads for these messages."""
    return sum(math.ceil(count_tokens(m["content"]) * TOKENIZER_RATIO) + PER_MESSAGE
               for m in messages)


def fit_messages(prompt: Any, values: dict[str, str], *, n_ctx: int, reply_tokens: int,
                 trim: tuple[str, ...]) -> tuple[list[dict[str, str]], list[str]]:
    """(messages, names of the values cut) for a prompt that fits ``n_ctx`` with room for
    ``reply_tokens``; values in ``trim`` are cut in that order, others never."""
    budget = n_ctx - reply_tokens
    values = dict(values)
    trimmed: list[str] = []
    messages = prompt.render(**values)
    # two passes: each value down to a quarter of the budget, in order, then further;
    # so a 20 KB title is cut before the evidence loses its last sentences
    for floor in (budget // 4, 0):
        for name in trim:
            over = estimate(messages) - budget
            if over <= 0:
                break
            have = count_tokens(values[name])
            cut = min(math.ceil(over / TOKENIZER_RATIO) + 2, have - floor)
            if cut > 0:
                values[name] = _cut(values[name], cut)
                trimmed += [name] if name not in trimmed else []
                messages = prompt.render(**values)
    over = estimate(messages) - budget
    if over > 0:
        longest = max((k for k in values if k not in trim), default="prompt",
                      key=lambda k: count_tokens(values[k]))
        raise UserError(f"the {longest} is too long: the prompt needs about {budget + over} tokens, "
                        f"the model's context holds {n_ctx} with {reply_tokens} for the reply")
    return messages, trimmed


def _cut(text: str, tokens: int) -> str:
    """``text`` less about ``tokens`` tokens from its end: whole lines first (evidence is
    one sentence a line), then words, marked with an ellipsis."""
    target = count_tokens(text) - tokens
    lines = text.split("\n")
    while len(lines) > 1 and count_tokens("\n".join(lines)) > target:
        lines.pop()
    kept = "\n".join(lines)
    if count_tokens(kept) <= target:
        return kept
    ids = encoding().encode(kept, disallowed_special=())
    return encoding().decode(ids[:max(0, target - 2)]).rstrip() + ELLIPSIS
