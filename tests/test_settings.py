"""Settings loading: the precedence the README promises (defaults < config.toml < env
< flags), unknown keys and wrong types rejected, and a broken config file as one
``Error:`` line naming the file and line, from a real process, on every command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperqa_lite.cli import cli
from paperqa_lite.errors import UserError
from paperqa_lite.settings import load_settings

SRC = Path(__file__).parents[1] / "src"


def write_config(home: Path, text: str | bytes) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def config_json(*flags: str) -> dict:
    result = CliRunner().invoke(cli, ["config", "--json", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_precedence_defaults_then_file_then_env_then_flags(isolated_home, monkeypatch):
    default = config_json()
    assert (default["store"]["collection"], default["retrieve"]["k"], default["llm"]["model"]) == (
        "week", 5, None)
    write_config(isolated_home, '[store]\ncollection = "from-file"\nchunk_size = 128\n'
                                '[retrieve]\nk = 7\n[llm]\nmodel = "file-model"\n')
    data = config_json()
    assert (data["store"]["collection"], data["store"]["chunk_size"], data["retrieve"]["k"],
            data["llm"]["model"]) == ("from-file", 128, 7, "file-model")
    monkeypatch.setenv("PAPERQA_LITE_STORE__COLLECTION", "from-env")
    monkeypatch.setenv("PAPERQA_LITE_LLM__BACKEND", "openai-compatible")
    data = config_json()
    # env wins for what it sets; the file's other keys in the same sections stay
    assert (data["store"]["collection"], data["store"]["chunk_size"]) == ("from-env", 128)
    assert (data["llm"]["backend"], data["llm"]["model"]) == ("openai-compatible", "file-model")
    data = config_json("--collection", "from-flag", "--chroma-url", "http://127.0.0.1:9")
    assert (data["store"]["collection"], data["store"]["chunk_size"], data["store"]["chroma_url"]) == (
        "from-flag", 128, "http://127.0.0.1:9")
    assert data["retrieve"]["k"] == 7  # untouched by env and flags: still the file's
    # the library entry point follows the same order
    s = load_settings(store={"collection": "lib-flag"})
    assert (s.store.collection, s.store.chunk_size, s.retrieve.k) == ("lib-flag", 128, 7)


@pytest.mark.parametrize("text, fragments", [
    ('[llm]\nbakend = "openai"\n', ["llm.bakend", "line 2", "unknown setting"]),
    ('# settings\n\n[lmm]\nbackend = "openai"\n', ["lmm", "line 3", "unknown setting"]),
    ("colection = 'x'\n", ["colection", "line 1", "unknown setting"]),
    ('[store]\nchunk_size = "big"\n', ["store.chunk_size", "line 2", "valid integer"]),
    ("[retrieve]\nk = 0\n", ["retrieve.k", "line 2", "greater than or equal to 1"]),
    ('llm.temperature = "hot"\n', ["llm.temperature", "line 1", "valid number"]),
    ("store = 5\n", ["store", "line 1", "dictionary"]),
    ('[llm]\nbackend = "gpt"\n', ["llm.backend", "line 2", "'local'"]),
])
def test_unknown_keys_and_wrong_types_in_the_file_name_file_and_line(isolated_home, text, fragments):
    path = write_config(isolated_home, text)
    with pytest.raises(UserError) as err:
        load_settings()
    msg = str(err.value)
    assert msg.startswith(f"{path} line ") and "invalid setting" in msg, msg
    for fragment in fragments:
        assert fragment in msg


def test_every_problem_is_listed_in_one_line(isolated_home):
    write_config(isolated_home, '[llm]\nbakend = "x"\ntemperature = "hot"\n')
    with pytest.raises(UserError) as err:
        load_settings()
    assert "llm.bakend" in str(err.value) and "llm.temperature" in str(err.value)
    assert "\n" not in str(err.value)


def test_env_and_flag_problems_name_their_source(isolated_home, monkeypatch):
    monkeypatch.setenv("PAPERQA_LITE_STORE__COLLECTON", "x")
    with pytest.raises(UserError, match=r"^\$PAPERQA_LITE_STORE__COLLECTON: invalid setting "
                                        "store.collecton: unknown setting$"):
        load_settings()
    monkeypatch.delenv("PAPERQA_LITE_STORE__COLLECTON")
    monkeypatch.setenv("PAPERQA_LITE_STORE", "not json")
    with pytest.raises(UserError, match="invalid environment setting.*store"):
        load_settings()
    monkeypatch.delenv("PAPERQA_LITE_STORE")
    with pytest.raises(UserError, match=r"^command-line flag: invalid setting retrieve.k: "):
        load_settings(retrieve={"k": 0})


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERQA_LITE_")}
    env.update(PAPERQA_LITE_HOME=str(home), PYTHONPATH=str(SRC))
    return subprocess.run([sys.executable, "-m", "paperqa_lite.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize("content, fragments", [
    ('[llm]\nbackend = "openai\n', ["not valid TOML", "at line 2, column 18"]),
    (b"[llm]\nmodel = '\xff'\n", ["not a UTF-8 text file"]),
    ('[llm]\nbakend = "openai"\n', ["llm.bakend", "line 2", "unknown setting"]),
])
def test_a_broken_config_file_is_one_error_line_on_every_command(tmp_path, content, fragments):
    home = tmp_path / "home"
    path = write_config(home, content)
    commands = [["papers"]]
    if "TOML" in fragments[0]:  # the reported case, on every kind of command
        commands += [["config"], ["ask", "What is SRPO?"], ["ingest", "--sample"], ["tldr", "--mode", "llm"]]
    for args in commands:
        proc = _cli(home, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}"), (args, proc.stderr)
        for fragment in fragments:
            assert fragment in lines[0]
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]  # nothing was written


def test_a_config_path_that_is_a_directory_is_an_error(isolated_home):
    (isolated_home / "config.toml").mkdir(parents=True)
    with pytest.raises(UserError, match="config.toml: not a file"):
        load_settings()
