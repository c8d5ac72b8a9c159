"""Section ``serve``: ``paperqa-lite serve --ensure-sample`` as a subprocess with its own
temporary home, one answer through gradio_client, then the peak RSS (VmHWM) of the server
and its children."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .ask import QUESTIONS
from .common import free_port, stop, tree_mem, wait_until_serving

SERVE_QUESTION = QUESTIONS[1]  # a factual question with one cited paper
READY_TIMEOUT_S = 600  # a cold start builds the sample store (embeds 40 abstracts)


def run(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from gradio_client import Client  # heavy: only this section needs it

    home = Path(tempfile.mkdtemp(prefix="pqa-bench-serve-"))
    port = free_port()
    exe = Path(sys.executable).with_name("paperqa-lite")
    cmd = [str(exe), "serve", "--port", str(port), "--ensure-sample"]
    env = dict(os.environ, PAPERQA_LITE_HOME=str(home), GRADIO_ANALYTICS_ENABLED="False")
    log_path = home / "serve.log"
    logf = log_path.open("w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, cwd=str(home))
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}/", log_path, READY_TIMEOUT_S, "paperqa-lite serve")
        ready_s = time.perf_counter() - t0
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        t1 = time.perf_counter()
        out = client.predict(SERVE_QUESTION, api_name="/ask")
        answer_s = time.perf_counter() - t1
        time.sleep(0.5)
        mem = tree_mem(proc.pid)
        chat = out[0] if isinstance(out, (list, tuple)) and out else out
        answered = bool(chat) and "[1]" in json.dumps(chat)
        res.update(serve_ready_s=round(ready_s, 1), serve_answer_s=round(answer_s, 2),
                   serve_answered=answered, serve_rss_mb=round(mem["rss_mb"], 1),
                   serve_peak_rss_mb=round(mem["hwm_mb"], 1))
    finally:
        stop(proc)
        logf.close()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
