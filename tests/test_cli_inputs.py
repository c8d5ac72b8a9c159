"""Bad input to the commands that prompt a model, from real CLI processes: an empty,
blank or over-long question, and a prompt folder whose file no longer declares a variable
the code passes. Each is one ``Error:`` line and exit 2 before any work (no store opened,
no model loaded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperqa_lite.paper import MAX_QUESTION_CHARS

ROOT = Path(__file__).parents[1]


def cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("PAPERQA_LITE_")}
    full.update(PAPERQA_LITE_HOME=str(home), PYTHONPATH=str(ROOT / "src"), **env)
    return subprocess.run([sys.executable, "-m", "paperqa_lite.cli", *args], capture_output=True,
                          text=True, env=full, timeout=120)


def one_error_line(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


@pytest.mark.parametrize("question, fragments", [
    ("", ["the question is empty"]),
    ("   \t \n ", ["the question is empty"]),
    ("why " * 300, ["the question is 1,199 characters", f"the limit is {MAX_QUESTION_CHARS:,}"]),
])
def test_ask_rejects_an_empty_or_over_long_question(tmp_path, question, fragments):
    home = tmp_path / "home"
    one_error_line(cli(home, "ask", "--json", question), *fragments)
    assert not home.exists()  # nothing opened, nothing written


def test_ask_rejects_an_impossible_date(tmp_path):
    one_error_line(cli(tmp_path / "home", "ask", "What is SRPO?", "--since", "2024-02-30"),
                   "YYYY-MM-DD", "2024-02-30")


def _prompts_copy(folder: Path, name: str, old: str, new: str) -> Path:
    folder.mkdir()
    for path in (ROOT / "prompts").glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        if path.stem == name:
            assert old in text
            text = text.replace(old, new)
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("args, name, edits, fragments", [
    # answer_factual stops declaring (and using) {title}: a consistent file the code breaks
    (["ask", "What does SRPO do?"], "answer_factual",
     [("# variables: question, title, evidence", "# variables: question, evidence"),
      ("Paper: {title}", "Paper:")],
     ["answer_factual.txt", "does not declare title"]),
    (["tldr", "--mode", "llm"], "tldr",
     [("# variables: title, sentence", "# variables: title"), ("Sentence: {sentence}", "Sentence:")],
     ["tldr.txt", "does not declare sentence"]),
    (["digest"], "tldr",
     [("# variables: title, sentence", "# variables: title, sentence, tone"),
      ("Title: {title}\nSentence", "Title: {title} {tone}\nSentence")],
     ["tldr.txt", "declares tone, which the code never passes"]),
])
def test_a_prompt_that_no_longer_matches_the_code_stops_the_command_at_start_up(
        tmp_path, args, name, edits, fragments):
    folder = tmp_path / "prompts"
    _prompts_copy(folder, name, *edits[0])
    path = folder / f"{name}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(*edits[1]), encoding="utf-8")
    home = tmp_path / "home"
    one_error_line(cli(home, *args, PAPERQA_LITE_PROMPTS_DIR=str(folder)), *fragments)
    assert not home.exists()  # before any work: no store, no cache
    if args[0] != "ask":
        return
    # the same folder set in config.toml is checked the same way
    home.mkdir()
    (home / "config.toml").write_text(f"prompts_dir = {str(folder)!r}\n", encoding="utf-8")
    one_error_line(cli(home, *args), *fragments)
    assert sorted(p.name for p in home.iterdir()) == ["config.toml"]
    # a command that prompts no model is not affected
    assert cli(home, "papers", PAPERQA_LITE_PROMPTS_DIR=str(folder)).returncode == 0
