"""What every eval returns: per-example results plus aggregate metrics (simple-evals style).

An eval is a small object built from its data file; calling it with settings (and the
examples already done, for resuming) returns an :class:`EvalResult`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import UserError


@dataclass
class ExampleResult:
    id: str
    passed: bool
    scores: dict[str, float]
    record: dict[str, Any]  # question/input, output, citations, retrieved, timings...
    kind: str | None = None
    failures: list[str] = field(default_factory=list)  # why it did not pass, for the report

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> "ExampleResult":
        return cls(**json.loads(line))


@dataclass
class EvalResult:
    name: str
    eval_kind: str  # "qa" | "tldr" | "beir"
    metrics: dict[str, Any]
    examples: list[ExampleResult]
    by_kind: dict[str, dict[str, Any]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)  # n, config, prompt_hashes, model


class Eval(Protocol):
    name: str
    eval_kind: str

    def __call__(self, settings: Any, done: dict[str, ExampleResult],
                 on_example: Callable[[ExampleResult], None]) -> EvalResult: ...


def mean(values: Iterable[float]) -> float | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return round(sum(vals) / len(vals), 4) if vals else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), like numpy's default."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo), 4)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UserError(f"{path}: line {no}: invalid JSON ({exc.msg})") from None
    return rows
