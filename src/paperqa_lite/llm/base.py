"""What every backend shares: the model interface, a unit of work's budget, usage and cost.

A :class:`Budget` is one unit of work (an answer, a TL;DR, one eval example): every model
call made with it shares one deadline and adds its token counts to one :class:`Usage`.
Each model also keeps a running :class:`Usage` of every call it served in this process,
so callers that did not pass a budget (TL;DR runs, evals) can still read what was spent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class Usage:
    """Tokens spent by a set of model calls. ``estimated_calls`` counts calls whose numbers
    are cl100k estimates because the server reported none; ``cost_usd`` is None unless
    every call's model has a price in ``llm.prices``."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    estimated_calls: int = 0
    cost_usd: float | None = None
    _unpriced: int = field(default=0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, prompt: int, completion: int, *, cost_usd: float | None,
            estimated: bool = False) -> None:
        with self._lock:  # one model serves many threads (the web app)
            self.prompt_tokens += prompt
            self.completion_tokens += completion
            self.calls += 1
            self.estimated_calls += estimated
            if cost_usd is None:
                self._unpriced += 1
                self.cost_usd = None
            elif not self._unpriced:
                self.cost_usd = round((self.cost_usd or 0.0) + cost_usd, 6)

    def tokens(self) -> dict[str, int]:
        """The two counts an answer reports, as a plain dict."""
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}


def call_cost(prices: Mapping[str, tuple[float, float]], model_id: str, prompt: int,
              completion: int) -> float | None:
    """USD for one call at ``prices[model_id]`` (USD per 1M prompt, completion tokens);
    None for a model without a price."""
    price = prices.get(model_id)
    if price is None:
        return None
    return (prompt * price[0] + completion * price[1]) / 1e6


class Budget:
    """One unit of work's share of a model: a deadline for all its calls (None: no
    deadline) and the usage they add up to. Not shared between threads."""

    def __init__(self, deadline_s: float | None = None) -> None:
        self.deadline_s = deadline_s
        self.ends_at = None if deadline_s is None else time.monotonic() + deadline_s
        self.usage = Usage()

    def remaining(self) -> float | None:
        """Seconds left before the deadline (negative once it passed); None: no deadline."""
        return None if self.ends_at is None else self.ends_at - time.monotonic()

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0


class Model(Protocol):
    """What the pipeline needs from an LLM. ``messages`` are ``{"role", "content"}`` dicts;
    ``None`` keyword arguments fall back to the ``llm`` settings. Calls made with the same
    ``budget`` share its deadline and add to its usage; without one, each call gets its own
    ``llm.deadline_s``. ``usage`` totals every call this model served."""

    model_id: str
    usage: Usage

    def complete(self, messages: list[dict], *, max_tokens: int | None = None,
                 stop: list[str] | None = None, temperature: float | None = None,
                 budget: Budget | None = None) -> str: ...

    def stream(self, messages: list[dict], *, max_tokens: int | None = None,
               stop: list[str] | None = None, temperature: float | None = None,
               budget: Budget | None = None) -> Iterator[str]: ...


class Metered:
    """Mixin for backends: counts each call on the model's total and the call's budget."""

    model_id: str
    prices: Mapping[str, tuple[float, float]]
    usage: Usage

    def _record(self, budget: Budget | None, prompt: int, completion: int,
                estimated: bool = False) -> None:
        cost = call_cost(self.prices, self.model_id, prompt, completion)
        for usage in (self.usage, budget.usage if budget else None):
            if usage is not None:
                usage.add(prompt, completion, cost_usd=cost, estimated=estimated)
