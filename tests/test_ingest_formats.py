"""Parsers for the five input formats, format detection and the paper id rules.

Expected values are read off the input files (the bundled sample week and
tests/fixtures/*), not off the parsers' output.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.ingest import FORMATS, detect_format, load_papers, parse_text
from paperqa_lite.ingest.arxiv import parse_arxiv
from paperqa_lite.ingest.hfjson import parse_hf_json
from paperqa_lite.paper import paper_id
from paperqa_lite.ingest.page import parse_page
from paperqa_lite.ingest.tabular import parse_csv, parse_jsonl

# The sample week as printed on the page: title, then "N authors" / organisation / None,
# and the date line exactly as it appears (None: the paper has no author/date block).
SAMPLE_WEEK_ROWS = [
    ("Entering Real Social World! Benchmarking the Theory of Mind and Socialization Capabilities of LLMs from a First-person Perspective", 6, None, "Oct 8, 2024"),
    ("WebArena: A Realistic Web Environment for Building Autonomous Agents", 11, None, "Jul 25, 2023 4"),
    ("EgoLife: Towards Egocentric Life Assistant", None, None, None),
    ("Can Vision-Language Models Think from a First-Person Perspective?", 7, None, "Nov 27, 2023"),
    ("B-STaR: Monitoring and Balancing Exploration and Exploitation in Self-Taught Reasoners", 6, None, "Dec 22, 2024 2"),
    ("Proposer-Agent-Evaluator(PAE): Autonomous Skill Discovery For Foundation Model Internet Agents", 8, None, "Dec 17, 2024 2"),
    ("KnowRL: Teaching Language Models to Know What They Know", 2, None, "Oct 13"),
    ("Augmenting Autotelic Agents with Large Language Models", 5, None, "May 21, 2023"),
    ("Hidden in Plain Sight: Probing Implicit Reasoning in Multimodal Language Models", 7, None, "May 30 1"),
    ("Looking Inward: Language Models Can Learn About Themselves by Introspection", 9, None, "Oct 17, 2024 11"),
    ("SRPO: Self-Referential Policy Optimization for Vision-Language-Action Models", None, "OpenMOSS-Team OpenMOSS", "Nov 19 2"),
    ("EgoPlan-Bench: Benchmarking Multimodal Large Language Models for Human-Level Planning", 9, None, "Dec 10, 2023"),
    ("The MineRL BASALT Competition on Learning from Human Feedback", 13, None, "Jul 5, 2021"),
    ("Responsible Task Automation: Empowering Large Language Models as Responsible Task Automators", 4, None, "Jun 1, 2023"),
    ("Do Egocentric Video-Language Models Truly Understand Hand-Object Interactions?", 6, None, "May 27, 2024"),
    ("EgoMe: Follow Me via Egocentric View in Real World", 6, None, "Jan 31"),
    ("PIPA: A Unified Evaluation Protocol for Diagnosing Interactive Planning Agents", 9, None, "May 2"),
    ("Language Models Are Capable of Metacognitive Monitoring and Control of Their Internal Activations", 5, None, "May 19"),
    ("Unleashing Cognitive Synergy in Large Language Models: A Task-Solving Agent through Multi-Persona Self-Collaboration", 6, None, "Jul 11, 2023"),
    ("Frontier Models are Capable of In-context Scheming", 6, None, "Dec 6, 2024"),
    ("Preliminary Explorations with GPT-4o(mni) Native Image Generation", 11, None, "May 6"),
    ("Left/Right Brain, human motor control and the implications for robotics", 4, None, "Jan 25, 2024"),
    ("SimpleToM: Exposing the Gap between Explicit ToM Inference and Implicit ToM Application in LLMs", 7, None, "Oct 17, 2024"),
    ("Training Language Models to Self-Correct via Reinforcement Learning", 18, None, "Sep 19, 2024 9"),
    ("AI-Facilitated Analysis of Abstracts and Conclusions: Flagging Unsubstantiated Claims and Ambiguous Pronouns", 1, None, "Jun 16 2"),
    ("SSR-Zero: Simple Self-Rewarding Reinforcement Learning for Machine Translation", 4, None, "May 22"),
    ("SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models", None, None, None),
    ("Analyzing Character and Consciousness in AI-Generated Social Content: A Case Study of Chirper, the AI Social Network", 1, None, "Aug 30, 2023"),
    ("Aligning Language Models Using Follow-up Likelihood as Reward Signal", 7, None, "Sep 20, 2024"),
    ("Confidence as a Reward: Transforming LLMs into Reward Models", 6, None, "Oct 15"),
    ("Cybench: A Framework for Evaluating Cybersecurity Capabilities and Risk of Language Models", 27, None, "Aug 15, 2024 2"),
    ("The PacifAIst Benchmark:Would an Artificial Intelligence Choose to Sacrifice Itself for Human Safety?", 1, None, "Aug 13 1"),
    ("OMNI: Open-endedness via Models of human Notions of Interestingness", 4, None, "Jun 2, 2023"),
    ("Reinforcement Learning vs. Distillation: Understanding Accuracy and Capability in LLM Reasoning", 5, None, "May 20"),
    ("Multi-task Self-supervised Graph Neural Networks Enable Stronger Task Generalization", 7, None, "Oct 5, 2022"),
    ("Is PRM Necessary? Problem-Solving RL Implicitly Induces PRM Capability in LLMs", 9, None, "May 16"),
    ("ThinkTuning: Instilling Cognitive Reflections without Distillation", 7, None, "Aug 11"),
    ("Optimal decision making in robotic assembly and other trial-and-error tasks", 2, None, "Jan 25, 2023"),
    ("Unsupervised Perceptual Rewards for Imitation Learning", 3, None, "Dec 20, 2016"),
    ("Hybrid Reward Normalization for Process-supervised Non-verifiable Agentic Tasks", 6, None, "Sep 29"),
]

TODAY = dt.date(2031, 3, 15)  # the sample page's header ("Dec 11") has no year: this one applies


def expected_date(shown: str | None, year: int) -> tuple[str | None, int | None]:
    """("Jul 25, 2023 4" | "Nov 19 2" | "Oct 13", year) -> (ISO date, upvotes), via strptime."""
    if shown is None:
        return None, None
    words = shown.replace(",", "").split()
    mon, day = words[0], int(words[1])
    rest = words[2:]
    if rest and len(rest[0]) == 4:
        year, rest = int(rest[0]), rest[1:]
    votes = int(rest[0]) if rest else None
    return dt.datetime.strptime(f"{mon} {day} {year}", "%b %d %Y").date().isoformat(), votes


@pytest.fixture(scope="module")
def week(sample_week):
    return parse_page(sample_week.read_text(encoding="utf-8"), str(sample_week), today=TODAY)


# -- the HF Daily Papers page ----------------------------------------------------------


def test_page_has_exactly_the_40_papers_in_order(week):
    assert len(SAMPLE_WEEK_ROWS) == 40
    assert [p.title for p in week] == [row[0] for row in SAMPLE_WEEK_ROWS]


def test_page_header_lines_are_not_papers(week):
    titles = {p.title.lower() for p in week}
    for chrome in ("new", "subscribe", "daily papers", "get trending papers in your email inbox!",
                   "byak and the research community", "dec 11"):
        assert chrome not in titles


@pytest.mark.parametrize("row", SAMPLE_WEEK_ROWS, ids=lambda r: r[0][:30])
def test_page_metadata_of_every_paper(week, row):
    title, n_authors, organization, shown = row
    paper = next(p for p in week if p.title == title)
    published, upvotes = expected_date(shown, TODAY.year)
    assert (paper.n_authors, paper.organization, paper.published, paper.upvotes) == (
        n_authors, organization, published, upvotes)
    assert paper.authors is None  # the page shows a count, not names


def test_page_abstracts_are_the_line_after_each_title(week, sample_week):
    lines = [ln.strip() for ln in sample_week.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for paper in week:
        assert paper.abstract == lines[lines.index(paper.title) + 1]
    webarena = next(p for p in week if p.title.startswith("WebArena"))
    assert webarena.abstract.startswith("With generative AI advances, the exciting potential")


def test_page_special_cases_from_the_issue(week):
    by_title = {p.title.split(":")[0]: p for p in week}
    for no_block in ("EgoLife", "SRUM"):
        p = by_title[no_block]
        assert (p.n_authors, p.organization, p.published, p.upvotes) == (None, None, None, None)
    srpo = by_title["SRPO"]
    assert srpo.organization == "OpenMOSS-Team OpenMOSS" and srpo.n_authors is None
    assert (by_title["WebArena"].published, by_title["WebArena"].upvotes) == ("2023-07-25", 4)
    assert (by_title["Looking Inward"].published, by_title["Looking Inward"].upvotes) == ("2024-10-17", 11)
    # a date line without upvotes has none
    assert by_title["Frontier Models are Capable of In-context Scheming"].upvotes is None


def test_page_ids_are_unique_title_ids(week):
    ids = [p.id for p in week]
    assert len(set(ids)) == 40
    assert all(p.id == paper_id(p.title) for p in week)


def _page(header_date: str | None, *paper_lines: str) -> str:
    head = ["new", "", "Daily Papers", ""] + ([header_date, ""] if header_date else [])
    return "\n".join(head + list(paper_lines)) + "\n"


ABSTRACT = "We study a problem in enough words for this line to count as an abstract."


def test_page_year_comes_from_the_header_date():
    text = _page("Dec 11, 2024",
                 "KnowRL: Teaching Language Models to Know What They Know", ABSTRACT,
                 "  • 2 authors", "·", "Oct 13",
                 "SRPO: Self-Referential Policy Optimization", ABSTRACT,
                 "OpenMOSS-Team OpenMOSS", "·", "Nov 19 2",
                 "An Old Paper", ABSTRACT, "  • 3 authors", "·", "Jul 5, 2021")
    papers = parse_page(text, "page.txt", today=dt.date(2027, 1, 2))
    assert [(p.published, p.upvotes) for p in papers] == [
        ("2024-10-13", None), ("2024-11-19", 2), ("2021-07-05", None)]


def test_page_year_defaults_to_the_current_year():
    text = _page("Dec 11", "KnowRL: Teaching Language Models", ABSTRACT, "• 2 authors", "·", "Oct 13")
    assert parse_page(text, "p", today=dt.date(2023, 12, 20))[0].published == "2023-10-13"
    assert parse_page(text, "p")[0].published == f"{dt.date.today().year}-10-13"
    # no header date at all (nor any header): still the current year
    bare = "\n".join(["KnowRL: Teaching Language Models", ABSTRACT, "• 2 authors", "·", "Oct 13"])
    assert parse_page(bare, "p", today=dt.date(2022, 5, 1))[0].published == "2022-10-13"


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [i for i, ln in enumerate(text.splitlines(), 1) if ln.strip() == needle]
    return hits[occurrence - 1]


def test_page_separator_where_a_title_belongs_names_the_line():
    text = _page("Dec 11", "First Paper", ABSTRACT, "• 2 authors", "·", "Oct 13",
                 "·", "Second Paper", ABSTRACT)
    with pytest.raises(UserError) as err:
        parse_page(text, "week.txt")
    msg = str(err.value)
    assert msg.startswith("week.txt: ") and f"line {_line_of(text, '·', 2)}:" in msg
    assert "title" in msg


def test_page_authors_line_where_a_title_belongs_names_the_line():
    text = _page("Dec 11", "First Paper", ABSTRACT, "• 2 authors", "·", "Oct 13", "• 4 authors")
    with pytest.raises(UserError, match=rf"week.txt: line {_line_of(text, '• 4 authors')}:"):
        parse_page(text, "week.txt")


@pytest.mark.parametrize("case", ["next title follows", "separator then title", "separator at end"])
def test_page_author_line_without_date_names_the_line(case):
    authors = "• 2 authors"
    tail = {
        "next title follows": [authors, "Second Paper", ABSTRACT],
        "separator then title": [authors, "·", "Second Paper", ABSTRACT],
        "separator at end": [authors, "·"],
    }[case]
    text = _page("Dec 11", "First Paper", ABSTRACT, *tail)
    # the line where the block goes wrong: no '·' after the authors, no date after the '·'
    bad = _line_of(text, {
        "next title follows": authors, "separator then title": "Second Paper", "separator at end": "·",
    }[case])
    with pytest.raises(UserError) as err:
        parse_page(text, "week.txt")
    assert str(err.value).startswith(f"week.txt: line {bad}:")
    assert "\n" not in str(err.value)


def test_page_title_without_abstract_names_the_line():
    text = _page("Dec 11", "First Paper", "Second Paper", ABSTRACT)
    with pytest.raises(UserError, match=rf"line {_line_of(text, 'Second Paper')}:"):
        parse_page(text, "week.txt")


# -- HF daily papers JSON --------------------------------------------------------------


def test_hf_json_every_field(fixtures):
    papers = parse_hf_json((fixtures / "hf_daily.json").read_text(encoding="utf-8"), "hf_daily.json")
    assert len(papers) == 3
    ssr, srum, local = papers

    assert ssr.id == "2505.16637"
    assert ssr.title == "SSR-Zero: Simple Self-Rewarding Reinforcement Learning for Machine Translation"
    # the paper's own (full) summary, not the shortened top-level one
    assert ssr.abstract.startswith("Large language models (LLMs) have recently demonstrated")
    assert ssr.abstract.endswith("relies solely on self-judging rewards.")
    assert ssr.authors == ["Wenjie Yang", "Mao Zheng", "Mingyang Song", "Zheng Li"]
    assert ssr.n_authors == 4
    assert ssr.organization == "Tencent"
    assert ssr.published == "2025-05-22"
    assert ssr.upvotes == 14
    assert ssr.url == "https://arxiv.org/abs/2505.16637"
    assert ssr.extra["github_repo"] == "https://github.com/Kelaxon/SSR-Zero"
    assert ssr.extra["ai_summary"].startswith("A self-rewarding RL framework")
    # the Daily Papers day is when it was submitted there, a day after the arXiv date
    assert (ssr.extra["daily_date"], ssr.extra["comments"], ssr.extra["submitter"]) == (
        "2025-05-23", 2, "akhaliq")
    assert ssr.extra["hf_url"] == "https://huggingface.co/papers/2505.16637"

    assert srum.id == "2510.12784"
    assert srum.title == "SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models"
    assert srum.abstract.endswith("existing UMMs of various designs.")
    assert srum.authors == ["Weiyang Jin", "Yuwei Niu"] and srum.n_authors == 2
    assert srum.organization is None
    assert (srum.published, srum.upvotes) == ("2025-10-14", 23)
    assert srum.url == "https://arxiv.org/abs/2510.12784"
    assert srum.extra["project_page"] == "https://waynejin0918.github.io/srum_web/"

    assert local.id == "local-demo-1"  # a given id that is not an arXiv id is kept
    assert local.title == "A Paper Without an arXiv Id"
    assert local.abstract.startswith("This record has an id that is not an arXiv id")
    assert (local.authors, local.n_authors, local.organization, local.published) == (None, None, None, None)
    assert local.upvotes == 0
    assert local.url is None
    assert "arxiv_id" not in local.extra and "hf_url" not in local.extra  # no arXiv id, no Hub page


def test_hf_json_api_wrapper_and_single_item(fixtures):
    items = json.loads((fixtures / "hf_daily.json").read_text(encoding="utf-8"))
    wrapped = json.dumps({"papers": items}, indent=2)
    assert detect_format(wrapped) == "hf-json"
    assert [p.id for p in parse_text(wrapped, name="w.json")] == ["2505.16637", "2510.12784", "local-demo-1"]
    single = json.dumps(items[1], indent=2)
    assert detect_format(single) == "hf-json"
    assert [p.id for p in parse_text(single, name="one.json")] == ["2510.12784"]


# -- arXiv Atom ------------------------------------------------------------------------


def test_arxiv_every_field(fixtures):
    papers = parse_arxiv((fixtures / "arxiv_feed.xml").read_text(encoding="utf-8"), "arxiv_feed.xml")
    assert len(papers) == 2
    score, old = papers
    assert score.id == "2409.12917"  # version suffix dropped
    assert score.title == "Training Language Models to Self-Correct via Reinforcement Learning"
    assert score.abstract == (
        "Self-correction is a highly desirable capability of large language models (LLMs), yet it "
        "has consistently been found to be largely ineffective in modern LLMs. We develop a "
        "multi-turn online reinforcement learning (RL) approach, SCoRe, that significantly improves "
        "an LLM's self-correction ability using entirely self-generated data.")
    assert score.authors == ["Aviral Kumar", "Vincent Zhuang", "Rishabh Agarwal"]
    assert score.n_authors == 3
    assert score.published == "2024-09-19"
    assert score.url == "http://arxiv.org/abs/2409.12917v2"  # the alternate link, not the pdf
    assert (score.organization, score.upvotes) == (None, None)

    assert old.id == "cs/0112017"
    assert old.title == "An Old-Style Identifier Paper"
    assert old.abstract.startswith("An entry with an old-style arXiv identifier")
    assert old.authors == ["Ada Lovelace"] and old.n_authors == 1
    assert old.published == "2001-12-14"
    assert old.url == "http://arxiv.org/abs/cs/0112017v1"


def test_arxiv_invalid_xml_and_empty_summary_name_the_problem():
    with pytest.raises(UserError, match=r"^feed.xml: line 3: invalid XML"):
        parse_arxiv('<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n</feed>', "feed.xml")
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001</id>'
            "<title>T</title><summary>  </summary></entry></feed>")
    with pytest.raises(UserError, match=r"^feed.xml: entry 1 .*empty <summary>"):
        parse_arxiv(feed, "feed.xml")


# -- JSON Lines and CSV ----------------------------------------------------------------


def test_jsonl_every_field(fixtures):
    papers = parse_jsonl((fixtures / "papers.jsonl").read_text(encoding="utf-8"), "papers.jsonl")
    assert len(papers) == 2
    full, minimal = papers
    assert full.record() == {
        "id": "2411.00001",
        "title": "A JSONL Paper With Everything",
        "abstract": "We present a record with every optional field filled in, to check that the JSON "
                    "Lines parser reads them all.",
        "authors": ["Grace Hopper", "Alan Turing"],
        "n_authors": 2,
        "organization": None,
        "published": "2024-11-01",
        "upvotes": 7,
        "url": "https://arxiv.org/abs/2411.00001",
        "source": "",
    }
    assert minimal.title == "A Minimal JSONL Paper"
    assert minimal.abstract == ("Only a title and a summary are given here; the id must be a stable "
                                "hash of the normalised title.")
    assert minimal.id == paper_id("a minimal jsonl paper!") != paper_id("A Minimal JSONL Paper 2")
    assert (minimal.authors, minimal.n_authors, minimal.published, minimal.upvotes, minimal.url) == (
        None, None, None, None, None)


def test_csv_every_field(fixtures):
    papers = parse_csv((fixtures / "papers.csv").read_text(encoding="utf-8"), "papers.csv")
    assert len(papers) == 2
    first, second = papers
    assert first.title == "A CSV Paper, With a Comma"  # quoted comma kept
    assert first.abstract == ("The abstract of a CSV paper, quoted because it contains commas, "
                              "and long enough to be one.")
    assert first.authors == ["Grace Hopper", "Alan Turing"]  # split on ';'
    assert first.n_authors == 2
    assert (first.published, first.upvotes, first.url) == ("2024-12-02", 3, None)
    assert first.id == paper_id("a csv paper with a comma")  # no id given: title hash

    assert second.id == "2412.99999"
    assert second.title == "Second CSV Paper"
    assert second.abstract == "Another abstract, for the second row of the CSV fixture file."
    assert (second.authors, second.n_authors, second.published, second.upvotes) == (None, None, None, None)
    assert second.url == "https://arxiv.org/abs/2412.99999"


def test_csv_multiline_quoted_abstract_is_collapsed():
    text = 'title,abstract,authors\n"Wrapped","An abstract that\n  wraps over two lines, with commas.","A; B"\n'
    (p,) = parse_csv(text, "w.csv")
    assert p.abstract == "An abstract that wraps over two lines, with commas."
    assert p.authors == ["A", "B"]


def test_tabular_bad_numbers_and_dates_name_the_line():
    text = ('{"title": "Ok", "abstract": "fine"}\n'
            '{"title": "Bad", "abstract": "fine", "upvotes": "many"}\n')
    with pytest.raises(UserError, match=r"^b.jsonl: line 2: upvotes must be a number"):
        parse_jsonl(text, "b.jsonl")
    with pytest.raises(UserError, match=r"^b.csv: line 2: published must be an ISO date"):
        parse_csv("title,abstract,published\nT,An abstract,12/01/2024\n", "b.csv")


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
