"""The one contract every eval follows (simple-evals style), and what it returns.

An :class:`Eval` is a small object built from its data file (or folder). It says how it
recognises its input (:meth:`Eval.recognises`, used by the registry), lists its example
ids, runs the examples not yet done against the pipeline, and reduces the per-example
results to one ``aggregate``. :meth:`Eval.__call__` does the part common to every eval:
skip the examples already done (resuming), report each new result as it finishes, and
aggregate over all of them in file order.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

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


class Eval(ABC):
    """Examples in, per-example results and one aggregate out.

    A subclass declares ``eval_kind``, ``accepts`` (its input, for error messages),
    ``folder`` (whether its input is a folder) and ``options`` (keyword arguments of its
    constructor beyond ``limit``), and implements the four steps below.
    """

    eval_kind: ClassVar[str]
    accepts: ClassVar[str]
    folder: ClassVar[bool] = False
    options: ClassVar[tuple[str, ...]] = ()
    name: str

    @classmethod
    @abstractmethod
    def recognises(cls, path: Path, head: list[dict[str, Any]]) -> bool:
        """Whether ``path`` is this eval's input; ``head`` is a file's first rows ([] for a folder)."""

    @abstractmethod
    def example_ids(self) -> list[str]:
        """Every example's id, in file order."""

    def prepare(self, settings: Any, todo: list[str]) -> Any:
        """Whatever :meth:`run` needs (called even when nothing is left to run)."""
        return settings

    @abstractmethod
    def run(self, context: Any, todo: list[str]) -> Iterator[ExampleResult]:
        """Run and score the examples ``todo``, yielding each result as it is done."""

    @abstractmethod
    def aggregate(self, results: list[ExampleResult]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """``(metrics, by_kind)`` over all the results."""

    def __call__(self, settings: Any, done: dict[str, ExampleResult] | None = None,
                 on_example: Callable[[ExampleResult], None] | None = None) -> EvalResult:
        done = done or {}
        ids = self.example_ids()
        todo = [i for i in ids if i not in done]
        context = self.prepare(settings, todo)
        fresh: dict[str, ExampleResult] = {}
        for ex in self.run(context, todo):
            if on_example:
                on_example(ex)
            fresh[ex.id] = ex
        results = [done[i] if i in done else fresh[i] for i in ids]
        metrics, by_kind = self.aggregate(results)
        return EvalResult(self.name, self.eval_kind, metrics, results, by_kind=by_kind)


def check_unique(path: Path, ids: list[str]) -> None:
    """Resuming keys records by id: two examples with one id would be one."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise UserError(f"{path}: id {i!r} appears twice")
        seen.add(i)


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
