"""One deadline for a whole answer, against a real socket that accepts and never answers.

Before: four 60 s timeouts (254 s) before the error. Now every attempt, retry and pause
fits in ``llm.deadline_s``; the bounds below allow a generous slack for a loaded machine
and check only that the wait is the deadline's, not a multiple of the timeout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from paperqa_lite.errors import BackendError
from paperqa_lite.llm import Budget, OpenAIModel
from paperqa_lite.settings import load_settings

SRC = Path(__file__).parents[1] / "src"
SLACK_S = 1.5
QUESTION = [{"role": "user", "content": "What is the capital of France?"}]


class NeverAnswers:
    """A TCP server that accepts every connection, reads nothing and says nothing."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"
        self.accepted: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)  # held open, never answered

    def close(self) -> None:
        self._closed = True
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent():
    server = NeverAnswers()
    yield server
    server.close()


def model_at(url: str, **llm) -> OpenAIModel:
    return OpenAIModel(load_settings(llm={"backend": "openai-compatible", "base_url": url,
                                          "model": "m", "max_retries": 3, **llm}))


def test_one_deadline_not_four_timeouts(silent):
    model = model_at(silent.url, deadline_s=2, timeout_s=60)
    start = time.monotonic()
    with pytest.raises(BackendError) as err:
        model.complete(QUESTION)
    elapsed = time.monotonic() - start
    assert str(err.value) == (f"LLM backend openai-compatible at {silent.url} gave no answer "
                              "within the 2 s deadline (llm.deadline_s; 1 attempt)")
    assert 2 <= elapsed < 2 + SLACK_S
    assert len(silent.accepted) == 1


def test_retries_happen_inside_the_deadline(silent):
    # 0.6 s per attempt leaves room for retries (and the client's backoff) within 2.5 s
    model = model_at(silent.url, deadline_s=2.5, timeout_s=0.6)
    start = time.monotonic()
    with pytest.raises(BackendError, match=r"gave no answer within the 2.5 s deadline"):
        model.complete(QUESTION)
    assert time.monotonic() - start < 2.5 + SLACK_S
    assert len(silent.accepted) >= 2


def test_a_whole_answer_shares_one_deadline(silent):
    model = model_at(silent.url, deadline_s=60, timeout_s=60)
    budget = Budget(1.5)  # what answer.py makes per answer: llm.budget(settings)
    start = time.monotonic()
    with pytest.raises(BackendError, match="within the 1.5 s deadline"):
        list(model.stream(QUESTION, budget=budget))
    # the next call of the same answer fails at once, without touching the server
    with pytest.raises(BackendError, match=r"within the 1.5 s deadline \(llm.deadline_s; 0 attempts\)"):
        model.complete(QUESTION, budget=budget)
    assert time.monotonic() - start < 1.5 + SLACK_S
    assert len(silent.accepted) == 1


@pytest.mark.slow
def test_cli_ask_against_a_silent_server_is_one_error_line(silent, week_home):
    env = {**os.environ, "PYTHONPATH": str(SRC), "PAPERQA_LITE_HOME": str(week_home),
           "PAPERQA_LITE_LLM__DEADLINE_S": "2"}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", "from paperqa_lite.cli import main; main()", "ask",
         "Compare SSR-Zero and SRUM.",  # the model phrases a comparison; a short fact is built by code
         "--backend", "openai-compatible", "--base-url", silent.url, "--model", "m"],
        capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.monotonic() - start
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.splitlines() == [
        f"Error: LLM backend openai-compatible at {silent.url} gave no answer within the 2 s "
        "deadline (llm.deadline_s; 1 attempt)"]
    assert proc.stdout == ""
    assert len(silent.accepted) == 1
    assert elapsed < 60  # start-up and retrieval included; four timeouts would be 120+ s
