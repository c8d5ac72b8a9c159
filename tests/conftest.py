"""Shared fixtures.

Every test gets its own ``$PAPERQA_LITE_HOME`` under ``tmp_path`` (user state never
leaks between tests or into ``~``). The fakes behind ``fake_model`` and ``fake_embedder``
(in ``helpers.py``, with what test files import) are for plumbing tests only: a
queue-driven fake LLM and a deterministic fake embedder. Features are also proven
against the real embedded models in tests marked ``slow``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, FakeEmbedder, FakeModel, home_env


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


@pytest.fixture
def fake_embedder(monkeypatch):
    """Swap the MiniLM model for :class:`FakeEmbedder` (plumbing tests only)."""
    from paperqa_lite import embed

    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "_minilm", lambda threads=0: fake)
    return fake


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
