"""Pure scoring functions of the QA and TL;DR evals, on hand-computed cases, and the
runner's resume/compare plumbing."""

import json

import pytest

from paperqa_lite.evals.base import Eval, ExampleResult, percentile
from paperqa_lite.evals.answer_text import answer_words, load_prompt_text, prompt_text_in
from paperqa_lite.evals.qa import QAEval, citation_precision, citation_recall, fact_recall, score_example
from paperqa_lite.evals.rouge import rouge_best


def test_citation_precision_and_recall():
    gold = {"a", "b"}
    assert citation_precision(["a", "c"], gold) == 0.5  # 1 of 2 cited is gold
    assert citation_precision([], gold) is None  # nothing cited: not a precision failure
    assert citation_recall(["a", "c"], gold) == 0.5  # 1 of 2 gold cited
    assert citation_recall(["a"], set()) is None


def test_fact_recall_is_case_insensitive_share():
    assert fact_recall("SCoRe reaches 15.6% on MATH", ["score", "15.6", "HumanEval"]) == pytest.approx(2 / 3)
    assert fact_recall("anything", []) is None


def test_fact_recall_reads_the_raw_listing_as_the_answer_shows_it():
    # the HF API text says "17.9times" and "90\\%"; answers quote the cleaned abstract
    assert fact_recall("up to 17.9× end-to-end speedup, 90% accuracy", ["17.9times", "90\\%"]) == 1.0
    assert fact_recall("up to 17.9× speedup", ["17.6times"]) == 0.0  # the number still has to match


def test_percentile_interpolates_like_numpy():
    xs = [1.0, 2.0, 3.0, 4.0]
    assert percentile(xs, 50) == 2.5  # halfway between 2 and 3
    assert percentile(xs, 95) == pytest.approx(3.85)  # 3 + 0.85 * (4 - 3)
    assert percentile([], 50) is None


def test_rouge_best_takes_the_best_reference_per_metric():
    s = rouge_best("we propose a new method", ["we propose a new method", "something else entirely"])
    assert s["rouge1"] == pytest.approx(100.0)
    assert rouge_best("x", [])["rouge1"] == 0.0


def test_score_example_unanswerable_and_answerable():
    answer = {"answer": "The papers don't say.", "abstained": True, "citations": [],
              "retrieved": [{"id": "p1"}], "usage": {"prompt_tokens": 0, "completion_tokens": 0}}
    r = score_example({"id": "q1", "kind": "unanswerable", "question": "?", "must_mention": []},
                      set(), answer, 0.1)
    assert r.passed and r.scores["abstention_accuracy"] == 1.0 and r.scores["recall@5"] is None
    answer = {"answer": "SRPO reaches 99.2% [1]", "abstained": False, "citations": [{"id": "p2"}],
              "retrieved": [{"id": "p9"}, {"id": "p2"}], "usage": {"prompt_tokens": 5, "completion_tokens": 3}}
    r = score_example({"id": "q2", "kind": "factual", "question": "?", "must_mention": ["99.2"]},
                      {"p2"}, answer, 0.2)
    assert r.scores["recall@5"] == 1.0 and r.scores["mrr@10"] == 0.5  # gold at rank 2
    assert r.scores["citation_precision"] == 1.0 and r.scores["fact_recall"] == 1.0 and r.passed


def test_a_list_of_more_than_five_gold_papers_passes_recall_with_a_top_5_all_gold():
    gold = {f"p{i}" for i in range(6)}
    row = {"id": "q3", "kind": "aggregate", "question": "?", "must_mention": []}

    def scored(ranked):
        answer = {"answer": "six papers", "abstained": False, "citations": [{"id": g} for g in sorted(gold)],
                  "retrieved": [{"id": i} for i in ranked], "usage": {"prompt_tokens": 0, "completion_tokens": 0}}
        return score_example(row, gold, answer, 0.1)

    full = scored(["p0", "p1", "p2", "p3", "p4", "p5"])
    assert full.scores["recall@5"] == pytest.approx(5 / 6) and full.passed  # as much as 5 can hold
    missed = scored(["p0", "x", "p2", "p3", "p4", "p5"])
    assert not missed.passed and missed.failures == ["recall@5 0.67"]
    # with five gold or fewer, every one must be in the top 5
    small = score_example(row, {"p0", "p1"}, {"answer": "two", "abstained": False,
                          "citations": [{"id": "p0"}, {"id": "p1"}], "retrieved": [{"id": "p0"}, {"id": "x"}],
                          "usage": {"prompt_tokens": 0, "completion_tokens": 0}}, 0.1)
    assert not small.passed and small.failures == ["recall@5 0.50"]


