"""Format detection (auto and forced), loading files, what ingest refuses (text that only
looks like a format, fields over their limits, repeated ids, wrong JSON types), id rules.

Expected values are read off the input files (tests/fixtures/*), not off the parsers'
output. The parsers themselves and the id rules: test_ingest_formats.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ABSTRACT, page_text as _page
from paperqa_lite.errors import UserError
from paperqa_lite.ingest import FORMATS, detect_format, load_papers, parse_text
from paperqa_lite.ingest.hfjson import parse_hf_json
from paperqa_lite.ingest.page import parse_page
from paperqa_lite.ingest.tabular import parse_csv, parse_jsonl
from paperqa_lite.paper import paper_id

# -- format detection, forcing, loading ------------------------------------------------


@pytest.mark.parametrize("name, fmt", [
    ("hf_daily.json", "hf-json"), ("arxiv_feed.xml", "arxiv"), ("papers.jsonl", "jsonl"),
    ("papers.csv", "csv"), ("bad_json_line2.jsonl", "jsonl"), ("bad_csv_no_title.csv", "csv"),
    ("bad_empty_abstract.jsonl", "jsonl"),
])
def test_detect_format_of_each_fixture(fixtures, name, fmt):
    assert detect_format((fixtures / name).read_text(encoding="utf-8")) == fmt


def test_detect_format_of_the_sample_week_and_with_a_bom(sample_week, fixtures):
    assert detect_format(sample_week.read_text(encoding="utf-8")) == "page"
    assert detect_format("\ufeff" + (fixtures / "papers.csv").read_text(encoding="utf-8")) == "csv"


@pytest.mark.parametrize("name, n", [("hf_daily.json", 3), ("arxiv_feed.xml", 2), ("papers.jsonl", 2),
                                     ("papers.csv", 2)])
def test_auto_and_forced_format_agree_and_set_the_source(fixtures, name, n):
    path = fixtures / name
    fmt = detect_format(path.read_text(encoding="utf-8"))
    auto = load_papers([path])
    forced = load_papers([path], fmt)
    assert len(auto) == n
    assert [p.record() for p in auto] == [p.record() for p in forced]
    assert {p.source for p in auto} == {f"{name}:{fmt}"}


def test_forcing_the_format_reads_what_detection_gets_wrong(tmp_path):
    # A page copied without its header whose first title reads as a CSV header row: CSV
    # wins (a CSV must never be read as a page), the error says so, --format page reads it.
    path = tmp_path / "week.txt"
    path.write_text(f"Scaling Laws, Revisited\n{ABSTRACT}\n• 3 authors\n·\nMay 2, 2024 5\n",
                    encoding="utf-8")
    assert detect_format(path.read_text(encoding="utf-8")) == "csv"
    with pytest.raises(UserError, match=r"week.txt: line 1: CSV header has no 'title' column.*read as csv"):
        load_papers([path])
    (p,) = load_papers([path], "page")
    assert (p.title, p.n_authors, p.published, p.upvotes) == ("Scaling Laws, Revisited", 3, "2024-05-02", 5)
    assert p.source == "week.txt:page"


def test_a_title_with_punctuation_is_not_a_csv_header(tmp_path):
    path = tmp_path / "week.txt"
    path.write_text(f"Title, or Not: Naming Papers\n{ABSTRACT}\n• 3 authors\n·\nMay 2, 2024 5\n",
                    encoding="utf-8")
    (p,) = load_papers([path])
    assert (p.title, p.source) == ("Title, or Not: Naming Papers", "week.txt:page")


def test_forcing_the_wrong_format_is_an_error(fixtures):
    with pytest.raises(UserError, match="papers.jsonl"):
        load_papers([fixtures / "papers.jsonl"], "csv")
    with pytest.raises(UserError, match="hf_daily.json"):
        load_papers([fixtures / "hf_daily.json"], "arxiv")


def test_unknown_format_is_an_error(fixtures):
    assert "xml" not in FORMATS
    with pytest.raises(UserError, match=r"papers.jsonl: unknown format 'xml'"):
        load_papers([fixtures / "papers.jsonl"], "xml")
    with pytest.raises(UserError, match="unknown format"):
        parse_text("title,abstract\nT,A\n", "bibtex")


@pytest.mark.parametrize("name, where", [
    ("bad_json_line2.jsonl", "line 2"), ("bad_csv_no_title.csv", "line 3"),
    ("bad_empty_abstract.jsonl", "line 1"),
])
def test_bad_fixtures_name_file_and_line(fixtures, name, where):
    with pytest.raises(UserError) as err:
        load_papers([fixtures / name])
    assert str(err.value).startswith(f"{fixtures / name}: {where}")


def test_bad_files_are_errors(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\t\n")
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(b'{"title": "Ok", "abstract": "fine"}\n{"title": "Caf\xe9", "abstract": "x"}\n')
    for path, pattern in [(tmp_path / "missing.jsonl", "no such file"), (empty, "empty"), (blank, "empty"),
                          (latin1, "line 2: not a UTF-8"), (tmp_path, "no such file")]:
        with pytest.raises(UserError, match=pattern) as err:
            load_papers([path])
        assert str(path) in str(err.value)


def test_utf8_bom_and_crlf_files_parse(tmp_path, fixtures):
    for name in ("papers.jsonl", "papers.csv", "hf_daily.json", "arxiv_feed.xml"):
        text = (fixtures / name).read_text(encoding="utf-8")
        odd = tmp_path / name
        odd.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        assert [p.record() | {"source": ""} for p in load_papers([odd])] == [
            p.record() | {"source": ""} for p in load_papers([fixtures / name])]


def test_duplicates_across_files_last_one_wins(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"title": "Same Paper", "abstract": "Old abstract."}) + "\n"
                 + json.dumps({"title": "Only In A", "abstract": "Kept."}) + "\n")
    b.write_text(json.dumps({"title": "same paper!", "abstract": "New abstract."}) + "\n")
    papers = {p.title: p for p in load_papers([a, b])}
    assert len(papers) == 2
    assert papers["same paper!"].abstract == "New abstract."
    assert papers["Only In A"].abstract == "Kept."


def test_jsonl_reads_a_beir_corpus_as_it_is(tmp_path):
    """BEIR's corpus.jsonl (SciFact) names the abstract ``text`` and the id ``_id``."""
    rows = [{"_id": "4983", "title": "Microstructural development of white matter",
             "text": "Alterations of the architecture of cerebral white matter affect development.",
             "metadata": {}},
            {"_id": "5836", "title": "Induction of myelodysplasia", "text": "Myelodysplastic syndromes..."}]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    papers = load_papers([path])
    assert [(p.id, p.abstract[:11]) for p in papers] == [("4983", "Alterations"), ("5836", "Myelodyspla")]


