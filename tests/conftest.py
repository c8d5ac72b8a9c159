"""Shared fixtures.

Every test gets its own ``$PAPERQA_LITE_HOME`` under ``tmp_path`` (user state never
leaks between tests or into ``~``). Fakes here are for plumbing tests only: a
queue-driven fake LLM and a deterministic fake embedder. Features are also proven
against the real embedded models in tests marked ``slow``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import subprocess
import time
import urllib.request
from collections import deque
from pathlib import Path

import json
import shutil

import numpy as np
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("PAPERQA_LITE_HOME", str(home))
    for var in list(os.environ):
        if var.startswith("PAPERQA_LITE_") and var != "PAPERQA_LITE_HOME":
            monkeypatch.delenv(var)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return home


@pytest.fixture
def settings(isolated_home):
    from paperqa_lite.settings import load_settings

    return load_settings()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def sample_week() -> Path:
    from paperqa_lite.settings import SAMPLE_WEEK

    return SAMPLE_WEEK


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def home_env(home: Path):
    """For module- and session-scoped fixtures (which the per-test ``isolated_home`` does
    not reach): ``$PAPERQA_LITE_HOME`` is ``home`` and no other PAPERQA_LITE_* applies."""
    with pytest.MonkeyPatch.context() as mp:
        for var in list(os.environ):
            if var.startswith("PAPERQA_LITE_"):
                mp.delenv(var)
        mp.setenv("PAPERQA_LITE_HOME", str(home))
        yield


def wait_until_serving(proc: subprocess.Popen, url: str, log_path: Path, timeout_s: float,
                       name: str) -> None:
    """Poll ``url`` until it answers 200; fail with the log's tail if ``proc`` exits or
    ``timeout_s`` passes first."""
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            pytest.fail(f"{name} exited with {proc.returncode}:\n"
                        f"{log_path.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: no answer from {url} in {timeout_s}s:\n"
                        f"{log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.25)


def stop(proc: subprocess.Popen, timeout_s: float = 15) -> None:
    """Terminate a server process, killing it if it does not exit in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout_s)


def message_text(message) -> str:
    """A chat message's text, whether plain or Gradio 6's [{"type": "text", "text": ...}]."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


class FakeEmbedder:
    """Deterministic bag-of-words hashing into 384 dims: same text, same vector."""

    def encode(self, texts, batch_size=32):
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for tok in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(tok.encode()).hexdigest(), 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-9, None)


@pytest.fixture
def fake_embedder(monkeypatch):
    """Swap the MiniLM model for :class:`FakeEmbedder` (plumbing tests only)."""
    from paperqa_lite import embed

    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "_minilm", lambda threads=0: fake)
    return fake


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


@pytest.fixture
def fake_model():
    return FakeModel()


@pytest.fixture(scope="session")
def ingested_week(tmp_path_factory) -> tuple[Path, dict]:
    """A home with the sample week embedded by `paperqa-lite ingest --sample` (real
    MiniLM), built once per session, and the CLI's JSON report. Tests copy the home
    (``week_home``) so that what one writes, no other sees."""
    from click.testing import CliRunner

    from paperqa_lite.cli import cli

    home = tmp_path_factory.getbasetemp() / "ingested-week-home"
    with home_env(home):
        result = CliRunner().invoke(cli, ["ingest", "--sample", "--json"])
    assert result.exit_code == 0, result.output
    return home, json.loads(result.stdout)


@pytest.fixture
def week_home(ingested_week, isolated_home) -> Path:
    """This test's own copy of the ingested sample week, as its ``$PAPERQA_LITE_HOME``."""
    shutil.copytree(ingested_week[0], isolated_home)
    return isolated_home
