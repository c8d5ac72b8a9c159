"""The eval contract (examples in, per-example results and one aggregate out), the
registry that picks an eval for an input, and a BEIR folder made here run end to end
through the runner (real MiniLM embedder, real Chroma store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperqa_lite.cli import cli
from paperqa_lite.errors import UserError
from paperqa_lite.evals.base import Eval, ExampleResult
from paperqa_lite.evals.beir import BeirEval
from paperqa_lite.evals.qa import QAEval
from paperqa_lite.evals.registry import EVALS, eval_class, load_eval
from paperqa_lite.evals.runner import run_eval
from paperqa_lite.evals.tldr_eval import TldrEval


class Squares(Eval):
    """Scores each number by its square; the aggregate is their mean."""

    eval_kind, accepts = "test", "numbers"

    @classmethod
    def recognises(cls, path, head):
        return False

    def __init__(self, numbers):
        self.name, self.numbers, self.ran = "squares", numbers, []

    def example_ids(self):
        return [str(n) for n in self.numbers]

    def run(self, context, todo):
        for i in todo:
            self.ran.append(i)
            yield ExampleResult(i, True, {"sq": float(int(i) ** 2)}, {"question": i}, "k" if int(i) % 2 else "j")

    def aggregate(self, results):
        return ({"n": len(results), "mean_sq": sum(r.scores["sq"] for r in results) / len(results)},
                {"ids": {"order": ",".join(r.id for r in results)}})


def test_an_eval_runs_only_what_is_not_done_and_aggregates_everything_in_file_order():
    done = {"2": ExampleResult("2", True, {"sq": 4.0}, {"question": "2"})}
    ev, seen = Squares([1, 2, 3]), []
    result = ev(None, done, seen.append)
    assert ev.ran == ["1", "3"] and [e.id for e in seen] == ["1", "3"]  # 2 was done
    assert [e.id for e in result.examples] == ["1", "2", "3"]
    assert result.metrics == {"n": 3, "mean_sq": (1 + 4 + 9) / 3}
    assert result.by_kind == {"ids": {"order": "1,2,3"}} and result.eval_kind == "test"


def _write(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def inputs(tmp_path):
    qa = _write(tmp_path / "qa.jsonl", [{"id": 1, "kind": "factual", "question": "What?"}])
    tldr = _write(tmp_path / "tl.jsonl", [{"paper_id": "p", "source": ["A."], "target": ["B."]}])
    beir = tmp_path / "beirset"
    (beir / "qrels").mkdir(parents=True)
    _write(beir / "corpus.jsonl", [{"_id": "d1", "title": "T", "text": "x"}])
    _write(beir / "queries.jsonl", [{"_id": "q1", "text": "x"}])
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    return {"qa": qa, "tldr": tldr, "beir": beir}


def test_the_registry_names_each_eval_and_each_recognises_only_its_own_input(inputs):
    assert EVALS == {"qa": QAEval, "tldr": TldrEval, "beir": BeirEval}
    for name, path in inputs.items():
        assert eval_class(path) is EVALS[name]
        assert type(load_eval(path)) is EVALS[name]


def test_options_go_only_to_the_evals_that_take_them(inputs):
    assert load_eval(inputs["beir"], mode="bm25").modes == ("bm25",)
    assert isinstance(load_eval(inputs["qa"], mode="bm25"), QAEval)  # --mode means nothing to QA
    assert load_eval(inputs["qa"], limit=None).rows[0]["question"] == "What?"


def test_unknown_inputs_are_one_line_errors(inputs, tmp_path):
    other = _write(tmp_path / "x.jsonl", [{"foo": 1}])
    with pytest.raises(UserError, match="not a QA set .* nor SciTLDR .* nor a BEIR set"):
        eval_class(other)
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match="a folder must be a BEIR set"):
        eval_class(tmp_path / "empty")
    with pytest.raises(UserError, match="no such file"):
        eval_class(tmp_path / "missing.jsonl")
    dup = _write(tmp_path / "dup.jsonl", [{"id": 1, "kind": "factual", "question": "a"}] * 2)
    with pytest.raises(UserError, match="id '1' appears twice"):
        load_eval(dup)


CORPUS = [
    ("c1", "Glacier retreat in the Alps", "Alpine glaciers lost a third of their ice volume since 2000."),
    ("c2", "Coral bleaching on the Great Barrier Reef", "Marine heatwaves bleached half of the reef's corals."),
    ("c3", "Honeybee colony collapse", "Neonicotinoid pesticides weaken honeybee colonies over winter."),
    ("c4", "Sourdough fermentation", "Lactic acid bacteria in sourdough starters acidify bread dough."),
    ("c5", "Volcanic ash and aviation", "Ash clouds from eruptions damage jet engines and ground flights."),
]
QUERIES = [("v1", "How much ice have Alpine glaciers lost?"), ("v2", "Why do honeybee colonies collapse?"),
           ("v3", "Do ash clouds from volcanic eruptions harm jet engines?"), ("v9", "unjudged query")]


@pytest.fixture
def beir_folder(tmp_path) -> Path:
    folder = tmp_path / "tinyset"
    (folder / "qrels").mkdir(parents=True)
    _write(folder / "corpus.jsonl", [{"_id": i, "title": t, "text": x} for i, t, x in CORPUS])
    _write(folder / "queries.jsonl", [{"_id": i, "text": x} for i, x in QUERIES])
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nv1\tc1\t1\nv2\tc3\t1\nv3\tc5\t1\n")
    return folder


def test_a_beir_folder_runs_through_the_runner_and_resumes(settings, beir_folder, tmp_path):
    ticks = []
    result, run_dir = run_eval(settings, beir_folder, out=tmp_path / "run", progress=ticks.append, mode="all")
    m = result.metrics
    assert result.eval_kind == "beir" and m["n"] == 3 and m["split"] == "test"  # v9 has no judgement
    # five documents: every relevant one is in the top 10; each query names its document's words
    assert m["recall@10"] == m["recall@100"] == 1.0
    assert m["mrr@10"] == m["ndcg@10"] == 1.0 and m["ndcg@10"] == m["hybrid/ndcg@10"]
    assert set(result.by_kind) == {"hybrid", "dense", "bm25"} and result.by_kind["bm25"]["n"] == 3
    assert list(m) == ["n", "split", "ndcg@10", "recall@10", "recall@100", "mrr@10",
                       *[f"{mode}/{k}" for mode in ("hybrid", "dense", "bm25")
                         for k in ("ndcg@10", "recall@10", "recall@100", "mrr@10")],
                       "latency_p50_ms", "latency_p95_ms", "collection"]
    assert ticks == [1, 1, 1] and (run_dir / "report.html").is_file()
    # a rerun into the same folder finds every query done: it asks nothing and gives the same figures
    ticks.clear()
    again, _ = run_eval(settings, beir_folder, out=tmp_path / "run", progress=ticks.append, mode="all")
    assert ticks == [3] and again.metrics == m
    assert len((run_dir / "records.jsonl").read_text().splitlines()) == 3


def test_eval_cli_passes_mode_to_a_beir_folder(isolated_home, beir_folder, tmp_path):
    result = CliRunner().invoke(cli, ["eval", str(beir_folder), "--mode", "bm25", "--json",
                                      "--out", str(tmp_path / "bm25")])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert set(got["by_kind"]) == {"bm25"} and got["recall@10"] == got["bm25/recall@10"] == 1.0
    assert "hybrid/recall@10" not in got and got["kind"] == "beir" and got["eval"] == "tinyset"
