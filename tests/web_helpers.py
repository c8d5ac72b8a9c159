"""Helpers for the tests that run the web app as a user gets it: a real `paperqa-lite`
process (this checkout's code) and headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
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
