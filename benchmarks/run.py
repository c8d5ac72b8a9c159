#!/usr/bin/env python
"""paperqa-lite benchmarks: ingest, retrieval, LLM, TL;DRs, answers, web server, scale.

    .venv/bin/python benchmarks/run.py [--quick] [--json] [--only ingest,query,...]

Public tools only: ``time.perf_counter`` for time, ``/proc/PID/status`` (VmRSS, VmHWM)
for memory, and the project's own code. Everything runs in a fresh temporary
``$PAPERQA_LITE_HOME`` (``--home DIR`` to keep it). Prints a table; with ``--json`` the
LAST line of stdout is one JSON object with every figure (progress goes to stderr).

Sections (``--only`` picks some; the JSON holds what ran):

- ingest: SciFact abstracts through ``pipeline.ingest_files`` (parse, chunk, embed, write
  to Chroma) against the bare ``embed.MiniLMOnnx`` on the very texts the pipeline embeds.
  The two are interleaved per write group (the pipeline's progress callback runs the bare
  model on the group just written, and that time is taken out of the ingest clock), so
  load from other processes hits both alike.
- query: ``retrieve.Retriever.search`` (hybrid, top 5, paper level) over the ingested
  SciFact store, 200 SciFact queries after a 20-query warm-up; the bare Chroma query
  (same store, same candidate count) as reference, and a breakdown (embed, BM25, dense).
- llm: bare llama-cpp-python against ``llm.get_model(settings)`` on the same TL;DR prompt,
  same GGUF and n_ctx/threads; generated tokens counted with the model's own tokenizer.
- tldr: TL;DRs of the 40 sample-week papers from a cold cache (tldr.mode as configured).
- ask: 10 questions through ``answer.ask_stream``; first yielded str = first token.
- serve: ``paperqa-lite serve --ensure-sample`` as a subprocess, one answer through
  gradio_client, peak RSS (VmHWM) of the server and its children.
- scale: synthetic chunks (clustered unit vectors, Zipf-sampled SciFact words) in the
  store's own layout, at 10k and 100k chunks (plus 1M in the full run), written through a
  ``chroma run`` server on 127.0.0.1 and queried there, then opened with the embedded
  PersistentClient: write rate, bare Chroma and ``Retriever.search`` p50/p95, the
  retriever's freshness check, BM25's share of a search, the retriever's snapshot build,
  BM25 index build time and size, client and server RSS. One worker process per size and
  mode, so RSS is that store's alone; the 1M size is time-capped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PAPERQA_LITE_BENCH_DATA") or ROOT.parent / "shared" / "data")
SCIFACT = DATA / "scifact"
QUICK_PAPERS = 1000
SCIFACT_PAPERS = 5183
N_QUERIES, N_WARMUP = 200, 20
QUICK_SIZES, FULL_SIZES = (10_000, 100_000), (10_000, 100_000, 1_000_000)
GOALS = {  # metric -> (comparison, threshold)
    "ingest_ratio": (">=", 0.8),
    "query_p95_ms": ("<=", 50.0),
    "llm_ratio": (">=", 0.9),
    "serve_peak_rss_mb": ("<", 1024.0),
}
# Ten questions on the sample week, the kinds in the proportions of evals/week_qa.jsonl.
QUESTIONS = [
    "How many data entries does EgoSocialArena contain, and how many LLMs were evaluated with it?",
    "What end-to-end task success rate does the best GPT-4-based agent achieve on WebArena?",
    "Which four website domains does the WebArena environment cover?",
    "How many hours of footage does the EgoLife Dataset contain, and how many participants were recorded?",
    "What does SCoRe use to train a model to self-correct?",
    "Which papers study theory of mind in LLMs?",
    "Which papers evaluate agents on web navigation or website tasks?",
    "Compare SSR-Zero and SRUM.",
    "How do EgoThink and EgoPlan-Bench differ in what they evaluate?",
    "What word error rate does this week's speech recognition paper report on LibriSpeech?",
]
SERVE_QUESTION = "What end-to-end task success rate does the best GPT-4-based agent achieve on WebArena?"


# -- small helpers ----------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(xs: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(xs, dtype=float), q)) if xs else float("nan")


def proc_mem(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of one process, in MB."""
    out = {"rss_mb": 0.0, "hwm_mb": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key == "VmRSS":
                out["rss_mb"] = int(value.split()[0]) / 1024
            elif key == "VmHWM":
                out["hwm_mb"] = int(value.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def tree_mem(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM summed over a process and its descendants, in MB."""
    total = {"rss_mb": 0.0, "hwm_mb": 0.0}
    for p in [pid] + descendants(pid):
        m = proc_mem(p)
        total["rss_mb"] += m["rss_mb"]
        total["hwm_mb"] += m["hwm_mb"]
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with code {proc.returncode} before listening")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f}s")


def stop(proc: subprocess.Popen) -> None:
    """End a process this script started (and only it), politely first."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def settings_for(**overrides: Any) -> Any:
    from paperqa_lite.settings import load_settings

    return load_settings(**overrides)


def scifact_records(n: int | None = None) -> list[dict[str, str]]:
    out = []
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out.append({"id": f"scifact-{r['_id']}", "title": r["title"], "abstract": r["text"]})
            if n and len(out) >= n:
                break
    return out


def scifact_queries() -> list[str]:
    with open(SCIFACT / "queries.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def embed_texts_of(store: Any, paper: Any) -> list[str]:
    """The texts the pipeline embeds for a paper (chunk texts prefixed by the title)."""
    return [text for _, text in store._nodes(paper)]


# -- ingest and query on SciFact --------------------------------------------------------

def bench_ingest(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from paperqa_lite import pipeline
    from paperqa_lite.embed import MiniLMOnnx, get_embedder
    from paperqa_lite.ingest import load_papers
    from paperqa_lite.store import Store

    n = QUICK_PAPERS if args.quick else SCIFACT_PAPERS
    settings = settings_for(store={"collection": "scifact"})
    path = Path(settings.home) / "bench" / "scifact.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in scifact_records(n):
            f.write(json.dumps(r) + "\n")
    # untimed: the texts the pipeline will embed, in its order, and both models loaded
    probe = Store(settings)
    texts = [embed_texts_of(probe, p) for p in load_papers([path])]
    bare = MiniLMOnnx(settings.embed.threads)
    bare.encode(["warm-up"])
    get_embedder(settings).get_text_embedding_batch(["warm-up"])
    batch = settings.embed.batch_size

    class Interleave:  # the pipeline's progress bar: runs the bare model on each written group
        pos, paused, embed_s = 0, 0.0, 0.0

        def update(self, k: int) -> None:
            t0 = time.perf_counter()
            group = [t for ts in texts[self.pos:self.pos + k] for t in ts]
            self.pos += k
            t1 = time.perf_counter()
            bare.encode(group, batch)
            t2 = time.perf_counter()
            self.embed_s += t2 - t1
            self.paused += t2 - t0
            if self.pos % 512 < k:
                log(f"ingest {self.pos}/{n} papers")

        def close(self) -> None:
            pass

    hook = Interleave()
    log(f"ingest: {n} SciFact abstracts (pipeline and bare model interleaved)")
    t0 = time.perf_counter()
    summary = pipeline.ingest_files(settings, [path], progress_factory=lambda total, desc: hook)
    wall = time.perf_counter() - t0
    ingest_s = wall - hook.paused
    res.update(
        ingest_papers=n, ingest_chunks=summary["chunks"], ingest_s=round(ingest_s, 2),
        embed_only_s=round(hook.embed_s, 2),
        ingest_papers_per_s=round(n / ingest_s, 2),
        embed_only_papers_per_s=round(n / hook.embed_s, 2),
        ingest_ratio=round(hook.embed_s / ingest_s, 3),
    )


def bench_query(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from paperqa_lite.retrieve import Retriever
    from paperqa_lite.store import Store

    settings = settings_for(store={"collection": "scifact"})
    store = Store(settings)
    n_papers = len(store.papers())
    if n_papers == 0:
        raise RuntimeError("the SciFact collection is empty: run the ingest section first")
    queries = scifact_queries()
    warm, timed = queries[:N_WARMUP], queries[N_WARMUP:N_WARMUP + N_QUERIES]
    retriever = Retriever(store, settings)
    k = 5
    t0 = time.perf_counter()
    retriever.search(warm[0], k)
    first_ms = (time.perf_counter() - t0) * 1000
    for q in warm[1:]:
        retriever.search(q, k)
    lat = []
    for q in timed:
        t0 = time.perf_counter()
        retriever.search(q, k)
        lat.append((time.perf_counter() - t0) * 1000)
    # reference and breakdown on the same queries: embed, bare Chroma, BM25
    model = store.embedder
    cand = max(settings.retrieve.candidates, 3 * k)
    vecs, emb_ms = [], []
    for q in timed:
        t0 = time.perf_counter()
        vecs.append(model.get_query_embedding(q))
        emb_ms.append((time.perf_counter() - t0) * 1000)
    col = store.collection
    for v in vecs[:N_WARMUP]:
        col.query(query_embeddings=[v], n_results=cand)
    chroma_ms = []
    for v in vecs:
        t0 = time.perf_counter()
        col.query(query_embeddings=[v], n_results=cand)
        chroma_ms.append((time.perf_counter() - t0) * 1000)
    bm25_ms = []
    snap = retriever.snapshot()
    if hasattr(retriever, "_bm25"):
        for q in timed:
            t0 = time.perf_counter()
            retriever._bm25(snap, q, cand, None)
            bm25_ms.append((time.perf_counter() - t0) * 1000)
    res.update(
        query_papers=n_papers, query_chunks=store.count_chunks(), query_n=len(lat),
        query_first_ms=round(first_ms, 1),
        query_p50_ms=round(pct(lat, 50), 2), query_p95_ms=round(pct(lat, 95), 2),
        chroma_query_p50_ms=round(pct(chroma_ms, 50), 2),
        chroma_query_p95_ms=round(pct(chroma_ms, 95), 2),
        query_embed_p50_ms=round(pct(emb_ms, 50), 2),
        query_bm25_p50_ms=round(pct(bm25_ms, 50), 2) if bm25_ms else None,
    )
    if n_papers < SCIFACT_PAPERS:
        res["query_note"] = (f"quick run: retrieval timed over the {n_papers} abstracts ingested, "
                             f"not all {SCIFACT_PAPERS}")


# -- LLM, TL;DRs, answers -----------------------------------------------------------------

LLM_MAX_TOKENS = 128
LLM_REPEATS = 9  # calls per variant; tokens/s is the median per-call rate


def _tldr_messages(settings: Any) -> list[dict[str, str]]:
    """The fixed prompt: the TL;DR prompt for the first sample-week paper."""
    from paperqa_lite.ingest import load_papers
    from paperqa_lite.prompts import load_prompt
    from paperqa_lite.settings import SAMPLE_WEEK
    from paperqa_lite.tldr import extractive_tldr

    paper = load_papers([SAMPLE_WEEK])[0]
    prompt = load_prompt("tldr", settings.prompts_dir)
    return prompt.render(title=paper.title, sentence=extractive_tldr(paper.title, paper.abstract))


def _raw_llama(settings: Any, model: Any) -> Any:
    """A bare llama_cpp.Llama on the same GGUF with the same n_ctx and threads."""
    from llama_cpp import Llama

    path = getattr(model, "path", None) or settings.llm.model_path
    if path is None:
        from paperqa_lite.llm import bundled_gguf

        path = bundled_gguf()
    kwargs: dict[str, Any] = {"model_path": str(path), "n_ctx": settings.llm.n_ctx, "verbose": False,
                              "n_threads": settings.llm.threads or os.cpu_count()}
    inner = getattr(model, "llama", None) or getattr(model, "_llama", None)
    if inner is not None:  # copy what the project's layer actually uses
        kwargs["n_threads"] = inner.n_threads
        kwargs["n_batch"] = inner.n_batch
        kwargs["n_ctx"] = inner.n_ctx()
    return Llama(**kwargs)


def bench_llm(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from paperqa_lite.llm import get_model

    settings = settings_for()
    if settings.llm.backend != "local":
        raise RuntimeError("the LLM section compares against the local GGUF: llm.backend must be local")
    t0 = time.perf_counter()
    model = get_model(settings)
    messages = _tldr_messages(settings)
    model.complete(messages, max_tokens=8)  # loads the model if the layer is lazy
    load_s = time.perf_counter() - t0
    raw = _raw_llama(settings, model)

    def count(text: str) -> int:
        return len(raw.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def run_raw() -> str:
        out = raw.create_chat_completion(messages=messages, max_tokens=LLM_MAX_TOKENS,
                                         temperature=settings.llm.temperature, stream=True)
        return "".join(c["choices"][0]["delta"].get("content") or "" for c in out)

    def run_complete() -> str:
        return model.complete(messages, max_tokens=LLM_MAX_TOKENS)

    def run_stream() -> str:
        return "".join(model.stream(messages, max_tokens=LLM_MAX_TOKENS))

    runs: dict[str, list[tuple[float, int]]] = {"raw": [], "complete": [], "stream": []}
    fns = {"raw": run_raw, "complete": run_complete, "stream": run_stream}
    for fn in fns.values():  # warm-up: the prompt is evaluated once, then cached by each Llama
        fn()
    outputs = {}
    names = list(fns)
    for i in range(LLM_REPEATS):  # interleaved, rotating, so other load hits all three alike
        for name in names[i % 3:] + names[:i % 3]:
            t0 = time.perf_counter()
            text = fns[name]()
            runs[name].append((time.perf_counter() - t0, count(text)))
            outputs[name] = text

    def rate(name: str, best: bool = False) -> float:
        per_call = [n / secs for secs, n in runs[name]]
        return max(per_call) if best else pct(per_call, 50)

    raw_rate = rate("raw")
    pipe_rate = min(rate("complete"), rate("stream"))
    res.update(
        llm_model_load_s=round(load_s, 2), llm_calls=LLM_REPEATS,
        llm_tokens_per_call=round(sum(n for _, n in runs["raw"]) / LLM_REPEATS, 1),
        raw_llm_tokens_per_s=round(raw_rate, 1),
        pipeline_llm_complete_tokens_per_s=round(rate("complete"), 1),
        pipeline_llm_stream_tokens_per_s=round(rate("stream"), 1),
        pipeline_llm_tokens_per_s=round(pipe_rate, 1),
        llm_ratio=round(pipe_rate / raw_rate, 3),
        raw_llm_best_tokens_per_s=round(rate("raw", True), 1),
        pipeline_llm_best_tokens_per_s=round(min(rate("complete", True), rate("stream", True)), 1),
        llm_same_output=outputs["raw"].strip() == outputs["complete"].strip() == outputs["stream"].strip(),
    )


def bench_tldr(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from paperqa_lite.pipeline import ensure_sample
    from paperqa_lite.tldr import tldrs

    settings = settings_for()
    t0 = time.perf_counter()
    ensure_sample(settings)
    res["sample_ingest_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    out = tldrs(settings)
    res["tldr_week_s"] = round(time.perf_counter() - t0, 2)
    res["tldr_papers"] = len(out)
    res["tldr_mode"] = settings.tldr.mode
    res["tldr_llm_kept"] = sum(1 for t in out if t.method == "llm")
    t0 = time.perf_counter()
    tldrs(settings)
    res["tldr_week_cached_s"] = round(time.perf_counter() - t0, 3)


def bench_ask(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from paperqa_lite.answer import Answer, ask_stream
    from paperqa_lite.pipeline import ensure_sample

    settings = settings_for()
    ensure_sample(settings)
    first, total, kinds = [], [], []
    for q in QUESTIONS:
        t0 = time.perf_counter()
        t_first = None
        for item in ask_stream(settings, q):
            if isinstance(item, str) and t_first is None:
                t_first = time.perf_counter() - t0
            elif isinstance(item, Answer):
                kinds.append(item.kind)
        total.append(time.perf_counter() - t0)
        first.append(t_first if t_first is not None else total[-1])
    res.update(
        ask_n=len(QUESTIONS),
        ask_first_token_s_p50=round(pct(first, 50), 3), ask_total_s_p50=round(pct(total, 50), 3),
        ask_first_token_s_max=round(max(first), 3), ask_total_s_max=round(max(total), 3),
        ask_first_question_total_s=round(total[0], 3),
    )


def bench_serve(args: argparse.Namespace, res: dict[str, Any]) -> None:
    from gradio_client import Client

    home = Path(tempfile.mkdtemp(prefix="pqa-bench-serve-"))
    port = free_port()
    exe = Path(sys.executable).with_name("paperqa-lite")
    cmd = [str(exe), "serve", "--port", str(port), "--ensure-sample"]
    env = dict(os.environ, PAPERQA_LITE_HOME=str(home), GRADIO_ANALYTICS_ENABLED="False")
    logf = (home / "serve.log").open("w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=logf, stderr=subprocess.STDOUT, cwd=str(home))
    try:
        wait_port(port, proc, 600)
        ready_s = time.perf_counter() - t0
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        t1 = time.perf_counter()
        out = client.predict(SERVE_QUESTION, api_name="/ask")
        answer_s = time.perf_counter() - t1
        time.sleep(0.5)
        mem = tree_mem(proc.pid)
        chat = out[0] if isinstance(out, (list, tuple)) and out else out
        answered = bool(chat) and "[1]" in json.dumps(chat)
        res.update(serve_ready_s=round(ready_s, 1), serve_answer_s=round(answer_s, 2),
                   serve_answered=answered, serve_rss_mb=round(mem["rss_mb"], 1),
                   serve_peak_rss_mb=round(mem["hwm_mb"], 1))
    finally:
        stop(proc)
        logf.close()
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)


# -- scale: synthetic chunks, embedded and server ---------------------------------------

class SyntheticCorpus:
    """Papers of Zipf-sampled SciFact words; clustered unit vectors stand in for MiniLM."""

    def __init__(self, seed: int = 0, dim: int = 384, clusters: int = 1024) -> None:
        import numpy as np
        from collections import Counter

        words: Counter[str] = Counter()
        for r in scifact_records(2000):
            words.update(re.findall(r"[a-z]{2,}", (r["title"] + " " + r["abstract"]).lower()))
        common = words.most_common(30000)
        self.vocab = np.array([w for w, _ in common])
        p = np.array([c for _, c in common], dtype=float)
        self.cdf = np.cumsum(p / p.sum())
        self.rng = np.random.default_rng(seed)
        c = self.rng.standard_normal((clusters, dim)).astype(np.float32)
        self.centers = c / np.linalg.norm(c, axis=1, keepdims=True)
        self.dim = dim

    def words(self, n: int) -> list[str]:
        import numpy as np

        idx = np.minimum(np.searchsorted(self.cdf, self.rng.random(n)), len(self.vocab) - 1)
        return self.vocab[idx].tolist()

    def chunks(self, start: int, n: int) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Chunks ``start..start+n`` in the store's layout: two chunks per paper, id
        ``{paper}::{hash}::{n}``, the paper's scalar fields as metadata, the record on chunk 0."""
        import hashlib

        from paperqa_lite.paper import Paper

        ids, docs, metas = [], [], []
        now = time.time()
        for c in range(start, start + n):
            pno, part = divmod(c, 2)
            if part == 0 or not hasattr(self, "_cur"):
                title = " ".join(self.words(8)).capitalize()
                texts = []
                for _ in range(2):
                    w = self.words(int(self.rng.integers(70, 140)))
                    texts.append(". ".join(" ".join(w[i:i + 20]).capitalize() for i in range(0, len(w), 20)) + ".")
                paper = Paper(id=f"syn-{pno:07d}", title=title, abstract=" ".join(texts),
                              published="2025-01-01", upvotes=int(self.rng.integers(0, 50)),
                              source="synthetic")
                self._cur = (paper, texts, hashlib.sha1(paper.abstract.encode()).hexdigest()[:16])
            paper, texts, h = self._cur
            meta = {"paper_id": paper.id, "title": paper.title, "content_hash": h, "ingested_at": now,
                    "published_day": 20250101, "upvotes": paper.upvotes, "chunk": part}
            if part == 0:
                meta["record"] = json.dumps(paper.record())
            ids.append(f"{paper.id}::{h}::{part}")
            docs.append(texts[part])
            metas.append(meta)
        return ids, docs, metas

    def vectors(self, n: int) -> Any:
        import numpy as np

        c = self.centers[self.rng.integers(0, len(self.centers), size=n)]
        noise = self.rng.standard_normal((n, self.dim)).astype(np.float32) / np.sqrt(self.dim)
        v = c + 0.8 * noise  # a cluster's members: cosine ~0.6 to its centre
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def measure_bm25(retriever: Any, titled: list[str], res: dict[str, Any]) -> None:
    """The BM25 index alone, as the retriever builds it: tokenize time, index time, size."""
    import bm25s
    import numpy as np

    t0 = time.perf_counter()
    tokens = retriever._tokenize(titled)
    t1 = time.perf_counter()
    index = bm25s.BM25()
    index.index(tokens, show_progress=False)
    t2 = time.perf_counter()
    arrays = sum(a.nbytes for a in index.scores.values() if isinstance(a, np.ndarray))
    res.update(bm25_tokenize_s=round(t1 - t0, 2), bm25_index_s=round(t2 - t1, 2),
               bm25_index_mb=round(arrays / 2**20, 1), bm25_vocab=len(index.vocab_dict))


def scale_worker(size: int, mode: str, write: bool, out_path: Path, n_queries: int) -> None:
    """One store of ``size`` chunks in a fresh process (so RSS is this size's alone).

    The store lives in ``$PAPERQA_LITE_HOME/chroma``; ``write`` False reuses what an
    earlier worker wrote there (``chroma run --path`` and the PersistentClient share
    the on-disk format)."""
    from paperqa_lite.retrieve import Retriever
    from paperqa_lite.store import Store

    res: dict[str, Any] = {"size": size, "mode": mode}
    home = Path(os.environ["PAPERQA_LITE_HOME"])

    def save() -> None:  # after each phase: a worker stopped at its deadline keeps what it measured
        out_path.write_text(json.dumps(res))

    server = None
    overrides: dict[str, Any] = {"store": {"collection": "synthetic"}}
    try:
        if mode == "server":
            port = free_port()
            path = home / "chroma"
            exe = Path(sys.executable).with_name("chroma")
            server = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1",
                                       "--port", str(port)], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            wait_port(port, server, 120)
            overrides["store"]["chroma_url"] = f"http://127.0.0.1:{port}"
        settings = settings_for(**overrides)
        store = Store(settings)
        corpus = SyntheticCorpus(seed=size)
        store.embedder.get_query_embedding("warm-up")  # the real model, for the retriever's queries
        mem0 = proc_mem()
        # Chroma's write capacity: the store's layout, synthetic vectors, big batches
        col = store.collection
        batch = min(2048, store.client.get_max_batch_size())
        written, t_write, t_gen, next_log = 0, 0.0, 0.0, size // 10
        if not write:
            written = size = col.count()
            res["written_by"] = "server"
        write_deadline = time.monotonic() + float(os.environ.get("PQA_BENCH_WRITE_BUDGET_S") or 1e9)
        while written < size and time.monotonic() < write_deadline:
            t0 = time.perf_counter()
            ids, docs, metas = corpus.chunks(written, min(batch, size - written))
            vecs = corpus.vectors(len(ids))
            t1 = time.perf_counter()
            col.add(ids=ids, documents=docs, metadatas=metas, embeddings=vecs)
            t_write += time.perf_counter() - t1
            t_gen += t1 - t0
            written += len(ids)
            if written >= next_log:
                log(f"scale {mode} {size}: {written} chunks written ({written / t_write:.0f}/s)")
                next_log += size // 10
        if write:
            res.update(write_chunks_per_s=round(written / t_write, 1), write_s=round(t_write, 1),
                       write_batch=batch)
            if written < size:
                res["capped"] = f"write budget spent: {written:,} of {size:,} chunks written"
        res["chunks"] = written
        save()
        mem1 = proc_mem()
        if server is not None:
            res["server_rss_after_write_mb"] = round(proc_mem(server.pid)["rss_mb"], 1)
        # bare Chroma: synthetic query vectors, the retriever's candidate count
        cand = max(settings.retrieve.candidates, 15)
        qv = corpus.vectors(n_queries + N_WARMUP)
        col = store.collection
        for v in qv[:N_WARMUP]:
            col.query(query_embeddings=[v.tolist()], n_results=cand)
        lat = []
        for v in qv[N_WARMUP:]:
            t0 = time.perf_counter()
            col.query(query_embeddings=[v.tolist()], n_results=cand)
            lat.append((time.perf_counter() - t0) * 1000)
        res.update(chroma_p50_ms=round(pct(lat, 50), 2), chroma_p95_ms=round(pct(lat, 95), 2))
        # the retriever's per-search freshness check (chunk count + newest write), alone
        newest = time.time()
        lat = []
        for _ in range(n_queries):
            t0 = time.perf_counter()
            store.count_chunks()
            store.written_since(newest)
            lat.append((time.perf_counter() - t0) * 1000)
        res.update(fresh_check_p50_ms=round(pct(lat, 50), 2), fresh_check_p95_ms=round(pct(lat, 95), 2))
        if server is not None:
            m = proc_mem(server.pid)
            res.update(server_rss_mb=round(m["rss_mb"], 1), server_peak_rss_mb=round(m["hwm_mb"], 1))
        save()
        if mode == "server" and size >= 1_000_000:
            # the same snapshot work as embedded, plus moving 1M chunks over HTTP: the time
            # cap goes to the embedded run instead
            res["retriever"] = "not timed at 1M through the server (time cap; see embedded)"
            res["client_peak_rss_mb"] = round(proc_mem()["hwm_mb"], 1)
            return
        # the project's retriever: snapshot (store read + BM25 index), then searches
        queries = scifact_queries()
        retriever = Retriever(store, settings)
        t0 = time.perf_counter()
        snap = retriever.snapshot()
        res["snapshot_build_s"] = round(time.perf_counter() - t0, 2)
        mem2 = proc_mem()
        res["client_rss_after_snapshot_mb"] = round(mem2["rss_mb"], 1)
        save()
        for q in queries[:N_WARMUP]:
            retriever.search(q, 5)
        lat, bm25_ms = [], []
        for q in queries[N_WARMUP:N_WARMUP + n_queries]:
            t0 = time.perf_counter()
            retriever.search(q, 5)
            lat.append((time.perf_counter() - t0) * 1000)
        for q in queries[N_WARMUP:N_WARMUP + n_queries]:
            t0 = time.perf_counter()
            retriever._bm25(snap, q, cand, None)
            bm25_ms.append((time.perf_counter() - t0) * 1000)
        res.update(search_p50_ms=round(pct(lat, 50), 2), search_p95_ms=round(pct(lat, 95), 2),
                   bm25_p50_ms=round(pct(bm25_ms, 50), 2), bm25_p95_ms=round(pct(bm25_ms, 95), 2),
                   bm25_share=round(sum(bm25_ms) / sum(lat), 3))
        save()
        # BM25 index on its own (embedded run only): build time and arrays' size
        if mode == "embedded":
            titled = [f"{snap.papers[int(snap.owner[r])].title}. {t}" for r, t in enumerate(snap.texts)]
            retriever._snap = snap = None  # free the snapshot's own index first (1M chunks: GBs)
            measure_bm25(retriever, titled, res)
            del titled
        res.update(
            client_rss_before_mb=round(mem0["rss_mb"], 1), client_rss_after_write_mb=round(mem1["rss_mb"], 1),
            client_rss_after_snapshot_mb=round(mem2["rss_mb"], 1),
            client_peak_rss_mb=round(proc_mem()["hwm_mb"], 1),
        )
        if server is not None:
            m = proc_mem(server.pid)
            res.update(server_rss_mb=round(m["rss_mb"], 1), server_peak_rss_mb=round(m["hwm_mb"], 1))
        disk = sum(f.stat().st_size for f in home.rglob("*") if f.is_file())
        res["disk_mb"] = round(disk / 2**20, 1)
    except Exception as exc:  # report what finished
        res["error"] = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    finally:
        if server is not None:
            stop(server)
        save()


def bench_scale(args: argparse.Namespace, res: dict[str, Any]) -> None:
    """Per size: a worker writes the store through a ``chroma run`` server and queries it
    there; a second worker queries it embedded. The embedded write rate is measured on a
    store of its own at 10k (and at every size in the full run, up to 100k: writing 1M
    twice would take most of an hour on 2 cores)."""
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    n_queries = 100 if args.quick else N_QUERIES
    # Time caps (full run): 1M chunks through a `chroma run` server take ~30 min to write on
    # 2 cores, and the retriever's in-memory snapshot of them as long again.
    args.write_budget = {1_000_000: args.write_budget_1m}
    args.worker_timeout = {(1_000_000, True): args.write_budget_1m + 600,  # then bare queries only
                           (1_000_000, False): args.query_budget_1m}
    rows = []

    def worker(size: int, mode: str, write: bool, home: Path) -> dict[str, Any]:
        out = home / f"result-{mode}.json"
        out.unlink(missing_ok=True)
        env = dict(os.environ, PAPERQA_LITE_HOME=str(home))
        log(f"scale: {size:,} chunks, {mode}, {'write and query' if write else 'query'}")
        if write and size in args.write_budget:
            env["PQA_BENCH_WRITE_BUDGET_S"] = str(args.write_budget[size])
        t0 = time.perf_counter()
        # its own process group: on timeout the worker and the chroma server it started go
        proc = subprocess.Popen([sys.executable, __file__, "--_scale-worker", str(size), mode,
                                 "write" if write else "reuse", str(out), str(n_queries)],
                                env=env, start_new_session=True)
        try:
            proc.wait(timeout=args.worker_timeout.get((size, write)))
            ended = f"worker exited with {proc.returncode}" if proc.returncode else None
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            ended = f"stopped after {args.worker_timeout[(size, write)]:.0f}s (time cap)"
        row = json.loads(out.read_text()) if out.exists() else {"size": size, "mode": mode}
        if ended:
            row["capped" if "cap" in ended else "error"] = (row.get("capped", "") + "; " + ended).lstrip("; ")
        row["wall_s"] = round(time.perf_counter() - t0, 1)
        log(f"scale: {json.dumps(row)}")
        return row

    for size in sizes:
        home = Path(tempfile.mkdtemp(prefix=f"pqa-bench-scale-{size}-"))
        try:
            rows.append(worker(size, "server", True, home))
            own = size <= 10_000 or (not args.quick and size <= 100_000)
            if own:
                home2 = Path(tempfile.mkdtemp(prefix=f"pqa-bench-scale-{size}-embedded-"))
                try:
                    rows.append(worker(size, "embedded", True, home2))
                finally:
                    if not args.keep:
                        shutil.rmtree(home2, ignore_errors=True)
            else:
                rows.append(worker(size, "embedded", False, home))
        finally:
            if not args.keep:
                shutil.rmtree(home, ignore_errors=True)
    res["scale"] = rows
    for r in rows:
        tag = f"scale_{r['mode']}_{r['size']}"
        for key in ("search_p95_ms", "chroma_p95_ms", "write_chunks_per_s", "bm25_share"):
            if key in r:
                res[f"{tag}_{key}"] = r[key]


# -- report --------------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[argparse.Namespace, dict[str, Any]], None]] = {
    "ingest": bench_ingest, "query": bench_query, "tldr": bench_tldr, "ask": bench_ask,
    "llm": bench_llm, "serve": bench_serve, "scale": bench_scale,
}


def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    pkgs = {}
    for name in ("paperqa-lite", "chromadb", "llama_cpp_python", "onnxruntime", "bm25s",
                 "llama-index-core", "gradio", "numpy", "tokenizers"):
        try:
            pkgs[name] = version(name)
        except PackageNotFoundError:
            pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "packages": pkgs,
            "load_avg_start": round(os.getloadavg()[0], 2)}


def goal_status(key: str, value: Any) -> str:
    if key not in GOALS or not isinstance(value, (int, float)):
        return ""
    op, thr = GOALS[key]
    ok = {">=": value >= thr, "<=": value <= thr, "<": value < thr}[op]
    return f"{'ok' if ok else 'MISSED'} (goal {op} {thr:g})"


ROWS = [  # (key, label)
    ("ingest_papers_per_s", "ingest, papers/s (parse+chunk+embed+write)"),
    ("embed_only_papers_per_s", "bare MiniLM on the same texts, papers/s"),
    ("ingest_ratio", "ingest / embed-only"),
    ("ingest_chunks", "chunks written"),
    ("query_p50_ms", "Retriever.search p50, ms (hybrid, top 5)"),
    ("query_p95_ms", "Retriever.search p95, ms"),
    ("chroma_query_p50_ms", "bare Chroma query p50, ms (same store)"),
    ("chroma_query_p95_ms", "bare Chroma query p95, ms"),
    ("query_embed_p50_ms", "  query embedding p50, ms"),
    ("query_bm25_p50_ms", "  BM25 ranking p50, ms"),
    ("query_first_ms", "first search (builds the BM25 index), ms"),
    ("raw_llm_tokens_per_s", "bare llama-cpp-python, tokens/s"),
    ("pipeline_llm_tokens_per_s", "llm.get_model() (min of complete, stream), tokens/s"),
    ("llm_ratio", "pipeline / raw"),
    ("tldr_week_s", "TL;DRs of the sample week (40), cold cache, s"),
    ("tldr_llm_kept", "  TL;DRs written by the model (rest extractive)"),
    ("ask_first_token_s_p50", "ask: first token p50, s"),
    ("ask_total_s_p50", "ask: whole answer p50, s"),
    ("serve_ready_s", "serve --ensure-sample: ready, s"),
    ("serve_answer_s", "serve: one answer via gradio_client, s"),
    ("serve_peak_rss_mb", "serve: peak RSS (VmHWM, with children), MB"),
]


def print_table(res: dict[str, Any], out: Any) -> None:
    print(f"\npaperqa-lite benchmarks ({'quick' if res.get('quick') else 'full'} run, "
          f"{res['machine']['nproc']} cores, {res['machine']['cpu']}, {res['machine']['ram_gb']} GB)",
          file=out)
    w = max(len(label) for _, label in ROWS)
    for key, label in ROWS:
        if key in res and res[key] is not None:
            v = res[key]
            vs = f"{v:,.2f}" if isinstance(v, float) else str(v)
            print(f"  {label:<{w}}  {vs:>10}  {goal_status(key, v)}", file=out)
    if res.get("query_note"):
        print(f"  note: {res['query_note']}", file=out)
    if res.get("scale"):
        print("\nscale (synthetic chunks; ms per query; MB RSS):", file=out)
        head = ("chunks", "store", "write/s", "chroma p50", "p95", "search p50", "p95", "BM25 share",
                "fresh p50", "snapshot s", "BM25 MB", "client MB", "server MB")
        print("  " + " | ".join(head), file=out)
        notes = []
        for r in res["scale"]:
            for key in ("error", "capped", "retriever"):
                if r.get(key):
                    notes.append(f"{r['size']:,} {r['mode']}: {r[key]}")
            cells = (f"{r.get('chunks', r['size']):,}", r["mode"], r.get("write_chunks_per_s"),
                     r.get("chroma_p50_ms"), r.get("chroma_p95_ms"), r.get("search_p50_ms"),
                     r.get("search_p95_ms"), r.get("bm25_share"), r.get("fresh_check_p50_ms"),
                     r.get("snapshot_build_s"),
                     r.get("bm25_index_mb"), r.get("client_peak_rss_mb"), r.get("server_peak_rss_mb", "-"))
            print("  " + " | ".join("-" if c is None else str(c) for c in cells), file=out)
        for note in notes:
            print(f"  note: {note}", file=out)
    if res.get("errors"):
        print("\nerrors:", file=out)
        for name, err in res["errors"].items():
            print(f"  {name}: {err}", file=out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 abstracts, scale up to 100k (< 10 min)")
    ap.add_argument("--json", action="store_true", help="last line of stdout: one JSON object")
    ap.add_argument("--only", help=f"comma-separated sections: {','.join(SECTIONS)}")
    ap.add_argument("--sizes", help="scale sizes, e.g. 10000,100000")
    ap.add_argument("--home", help="PAPERQA_LITE_HOME to use (default: a fresh temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary homes")
    ap.add_argument("--write-budget-1m", type=float, default=1800.0,
                    help="seconds for writing the 1M-chunk store (then query what was written)")
    ap.add_argument("--query-budget-1m", type=float, default=1500.0,
                    help="seconds for the embedded 1M worker (retriever snapshot, searches, BM25)")
    ap.add_argument("--_scale-worker", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))

    if args._scale_worker:
        size, mode, write, out, nq = args._scale_worker
        scale_worker(int(size), mode, write == "write", Path(out), int(nq))
        return 0

    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else None
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="pqa-bench-"))
    os.environ["PAPERQA_LITE_HOME"] = str(home)
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        ap.error(f"unknown sections: {', '.join(unknown)}")
    res: dict[str, Any] = {"quick": args.quick, "machine": machine(), "home": str(home), "errors": {}}
    t_all = time.perf_counter()
    try:
        for name in SECTIONS:
            if name not in chosen:
                continue
            log(f"section {name}")
            t0 = time.perf_counter()
            try:
                SECTIONS[name](args, res)
            except Exception as exc:
                res["errors"][name] = f"{type(exc).__name__}: {exc}"
                traceback.print_exc(file=sys.stderr)
            res.setdefault("section_s", {})[name] = round(time.perf_counter() - t0, 1)
            log(f"section {name} done in {res['section_s'][name]:.1f}s")
    finally:
        res["total_s"] = round(time.perf_counter() - t_all, 1)
        res["machine"]["load_avg_end"] = round(os.getloadavg()[0], 2)
        if not args.home and not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    res["goals_met"] = {k: goal_status(k, res[k]).startswith("ok") for k in GOALS if k in res}
    print_table(res, sys.stdout)
    print(f"\ntotal {res['total_s']:.0f}s", file=sys.stdout)
    if args.json:
        print(json.dumps(res, separators=(",", ":")), flush=True)
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