# -- detection never falls back to page; limits; repeated ids --------------------------


@pytest.mark.parametrize("text, fmt", [
    ("name,abstract\nFoo,An abstract\n", "csv"),  # no title column: still CSV, so an error
    ("Name , Abstract , Year\n", "csv"),
    ('"title","abstract"\n', "csv"),
    ("name\tabstract\nFoo\tBar\n", "csv"),
    ("paper;summary\n", "csv"),
    ("\ufeff\n\n  name,abstract\n", "csv"),
    ("[1, 2", "hf-json"),
    ("  {\"papers\": []}", "hf-json"),
    ('{"title": "x"\n', "jsonl"),
    ("<html></html>", "arxiv"),
])
def test_csv_json_and_xml_looking_text_is_never_a_page(text, fmt):
    assert detect_format(text) == fmt


@pytest.mark.parametrize("text", [
    "just a note\n",
    "Some Title Here\nAn abstract line with enough words to pass as an abstract here.\n",
    "# Reading list\n- a paper\n- another\n",
    "id title abstract\n1 T A\n",
])
def test_text_without_any_format_structure_is_an_error(text):
    with pytest.raises(UserError, match=r"^notes.txt: line \d+: cannot tell the format.*--format"):
        parse_text(text, name="notes.txt")
    if text.startswith("Some Title"):  # forcing the page format reads the pair, as asked
        assert [p.title for p in parse_text(text, "page", name="notes.txt")] == ["Some Title Here"]


