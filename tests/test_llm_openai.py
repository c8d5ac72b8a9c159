"""OpenAIModel against real servers: llama-cpp-python's OpenAI-compatible server running
the bundled SmolLM2, and a tiny scripted HTTP server for retries and failures."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers import free_port, stop, wait_until_serving
from paperqa_lite import llm
from paperqa_lite.errors import BackendError, UserError
from paperqa_lite.llm import OpenAIModel, bundled_gguf, get_model
from paperqa_lite.settings import load_settings

pytestmark = pytest.mark.slow

KEY = "sk-test-SECRET123"
QUESTION = [{"role": "system", "content": "Answer in one short sentence."},
            {"role": "user", "content": "What is the capital of France?"}]


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(llm, "RETRY_BASE_DELAY_S", 0.01)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    """``python -m llama_cpp.server`` on a free port; yields its /v1 base URL."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama-server") / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_gguf()),
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
            stdout=log_file, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_serving(proc, f"{base_url}/models", log_path, 60, "llama_cpp.server")
        yield base_url
    finally:
        stop(proc, timeout_s=10)


def assert_no_key(*texts: str) -> None:
    for text in texts:
        assert KEY not in text


def assert_clean_error(exc: BaseException) -> None:
    msg = str(exc)
    assert "\n" not in msg
    assert_no_key(msg, repr(exc), "".join(traceback.format_exception(exc)))


# --- the real llama.cpp server ---------------------------------------------------------


def test_openai_compatible_autodetects_model(llama_server):
    settings = load_settings(llm={"backend": "openai-compatible", "base_url": llama_server})
    model = get_model(settings)
    assert isinstance(model, OpenAIModel)
    assert get_model(settings) is model
    # llama_cpp.server names its model after the --model path
    assert model.model_id == str(bundled_gguf())
    text = model.complete(QUESTION, max_tokens=32)
    assert "Paris" in text and "<|im_end|>" not in text


def test_openai_compatible_streams(llama_server):
    model = OpenAIModel(load_settings(llm={"backend": "openai-compatible",
                                           "base_url": llama_server, "model": "anything"}))
    assert model.model_id == "anything"
    pieces = list(model.stream(QUESTION, max_tokens=32))
    assert len(pieces) > 1 and all(pieces)
    assert "Paris" in "".join(pieces)
    assert "." not in model.complete(QUESTION, max_tokens=32, stop=["."])


def test_openai_backend_with_base_url_setting(llama_server, caplog):
    caplog.set_level(logging.DEBUG)
    settings = load_settings(llm={"backend": "openai", "base_url": llama_server, "api_key": KEY})
    model = get_model(settings)
    assert model.model_id == "gpt-4o-mini"  # the default; this server serves any name
    assert "Paris" in model.complete(QUESTION, max_tokens=32)
    assert "Paris" in "".join(model.stream(QUESTION, max_tokens=32))
    # a prompt over the server's n_ctx is a 400: no retries, one clean line
    with pytest.raises(BackendError) as err:
        model.complete([{"role": "user", "content": "word " * 3000}])
    assert "rejected the request: HTTP 400 (This model's maximum context length is 2048" \
        in str(err.value)
    assert_clean_error(err.value)
    assert_no_key(repr(model), str(vars(model)), repr(settings), str(settings.public_dict()),
                  caplog.text)


def test_openai_backend_with_env(llama_server, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    model = OpenAIModel(load_settings(llm={"backend": "openai"}))
    assert model.base_url == llama_server
    assert "Paris" in model.complete(QUESTION, max_tokens=32)
    assert_no_key(repr(model), caplog.text)


# --- configuration errors ----------------------------------------------------------------


def test_openai_needs_a_key():
    with pytest.raises(UserError, match="needs an API key") as err:
        get_model(load_settings(llm={"backend": "openai"}))
    assert "\n" not in str(err.value)


def test_openai_compatible_needs_base_url():
    with pytest.raises(UserError, match="needs llm.base_url"):
        get_model(load_settings(llm={"backend": "openai-compatible"}))


# --- a scripted server: retries and failures --------------------------------------------


def completion(text: str) -> dict:
    return {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def sse(*pieces: str) -> bytes:
    events = [{"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
               "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
              for p in pieces]
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"


class Scripted:
    """Answers POSTs with the queued (status, body) replies, then with ``default``."""

    def __init__(self, *replies: tuple[int, object], default=(500, {"error": {"message": "boom"}}),
                 delay: float = 0.0, cut: bool = False) -> None:
        self.replies, self.default, self.delay, self.cut = deque(replies), default, delay, cut
        self.requests: list[dict] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                script.requests.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                        "json": json.loads(body or b"{}")})
                time.sleep(script.delay)
                status, payload = script.replies.popleft() if script.replies else script.default
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/event-stream" if isinstance(payload, bytes)
                                 else "application/json")
                # cut: promise more bytes than are sent, so the client sees a broken body
                self.send_header("Content-Length", str(len(data) + 1000 * script.cut))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted():
    servers: list[Scripted] = []

    def start(*replies, **kwargs) -> Scripted:
        servers.append(Scripted(*replies, **kwargs))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def api_model(url: str, **llm_settings) -> OpenAIModel:
    cfg = {"backend": "openai-compatible", "base_url": url, "model": "m", "api_key": KEY,
           "max_retries": 3, **llm_settings}
    return OpenAIModel(load_settings(llm=cfg))


