"""Several processes on one embedded store (issue 10, items 3, 4 and 9), with real CLI
subprocesses, the real MiniLM embedder and Chroma's embedded PersistentClient."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperqa_lite.paper import Paper
from paperqa_lite.retrieve import Retriever
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-c", "from paperqa_lite.cli import main; main()"]
WORDS = ("model training data retrieval agent vision language benchmark reasoning policy reward "
         "token attention graph diffusion robot speech audio video code math proof").split()


def papers_file(path: Path, prefix: str, n: int) -> Path:
    lines = []
    for i in range(n):
        sentences = [f"We study {' '.join(WORDS[(i * 7 + j * 3 + k) % len(WORDS)] for k in range(8))} "
                     f"in setting {prefix}-{i}-{j}." for j in range(3 + (i % 3) * 9)]
        lines.append(json.dumps({"id": f"{prefix}-{i}", "title": f"Paper {prefix} {i} on {WORDS[i % 20]}",
                                 "abstract": " ".join(sentences)}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PAPERQA_LITE_HOME=str(home), PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.run(CLI + list(args), env=env, capture_output=True, text=True, timeout=900)


def start_cli(*args: str, home: Path) -> subprocess.Popen:
    env = dict(os.environ, PAPERQA_LITE_HOME=str(home), PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.Popen(CLI + list(args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ids_without_vector(home: Path) -> list[str]:
    """Asked of a fresh process (what a restarted server would load), one id at a time."""
    code = ("import json, sys, chromadb\n"
            "from chromadb.config import Settings\n"
            "col = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))"
            ".get_collection('week')\n"
            "bad = []\n"
            "for i in col.get(include=[])['ids']:\n"
            "    try:\n"
            "        got = col.get(ids=[i], include=['embeddings'])\n"
            "        assert len(got['embeddings'][0]) == 384\n"
            "    except Exception:\n"
            "        bad.append(i)\n"
            "print(json.dumps(bad))\n")
    out = subprocess.run([sys.executable, "-c", code, str(home / "chroma")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


# Chroma persists a process's index every 1,000 records: two unserialised writers lose
# vectors only past that (300 papers each lost 131 of 1,395 vectors without the lock).
PER_PROCESS = 300


def test_two_ingests_at_once_serialise_and_keep_every_vector(isolated_home, tmp_path):
    a, b = (papers_file(tmp_path / f"{x}.jsonl", x, PER_PROCESS) for x in "ab")
    procs = [start_cli("ingest", str(f), "--json", home=isolated_home) for f in (a, b)]
    outs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sum("waiting for another writer..." in err for _, err in outs) == 1
    reports = [json.loads(out) for out, _ in outs]
    assert [r["added"] for r in reports] == [PER_PROCESS, PER_PROCESS]
    store = Store(load_settings())
    assert store.count_papers() == 2 * PER_PROCESS and store.count_chunks() == sum(r["chunks"] for r in reports)
    assert ids_without_vector(isolated_home) == []


def test_a_running_process_sees_another_process_ingest_in_dense_and_bm25(week_home, tmp_path):
    settings = load_settings()
    r = Retriever(Store(settings), settings)
    query = "zebrafish cartography with quantum origami"
    assert not any("Zebrafish" in h.paper.title for h in r.search(query, 5, mode="dense"))
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "zebra-1", "title": "Zebrafish Cartography with Quantum Origami",
                               "abstract": "We map zebrafish habitats using quantum origami folds."}) + "\n")
    done = cli("ingest", str(new), home=week_home)
    assert done.returncode == 0, done.stderr
    found = {}
    deadline = time.monotonic() + 10  # a deadline for the wait, not a measured time
    while time.monotonic() < deadline and len(found) < 2:
        for mode in ("dense", "bm25"):
            hits = r.search(query, 3, mode=mode, named=False)
            if hits and hits[0].paper.id == "zebra-1":
                found[mode] = hits[0]
        time.sleep(0.2)
    assert set(found) == {"dense", "bm25"}
    assert found["dense"].dense_rank == 1


def test_a_stale_writer_no_longer_drops_another_process_vectors(week_home, tmp_path):
    """The web app's Add tab after a CLI ingest: the running process's index predates the
    CLI's write; its own write must not persist that stale index over the CLI's vectors."""
    settings = load_settings()
    store = Store(settings)
    assert store.collection.query(query_embeddings=[[0.1] * 384], n_results=3)["ids"][0]  # index loaded here
    added = cli("ingest", str(papers_file(tmp_path / "cli.jsonl", "cli", 3)), home=week_home)
    assert added.returncode == 0, added.stderr
    store.ingest([Paper(id="mine-1", title="Mine", abstract="A paper added by the running process.")])
    assert {"cli-0", "cli-1", "cli-2", "mine-1"} <= {p.id for p in store.papers()}
    assert ids_without_vector(week_home) == []


def test_remove_source_removes_what_one_file_added(week_home, tmp_path):
    extra = papers_file(tmp_path / "extra.jsonl", "x", 3)
    assert cli("ingest", str(extra), home=week_home).returncode == 0
    before = {p.id for p in Store(load_settings()).papers()}
    assert {"x-0", "x-1", "x-2"} <= before and len(before) == 43
    done = cli("remove", "--source", str(extra), home=week_home)
    assert done.returncode == 0, done.stderr
    assert "Removed 3 paper(s) added from extra.jsonl" in done.stdout
    store = Store(load_settings())
    assert {p.id for p in store.papers()} == before - {"x-0", "x-1", "x-2"}
    assert not store.collection.get(where={"paper_id": {"$in": ["x-0", "x-1", "x-2"]}}, include=[])["ids"]
    again = cli("remove", "--source", str(extra), home=week_home)
    assert again.returncode == 2 and again.stderr.startswith("Error: no paper") and "Traceback" not in again.stderr
    both = cli("remove", "x-0", "--source", "extra.jsonl", home=week_home)
    assert both.returncode == 2 and both.stderr.startswith("Error:")


STALE_WRITER = """
import os, sys, time, chromadb
from chromadb.config import Settings
col = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False)).get_collection("week")
col.query(query_embeddings=[[0.1] * 384], n_results=1)  # loads the index as it is now
open(sys.argv[2] + ".ready", "w").close()
while not os.path.exists(sys.argv[2]):
    time.sleep(0.05)
