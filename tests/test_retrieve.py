"""Hybrid retrieval with the real MiniLM embedder on the bundled sample week, name
resolution, filters, index reuse, and the BEIR eval on a tiny folder."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from paperqa_lite.ingest import load_papers
from paperqa_lite.paper import Paper
from paperqa_lite.names import resolve_named
from paperqa_lite.retrieve import Retriever, get_retriever

TITLES = {
    "ssr": "SSR-Zero: Simple Self-Rewarding Reinforcement Learning for Machine Translation",
    "srum": "SRUM: Fine-Grained Self-Rewarding for Unified Multimodal Models",
    "egothink": "Can Vision-Language Models Think from a First-Person Perspective?",
    "egosocial": "Entering Real Social World! Benchmarking the Theory of Mind and Socialization "
                 "Capabilities of LLMs from a First-person Perspective",
    "simpletom": "SimpleToM: Exposing the Gap between Explicit ToM Inference and Implicit ToM "
                 "Application in LLMs",
    "score": "Training Language Models to Self-Correct via Reinforcement Learning",
    "srpo": "SRPO: Self-Referential Policy Optimization for Vision-Language-Action Models",
    "bstar": "B-STaR: Monitoring and Balancing Exploration and Exploitation in Self-Taught Reasoners",
}


def _settings(home):
    from paperqa_lite.settings import load_settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PAPERQA_LITE_HOME", str(home))  # no user config.toml leaks in
        return load_settings(home=str(home))


@pytest.fixture(scope="module")
def week(tmp_path_factory, sample_week):
    """The sample week ingested once for the module, with the real embedder."""
    from paperqa_lite.pipeline import ingest_files
    from paperqa_lite.store import Store

    settings = _settings(tmp_path_factory.mktemp("week-home"))
    ingest_files(settings, [sample_week])
    store = Store(settings)
    return settings, store, Retriever(store, settings)


@pytest.fixture(scope="module")
def papers(sample_week):
    return load_papers([sample_week])


def titles(hits):
    return [h.paper.title for h in hits]


def test_self_rewarding_finds_ssr_zero_and_srum_in_top5(week):
    _, _, r = week
    hits = r.search("self-rewarding", 5)
    assert TITLES["ssr"] in titles(hits) and TITLES["srum"] in titles(hits)
    # the lexical match is what finds them: MiniLM alone ranks SRUM lower
    srum = next(h for h in hits if h.paper.title == TITLES["srum"])
    assert srum.bm25_rank is not None and srum.bm25_rank <= 3
    assert all(h.chunks and h.chunks[0] in h.paper.abstract for h in hits)


def test_theory_of_mind_finds_the_tom_benchmarks(week):
    _, _, r = week
    top = titles(r.search("theory of mind", 5))
    assert TITLES["egosocial"] in top and TITLES["simpletom"] in top


def test_hits_are_papers_best_first_and_k_is_respected(week):
    settings, _, r = week
    hits = r.search("reward models for reinforcement learning of language models", 8)
    assert len(hits) == 8 and len({h.paper.id for h in hits}) == 8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len(r.search("reward models")) == settings.retrieve.k
    for mode in ("dense", "bm25"):
        hits = r.search("self-rewarding", 5, mode=mode)
        assert hits and all((h.dense_rank if mode == "dense" else h.bm25_rank) for h in hits)


@pytest.mark.parametrize("question, expected", [
    ("What does EgoThink measure?", ["egothink"]),
    ("what does egothink measure", ["egothink"]),  # long distinctive names ignore case
    ("Compare SSR-Zero and SRUM", ["ssr", "srum"]),
    ("Compare SRUM and SSR-Zero", ["srum", "ssr"]),  # in the order named
    ("How does SCoRe train self-correction?", ["score"]),
    ("Which papers use EgoSocialArena or SimpleToM?", ["egosocial", "simpletom"]),
    # users type names in lower case and hyphens as spaces (held-out questions' class)
    ("what relative improvement does srpo claim?", ["srpo"]),
    ("how does b star balance exploration?", ["bstar"]),
    ("ssr zero vs srum", ["ssr", "srum"]),
    ("what is the best score on MATH?", []),  # "score" is a word of abstracts, not SCoRe
])
def test_resolve_named(papers, question, expected):
    assert [p.title for p in resolve_named(question, papers)] == [TITLES[e] for e in expected]


@pytest.mark.parametrize("question, title_start", [
    ("What is Cybench?", "Cybench:"),
    ("How does KnowRL work?", "KnowRL:"),
    ("What did B-STaR find?", "B-STaR:"),
    ("What skills does PAE discover?", "Proposer-Agent-Evaluator(PAE)"),
    ("What can GPT-4o(mni) generate?", "Preliminary Explorations with GPT-4o(mni)"),
])
def test_resolve_title_names_and_acronyms(papers, question, title_start):
    named = resolve_named(question, papers)
    assert len(named) == 1 and named[0].title.startswith(title_start)


@pytest.mark.parametrize("question", [
    "The best score of LLMs with RL on AI tasks?",  # generic shorthands, 'score' is not SCoRe
    "Which papers study theory of mind (ToM)?",
    "Which models beat GPT-4o?",  # a model many abstracts mention, not one paper's name
    "What is new this week?",
])
def test_generic_words_name_nothing(papers, question):
    assert resolve_named(question, papers) == []


def test_search_puts_named_papers_first(week):
    _, _, r = week
    hits = r.search("Compare SRUM and SSR-Zero", 5)
    assert titles(hits)[:2] == [TITLES["srum"], TITLES["ssr"]] and hits[0].named and hits[1].named
    hits = r.search("What does EgoThink measure?", 5)
    assert hits[0].paper.title == TITLES["egothink"] and not any(h.named for h in hits[1:])


def test_date_filters(week):
    _, store, r = week
    # SSR-Zero's page date, "May 22", has no year: it takes the page's, which depends on today
    ssr = next(p for p in store.papers() if p.title == TITLES["ssr"])
    since = f"{ssr.published[:4]}-01-01"
    hits = r.search("self-rewarding", 10, since=since)
    assert hits and all(h.paper.published and h.paper.published >= since for h in hits)
    assert TITLES["ssr"] in titles(hits)
    assert TITLES["srum"] not in titles(hits)  # no date: excluded once a date range is asked
    hits = r.search("language model agents", 10, until="2023-12-31")
    assert hits and all(h.paper.published and h.paper.published <= "2023-12-31" for h in hits)
    hits = r.search("language models", 40, since="2024-10-01", until="2024-10-31")
    expected = {p.id for p in store.papers() if p.published and "2024-10-01" <= p.published <= "2024-10-31"}
    assert {h.paper.id for h in hits} <= expected
    # a named paper outside the range is not returned either
    assert TITLES["srum"] not in titles(r.search("What does SRUM do?", 5, since="2020-01-01"))


def test_min_upvotes_filter(week):
    _, store, r = week
    hits = r.search("language models", 10, min_upvotes=5)
    allowed = {p.id for p in store.papers() if (p.upvotes or 0) >= 5}
    assert hits and {h.paper.id for h in hits} <= allowed and len(allowed) < 5
    assert len(r.search("language models", 10, min_upvotes=0)) == 10  # 0: no filter


def test_bad_date_is_a_user_error(week):
    from paperqa_lite.errors import UserError

    with pytest.raises(UserError, match="YYYY-MM-DD"):
        week[2].search("x", since="last week")


def test_get_retriever_is_one_per_store_and_thread_safe(week):
    settings, _, _ = week
    r1 = get_retriever(settings)
    assert get_retriever(settings) is r1
    queries = ["self-rewarding", "theory of mind", "egocentric video", "web agents", "cybersecurity"] * 4
    expected = {q: titles(r1.search(q, 5)) for q in set(queries)}
    builds = r1.builds

    def run(q):
        return q, titles(get_retriever(settings).search(q, 5))

    with ThreadPoolExecutor(4) as pool:
        for q, got in pool.map(run, queries):
            assert got == expected[q]
    assert r1.builds == builds  # concurrent searches shared one index


def test_bm25_index_is_reused_until_the_collection_changes(tmp_path):
    from paperqa_lite.pipeline import ingest_papers
    from paperqa_lite.store import Store

    settings = _settings(tmp_path / "home")
    a = Paper(id="p1", title="Graph neural networks for molecules", abstract="We predict molecular properties with message passing networks.")
    b = Paper(id="p2", title="Speculative decoding", abstract="A small draft model proposes tokens that a large model verifies.")
    ingest_papers(settings, [a, b])
    r = Retriever(Store(settings), settings)
    assert r.search("molecules", 1)[0].paper.id == "p1"
    assert r.search("draft model", 1)[0].paper.id == "p2"
    assert r.builds == 1  # two queries, one index
    c = Paper(id="p3", title="Protein folding", abstract="Structure prediction of proteins from sequence.")
    ingest_papers(settings, [c])
    assert r.search("protein structure", 1)[0].paper.id == "p3"
    assert r.builds == 2
    # a changed abstract with the same number of chunks is noticed too
    ingest_papers(settings, [Paper(id="p2", title=b.title, abstract="Lookahead decoding with Jacobi iterations.")])
    assert r.search("Jacobi iterations", 1)[0].paper.id == "p2"
    assert r.builds == 3
    assert r.search("Jacobi", 1) and r.builds == 3


def test_beir_eval_on_a_tiny_folder(tmp_path, fixtures, monkeypatch):
    from paperqa_lite import pipeline
    from paperqa_lite.evals.beir import BeirEval
    from paperqa_lite.evals.metrics import ndcg_at_k

    settings = _settings(tmp_path / "home")
    ev = BeirEval(fixtures / "beir_tiny")
    assert ev.split == "test" and list(ev.queries) == ["q1", "q2", "q3"]  # q4 is judged in train only
    seen = []
    result = ev(settings, {}, seen.append)
    m = result.metrics
    for mode in ("dense", "bm25", "hybrid"):
        assert {f"{mode}/{k}" for k in ("ndcg@10", "recall@10", "recall@100", "mrr@10")} <= set(m)
        assert result.by_kind[mode]["n"] == 3
    assert m["n"] == 3 and len(seen) == 3 and m["split"] == "test"
    assert m["ndcg@10"] == m["hybrid/ndcg@10"]
    # six documents: every relevant one is in the top 10, and each query's best is first
    assert m["recall@10"] == m["recall@100"] == 1.0 and m["mrr@10"] == 1.0
    q2 = next(e for e in result.examples if e.id == "q2")
    ranked = q2.record["retrieved"]["hybrid"]
    # d6 (gain 2) first, d3 (gain 1) second -> DCG = 2 + 1/log2(3) = IDCG -> 1.0;
    # were d3 first: (1 + 2/log2(3)) / (2 + 1/log2(3)) = 2.26186 / 2.63093 = 0.85972
    assert ranked[:2] == ["d6", "d3"] and q2.scores["hybrid/ndcg@10"] == pytest.approx(1.0)
    assert q2.scores["hybrid/ndcg@10"] == pytest.approx(ndcg_at_k(ranked, ev.qrels["q2"], 10))
    # a rerun reuses the collection: nothing is ingested again
    calls = []
    monkeypatch.setattr(pipeline, "ingest_papers", lambda *a, **k: calls.append(a))
    again = BeirEval(fixtures / "beir_tiny", mode="bm25")(settings, {}, lambda e: None)
    assert calls == [] and set(again.by_kind) == {"bm25"} and again.metrics["collection"] == m["collection"]
