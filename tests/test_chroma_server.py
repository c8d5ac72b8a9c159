"""`--chroma-url`: the CLI against a real `chroma run` server instead of the embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import free_port, stop, wait_until_serving
from paperqa_lite.cli import cli
from paperqa_lite.paper import paper_id

CHROMA = Path(sys.executable).parent / "chroma"
WEBARENA = "WebArena: A Realistic Web Environment for Building Autonomous Agents"
STARTUP_TIMEOUT_S = 60


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A real Chroma server on a free port, with its data in a temp dir; killed afterwards."""
    assert CHROMA.is_file(), f"the chroma console script is missing: {CHROMA}"
    data = tmp_path_factory.mktemp("chroma-server-data")
    log_path = data.parent / f"{data.name}.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        wait_until_serving(proc, f"{url}/api/v2/heartbeat", log_path, STARTUP_TIMEOUT_S, "chroma run")
        yield url, data
    finally:
        stop(proc)


@pytest.mark.slow
def test_ingest_and_list_papers_through_a_chroma_server(chroma_server, isolated_home):
    url, data = chroma_server

    result = run("ingest", "--sample", "--json", "--chroma-url", url)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["papers"], report["added"], report["unchanged"]) == (40, 40, 0)

    listed = run("papers", "--week", "all", "--json", "--chroma-url", url)
    assert listed.exit_code == 0, listed.output
    records = json.loads(listed.stdout)
    assert len(records) == 40 and len({r["id"] for r in records}) == 40
    web = next(r for r in records if r["title"] == WEBARENA)
    assert (web["id"], web["n_authors"], web["published"], web["upvotes"]) == (paper_id(WEBARENA), 11,
                                                                              "2023-07-25", 4)

    # the server holds the data; the embedded store was never opened
    assert not (isolated_home / "chroma").exists()
    assert (data / "chroma.sqlite3").is_file()
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(url.rsplit(":", 1)[1]))
    col = client.get_collection("week")
    assert col.count() == report["chunks"]
    assert col.metadata["embed_model"] == "all-MiniLM-L6-v2-onnx-int8"

    # idempotent there too, and remove works through it
    again = run("ingest", "--sample", "--json", "--chroma-url", url)
    assert json.loads(again.stdout)["unchanged"] == 40 and col.count() == report["chunks"]
    removed = run("remove", web["id"], "--chroma-url", url)
    assert removed.exit_code == 0, removed.output
    assert len(json.loads(run("papers", "--week", "all", "--json", "--chroma-url", url).stdout)) == 39
    assert col.get(where={"paper_id": web["id"]}, include=[])["ids"] == []

    # and the local store, never used, is empty
    assert json.loads(run("papers", "--week", "all", "--json").stdout) == []


def test_unreachable_chroma_url_is_a_one_line_error(isolated_home, sample_week):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    for args in (["papers"], ["ingest", str(sample_week)]):
        result = run(*args, "--chroma-url", url)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach the Chroma server at {url}")
    assert not (isolated_home / "chroma").exists()


def test_chroma_url_that_is_not_a_url_is_an_error(isolated_home):
    result = run("papers", "--chroma-url", "localhost-8000")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["Error: store.chroma_url is not a URL: 'localhost-8000'"]