n = 1100  # past hnsw:sync_threshold (1000): this process persists its stale index
col.add(ids=[f"stale-{i}" for i in range(n)], embeddings=[[1.0] + [0.0] * 383] * n, documents=["x"] * n,
        metadatas=[{"paper_id": "filler", "content_hash": "f", "chunk": i + 1, "ingested_at": 0.0} for i in range(n)])
"""


def test_doctor_finds_and_repairs_a_store_damaged_on_purpose(week_home, tmp_path):
    """Lost vectors made the way two unlocked writers made them (a process persists an index
    loaded before another's persisted write), plus a missing chunk, a stale version and a
    chunk dated in the future."""
    go = tmp_path / "go"
    writer = subprocess.Popen([sys.executable, "-c", STALE_WRITER, str(week_home / "chroma"), str(go)])
    while not Path(str(go) + ".ready").exists():
        time.sleep(0.1)
    store = Store(load_settings())
    store.ingest([Paper(id="victim-1", title="Victim paper", abstract="Its vectors will be lost.")])
    n = 1100  # persisted by this process, then overwritten by the stale writer
    store.collection.add(ids=[f"mine-{i}" for i in range(n)], embeddings=[[0.0, 1.0] + [0.0] * 382] * n,
                         documents=["y"] * n, metadatas=[{"paper_id": "filler2", "content_hash": "g",
                                                          "chunk": i + 1, "ingested_at": 0.0} for i in range(n)])
    go.touch()
    assert writer.wait(timeout=300) == 0
    assert "victim-1::" in " ".join(ids_without_vector(week_home))
    damaged = Store(load_settings())
    long_paper = max(damaged.papers(), key=lambda p: len(p.abstract))
    cid = damaged.collection.get(where={"$and": [{"paper_id": long_paper.id}, {"chunk": 1}]}, include=[])["ids"][0]
    damaged.collection.delete(ids=[cid])
    got = damaged.collection.get(where={"chunk": 0}, limit=2, include=["metadatas", "embeddings", "documents"])
    old = dict(got["metadatas"][0], content_hash="0ld", ingested_at=1.0)
    damaged.collection.add(ids=[f"{old['paper_id']}::0ld::0"], embeddings=[got["embeddings"][0]],
                           documents=[got["documents"][0]], metadatas=[old])
    damaged.collection.update(ids=[got["ids"][1]], metadatas=[{"ingested_at": time.time() + 86400}])

    found = cli("doctor", "--json", home=week_home)
    assert found.returncode == 1, found.stderr
    report = json.loads(found.stdout)
    assert any(c.startswith("victim-1::") for c in report["no_vector"])
    assert report["missing_chunks"] == {long_paper.id: [cid]}
    assert report["stale_versions"] == [old["paper_id"]]
    assert report["future_dated"] == [got["ids"][1]]
    assert len(report["orphans"]) == 2200

    fixed = cli("doctor", "--repair", home=week_home)
    assert fixed.returncode == 0, fixed.stderr
    assert "0 problems left" in fixed.stdout
    assert cli("doctor", home=week_home).returncode == 0
    assert ids_without_vector(week_home) == []
    settings = load_settings()
    hits = Retriever(Store(settings), settings).search("Victim paper vectors lost", 3, mode="dense", named=False)
    assert hits[0].paper.id == "victim-1"
