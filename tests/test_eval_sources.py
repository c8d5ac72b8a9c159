"""A QA set names the week it was written on; eval asks it on that week's own collection."""

from __future__ import annotations

import json

import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.evals.qa import QAEval
from paperqa_lite.store import Store


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


PAPERS = [{"id": "2601.00001", "title": "Alpha: A Benchmark of 120 Tasks", "abstract": "We introduce Alpha, 120 tasks."},
          {"id": "2601.00002", "title": "Beta: Faster Attention", "abstract": "Beta gives a 3.1x speedup."}]


def test_a_set_runs_on_its_sources_collection_not_the_current_one(settings, fake_embedder, tmp_path):
    _write(tmp_path / "weekA.jsonl", PAPERS)
    qa = _write(tmp_path / "qa.jsonl", [
        {"id": "a1", "kind": "factual", "question": "How many tasks does Alpha have?",
         "gold_papers": ["2601.00001"], "must_mention": ["120"], "source": "weekA.jsonl"}])
    context = QAEval(qa).prepare(settings, ["a1"])
    assert context.store.name.startswith("qa-weeka-")
    assert {p.id for p in context.store.papers()} == {"2601.00001", "2601.00002"}
    assert Store(settings).count_papers() == 0  # the current collection is untouched
    again = QAEval(qa).prepare(settings, ["a1"])  # reused, not ingested twice
    assert again.store.name == context.store.name and again.store.count_papers() == 2


def test_a_set_names_one_existing_source(tmp_path):
    _write(tmp_path / "w.jsonl", PAPERS)
    row = {"kind": "factual", "question": "q?", "gold_papers": [], "must_mention": []}
    mixed = _write(tmp_path / "mixed.jsonl", [{**row, "id": "1", "source": "w.jsonl"},
                                              {**row, "id": "2", "source": "sample"}])
    with pytest.raises(UserError, match="different sources"):
        QAEval(mixed)
    missing = _write(tmp_path / "missing.jsonl", [{**row, "id": "1", "source": "nope.jsonl"}])
    with pytest.raises(UserError, match="is not a file"):
        QAEval(missing)
