"""The README's weekly job, run as written: its cron line and its systemd service's
command, through /bin/sh, against a replay of the Daily Papers API (tests/hub_replay.py),
on a Monday (a `date` that answers as on 2026-03-16). The first run fetches the week,
writes its TL;DRs and the feed; the second finds nothing new and still exits 0.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import feedparser
import pytest

from helpers import ROOT
from hub_replay import HubReplay, recorded_week

pytestmark = pytest.mark.slow


def readme_block(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def cron_command() -> str:
    (line,) = [ln for ln in readme_block("cron")[0].splitlines() if ln.strip()]
    return line.split(None, 5)[5].replace("\\%", "%")  # cron's own unescaping


def systemd_command(home: str) -> str:
    service = next(b for b in readme_block("ini") if "ExecStart=" in b)
    (start,) = re.findall(r"^ExecStart=/bin/sh -c '(.*)'$", service, re.M)
    (env,) = re.findall(r"^Environment=PAPERQA_LITE_HOME=(.*)$", service, re.M)
    unescape = lambda s: s.replace("%h", home).replace("%%", "%").replace("$$", "$")  # noqa: E731
    return f"export PAPERQA_LITE_HOME={unescape(env)}; {unescape(start)}"


def test_the_weekly_job_fetches_writes_tldrs_and_the_feed_then_finds_nothing_new(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "date").write_text('#!/bin/sh\n[ "$1" = -d ] && exec /bin/date -d "2026-03-16 $2" "$3"\n'
                                  'exec /bin/date "$@"\n')
    (bin_dir / "paperqa-lite").write_text(
        f'#!/bin/sh\nexec {sys.executable} -c "from paperqa_lite.cli import main; main()" "$@"\n')
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERQA_LITE_", "HF_"))}
    env |= {"HOME": str(home), "PATH": f"{bin_dir}:{env['PATH']}", "PYTHONPATH": str(ROOT / "src"),
            "PAPERQA_LITE_TLDR__MODE": "extractive", "PAPERQA_LITE_EMBED__THREADS": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1"}
    with HubReplay() as hub:
        env["HF_ENDPOINT"] = hub.url
        first = subprocess.run(["/bin/sh", "-c", cron_command()], env=env, capture_output=True,
                               text=True, timeout=600)
        assert first.returncode == 0, first.stderr
        assert first.stdout.startswith("Fetched 52 papers for week 2026-W11 (52 new")
        assert "52 TL;DRs" in first.stderr
        feed = feedparser.parse((home / ".paperqa-lite" / "feed.atom").read_bytes())
        assert not feed.bozo and len(feed.entries) == len(recorded_week())
        assert "2026-W11" in feed.feed.title

        again = subprocess.run(["/bin/sh", "-c", systemd_command(str(home))], env=env,
                               capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip() == "Fetched 52 papers for week 2026-W11: nothing new (collection 'week')"
        assert [q.get("week") for q, _ in hub.requests if q.get("p") == "0"] == ["2026-W11", "2026-W11"]
