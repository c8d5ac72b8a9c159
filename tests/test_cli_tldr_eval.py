"""`tldr`, `digest` and `eval` through the CLI with the default backend (real MiniLM,
real SmolLM2): the sample week's TL;DRs, the digest files, and the three kinds of eval
set with `--json`, `--out` and `compare`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperqa_lite.cli import cli
from paperqa_lite.tldr import check_tldr

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[1]
QA_KEYS = {"recall@5", "mrr@10", "citation_precision", "citation_recall", "abstention_accuracy",
           "fact_recall", "latency_p50_s", "latency_p95_s", "n", "config", "prompt_hashes", "model",
           "median_words", "median_words_factual", "prompt_text_answers"}


def run(*args) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_tldr_json_gives_40_valid_one_liners_then_comes_from_the_cache(week_home):
    abstracts = {p["id"]: p["abstract"] for p in json.loads(run("papers", "--week", "all", "--json").stdout)}
    out = json.loads(run("tldr", "--json").stdout)
    assert out["usage"]["calls"] == 0  # extractive (the default mode) asks no model
    first = out["tldrs"]
    assert len(first) == 40 and len({t["id"] for t in first}) == 40
    for item in first:
        assert set(item) >= {"id", "title", "tldr"}
        text = item["tldr"]
        assert check_tldr(text, item["title"], abstracts[item["id"]]) == [], (item["title"], text)
        assert "\n" not in text and len(text.split()) <= 30
        assert not text.lower().startswith(("tl;dr", "this abstract", "this paper"))
    # the cache answers a second run: same text, and no paper is written again
    second = json.loads(run("tldr", "--json").stdout)["tldrs"]
    assert second == first
    one = json.loads(run("tldr", "--json", first[0]["id"]).stdout)["tldrs"]
    assert one == [first[0]]


def test_tldr_llm_mode_with_the_real_model_keeps_only_checked_drafts(week_home):
    from paperqa_lite.settings import load_settings
    from paperqa_lite.store import Store
    from paperqa_lite.tldr import tldrs

    settings = load_settings(tldr={"mode": "llm"})
    papers = {p.id: p for p in Store(settings).papers()}
    ids = sorted(papers)[:6]
    results = tldrs(settings, ids)
    assert [t.id for t in results] == ids
    for t in results:
        paper = papers[t.id]
        assert check_tldr(t.tldr, paper.title, paper.abstract) == [], t
        # a draft the checks rejected is replaced by the extractive one, with the reasons
        assert t.method == "llm" or t.rejected
        assert t.model and t.model.startswith("SmolLM2") and t.prompt_hash
    assert any(t.method == "llm" for t in results)  # the model's drafts do get used


def test_tldr_unknown_id_is_a_one_line_error(week_home):
    result = CliRunner().invoke(cli, ["tldr", "2401.99999"])
    assert result.exit_code == 2 and "2401.99999" in result.output and "Traceback" not in result.output


def test_digest_in_every_format(week_home, tmp_path):
    out = tmp_path / "week.html"
    run("digest", "--format", "html", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert html.count("<li") == 40  # one list item per paper
    assert "<script src" not in html and "<link " not in html  # self-contained
    data = json.loads(run("digest", "--format", "json").stdout)
    assert isinstance(data, list) and len(data) == 40  # one record per paper
    upvotes = [p["upvotes"] or 0 for p in data]
    assert upvotes == sorted(upvotes, reverse=True)
    assert run("digest").stdout.count("\n") >= 40


def test_eval_qa_json_keys_records_and_compare(week_home, tmp_path):
    # three factual questions and a comparison: a factual answer that fits is built by code,
    # a comparison is phrased by the model, whose calls are counted below
    rows = (ROOT / "evals" / "week_qa.jsonl").read_text(encoding="utf-8").splitlines()
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(rows[:3] + [next(r for r in rows if json.loads(r)["kind"] == "comparative")]) + "\n",
                  encoding="utf-8")
    a = json.loads(run("eval", qa, "--limit", 4, "--json", "--out", tmp_path / "a").stdout)
    assert QA_KEYS <= set(a) and a["n"] == 4
    assert set(a["by_kind"]) <= {"factual", "aggregate", "comparative", "unanswerable"}
    assert all(m["median_words"] > 0 and isinstance(m["prompt_text_answers"], int) for m in a["by_kind"].values())
    records = [json.loads(x) for x in (tmp_path / "a" / "records.jsonl").read_text().splitlines()]
    assert len(records) == 4 and all("answer" in r["record"] and "config" not in r for r in records)
    assert (tmp_path / "a" / "report.html").is_file() and (tmp_path / "a" / "summary.md").is_file()
    # the real model's calls, counted by llama.cpp; a local model costs $0
    asked = sum(r["record"]["usage"]["prompt_tokens"] for r in records)
    assert a["usage"]["calls"] >= 1 and a["usage"]["prompt_tokens"] >= asked > 0
    assert a["usage"]["cost_usd"] == 0 and a["usage"]["estimated_calls"] == 0
    # a rerun into the same folder resumes: nothing is asked again
    again = json.loads(run("eval", qa, "--limit", 4, "--json", "--out", tmp_path / "a").stdout)
    assert again["usage"]["calls"] == 0
    assert {k: again[k] for k in ("recall@5", "fact_recall", "n")} == {k: a[k] for k in ("recall@5", "fact_recall", "n")}
    run("eval", qa, "--limit", 4, "-k", 1, "--json", "--out", tmp_path / "b")
    cmp = json.loads(run("eval", "compare", tmp_path / "a", tmp_path / "b", "--json").stdout)
    assert "recall@5" in cmp["metrics"] and isinstance(cmp["flipped"], list)


def test_eval_scitldr_slice(isolated_home):
    got = json.loads(run("eval", ROOT / "evals" / "scitldr_dev_sample.jsonl", "--limit", 3,
                         "--json").stdout)
    assert {"rouge1", "rouge2", "rougeL", "mean_words", "n"} <= set(got) and got["n"] == 3
    assert 0 < got["rouge1"] <= 100  # percent, as SciTLDR reports ROUGE


def test_eval_beir_folder(isolated_home, fixtures):
    got = json.loads(run("eval", fixtures / "beir_tiny", "--json").stdout)
    assert {"ndcg@10", "recall@10", "recall@100", "mrr@10", "n"} <= set(got)
    assert got["ndcg@10"] > 0.5  # the tiny set's queries name their documents' words


def test_eval_of_an_unknown_file_kind_is_a_one_line_error(isolated_home, tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"foo": 1}\n')
    result = CliRunner().invoke(cli, ["eval", str(bad)])
    assert result.exit_code == 2 and "not a QA set" in result.output
