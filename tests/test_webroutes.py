"""`serve`'s routes beside the chat: the Atom feed at /feed.atom (a week per URL) and, with
--mcp, MCP tools at /mcp, both behind the chat's login, their paper text escaped.

A launched app on loopback (fake embedder and model: plumbing) for the routes and the
login; a real `paperqa-lite serve --mcp` process with the real models and a real MCP
client session over HTTP for the tools (slow).
"""

from __future__ import annotations

import asyncio
import base64
import json

import feedparser
import httpx
import pytest

from helpers import FakeModel, free_port, start_serve, stop, wait_until_serving
from hub_replay import WEEK_FILE

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")

LOGIN = ("ann", "s3cret")
HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) **bold**"


def mcp_session(url: str, auth: tuple[str, str] | None, calls: list[tuple[str, dict]]):
    """List the tools, then make ``calls``, in one real MCP client session over HTTP;
    returns (tool names, results)."""
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def session() -> tuple[list[str], list]:
        async with httpx2.AsyncClient(auth=auth, timeout=600) as http:
            async with streamable_http_client(url, http_client=http) as streams:
                async with ClientSession(streams[0], streams[1]) as client:
                    await client.initialize()
                    tools = sorted(t.name for t in (await client.list_tools()).tools)
                    return tools, [await client.call_tool(name, args) for name, args in calls]

    return asyncio.run(session())


@pytest.fixture
def served(settings, fake_embedder, tmp_path):
    """Two weeks (the recorded one, and one hostile paper the week before) served with a
    login and the MCP tools; yields the base URL."""
    from paperqa_lite.pipeline import ingest_files
    from paperqa_lite.web import build_app, launch

    items = json.loads(WEEK_FILE.read_text(encoding="utf-8"))[:6]
    hostile = dict(items[0], title=HOSTILE, publishedAt="2026-03-02T08:00:00+00:00",
                   paper=dict(items[0]["paper"], id="2603.00001", title=HOSTILE,
                              publishedAt="2026-03-02T08:00:00+00:00"))
    path = tmp_path / "two-weeks.json"
    path.write_text(json.dumps(items + [hostile]), encoding="utf-8")
    ingest_files(settings, [path])
    settings.tldr.mode = "extractive"
    app = build_app(settings, model=FakeModel(*["A benchmark."] * 10))
    port = free_port()
    launch(app, port=port, auth=LOGIN, prevent_thread_lock=True, quiet=True, mcp=True)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.close()


def test_the_feed_is_the_latest_week_and_another_by_its_url(served):
    assert httpx.get(f"{served}/feed.atom").status_code == 401
    assert httpx.get(f"{served}/feed.atom", auth=("ann", "wrong")).status_code == 401
    got = httpx.get(f"{served}/feed.atom", auth=LOGIN)
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(got.content)
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 6 and "2026-W11" in feed.feed.title
    assert all(e.link.startswith("https://arxiv.org/abs/2603.") for e in feed.entries)

    before = feedparser.parse(httpx.get(f"{served}/feed.atom?week=2026-W10", auth=LOGIN).content)
    (entry,) = before.entries
    assert entry.title == HOSTILE  # the characters, as text: no markup came through
    assert "<script>" not in httpx.get(f"{served}/feed.atom?week=2026-W10", auth=LOGIN).text
    assert len(feedparser.parse(httpx.get(f"{served}/feed.atom?week=all", auth=LOGIN).content).entries) == 7

    missing = httpx.get(f"{served}/feed.atom?week=2026-W12", auth=LOGIN)
    assert missing.status_code == 404 and missing.text.startswith("Error: no papers in week 2026-W12")
    bad = httpx.get(f"{served}/feed.atom?week=soon", auth=LOGIN)
    assert bad.status_code == 400 and bad.text.strip().startswith("Error: --week must be an ISO week")


def test_a_browser_logged_in_to_the_chat_reads_the_feed_with_its_cookie(served):
    with httpx.Client(base_url=served) as browser:
        assert browser.post("/login", data={"username": LOGIN[0], "password": LOGIN[1]}).status_code == 200
        assert browser.get("/feed.atom").status_code == 200
    garbled = {"Authorization": "Basic " + base64.b64encode(b"\xff\xfe").decode()}
    assert httpx.get(f"{served}/feed.atom", headers=garbled).status_code == 401


def test_mcp_tools_need_the_login_and_escape_paper_text(served):
    refused = httpx.post(f"{served}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                         headers={"Accept": "application/json, text/event-stream"})
    assert refused.status_code == 401
    tools, (papers, week, bad) = mcp_session(f"{served}/mcp", LOGIN, [
        ("papers", {}), ("papers", {"week": "2026-W10"}), ("papers", {"week": "2026-W12"})])
    assert tools == ["ask", "papers", "tldr"]
    assert papers.structured_content["week"] == "week 2026-W11"
    assert len(papers.structured_content["papers"]) == 6
    assert papers.structured_content["weeks"] == {"2026-W11": 6, "2026-W10": 1}
    (shown,) = week.structured_content["papers"]
    assert "<script>" not in shown["title"] and "](" not in shown["title"]
    assert shown["title"].startswith("&#60;script&#62;alert(1)&#60;/script&#62;")
    assert bad.is_error and "no papers in week 2026-W12" in bad.content[0].text


@pytest.mark.slow
def test_a_real_server_answers_an_mcp_clients_question(tmp_path):
    """`paperqa-lite serve --mcp` with the real embedder and model, and a real MCP client
    session over HTTP: the tool list, then `ask`."""
    from helpers import run_cli

    home = tmp_path / "home"
    scratch = tmp_path / "tmp"  # the server's temporary files, to see them go when it stops
    scratch.mkdir()
    env = {"PAPERQA_LITE_LLM__THREADS": "1", "PAPERQA_LITE_EMBED__THREADS": "1", "TMPDIR": str(scratch)}
    assert run_cli(home, "ingest", str(WEEK_FILE), **env).returncode == 0
    login = tmp_path / "login"
    login.write_text(f"{LOGIN[0]}:{LOGIN[1]}\n", encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start_serve(home, log, "--port", str(port), "--mcp", "--auth-file", str(login), **env)
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}/", log, 300, "serve --mcp")
        tools, (answer, tldrs) = mcp_session(f"http://127.0.0.1:{port}/mcp", LOGIN, [
            ("ask", {"question": "Which papers are about video generation?"}),
            ("tldr", {"ids": ["2603.06408"]})])
        assert list(scratch.glob("paperqa-lite-digest-*"))  # the app's folder for digests
    finally:
        stop(proc)
    # stopped as a service manager does (SIGTERM), it removes what it made
    assert proc.returncode == 0 and not list(scratch.glob("paperqa-lite-digest-*"))
    assert tools == ["ask", "papers", "tldr"]
    got = answer.structured_content
    assert not answer.is_error and got["week"] == "week 2026-W11" and not got["abstained"]
    assert got["citations"] and any("Video" in c["title"] for c in got["citations"])
    assert "[1]" in got["answer"]
    (tldr,) = tldrs.structured_content["tldrs"]
    assert tldr["id"] == "2603.06408" and tldr["tldr"]
