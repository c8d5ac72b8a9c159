"""Dump what the fusion experiments need from an ingested SciFact store, once.

`paperqa-lite eval ../shared/data/scifact` builds the store (a collection named from the
corpus and the vector-shaping settings, :func:`paperqa_lite.evals.beir.collection_name`);
this script reads it back and writes one ``.npz`` that ``fusion_experiments.py`` runs on in
seconds, with no model and no Chroma:

- every current chunk's vector (from Chroma), paper row, chunk index and text (as the
  retriever's snapshot orders them) and each paper's id and title;
- every judged query's vector (the store's own embedder, as a search embeds it), the
  papers the query names (:class:`~paperqa_lite.names.NameIndex`), and its judgements;
- with ``--whole`` (needs no store, so it can run while the store is built): one vector
  per paper for "title. abstract" as one text, truncated at MiniLM's 256 word pieces (the
  whole-abstract layout of issue 16), into ``<out>.whole.npz``; and the embedding cost of
  the two layouts: word pieces embedded per paper against the abstract's own, and papers/s
  of the bare model on the same first 200 papers, chunked then whole, alternated in
  groups of 50 so other load on the machine hits both alike.

    PAPERQA_LITE_HOME=/tmp/scores-home PAPERQA_LITE_EMBED__THREADS=1 \\
      .venv/bin/python benchmarks/scifact_dump.py --out /tmp/scores-work/scifact.npz [--whole]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from fusion_experiments import normalise_claim  # this folder is on sys.path when run

from paperqa_lite.evals.beir import BeirEval, collection_name
from paperqa_lite.retrieve import Retriever
from paperqa_lite.settings import Settings
from paperqa_lite.store import Store


def embed_cost(papers: list, settings: Settings, n: int = 200) -> dict:
    """Word pieces per paper for both layouts (all papers) and both layouts' papers/s (first n)."""
    from paperqa_lite.embed import MAX_TOKENS, _minilm
    from paperqa_lite.tokens import count_tokens

    model = _minilm(settings.embed.threads)
    cfg = settings.store
    chunked = [[text for _, text in Store.chunk_layout(p, cfg.chunk_size, cfg.chunk_overlap)] for p in papers]
    whole = [f"{p.title}. {p.abstract}" for p in papers]

    from tokenizers import Tokenizer

    bare = Tokenizer.from_str(model.tokenizer.to_str())  # a copy: no padding, no truncation
    bare.no_padding()
    bare.no_truncation()

    def pieces(texts: list[str], cap: int | None = MAX_TOKENS) -> int:  # [CLS] ... [SEP] included
        return sum(min(len(e.ids), cap or 10**9) for e in bare.encode_batch(texts))

    out = {"papers": len(papers),
           "abstract_pieces_per_paper": pieces([p.abstract for p in papers], None) / len(papers),
           "abstract_cl100k_per_paper": sum(count_tokens(p.abstract) for p in papers) / len(papers),
           "truncated_share_whole": sum(len(e.ids) > MAX_TOKENS for e in bare.encode_batch(whole)) / len(papers),
           "whole_pieces_per_paper": pieces(whole) / len(papers),
           "chunked_pieces_per_paper": sum(pieces(c) for c in chunked) / len(papers),
           "chunks_per_paper": sum(map(len, chunked)) / len(papers)}
    t = {"chunked": 0.0, "whole": 0.0}
    for start in range(0, n, 50):
        for name in t:
            texts = (whole[start:start + 50] if name == "whole"
                     else [x for c in chunked[start:start + 50] for x in c])
            t0 = time.perf_counter()
            model.encode(texts, settings.embed.batch_size)
            t[name] += time.perf_counter() - t0
    out.update({f"{k}_papers_per_s": n / v for k, v in t.items()})
    out.update({f"{k}_pieces_per_s": n * out[f"{k}_pieces_per_paper"] / v for k, v in t.items()})
    return out


def dump_whole(args: argparse.Namespace, settings: Settings, cost_only: bool = False) -> None:
    from paperqa_lite.embed import _minilm
    from paperqa_lite.evals.beir import corpus_papers

    papers = corpus_papers(args.data / "corpus.jsonl")
    cost = embed_cost(papers, settings)
    print(json.dumps(cost))
    if cost_only:
        return
    model = _minilm(settings.embed.threads)
    t0 = time.perf_counter()
    vecs = model.encode([f"{p.title}. {p.abstract}" for p in papers], settings.embed.batch_size)
    cost["whole_all_seconds"] = time.perf_counter() - t0
    print(f"{len(papers)} whole abstracts embedded in {cost['whole_all_seconds']:.1f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out.with_suffix(".whole.npz"), ids=np.array([p.id for p in papers]), vecs=vecs)
    args.out.with_suffix(".cost.json").write_text(json.dumps(cost, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/scifact"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--whole", action="store_true", help="only the whole-abstract vectors and the embedding cost")
    ap.add_argument("--cost", action="store_true", help="only the embedding cost")
    args = ap.parse_args()
    settings = Settings()
    if args.whole or args.cost:
        dump_whole(args, settings, cost_only=args.cost)
        return

    ev = BeirEval(args.data, progress=False)
    settings.store.collection = collection_name(settings, args.data / "corpus.jsonl")
    store = Store(settings)
    if store.count_papers() == 0:
        raise SystemExit(f"collection {settings.store.collection} is empty: run `paperqa-lite eval {args.data}` first")
    snap = Retriever(store, settings).snapshot()
    vecs = np.zeros((len(snap.chunk_ids), 384), dtype=np.float32)
    for start in range(0, len(snap.chunk_ids), 5000):
        ids = snap.chunk_ids[start:start + 5000]
        got = store.collection.get(ids=ids, include=["embeddings"])
        for cid, emb in zip(got["ids"], got["embeddings"]):
            vecs[snap.row_of[cid]] = emb
    qids = list(ev.queries)
    qtexts = [ev.queries[q] for q in qids]
    t0 = time.perf_counter()
    qvecs = np.array([store.embedder.get_query_embedding(t) for t in qtexts], dtype=np.float32)
    print(f"{len(qids)} queries embedded in {time.perf_counter() - t0:.1f} s")
    qvecs_claim = np.array([store.embedder.get_query_embedding(normalise_claim(t)) for t in qtexts],
                           dtype=np.float32)
    meta = {
        "collection": settings.store.collection,
        "paper_ids": [p.id for p in snap.papers],
        "titles": [p.title for p in snap.papers],
        "chunk_texts": snap.texts,
        "qids": qids, "queries": qtexts,
        "qrels": {q: ev.qrels[q] for q in qids},
        "named": [[p.id for p in snap.names.find(t)] for t in qtexts],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, chunk_vecs=vecs, owner=snap.owner, query_vecs=qvecs, query_vecs_claim=qvecs_claim)
    args.out.with_suffix(".json").write_text(json.dumps(meta))
    print(f"{len(snap.papers)} papers, {len(vecs)} chunks, {len(qids)} queries -> {args.out}")


if __name__ == "__main__":
    main()
