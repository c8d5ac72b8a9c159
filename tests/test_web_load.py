"""Eight people chatting at once: eight gradio_client sessions on loopback, two questions
each (the second a follow-up), against the real embedder and the default local LLM.

Every answer must arrive (bounded by timeouts), be non-empty and not an error, and each
chat must read question 1, answer 1, question 2, answer 2.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import ARTIFACTS, free_port, home_env, message_text

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")]

CHATS = 8
ANSWER_TIMEOUT_S = 600  # queued behind up to 15 others on a busy 2-core box
FIRST_QUESTIONS = [
    "What does B-STaR introduce?",
    "Which papers study egocentric video?",
    "What success rate does WebArena's best agent reach?",
    "Compare SCoRe and B-STaR",
    "What does EgoLife introduce?",
    "Which papers are about web agents?",
    "What does Cybench measure?",
    "How does SCoRe improve self-correction?",
]
FOLLOW_UPS = ["What data does it use?", "How is it evaluated?"]


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    from paperqa_lite.pipeline import ensure_sample
    from paperqa_lite.settings import load_settings
    from paperqa_lite.web import build_app, launch

    home = tmp_path_factory.mktemp("web-load") / "home"
    with home_env(home):
        settings = load_settings()
    ensure_sample(settings)
    app = build_app(settings)
    app.pqa.warm_up()
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_eight_simultaneous_chats_all_complete_in_order(url):
    from gradio_client import Client

    start_together = threading.Barrier(CHATS)

    def chat(i: int) -> dict:
        client = Client(url, verbose=False, download_files=False)
        questions = [FIRST_QUESTIONS[i], FOLLOW_UPS[i % 2]]
        start_together.wait(timeout=60)
        took, messages = [], []
        for q in questions:
            t0 = time.perf_counter()
            messages, box = client.submit(q, api_name="/ask").result(timeout=ANSWER_TIMEOUT_S)
            took.append(round(time.perf_counter() - t0, 2))
            assert box == ""
        client.close()
        return {"chat": i, "questions": questions, "seconds": took, "messages": messages}

    t0 = time.perf_counter()
    with ThreadPoolExecutor(CHATS) as pool:
        results = list(pool.map(chat, range(CHATS)))
    wall = time.perf_counter() - t0

    for r in results:
        msgs = r["messages"]
        assert [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"], r["chat"]
        assert [message_text(m) for m in msgs[::2]] == r["questions"]
        for answer in msgs[1::2]:
            text = message_text(answer).strip()
            assert text, f"chat {r['chat']}: empty answer"
            assert not text.startswith("⚠️"), f"chat {r['chat']}: {text}"
    latencies = sorted(s for r in results for s in r["seconds"])
    summary = {"chats": CHATS, "answers": len(latencies), "wall_s": round(wall, 2),
               "median_answer_s": latencies[len(latencies) // 2], "max_answer_s": latencies[-1]}
    print(f"\n[web load] {json.dumps(summary)}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "web_load.json").write_text(json.dumps(
        {**summary, "per_chat": [{k: r[k] for k in ("chat", "questions", "seconds")} for r in results]},
        indent=2) + "\n", encoding="utf-8")
