"""`paperqa-lite ingest / papers / remove / config` through click's CliRunner, real embedder.

Bad input of any kind is exit code 2 and one ``Error:`` line naming the file and the
line or record, and it changes nothing in the store.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperqa_lite.cli import cli
from paperqa_lite.paper import paper_id
from paperqa_lite.settings import load_settings
from paperqa_lite.store import Store

WEBARENA = "WebArena: A Realistic Web Environment for Building Autonomous Agents"
RECORD_KEYS = {"id", "title", "abstract", "authors", "n_authors", "organization", "published",
               "upvotes", "url", "source", "extra"}  # extra: the page's day (daily_date)


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot() -> tuple[set[str], list[dict]]:
    """Every chunk id and every paper record (the store's whole visible state)."""
    store = Store(load_settings())
    ids = set(store.collection.get(include=[])["ids"])
    return ids, [p.record() for p in store.papers()]


def papers_json() -> list[dict]:
    result = run("papers", "--week", "all", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.stdout == ""
    return lines[0]


# -- ingest ----------------------------------------------------------------------------


def test_sample_ingest_reports_40_new_papers(ingested_week):
    report = ingested_week[1]
    assert {k: report[k] for k in ("papers", "added", "updated", "unchanged", "collection")} == {
        "papers": 40, "added": 40, "updated": 0, "unchanged": 0, "collection": "week"}
    assert report["chunks"] >= 40


def test_second_ingest_is_a_no_op(week_home, sample_week):
    before = snapshot()
    result = run("ingest", sample_week)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Ingested 40 papers (0 new, 0 updated, 40 unchanged), 0 chunks written into collection 'week'")
    assert snapshot() == before
    result = run("ingest", "--sample", "--json")
    assert json.loads(result.stdout)["unchanged"] == 40
    assert snapshot() == before


def test_ingest_every_fixture_format_into_the_week(week_home, fixtures):
    files = [fixtures / n for n in ("hf_daily.json", "arxiv_feed.xml", "papers.jsonl", "papers.csv")]
    result = run("ingest", *files, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["papers"] == 3 + 2 + 2 + 2
    assert report["added"] + report["updated"] == 9 and report["unchanged"] == 0
    records = papers_json()
    assert len(records) == 40 + report["added"]
    ids = {r["id"] for r in records}
    assert {"2505.16637", "2510.12784", "local-demo-1", "2409.12917", "cs/0112017", "2411.00001",
            "2412.99999", paper_id("A Minimal JSONL Paper"), paper_id("A CSV Paper, With a Comma")} <= ids
    sources = {r["id"]: r["source"] for r in records}
    assert sources["cs/0112017"] == "arxiv_feed.xml:arxiv"
    assert sources["2412.99999"] == "papers.csv:csv"


def test_format_flag_overrides_detection(isolated_home, tmp_path):
    page = tmp_path / "week.txt"
    page.write_text("Scaling Laws, Revisited\nWe study how papers get named in enough words here.\n"
                    "• 3 authors\n·\nMay 2, 2024 5\n", encoding="utf-8")
    # its first line reads as a CSV header (CSV wins over page), so auto is an error
    assert_one_line_error(run("ingest", page), "week.txt", "line 1", "'title' column", "read as csv")
    result = run("ingest", "--format", "page", page, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 1
    (rec,) = papers_json()
    assert (rec["title"], rec["n_authors"], rec["published"], rec["upvotes"], rec["source"]) == (
        "Scaling Laws, Revisited", 3, "2024-05-02", 5, "week.txt:page")


def test_ingest_without_files_is_an_error(isolated_home):
    assert_one_line_error(run("ingest"), "at least one file")


# -- bad input changes nothing ---------------------------------------------------------


def _bad_input(case: str, tmp: Path, fixtures: Path) -> tuple[list, list[str]]:
    """(extra CLI args, fragments the error line must contain) for each kind of bad input."""
    if case == "missing file":
        return [tmp / "nope.jsonl"], ["nope.jsonl", "no such file"]
    if case == "unknown format":
        return ["--format", "xml"], ["good.jsonl", "xml"]
    if case in ("bad_json_line2.jsonl", "bad_csv_no_title.csv", "bad_empty_abstract.jsonl"):
        line = {"bad_json_line2.jsonl": 2, "bad_csv_no_title.csv": 3, "bad_empty_abstract.jsonl": 1}[case]
        return [fixtures / case], [case, f"line {line}"]
    if case == "non-UTF-8":
        bad = tmp / "latin1.jsonl"
        bad.write_bytes(b'{"title": "Fine", "abstract": "A valid first record with enough words."}\n'
                        b'{"title": "Caf\xe9 Society", "abstract": "Latin-1, not UTF-8."}\n')
        return [bad], ["latin1.jsonl", "line 2", "UTF-8"]
    if case == "empty file":
        bad = tmp / "empty.csv"
        bad.write_bytes(b"")
        return [bad], ["empty.csv", "empty"]
    if case == "unreadable text":
        bad = tmp / "notes.txt"
        bad.write_text("just a note\n", encoding="utf-8")
        return [bad], ["notes.txt", "line 1"]
    if case == "directory":
        return [tmp], [tmp.name]
    raise AssertionError(case)


BAD_CASES = ["missing file", "unknown format", "bad_json_line2.jsonl", "bad_csv_no_title.csv",
             "bad_empty_abstract.jsonl", "non-UTF-8", "empty file", "unreadable text", "directory"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_one_line_and_changes_nothing(week_home, fixtures, tmp_path, case):
    # The good file adds new papers and changes one: a partial write would show.
    good = tmp_path / "good.jsonl"
    good.write_text(
        (fixtures / "papers.jsonl").read_text(encoding="utf-8")
        + json.dumps({"title": WEBARENA, "abstract": "A changed abstract that must not be written."}) + "\n",
        encoding="utf-8")
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    extra, fragments = _bad_input(case, bad_dir, fixtures)
    before = snapshot()
    args = ["ingest", good, *extra] if case != "unknown format" else ["ingest", *extra, good]
    assert_one_line_error(run(*args), *fragments)
    assert snapshot() == before
    # and the good file on its own goes in
    result = run("ingest", good, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 2


def test_bad_file_first_also_changes_nothing(week_home, fixtures):
    before = snapshot()
    assert_one_line_error(run("ingest", fixtures / "bad_json_line2.jsonl", fixtures / "papers.jsonl"),
                          "bad_json_line2.jsonl", "line 2")
    assert snapshot() == before


# -- papers ----------------------------------------------------------------------------


def test_papers_json_lists_records(week_home):
    records = papers_json()
    assert len(records) == 40
    assert all(set(r) == RECORD_KEYS for r in records)
    web = next(r for r in records if r["title"] == WEBARENA)
    assert web == {
        "id": paper_id(WEBARENA), "title": WEBARENA, "abstract": web["abstract"], "authors": None,
        "n_authors": 11, "organization": None, "published": "2023-07-25", "upvotes": 4, "url": None,
        "source": "sample_week.txt:page", "extra": {"daily_date": web["extra"]["daily_date"]}}
    assert re.fullmatch(r"\d{4}-12-11", web["extra"]["daily_date"])  # the page's "Dec 11"
    assert web["abstract"].startswith("With generative AI advances")
    assert [r["upvotes"] for r in records[:3]] == [11, 9, 4]


def test_papers_text_lists_one_line_per_paper(week_home):
    result = run("papers")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # the sample page's papers are all of its day's week, the collection's latest
    assert len(lines) == 41 and re.fullmatch(r"40 papers in 'week', week \d{4}-W\d\d", lines[-1])
    srpo = next(ln for ln in lines if "SRPO" in ln)
    assert "OpenMOSS-Team OpenMOSS" in srpo and "2" in srpo.split()


def test_papers_of_an_empty_collection(isolated_home):
    assert papers_json() == []
    assert run("papers").stdout.strip() == "0 papers in 'week', every week"


# -- remove ----------------------------------------------------------------------------


def test_remove_deletes_all_chunks_of_the_paper(week_home):
    store = Store(load_settings())
    target = next(p for p in store.papers()
                  if len(store.collection.get(where={"paper_id": p.id}, include=[])["ids"]) > 1)
    total = store.count_chunks()
    n = len(store.collection.get(where={"paper_id": target.id}, include=[])["ids"])
    result = run("remove", target.id)
    assert result.exit_code == 0, result.output
    assert "Removed 1 paper" in result.stdout
    assert store.collection.get(where={"paper_id": target.id}, include=[])["ids"] == []
    assert store.count_chunks() == total - n
    records = papers_json()
    assert len(records) == 39 and target.id not in {r["id"] for r in records}


def test_remove_unknown_id_is_an_error(week_home):
    before = snapshot()
    assert_one_line_error(run("remove", "2401.99999"), "2401.99999", "'week'")
    assert snapshot() == before


def test_remove_with_one_unknown_id_removes_nothing(week_home):
    known = papers_json()[0]["id"]
    before = snapshot()
    result = run("remove", known, "2401.99999")
    assert_one_line_error(result, "2401.99999", "nothing removed")
    assert snapshot() == before


def test_remove_needs_an_id(isolated_home):
    result = run("remove")
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- store problems --------------------------------------------------------------------


def test_embedding_model_mismatch_is_an_error(week_home, monkeypatch):
    before = snapshot()
    monkeypatch.setenv("PAPERQA_LITE_EMBED__BACKEND", "openai")
    monkeypatch.setenv("PAPERQA_LITE_EMBED__MODEL", "text-embedding-3-small")
    assert_one_line_error(run("papers"), "all-MiniLM-L6-v2-onnx-int8", "openai:text-embedding-3-small")
    assert_one_line_error(run("ingest", "--sample"), "embedded with")
    monkeypatch.delenv("PAPERQA_LITE_EMBED__BACKEND")
    monkeypatch.delenv("PAPERQA_LITE_EMBED__MODEL")
    assert snapshot() == before


def test_interrupted_update_via_the_cli(week_home, tmp_path, monkeypatch):
    from chromadb.api.models.Collection import Collection

    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"title": WEBARENA, "abstract": "The newest abstract of WebArena."}) + "\n")
    before_ids, _ = snapshot()

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as mp:
        mp.setattr(Collection, "delete", interrupted)
        result = run("ingest", new)
    assert result.exit_code == 130 and result.stderr.strip() == "Interrupted."

    records = papers_json()
    assert len(records) == 40
    assert [r["abstract"] for r in records if r["title"] == WEBARENA] == ["The newest abstract of WebArena."]
    assert len(snapshot()[0]) > len(before_ids)  # the old version is still there

    result = run("ingest", new, "--json")
    assert json.loads(result.stdout)["unchanged"] == 1
    store = Store(load_settings())
    docs = store.collection.get(where={"paper_id": paper_id(WEBARENA)}, include=["documents"])["documents"]
    assert docs == ["The newest abstract of WebArena."]


# -- config ----------------------------------------------------------------------------


def test_config_masks_the_api_key(isolated_home, monkeypatch):
    monkeypatch.setenv("PAPERQA_LITE_LLM__API_KEY", "sk-secret")
    text = run("config")
    assert text.exit_code == 0, text.output
    assert "sk-secret" not in text.output
    lines = text.stdout.splitlines()
    assert "llm.api_key = ***" in lines
    assert f"home = {isolated_home}" in lines
    assert "store.collection = week" in lines and "store.chunk_size = 192" in lines
    as_json = run("config", "--json")
    assert "sk-secret" not in as_json.output
    data = json.loads(as_json.stdout)
    assert data["llm"]["api_key"] == "***"
    assert data["store"]["chroma_url"] is None and data["embed"]["backend"] == "local"


def test_config_shows_flags_and_no_key_when_unset(isolated_home):
    data = json.loads(run("config", "--json", "--collection", "other",
                          "--chroma-url", "http://127.0.0.1:9").stdout)
    assert data["llm"]["api_key"] is None
    assert data["store"]["collection"] == "other"
    assert data["store"]["chroma_url"] == "http://127.0.0.1:9"
    assert not (isolated_home / "chroma").exists()  # showing settings touches no store


# -- bad input that used to be accepted (issue 10, item 7) -----------------------------

_ABS = "An abstract long enough to count as one, with several words in it."
_REC = json.dumps({"title": "Fine Paper", "abstract": _ABS})
_FEED = '<feed xmlns="http://www.w3.org/2005/Atom">'
_ENTRY = "<entry><id>http://arxiv.org/abs/2401.00001v1</id><title>T</title><summary>S s.</summary></entry>"

# (file name, content, fragments of the one error line). Each is read with --format auto.
BAD_FILES = [
    ("no_title.csv", f"name,abstract,authors\nFoo Bar,\"{_ABS}\",A\n", ["line 1", "'title' column"]),
    ("no_title.tsv", f"name\tabstract\nFoo Bar\t{_ABS}\n", ["line 1", "'title' column"]),
    ("no_title_semicolon.csv", f"paper;summary\nFoo;{_ABS}\n", ["line 1", "'title' column"]),
    ("blank_then_no_title.csv", f"\n\nname,abstract\nFoo,\"{_ABS}\"\n", ["line 3", "'title' column"]),
    ("shifted.csv", f"title,abstract\nScaling, Revisited,\"{_ABS}\"\n", ["line 2", "3 fields", "header has 2"]),
    ("short_row.tsv", f"title\tabstract\turl\nT\t{_ABS}\n", ["line 2", "2 fields", "header has 3"]),
    ("stray_quote.csv", f'title,abstract\n"Unclosed,"{_ABS}"\n', ["line 2", "',' expected after"]),
    ("unclosed.csv", f'title,abstract\n"Unclosed title,{_ABS}\nNext,{_ABS}\n', ["unexpected end of data"]),
    ("twice.csv", f"title,abstract,title\nA,\"{_ABS}\",B\n", ["line 1", "title more than once"]),
    ("truncated.json", '[{"paper": {"title": "T",\n "summary": "S"', ["line 2", "invalid JSON"]),
    ("scalar.json", '["just a string"]', ["record 1", "expected an object"]),
    ("array_line.jsonl", f'{_REC}\n["a", "b"]\n', ["line 2", "expected a JSON object"]),
    ("pretty.json", json.dumps({"title": "T", "abstract": _ABS}, indent=2),
     ["line 1", "one JSON document"]),
    ("page.html", "<html><body><p>Daily Papers</p></body></html>", ["not an Atom feed"]),
    ("broken.xml", f"{_FEED}\n<entry>\n</feed>\n", ["line 3", "invalid XML"]),
    ("prose.txt", "Some notes about papers\nthat I meant to read, one day, maybe.\n",
     ["line 1", "cannot tell the format"]),
    ("dup_ids.jsonl", "\n".join([json.dumps({"id": "2401.00001", "title": "One", "abstract": _ABS}), _REC,
                                 json.dumps({"id": "2401.00001", "title": "Two", "abstract": _ABS})]),
     ["line 3", "same paper as line 1", "2401.00001"]),
    ("dup_exact.csv", f"title,abstract\nSame,\"{_ABS}\"\nOther,\"{_ABS}\"\nSame,\"{_ABS}\"\n",
     ["line 4", "repeats line 2"]),
    ("dup_titles.txt", f"Same Title\n{_ABS}\n• 2 authors\n·\nMay 2, 2024\nSame title!\n{_ABS}\n",
     ["line 6", "same paper as line 1"]),
    ("dup.json", json.dumps([{"paper": {"id": "2401.00001", "title": "A", "summary": _ABS}},
                             {"paper": {"id": "2401.00001", "title": "B", "summary": _ABS}}]),
     ["record 2", "same paper as record 1"]),
    ("dup.xml", f"{_FEED}{_ENTRY}{_ENTRY}</feed>", ["entry 2", "repeats entry 1"]),
    ("long_title.jsonl", f'{_REC}\n{json.dumps({"title": "T" * 20_000, "abstract": _ABS})}\n',
     ["line 2", "title is 20,000 characters", "limit is 500"]),
    ("long_title.txt", f"{'Long ' * 4_000}\n{_ABS}\n• 2 authors\n·\nMay 2, 2024\n",
     ["line 1", "title is 19,999 characters"]),
    ("many_authors.csv", f"title,abstract,authors\nT,\"{_ABS}\",\"{'; '.join(['A B'] * 5001)}\"\n",
     ["line 2", "authors is 5,001", "limit is 5,000"]),
    ("long_org.json", json.dumps([{"paper": {"title": "T", "summary": _ABS, "organization": "O" * 201}}]),
     ["record 1", "organization is 201 characters", "limit is 200"]),
    ("title_list.jsonl", json.dumps({"title": ["a", "b"], "abstract": _ABS}),
     ["line 1", "title must be text"]),
    ("inf_upvotes.csv", f"title,abstract,upvotes\nT,\"{_ABS}\",inf\n", ["line 2", "upvotes must be a number"]),
    ("negative_upvotes.jsonl", json.dumps({"title": "T", "abstract": _ABS, "upvotes": -3}),
     ["line 1", "upvotes is -3"]),
    ("bad_date.jsonl", json.dumps({"title": "T", "abstract": _ABS, "published": "2024-13-45"}),
     ["line 1", "ISO date"]),
]


@pytest.mark.parametrize("name, content, fragments", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_is_one_error_line_and_changes_nothing(week_home, tmp_path, name, content, fragments):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "A Good Paper", "abstract": _ABS}) + "\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    before = snapshot()
    assert_one_line_error(run("ingest", good, bad), name, *fragments)
    assert snapshot() == before


def test_a_csv_without_a_title_column_is_never_stored_as_pages(week_home, tmp_path):
    """The reported case: auto-detection read it as a pasted page and stored its rows."""
    bad = tmp_path / "export.csv"
    bad.write_text("name,abstract,year\n" + "".join(
        f"Paper {i},\"{_ABS}\",2024\n" for i in range(5)), encoding="utf-8")
    before = snapshot()
    for args in (["ingest", bad], ["ingest", "--format", "csv", bad]):
        assert_one_line_error(run(*args), "export.csv", "line 1", "'title' column")
    assert snapshot() == before


def test_a_tsv_with_a_title_column_goes_in(isolated_home, tmp_path):
    path = tmp_path / "papers.tsv"
    path.write_text(f"id\ttitle\tabstract\tupvotes\n2401.00002\tA Tab, Separated Paper\t{_ABS}\t4\n",
                    encoding="utf-8")
    result = run("ingest", path, "--json")
    assert result.exit_code == 0, result.output
    (rec,) = papers_json()
    assert (rec["id"], rec["title"], rec["upvotes"], rec["source"]) == (
        "2401.00002", "A Tab, Separated Paper", 4, "papers.tsv:csv")
