"""Who may use a running `paperqa-lite serve`: real server processes on this checkout.

A non-loopback --host with no login is refused with one line (exit 2) unless --no-auth
says it is meant; the login can come from $PAPERQA_LITE_AUTH or --auth-file, so it need
not sit in argv (where `ps` shows it to every local user).
"""

from __future__ import annotations

import httpx
import pytest

from helpers import free_port, run_cli, start_serve, stop, wait_until_serving

pytestmark = pytest.mark.filterwarnings("ignore:.*(no_silent_downcasting|copy keyword).*")

SERVE_TIMEOUT_S = 300  # import, embedder and local model on a busy 2-core box


def test_every_interface_without_a_login_is_refused_in_one_line(tmp_path):
    result = run_cli(tmp_path / "home", "serve", "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --host 0.0.0.0 serves beyond this machine")
    assert "--no-auth" in lines[0] and "PAPERQA_LITE_AUTH" in lines[0]


def test_resolve_auth_sources_and_refusals(tmp_path):
    from paperqa_lite.errors import UserError
    from paperqa_lite.webauth import resolve_auth

    env = {"PAPERQA_LITE_AUTH": "ann:env-pw"}
    assert resolve_auth("127.0.0.1", environ={}) is None
    assert resolve_auth("::1", environ={}) is None and resolve_auth("localhost", environ={}) is None
    assert resolve_auth("0.0.0.0", environ=env) == ("ann", "env-pw")
    assert resolve_auth("0.0.0.0", auth="bo:flag-pw", environ=env) == ("bo", "flag-pw")
    good = tmp_path / "login"
    good.write_text("\ncy:file:pw\n\n", encoding="utf-8")
    assert resolve_auth("192.168.1.5", auth_file=good, environ=env) == ("cy", "file:pw")
    assert resolve_auth("0.0.0.0", no_auth=True, environ={}) is None
    two = tmp_path / "two"
    two.write_text("a:b\nc:d\n", encoding="utf-8")
    refused = [
        ({"host": "0.0.0.0", "environ": {}}, "serves beyond this machine"),
        ({"host": "my-laptop.local", "environ": {}}, "serves beyond this machine"),
        ({"host": "0.0.0.0", "no_auth": True, "environ": env}, "--no-auth contradicts"),
        ({"host": "127.0.0.1", "auth": "a:b", "auth_file": good, "environ": {}}, "not both"),
        ({"host": "127.0.0.1", "auth_file": tmp_path / "missing", "environ": {}}, "cannot read"),
        ({"host": "127.0.0.1", "auth_file": two, "environ": {}}, "found 2"),
        ({"host": "127.0.0.1", "environ": {"PAPERQA_LITE_AUTH": "nopassword"}}, "USER:PASS"),
    ]
    for kwargs, message in refused:
        with pytest.raises(UserError, match=message):
            resolve_auth(**kwargs)


@pytest.mark.slow
def test_no_auth_serves_every_interface(tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    proc = start_serve(tmp_path / "home", log, "--host", "0.0.0.0", "--port", str(port), "--no-auth")
    try:
        wait_until_serving(proc, f"http://127.0.0.1:{port}/config", log, SERVE_TIMEOUT_S, "serve")
        assert "no login" in log.read_text()
    finally:
        stop(proc)


@pytest.mark.slow
@pytest.mark.parametrize("source", ["env", "file"])
def test_a_login_from_the_environment_or_a_file_guards_the_server(tmp_path, source):
    from gradio_client import Client

    port, home, log = free_port(), tmp_path / "home", tmp_path / "serve.log"
    if source == "env":
        proc = start_serve(home, log, "--host", "0.0.0.0", "--port", str(port),
                           PAPERQA_LITE_AUTH="ann:s3cret")
    else:
        login = tmp_path / "login"
        login.write_text("ann:s3cret\n", encoding="utf-8")
        proc = start_serve(home, log, "--host", "0.0.0.0", "--port", str(port), "--auth-file", login)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(proc, url, log, SERVE_TIMEOUT_S, "serve")  # the login page
        assert "s3cret" not in " ".join(proc.args)
        assert httpx.get(url + "config").status_code == 401
        assert httpx.post(url + "login", data={"username": "ann", "password": "wrong"}).status_code == 400
        client = Client(url, auth=("ann", "s3cret"), verbose=False, download_files=False)
        table, status = client.predict("", "Title", api_name="/papers")
        assert table["data"] == [] and status.startswith("0 of 0 papers")
    finally:
        stop(proc)


@pytest.mark.slow
def test_a_backend_that_is_down_is_one_chat_line_and_the_server_keeps_serving(tmp_path):
    """A real server whose LLM is an OpenAI-compatible URL where nothing listens."""
    from gradio_client import Client

    from helpers import message_text

    port, down, log = free_port(), free_port(), tmp_path / "serve.log"
    proc = start_serve(tmp_path / "home", log, "--port", str(port), "--ensure-sample",
                       "--backend", "openai-compatible", "--base-url", f"http://127.0.0.1:{down}/v1",
                       PAPERQA_LITE_LLM__MAX_RETRIES="0")
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(proc, url, log, SERVE_TIMEOUT_S, "serve")
        client = Client(url, verbose=False, download_files=False)
        for _ in range(2):  # the second question is answered too: the server kept serving
            msgs, _ = client.predict("What does B-STaR introduce?", api_name="/ask")
            said = message_text(msgs[-1])
            assert said.startswith("⚠️ The model backend failed") and "\n" not in said, said
            assert f"127.0.0.1:{down}" in said
        table, status = client.predict("", "Title", api_name="/papers")
        assert len(table["data"]) == 40 and proc.poll() is None
    finally:
        stop(proc)
