"""What the test files import (``conftest.py`` keeps the fixtures): fixture paths, the
plumbing fakes, a chat message's text, and starting/stopping server processes.

``benchmarks/bench/common.py`` loads this file too, for ``free_port``,
``wait_until_serving`` and ``stop``: the benchmarks start the same servers the tests do
(``paperqa-lite serve``, ``chroma run``). So this module raises ordinary exceptions,
never pytest's outcome exceptions (a ``pytest.fail`` is a BaseException, which a
benchmark section's ``except Exception`` would not catch), and imports pytest only
inside ``home_env``, the one helper the benchmarks do not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import traceback
import urllib.request
from collections import deque
from pathlib import Path

import numpy as np

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
ARTIFACTS = ROOT / "test-artifacts"


# -- server processes -------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, url: str, log_path: Path | None, timeout_s: float,
                       name: str) -> None:
    """Poll ``url`` until it answers 200; raise RuntimeError with the log's tail (when
    there is a log) if ``proc`` exits or ``timeout_s`` passes first."""
    def tail() -> str:
        return f":\n{log_path.read_text(errors='replace')[-2000:]}" if log_path else ""

    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}{tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name}: no answer from {url} in {timeout_s}s{tail()}")
        time.sleep(0.25)


def stop(proc: subprocess.Popen, timeout_s: float = 15) -> None:
    """Terminate a server process, killing it if it does not exit in time."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)


@contextlib.contextmanager
def home_env(home: Path):
    """For module- and session-scoped fixtures (which the per-test ``isolated_home`` does
    not reach): ``$PAPERQA_LITE_HOME`` is ``home`` and no other PAPERQA_LITE_* applies."""
    import pytest  # here, not at the top: the benchmarks import this module

    with pytest.MonkeyPatch.context() as mp:
        for var in list(os.environ):
            if var.startswith("PAPERQA_LITE_"):
                mp.delenv(var)
        mp.setenv("PAPERQA_LITE_HOME", str(home))
        yield


def message_text(message) -> str:
    """A chat message's text, whether plain or Gradio 6's [{"type": "text", "text": ...}]."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


# -- fakes, for plumbing tests only -------------------------------------------------------
class FakeEmbedder:
    """Deterministic bag-of-words hashing into 384 dims: same text, same vector."""

    def encode(self, texts, batch_size=32):
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(tok.encode()).hexdigest(), 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-9, None)


class FakeModel:
    """A queue-driven LLM: returns the queued replies in order, records the prompts."""

    model_id = "fake-model"

    def __init__(self, *replies: str) -> None:
        self.replies = deque(replies)
        self.calls: list[list[dict]] = []

    def queue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def complete(self, messages, **kwargs) -> str:
        self.calls.append(messages)
        if not self.replies:
            raise AssertionError("FakeModel: no reply queued")
        return self.replies.popleft()

    def stream(self, messages, **kwargs):
        text = self.complete(messages, **kwargs)
        for piece in re.findall(r"\S+\s*", text):
            yield piece


# -- the web app as a user gets it: a real `paperqa-lite` process and headless Chromium --
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI process on ``home``: no other PAPERQA_LITE_* applies and
    this checkout's code is the one imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERQA_LITE_")}
    env |= {"PAPERQA_LITE_HOME": str(home), "PYTHONPATH": str(ROOT / "src"), **extra}
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from paperqa_lite.cli import main; main()", *map(str, args)]


def run_cli(home: Path, *args: str, timeout: float = 600, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command(*args), env=cli_env(home, **env), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def start_serve(home: Path, log_path: Path, *args: str, **env: str) -> subprocess.Popen:
    """`paperqa-lite serve ARGS` in the background, its output in ``log_path``."""
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - the process owns it
    return subprocess.Popen(cli_command("serve", *args), env=cli_env(home, **env), stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


# -- small inputs for the parsers' tests ------------------------------------------------
ABSTRACT = "We study a problem in enough words for this line to count as an abstract."


def page_text(header_date: str | None, *paper_lines: str) -> str:
    """A pasted Daily Papers page: the site's header lines (and date), then the papers'."""
    head = ["new", "", "Daily Papers", ""] + ([header_date, ""] if header_date else [])
    return "\n".join(head + list(paper_lines)) + "\n"


# -- the OpenAI backend's tests: a key that must never show, a question to ask ------------
API_KEY = "sk-test-SECRET123"
QUESTION = [{"role": "system", "content": "Answer in one short sentence."},
            {"role": "user", "content": "What is the capital of France?"}]


def assert_no_key(*texts: str) -> None:
    for text in texts:
        assert API_KEY not in text


def assert_clean_error(exc: BaseException) -> None:
    """One line, and the key nowhere: not in the message, the repr or the traceback."""
    msg = str(exc)
    assert "\n" not in msg
    assert_no_key(msg, repr(exc), "".join(traceback.format_exception(exc)))
