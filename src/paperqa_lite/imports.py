"""Third-party packages imported without optional extras this process never calls.

Some libraries import another package "if it is installed" and fall back when it is not:
NLTK imports scipy.stats for a few statistics functions punkt never uses, Gradio imports
``mcp`` for an MCP server of its own that ``web.launch`` never starts (``--mcp`` serves
:mod:`webroutes`' tools, which import ``mcp`` themselves). Together they are ~70 MB of a
web server's memory (docs/benchmarks.md, "serve memory"). :func:`without` hides such a
package while the library is imported; afterwards it imports as usual.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def without(*names: str) -> Iterator[None]:
    """Inside the block, ``import name`` (and its submodules) raises ImportError for each
    of ``names`` not already imported; nothing is changed for those that are."""
    hidden = [n for n in names if n not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not found"
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
