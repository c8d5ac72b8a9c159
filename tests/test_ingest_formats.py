"""Parsers for the five input formats (detection, loading, what ingest refuses and the
paper id rules: test_ingest_detection.py).

Expected values are read off the input files (the bundled sample week and
tests/fixtures/*), not off the parsers' output.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpers import ABSTRACT, page_text as _page
from paperqa_lite.errors import UserError
from paperqa_lite.ingest import detect_format, parse_text
from paperqa_lite.ingest.arxiv import parse_arxiv
from paperqa_lite.ingest.hfjson import parse_hf_json
from paperqa_lite.paper import clean_text, paper_id
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

TODAY = dt.date(2031, 12, 15)  # the sample page's header ("Dec 11") has no year: this one applies (after Dec 11)


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
    # lines as ingest cleans them (the listing's "\\%" and spacing artefacts undone)
    lines = [clean_text(ln) for ln in sample_week.read_text(encoding="utf-8").splitlines() if ln.strip()]
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
    # copied before the header's day this year: the listing is last year's
    assert parse_page(text, "p", today=dt.date(2024, 11, 25))[0].published == "2023-10-13"
    assert parse_page(text, "p", today=dt.date(2024, 12, 11))[0].published == "2024-10-13"
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