def test_retries_503_then_succeeds(scripted, caplog):
    server = scripted((503, {"error": {"message": "loading"}}), (503, {}), (200, completion("Paris.")))
    assert api_model(server.url).complete(QUESTION) == "Paris."
    assert len(server.requests) == 3
    assert all(r["path"] == "/v1/chat/completions" for r in server.requests)
    assert server.requests[0]["auth"] == f"Bearer {KEY}"
    assert server.requests[0]["json"]["model"] == "m"
    assert "retry 2/3" in caplog.text
    assert_no_key(caplog.text)


def test_429_is_retried_and_stream_opening_too(scripted):
    server = scripted((429, {"error": {"message": "slow down"}}), (200, sse("Par", "is", ".")))
    assert list(api_model(server.url).stream(QUESTION)) == ["Par", "is", "."]
    assert len(server.requests) == 2
    assert server.requests[1]["json"]["stream"] is True


def test_always_500_gives_up_after_max_retries(scripted):
    server = scripted()
    with pytest.raises(BackendError) as err:
        api_model(server.url, max_retries=2).complete(QUESTION)
    assert str(err.value) == (f"LLM backend openai-compatible at {server.url} failed after "
                              "2 retries: HTTP 500 (boom)")
    assert len(server.requests) == 3
    assert_clean_error(err.value)


def test_4xx_is_not_retried_and_key_is_scrubbed(scripted):
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}.\nCheck it."}}
    server = scripted(default=(401, echo))
    with pytest.raises(BackendError) as err:
        api_model(server.url).complete(QUESTION)
    assert len(server.requests) == 1
    assert "rejected the request: HTTP 401 (Incorrect API key provided: ***. Check it.)" in str(err.value)
    assert_clean_error(err.value)


def test_long_error_message_is_scrubbed_before_clipping(scripted):
    message = "x" * 190 + f" key {KEY} was not accepted"  # the key straddles the 200-char cut
    server = scripted(default=(403, {"error": {"message": message}}))
    with pytest.raises(BackendError) as err:
        api_model(server.url).complete(QUESTION)
    assert "HTTP 403" in str(err.value) and "sk-test" not in str(err.value)
    assert_clean_error(err.value)


def test_stream_broken_midway(scripted):
    no_done = sse("Par", "is").removesuffix(b"data: [DONE]\n\n")
    server = scripted(default=(200, no_done), cut=True)
    pieces = []
    with pytest.raises(BackendError, match="failed while streaming") as err:
        for piece in api_model(server.url).stream(QUESTION):
            pieces.append(piece)
    assert pieces == ["Par", "is"]  # what arrived was passed on; nothing is repeated
    assert len(server.requests) == 1
    assert_clean_error(err.value)


def test_timeout(scripted):
    server = scripted(default=(200, completion("late")), delay=1.0)
    with pytest.raises(BackendError, match="failed after 1 retries: timed out after 0.2 s") as err:
        api_model(server.url, timeout_s=0.2, max_retries=1).complete(QUESTION)
    assert_clean_error(err.value)


def test_closed_port():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendError) as err:
        api_model(url, max_retries=2).complete(QUESTION)
    assert str(err.value) == (f"LLM backend openai-compatible at {url} failed after 2 retries: "
                              "connection refused")
    assert_clean_error(err.value)


def test_closed_port_while_autodetecting_model():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendError, match="connection refused"):
        OpenAIModel(load_settings(llm={"backend": "openai-compatible", "base_url": url,
                                       "max_retries": 0}))


def test_without_key_sends_placeholder_not_env_key(scripted, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    server = scripted(default=(200, completion("ok")))
    model = OpenAIModel(load_settings(llm={"backend": "openai-compatible", "base_url": server.url,
                                           "model": "m"}))
    assert model.complete(QUESTION, max_tokens=5, temperature=0.3, stop=["\n"]) == "ok"
    request = server.requests[0]
    assert request["auth"] == "Bearer not-needed"
    assert (request["json"]["max_tokens"], request["json"]["temperature"], request["json"]["stop"]) \
        == (5, 0.3, ["\n"])
