"""Which eval reads which input: an explicit registry, name -> eval class.

Each class says how it recognises its input (:meth:`~.base.Eval.recognises`) and which
options it takes; :func:`load_eval` asks them in registry order, so a new kind of eval
set is one class and one entry here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UserError
from .base import Eval, read_jsonl
from .beir import BeirEval
from .qa import QAEval
from .tldr_eval import TldrEval

EVALS: dict[str, type[Eval]] = {"qa": QAEval, "tldr": TldrEval, "beir": BeirEval}
HEAD = 5  # rows of a file the classes look at to recognise it


def eval_class(path: Path) -> type[Eval]:
    """The registered eval whose input ``path`` is, or a one-line error."""
    path = Path(path)
    if path.is_dir():
        head: list[dict[str, Any]] = []
        candidates = [c for c in EVALS.values() if c.folder]
        what = "a folder must be " + " or ".join(c.accepts for c in candidates)
    elif path.is_file():
        head = read_jsonl(path)[:HEAD]
        candidates = [c for c in EVALS.values() if not c.folder]
        what = "not " + " nor ".join(c.accepts for c in EVALS.values())
    else:
        raise UserError(f"{path}: no such file")
    for cls in candidates:
        if cls.recognises(path, head):
            return cls
    raise UserError(f"{path}: {what}")


def load_eval(path: Path, limit: int | None = None, **options: Any) -> Eval:
    """The eval for ``path``, given the options it takes (others are not its business:
    ``--mode`` means nothing to a QA set)."""
    cls = eval_class(path)
    return cls(Path(path), limit, **{k: v for k, v in options.items() if k in cls.options})
