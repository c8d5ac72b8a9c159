"""Retrieval is LlamaIndex's: the hybrid retriever and its two halves are LlamaIndex
retrievers on the real store (sample week, real MiniLM); the public helper's parts run the
README's RetrieverQueryEngine example with the real local model (slow)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.indices.vector_store.retrievers import VectorIndexRetriever
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore

from paperqa_lite.llamaindex import PaperQALLM, llamaindex_parts
from paperqa_lite.retrieve import BM25ChunkRetriever, HybridRetriever, Retriever, filters_for
from paperqa_lite.store import Store

ROOT = Path(__file__).resolve().parents[1]
EGOSOCIAL = ("Entering Real Social World! Benchmarking the Theory of Mind and Socialization "
             "Capabilities of LLMs from a First-person Perspective")


@pytest.fixture
def retriever(week_home, settings) -> Retriever:
    return Retriever(Store(settings), settings)


def test_hybrid_retriever_returns_the_search_as_nodes_paper_by_paper(retriever):
    query = "self-rewarding reinforcement learning"
    hybrid = retriever.as_retriever(4)
    assert isinstance(hybrid, HybridRetriever) and isinstance(hybrid, BaseRetriever)
    nodes = hybrid.retrieve(query)
    hits = retriever.search(query, 4)
    assert nodes and all(isinstance(n, NodeWithScore) for n in nodes)
    # the papers in the search's order, each paper's chunks together, scored as its paper
    papers = list(dict.fromkeys(n.node.metadata["paper_id"] for n in nodes))
    assert papers == [h.paper.id for h in hits]
    for hit in hits:
        mine = [n for n in nodes if n.node.metadata["paper_id"] == hit.paper.id]
        assert [n.node.get_content() for n in mine] == hit.chunks == [n.node.get_content() for n in hit.nodes]
        assert all(n.score == pytest.approx(hit.score) for n in mine)
        assert all(n.node.get_content() in hit.paper.abstract for n in mine)


def test_dense_half_is_llamaindex_over_chroma_with_metadata_filters(retriever, settings):
    snap = retriever.snapshot()
    filters = filters_for(since="2024-10-01", min_upvotes=5)
    dense = retriever.dense_retriever(snap, 20, filters)
    assert isinstance(dense, VectorIndexRetriever)
    found = dense.retrieve(retriever.query_bundle("language models"))
    papers = {p.id: p for p in Store(settings).papers()}
    allowed = {pid for pid, p in papers.items() if (p.upvotes or 0) >= 5 and (p.published or "") >= "2024-10-01"}
    assert found and {n.node.metadata["paper_id"] for n in found} <= allowed
    assert {n.node.node_id for n in found} <= set(snap.row_of)  # Chroma's chunk ids
    unfiltered = retriever.dense_retriever(snap, 20).retrieve(retriever.query_bundle("language models"))
    assert {n.node.metadata["paper_id"] for n in unfiltered} - allowed  # the filter did something


def test_bm25_half_is_a_retriever_and_honours_the_same_filters(retriever, settings):
    snap = retriever.snapshot()
    papers = Store(settings).papers()
    allowed = {p.id for p in papers if (p.upvotes or 0) >= 5}
    bm25 = BM25ChunkRetriever(retriever, snap, 20, filters_for(min_upvotes=5))
    assert isinstance(bm25, BaseRetriever)
    found = bm25.retrieve("language models")
    assert found and {n.node.metadata["paper_id"] for n in found} <= allowed
    scores = [n.score for n in found]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    everything = BM25ChunkRetriever(retriever, snap, 20).retrieve("language models")
    assert {n.node.metadata["paper_id"] for n in everything} - allowed


def test_llm_adapter_passes_chat_messages_through(fake_model):
    llm = PaperQALLM(fake_model, context_window=2048, num_output=64)
    fake_model.queue("first reply", "a streamed reply")
    got = llm.chat([ChatMessage(role="system", content="Be brief."), ChatMessage(role="user", content="Hi?")])
    assert got.message.content == "first reply"
    assert fake_model.calls[-1] == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi?"}]
    pieces = list(llm.stream_complete("Say it."))
    assert pieces[-1].text == "a streamed reply" and "".join(p.delta for p in pieces) == "a streamed reply"
    assert fake_model.calls[-1] == [{"role": "user", "content": "Say it."}]
    assert llm.metadata.is_chat_model and llm.metadata.model_name == "fake-model"


@pytest.mark.slow
def test_readme_query_engine_example_runs_on_the_real_store_and_model(week_home, monkeypatch):
    """The README's example as a user runs it: the sample week, MiniLM, SmolLM2-135M."""
    monkeypatch.setenv("PAPERQA_LITE_LLM__THREADS", "1")
    readme = (ROOT / "README.md").read_text()
    code = re.search(r"## Use from LlamaIndex\n.*?```python\n(.*?)```", readme, re.S).group(1)
    assert "llamaindex_parts" in code and "RetrieverQueryEngine" in code
    scope: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), scope)
    response = scope["response"]
    titles = [n.node.metadata["title"] for n in response.source_nodes]
    assert EGOSOCIAL in titles  # the benchmark the question describes is among the sources
    assert len(set(n.node.metadata["paper_id"] for n in response.source_nodes)) <= 2  # k=2 papers
    assert response.response.strip() and response.response.strip() in out.getvalue()
    assert EGOSOCIAL[:60] in out.getvalue()
    _, llm = llamaindex_parts()
    assert llm.metadata.context_window == 2048  # llm.n_ctx of the local model
