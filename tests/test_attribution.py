"""Whose claim a sentence is: a named system belongs to the paper that coins it, however
many other abstracts repeat its name (unit tests; the CLI run is in test_answer_trust.py)."""

from paperqa_lite.attribution import Owners
from paperqa_lite.ingest import load_papers
from paperqa_lite.paper import Paper
from paperqa_lite.settings import SAMPLE_WEEK

WEEK = load_papers([SAMPLE_WEEK])
PLANTED = [
    Paper(id="p1", title="Success Rates of VLA Policies",
          abstract="We measure the success rate of SRPO. SRPO reaches 12%."),
    Paper(id="p2", title="SRPO Revisited: New Seeds",
          abstract="We present SRPO results, a new view of SRPO."),
    Paper(id="p3", title="A Survey of Egocentric Benchmarks",
          abstract="We survey benchmarks. EgoThink evaluates only 3 VLMs."),
]


def title(paper: Paper) -> str:
    return paper.title.split(":")[0]


def test_a_name_belongs_to_the_paper_whose_title_or_abstract_coins_it():
    owners = Owners(WEEK + PLANTED)
    assert [title(p) for p in owners.papers_named("What is the success rate of SRPO?")] == ["SRPO"]
    assert [p.title[:15] for p in owners.papers_named("How many VLMs does EgoThink evaluate?")] == \
        ["Can Vision-Lang"]
    assert [title(p) for p in owners.papers_named("Compare SRUM and SSR-Zero")] == ["SRUM", "SSR-Zero"]
    assert owners.papers_named("What is the capital of Australia?") == []


def test_another_papers_sentence_about_a_name_is_foreign_to_it():
    owners = Owners(WEEK + PLANTED)
    survey = PLANTED[2]
    assert owners.foreign(["EgoThink evaluates only 3 VLMs."], survey) == ["EgoThink"]
    egothink = owners.papers_named("EgoThink")[0]
    assert owners.foreign(["We introduce EgoThink, a benchmark."], egothink) == []


def test_two_papers_coining_a_name_at_the_same_rank_leave_it_unowned():
    twins = [Paper(id="a", title="Zorblax: One", abstract="x"), Paper(id="b", title="Zorblax: Two", abstract="y")]
    assert Owners(twins).papers_named("What is Zorblax?") == []