class CountingEval(Eval):
    """Fails on purpose after `stop_after` examples, like an interrupted run."""

    name, eval_kind, accepts = "counting", "qa", "ids"

    @classmethod
    def recognises(cls, path, head):
        return False

    def __init__(self, ids, stop_after=None, fail_ids=()):
        self.ids, self.stop_after, self.fail_ids, self.ran = ids, stop_after, set(fail_ids), []

    def example_ids(self):
        return self.ids

    def run(self, context, todo):
        for i in todo:
            if self.stop_after is not None and len(self.ran) == self.stop_after:
                raise KeyboardInterrupt
            self.ran.append(i)
            yield ExampleResult(i, i not in self.fail_ids, {"score": 0.0 if i in self.fail_ids else 1.0},
                                {"question": f"q {i}"}, "factual", ["wrong"] if i in self.fail_ids else [])

    def aggregate(self, results):
        return {"n": len(results), "score": sum(r.scores["score"] for r in results) / len(results)}, {}


def test_interrupted_run_resumes_and_compare_shows_flips(settings, tmp_path, monkeypatch):
    from paperqa_lite.evals import runner

    ids = ["a", "b", "c", "d"]
    first = CountingEval(ids, stop_after=2)
    monkeypatch.setattr(runner, "load_eval", lambda path, limit=None, **kw: first)
    with pytest.raises(KeyboardInterrupt):
        runner.run_eval(settings, tmp_path / "x.jsonl", out=tmp_path / "run_a")
    again = CountingEval(ids)
    monkeypatch.setattr(runner, "load_eval", lambda path, limit=None, **kw: again)
    result, run_a = runner.run_eval(settings, tmp_path / "x.jsonl", out=tmp_path / "run_a")
    assert again.ran == ["c", "d"] and result.metrics["n"] == 4
    summary = json.loads((run_a / "summary.json").read_text())
    assert summary["score"] == 1.0 and "config" in summary and summary["n"] == 4

    worse = CountingEval(ids, fail_ids=["b"])
    monkeypatch.setattr(runner, "load_eval", lambda path, limit=None, **kw: worse)
    _, run_b = runner.run_eval(settings, tmp_path / "x.jsonl", out=tmp_path / "run_b")
    cmp = runner.compare_runs(run_a, run_b)
    assert cmp["metrics"]["score"]["delta"] == -0.25
    assert [f["id"] for f in cmp["flipped"]] == ["b"]
    html = (run_b / "report.html").read_text()
    assert html.index("q b") < html.index("q a")  # failures first


def test_records_never_contain_the_api_key(tmp_path, monkeypatch):
    from paperqa_lite.evals import runner
    from paperqa_lite.settings import load_settings

    monkeypatch.setenv("PAPERQA_LITE_LLM__API_KEY", "sk-secret-xyz")
    s = load_settings()
    monkeypatch.setattr(runner, "load_eval", lambda path, limit=None, **kw: CountingEval(["a"]))
    _, run = runner.run_eval(s, tmp_path / "x.jsonl", out=tmp_path / "run")
    for f in run.iterdir():
        assert "sk-secret-xyz" not in f.read_text()


# --- answer length and prompt text (issue 11) ---------------------------------------

SCORE_SENTENCE = ("To this end, we develop a multi-turn online reinforcement learning (RL) approach, SCoRe, "
                  "that significantly improves an LLM's self-correction ability using entirely "
                  "self-generated data.")  # from the sample week's abstract, and the TL;DR prompt's example


def test_answer_words_count_words_not_table_rules_or_citation_markers():
    assert answer_words("SRPO reaches 99.2% on MATH [1].") == 5
    assert answer_words("| Paper | Approach |\n| --- | --- |\n| A | uses RL [2] |") == 5  # Paper Approach A uses RL
    assert answer_words("") == 0


def test_prompt_text_is_read_from_the_prompt_files_not_a_list(tmp_path):
    (tmp_path / "p.txt").write_text(
        "# variables: q\n[system]\nUse the <context> block.\n[user]\nDocument: Zorblax\n"
        "<context>\nZorblax reaches 77.7% on FooBench after two epochs.\n</context>\n"
        "[assistant]\nZorblax reaches 77.7% on FooBench.\n[user]\nDocument: {q}\n")
    scaffold = load_prompt_text(tmp_path)
    assert prompt_text_in("Intro\n<context> x </context>", scaffold) == ["<context>"]
    assert prompt_text_in("Document: Zorblax", scaffold) == ["Document:"]
    assert prompt_text_in("**Context:** foo", scaffold) == ["Context:"]  # the tag's name as a label
    found = prompt_text_in("As shown, zorblax reaches 77.7% on foobench", scaffold)
    assert found == ["worked example: zorblax reaches 77 7 on"]
    # labels of prompts that are not in this folder, and mid-line labels, are not prompt text
    assert prompt_text_in("Question: why?\nThe <evidence> tag and the paper: X", scaffold) == []