def test_page_detection_needs_the_pages_own_structure(sample_week):
    assert detect_format(_page("Dec 11", "A Paper", ABSTRACT)) == "page"  # header chrome
    assert detect_format("\n".join(["A Paper", ABSTRACT, "• 2 authors", "·", "Oct 13"])) == "page"
    assert detect_format("\n".join(["A Paper", ABSTRACT, "Org Name", "·", "Oct 13"])) == "page"
    assert detect_format(sample_week.read_text(encoding="utf-8")) == "page"


LIMITS = [  # (field, value at the limit, value over it, text of the error)
    ("title", "T" * 500, "T" * 501, "title is 501 characters; the limit is 500"),
    ("abstract", "a " * 5_999 + "ab", "a " * 6_000 + "a", "abstract is 12,001 characters; the limit is 12,000"),
    ("organization", "O" * 200, "O" * 201, "organization is 201 characters; the limit is 200"),
    ("url", "https://x.org/" + "p" * 1_986, "https://x.org/" + "p" * 1_987,
     "url is 2,001 characters; the limit is 2,000"),
    ("id", "i" * 100, "i" * 101, "id is 101 characters; the limit is 100"),
    ("authors", ["A"] * 5_000, ["A"] * 5_001, "authors is 5,001; the limit is 5,000"),
    ("authors", ["N" * 200], ["N" * 201], "author 1 is 201 characters; the limit is 200"),
    ("n_authors", 5_000, 5_001, "n_authors is 5,001; the limit is 5,000"),
    ("upvotes", 0, -1, "upvotes is -1; it cannot be negative"),
]


@pytest.mark.parametrize("field, ok, over, message", LIMITS, ids=[f"{c[0]}-{c[3][:12]}" for c in LIMITS])
def test_field_limits_are_enforced_at_ingest(field, ok, over, message):
    base = {"title": "Bounded", "abstract": ABSTRACT}
    ok_rec = base | {field: ok}
    ok_rec["abstract"] = ok_rec["abstract"].strip()
    (paper,) = parse_jsonl(json.dumps(ok_rec), "b.jsonl")
    assert getattr(paper, field) is not None
    text = json.dumps({"title": "Other", "abstract": ABSTRACT}) + "\n" + json.dumps(base | {field: over})
    with pytest.raises(UserError) as err:
        parse_jsonl(text, "b.jsonl")
    assert str(err.value) == f"b.jsonl: line 2: {message}"


def test_every_format_applies_the_limits():
    long = "L" * 501
    cases = {
        "page": f"{long}\n{ABSTRACT}\n• 2 authors\n·\nMay 2, 2024\n",
        "hf-json": json.dumps([{"paper": {"title": long, "summary": ABSTRACT}}]),
        "arxiv": f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>{long}</title>'
                 f"<summary>{ABSTRACT}</summary></entry></feed>",
        "jsonl": json.dumps({"title": long, "abstract": ABSTRACT}),
        "csv": f"title,abstract\n{long},{ABSTRACT}\n",
    }
    assert set(cases) == set(FORMATS) - {"auto"}
    for fmt, text in cases.items():
        with pytest.raises(UserError, match="title is 501 characters; the limit is 500"):
            parse_text(text, fmt, "f")


def test_repeated_ids_in_one_file_name_both_places():
    a = json.dumps({"id": "x-1", "title": "A", "abstract": ABSTRACT})
    b = json.dumps({"id": "x-1", "title": "B", "abstract": ABSTRACT})
    with pytest.raises(UserError, match=r"^f.jsonl: line 3: is the same paper as line 1 \(id 'x-1'\)"):
        parse_jsonl(f"{a}\n\n{b}\n", "f.jsonl")
    with pytest.raises(UserError, match=r"^f.jsonl: line 2: repeats line 1 \(id 'x-1'\)"):
        parse_jsonl(f"{a}\n{a}\n", "f.jsonl")
    # a CSV record that spans lines is named by its first line
    text = f'title,abstract\n"Same","{ABSTRACT}\nwrapped"\n"same.","{ABSTRACT}"\n'
    with pytest.raises(UserError, match=r"^f.csv: line 4: is the same paper as line 2"):
        parse_csv(text, "f.csv")


