"""OpenAIModel against a tiny scripted HTTP server on loopback: retries, failures, the
deadline, usage, prices, model selection and embeddings (cheap: part of the fast suite).
The real llama.cpp server is in test_llm_openai.py."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers import API_KEY as KEY, QUESTION, assert_clean_error, assert_no_key, free_port
from paperqa_lite.errors import BackendError, UserError
from paperqa_lite.llm import Budget, OpenAIModel, get_model
from paperqa_lite.settings import load_settings



def completion(text: str, usage: tuple[int, int] | None = (11, 7)) -> dict:
    reply = {"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
             "choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": text}}]}
    if usage:
        reply["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                          "total_tokens": sum(usage)}
    return reply


def sse(*pieces: str, usage: tuple[int, int] | None = None) -> bytes:
    events = [{"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
               "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
              for p in pieces]
    if usage:  # what include_usage adds: a last chunk with no choices
        events.append({"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                       "choices": [], "usage": {"prompt_tokens": usage[0],
                                                "completion_tokens": usage[1],
                                                "total_tokens": sum(usage)}})
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events) + b"data: [DONE]\n\n"


# Servers here ask for a 10 ms pause before a retry: the client honours it instead of
# its own backoff (0.5 s doubling).
QUICK_RETRY = {"retry-after-ms": "10"}


class Scripted:
    """Answers POSTs with the queued (status, body) replies, then with ``default``."""

    def __init__(self, *replies: tuple[int, object], default=(500, {"error": {"message": "boom"}}),
                 delay: float = 0.0, cut: bool = False, headers: dict | None = None,
                 models: tuple[str, ...] = ("m",)) -> None:
        self.replies, self.default, self.delay, self.cut = deque(replies), default, delay, cut
        self.headers = QUICK_RETRY if headers is None else headers
        self.requests: list[dict] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - /v1/models
                data = json.dumps({"object": "list", "data": [
                    {"id": m, "object": "model", "created": 0, "owned_by": "me"}
                    for m in models]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

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
                for name, value in script.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

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
    assert "attempt 3" in caplog.text  # each retry is logged
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
                              "3 attempts: HTTP 500 (boom)")
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


def test_timeout_per_attempt_then_retry(scripted):
    server = scripted(default=(200, completion("late")), delay=1.0)
    with pytest.raises(BackendError) as err:
        api_model(server.url, timeout_s=0.2, max_retries=1).complete(QUESTION)
    assert str(err.value) == (f"LLM backend openai-compatible at {server.url} failed after "
                              "2 attempts: timed out")
    assert len(server.requests) == 2
    assert_clean_error(err.value)


def test_closed_port():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(BackendError) as err:
        api_model(url, max_retries=1).complete(QUESTION)
    assert str(err.value) == (f"LLM backend openai-compatible at {url} failed after 2 attempts: "
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


def test_retry_after_longer_than_the_deadline_ends_the_retrying(scripted):
    server = scripted(default=(429, {"error": {"message": "slow down"}}), headers={"retry-after": "30"})
    with pytest.raises(BackendError) as err:
        api_model(server.url, deadline_s=5).complete(QUESTION)
    assert str(err.value) == (f"LLM backend openai-compatible at {server.url} failed after "
                              "1 attempt: HTTP 429 (slow down)")
    assert len(server.requests) == 1


# --- usage and cost ------------------------------------------------------------------------


def test_usage_is_the_servers_own_and_priced_from_settings(scripted):
    server = scripted(default=(200, completion("Paris.", usage=(11, 7))))
    model = api_model(server.url, prices={"m": [1000, 2000], "other": [1, 1]})
    budget = Budget(60)
    model.complete(QUESTION, budget=budget)
    model.complete(QUESTION, budget=budget)
    model.complete(QUESTION)  # no budget: counted on the model only
    assert budget.usage.tokens() == {"prompt_tokens": 22, "completion_tokens": 14}
    assert (budget.usage.calls, budget.usage.estimated_calls) == (2, 0)
    assert budget.usage.cost_usd == pytest.approx(2 * (11 * 1000 + 7 * 2000) / 1e6)
    assert (model.usage.prompt_tokens, model.usage.completion_tokens, model.usage.calls) == (33, 21, 3)


def test_stream_asks_for_usage_and_counts_it(scripted):
    server = scripted(default=(200, sse("Par", "is.", usage=(40, 3))))
    model = api_model(server.url)
    budget = Budget(60)
    assert "".join(model.stream(QUESTION, budget=budget)) == "Paris."
    assert server.requests[0]["json"]["stream_options"] == {"include_usage": True}
    assert budget.usage.tokens() == {"prompt_tokens": 40, "completion_tokens": 3}
    assert budget.usage.estimated_calls == 0
    assert budget.usage.cost_usd is None  # "m" has no price in the default table


def test_usage_is_estimated_and_marked_when_the_server_reports_none(scripted):
    server = scripted((200, completion("Paris is the capital.", usage=None)), (200, sse("Paris", ".")))
    model = api_model(server.url)
    budget = Budget(60)
    model.complete(QUESTION, budget=budget)
    "".join(model.stream(QUESTION, budget=budget))
    assert (budget.usage.calls, budget.usage.estimated_calls) == (2, 2)
    # cl100k: "Paris is the capital." is 5 tokens, "Paris." 2
    assert budget.usage.completion_tokens == 7
    assert budget.usage.prompt_tokens > 2 * 10


def test_default_prices_cost_an_openai_model(scripted):
    server = scripted(default=(200, completion("Paris.", usage=(1_000_000, 1_000_000))))
    model = OpenAIModel(load_settings(llm={"backend": "openai", "base_url": server.url, "api_key": KEY}))
    budget = Budget(60)
    model.complete(QUESTION, budget=budget)
    assert model.model_id == "gpt-4o-mini"
    assert budget.usage.cost_usd == pytest.approx(0.15 + 0.60)


# --- which model, which server -------------------------------------------------------------


def test_unset_model_on_a_server_with_several_is_an_error_listing_them(scripted):
    server = scripted(models=("llama3:8b", "qwen2.5:7b", "nomic-embed-text"))
    with pytest.raises(UserError) as err:
        OpenAIModel(load_settings(llm={"backend": "openai-compatible", "base_url": server.url}))
    assert str(err.value) == (f"the server at {server.url} serves 3 models (llama3:8b, qwen2.5:7b, "
                              "nomic-embed-text); choose one with llm.model or --model")


def test_unset_model_on_a_server_with_one_uses_it(scripted):
    server = scripted(default=(200, completion("ok")), models=("qwen2.5:7b",))
    model = OpenAIModel(load_settings(llm={"backend": "openai-compatible", "base_url": server.url}))
    assert model.model_id == "qwen2.5:7b"
    model.complete(QUESTION)
    assert server.requests[0]["json"]["model"] == "qwen2.5:7b"


def test_openai_base_url_env_serves_openai_compatible_too(scripted, monkeypatch):
    server = scripted(default=(200, completion("ok")))
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    model = get_model(load_settings(llm={"backend": "openai-compatible", "model": "m"}))
    assert model.base_url == server.url and model.complete(QUESTION) == "ok"


def embeddings(n: int) -> dict:
    return {"object": "list", "model": "e", "usage": {"prompt_tokens": 2, "total_tokens": 2},
            "data": [{"object": "embedding", "index": i, "embedding": [0.5, float(i), 1.0]}
                     for i in range(n)]}


def test_embeddings_go_to_base_url(scripted, monkeypatch):
    from paperqa_lite.embed import get_embedder

    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    server = scripted(default=(200, embeddings(1)))
    embedder = get_embedder(load_settings(embed={"backend": "openai-compatible",
                                                 "base_url": server.url, "model": "nomic-embed-text"}))
    assert embedder.get_text_embedding("hello") == [0.5, 0.0, 1.0]
    request = server.requests[0]
    assert request["path"] == "/v1/embeddings"
    assert request["json"]["model"] == "nomic-embed-text"
    assert request["auth"] == "Bearer not-needed"  # the OpenAI key stays with OpenAI


def test_openai_embeddings_honour_openai_base_url(scripted, monkeypatch):
    from paperqa_lite.embed import get_embedder

    server = scripted(default=(200, embeddings(2)))
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    embedder = get_embedder(load_settings(embed={"backend": "openai", "model": "text-embedding-3-small"}))
    assert embedder.get_text_embedding_batch(["a", "b"]) == [[0.5, 0.0, 1.0], [0.5, 1.0, 1.0]]
    assert server.requests[0]["auth"] == f"Bearer {KEY}"
    assert server.requests[0]["json"]["model"] == "text-embedding-3-small"


def test_openai_embeddings_need_a_key():
    from paperqa_lite.embed import get_embedder

    with pytest.raises(UserError, match="embedding backend openai needs an API key"):
        get_embedder(load_settings(embed={"backend": "openai"}))