def test_prompt_text_of_the_shipped_prompts(settings):
    scaffold = load_prompt_text(settings.prompts_dir)
    assert prompt_text_in("SRPO reaches 99.2% on MATH [1].", scaffold) == []
    leaked = "Paper: PolyCode\n<evidence>\nPolyCode covers 12 programming languages.\n</evidence>"
    assert prompt_text_in(leaked, scaffold) == [
        "<evidence>", "Paper:", "worked example: polycode covers 12 programming languages"]
    assert prompt_text_in("- Question: how?\n  evidence : none", scaffold) == ["Evidence:", "Question:"]


def test_worked_example_text_that_a_paper_also_says_is_a_quote_not_a_leak(settings):
    answer = "SCoRe significantly improves an LLM's self-correction ability using entirely self-generated data [1]."
    assert prompt_text_in(answer, load_prompt_text(settings.prompts_dir))  # the TL;DR prompt's example
    assert prompt_text_in(answer, load_prompt_text(settings.prompts_dir, [SCORE_SENTENCE])) == []
    # quoted with its aside dropped, as answers cut sentences
    cut = "We develop a multi-turn online reinforcement learning approach, SCoRe, that improves it."
    assert prompt_text_in(cut, load_prompt_text(settings.prompts_dir))
    paper = "We develop a multi-turn online reinforcement learning (RL) approach, SCoRe, that improves it."
    assert prompt_text_in(cut, load_prompt_text(settings.prompts_dir, [paper])) == []


def _answer(text, abstained=False, **extra):
    return {"answer": text, "abstained": abstained, "citations": [], "retrieved": [],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0}, **extra}


def test_not_stated_counts_as_an_abstention():
    row = {"id": "q", "kind": "unanswerable", "question": "?"}
    assert score_example(row, set(), _answer("The abstract does not report it.", not_stated=True), 0.1).passed
    assert score_example(row, set(), _answer("It is 12."), 0.1).failures == ["answered an unanswerable question"]
    factual = {"id": "f", "kind": "factual", "question": "?"}
    r = score_example(factual, set(), _answer("Not reported.", not_stated=True), 0.1)
    assert r.scores["abstention_accuracy"] == 0.0 and r.failures == ["abstained"]


def test_qa_aggregate_reports_median_words_per_kind_and_prompt_text_answers(settings):
    scaffold = load_prompt_text(settings.prompts_dir)
    texts = [("factual", "one two three"), ("factual", "one two three four five six seven"),
             ("factual", "Paper: X\none two"), ("comparative", "a b c d e f g h i j")]
    results = [score_example({"id": str(i), "kind": kind, "question": "?"}, set(), _answer(text), 0.1, scaffold)
               for i, (kind, text) in enumerate(texts)]
    assert results[2].record["prompt_text"] == ["Paper:"] and results[2].passed  # counted, not failed
    metrics, by_kind = QAEval.aggregate(None, results)
    assert by_kind["factual"]["median_words"] == 4  # of 3, 7 and 4 ("Paper: X one two")
    assert by_kind["comparative"]["median_words"] == 10
    assert metrics["median_words_factual"] == 4 and metrics["median_words"] == 5.5  # of 3, 4, 7, 10
    assert metrics["prompt_text_answers"] == 1 and by_kind["factual"]["prompt_text_answers"] == 1
    assert by_kind["comparative"]["prompt_text_answers"] == 0


def test_answers_never_checked_for_prompt_text_count_as_unknown_not_zero():
    unchecked = score_example({"id": "u", "kind": "factual", "question": "?"}, set(), _answer("Paper: X"), 0.1)
    assert "prompt_text" not in unchecked.scores
    metrics, _ = QAEval.aggregate(None, [unchecked])
    assert metrics["prompt_text_answers"] is None and metrics["median_words"] == 2


def test_worked_example_text_the_user_asked_is_the_users_words(tmp_path):
    (tmp_path / "p.txt").write_text(
        "# variables: q\n[user]\nWhich encoder does it use, and how accurate is its routing?\n"
        "[assistant]\nIt does not say.\n[user]\n{q}\n")
    scaffold = load_prompt_text(tmp_path)
    question = "Which LLM does TaskBot use, and how accurate is its feasibility check?"
    answer = f'TaskBot\'s abstract does not say which ("{question}") [1].'
    assert prompt_text_in(answer, scaffold)  # the words are the example's ...
    assert prompt_text_in(answer, scaffold, question) == []  # ... and the user's, quoted
    assert prompt_text_in("Which encoder does it use, and how accurate is its routing?", scaffold, question)