def test_fields_of_the_wrong_json_type_are_errors_not_crashes():
    for rec, message in [
        ({"title": {"en": "T"}, "abstract": ABSTRACT}, "line 1: title must be text, got a JSON dict"),
        ({"title": "T", "abstract": ["a"]}, "line 1: abstract must be text, got a JSON list"),
        ({"title": "T", "abstract": ABSTRACT, "url": 5}, None),  # a number is text
        ({"title": "T", "abstract": ABSTRACT, "authors": [{"name": ["x"]}]}, "author 1 must be text"),
        ({"title": "T", "abstract": ABSTRACT, "authors": 3}, "authors must be a list or text"),
        ({"title": "T", "abstract": ABSTRACT, "upvotes": "1e999"}, "upvotes must be a number"),
    ]:
        if message is None:
            assert parse_jsonl(json.dumps(rec), "j")[0].url == "5"
            continue
        with pytest.raises(UserError, match=message):
            parse_jsonl(json.dumps(rec), "j")
    with pytest.raises(UserError, match=r"record 1: title must be text"):
        parse_hf_json(json.dumps([{"paper": {"title": [1], "summary": ABSTRACT}}]), "h")
    with pytest.raises(UserError, match=r"record 1: publishedAt must be an ISO date"):
        parse_hf_json(json.dumps([{"paper": {"title": "T", "summary": ABSTRACT, "publishedAt": "soon"}}]), "h")


# -- id rules --------------------------------------------------------------------------


def test_id_prefers_arxiv_then_given_then_title_hash():
    assert paper_id("T", "2410.12345v2") == "2410.12345"
    assert paper_id("T", "arXiv:2410.12345") == "2410.12345"
    assert paper_id("T", None, "https://arxiv.org/abs/2410.12345v3") == "2410.12345"
    assert paper_id("T", "my-local-id", "https://arxiv.org/pdf/2410.12345") == "2410.12345"
    assert paper_id("T", "cs/0112017v1") == "cs/0112017"
    assert paper_id("T", "  my-local-id ") == "my-local-id"
    assert paper_id("T", "my-local-id", "https://example.org/paper") == "my-local-id"
    assert paper_id("T", "") == paper_id("T", None) == paper_id("T")


def test_title_hash_ignores_case_punctuation_and_spacing():
    base = paper_id("WebArena: A Realistic Web Environment for Building Autonomous Agents")
    for variant in ("webarena a realistic web environment for building autonomous agents",
                    "WEBARENA -- A Realistic Web Environment, for Building Autonomous Agents!",
                    "  WebArena:  A Realistic   Web Environment for Building Autonomous Agents. "):
        assert paper_id(variant) == base
    assert paper_id("WebArena: A Realistic Web Environment for Building Autonomous Agents 2") != base
    assert paper_id("Other Paper") != base


def test_title_hash_is_stable_across_processes():
    title = "Hybrid Reward Normalization for Process-supervised Non-verifiable Agentic Tasks"
    code = f"from paperqa_lite.paper import paper_id; print(paper_id({title!r}))"
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout.strip()
        for seed in ("1", "2")
    }
    assert outs == {paper_id(title)}


def test_same_paper_gets_the_same_id_from_every_title_only_format():
    title = "EgoLife: Towards Egocentric Life Assistant"
    page = parse_page(f"{title}\n{ABSTRACT}\n", "p")[0]
    jsonl = parse_jsonl(json.dumps({"title": "egolife - towards egocentric life assistant",
                                    "abstract": ABSTRACT}), "j")[0]
    csv_ = parse_csv(f'title,abstract\n"EgoLife: Towards Egocentric Life Assistant.",{ABSTRACT}\n', "c")[0]
    assert page.id == jsonl.id == csv_.id
