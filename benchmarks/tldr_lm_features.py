"""The embedded model's likelihood of each sentence's TL;DR form, per SciTLDR-A paper.

Issue 14 experiment: does SmolLM2-135M's judgement of a sentence *as a TL;DR* rank an
abstract's sentences better than the picker's 19 features alone? For every sentence the
TL;DR form (``tldr.tldr_form``, what the extractive TL;DR shows) is scored twice as the
assistant's reply:

- ``cond``: after the chat template with "Title / Abstract / Write a one-sentence TL;DR";
- ``gen``: after the same request with no title and no abstract (a generic prefix), so that
  a fluent but generic sentence can be discounted (``cond - gen`` is a PMI).

Each prefix is evaluated once per paper; each form is then evaluated from the prefix's KV
state (``n_tokens`` is set back to the prefix length, which ``Llama.eval`` truncates the
cache to). The per-token log-probabilities of the form, and of the end-of-turn token after
it, are cached as jsonl (one line per paper) so that a crash or a refit does not recompute.

    PYTHONPATH=src .venv/bin/python benchmarks/tldr_lm_features.py --split train --limit 500 \
        --candidates /tmp/tldr3-cache/candidates.json
    (then --split dev): ~3.8 s a paper on one thread, the top 3 sentences of each scored
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from paperqa_lite.llm.local import LLAMA_OPTIONS, bundled_gguf
from paperqa_lite.sentences import acronym_definitions, split_sentences
from paperqa_lite.tldr import tldr_form

SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"  # the GGUF template's default
ASK_PAPER = "Title: {title}\nAbstract: {abstract}\n\nWrite a one-sentence TL;DR of this paper."
ASK_GENERIC = "Write a one-sentence TL;DR of a scientific paper."
N_CTX = 1280


def chatml(user: str) -> str:
    return (f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            "<|im_start|>assistant\n")


class Scorer:
    def __init__(self, threads: int = 1) -> None:
        import llama_cpp

        self.llm = llama_cpp.Llama(model_path=str(bundled_gguf()), n_ctx=N_CTX, n_threads=threads,
                                   n_threads_batch=threads, logits_all=True, verbose=False, **LLAMA_OPTIONS)
        self.end = self.llm.tokenize(b"<|im_end|>", add_bos=False, special=True)

    def tokens(self, text: str, special: bool = False) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=special)

    def score(self, prefix: list[int], forms: list[list[int]]) -> list[list[float]]:
        """Log-probabilities of each form's tokens and the end-of-turn after it, given prefix."""
        llm = self.llm
        llm.reset()
        llm.eval(prefix)
        out = []
        for form in forms:
            cont = (form + self.end)[: N_CTX - len(prefix)]
            llm.n_tokens = len(prefix)
            llm.eval(cont)
            logits = llm.scores[len(prefix) - 1: len(prefix) + len(cont) - 1].astype(np.float64)
            top = logits.max(1, keepdims=True)
            logz = top[:, 0] + np.log(np.exp(logits - top).sum(1))
            out.append([round(float(v), 4) for v in logits[np.arange(len(cont)), cont] - logz])
        return out


def paper_forms(record: dict) -> list[str]:
    abstract = " ".join(record["source"])
    defined = acronym_definitions(abstract)
    return [tldr_form(s, defined) for s in split_sentences(abstract)]


def write_candidates(data: Path, path: Path, top: int = 3) -> None:
    """The sentences worth scoring: per train paper the union of the top ``top`` under the
    shipped picker and under the picker of its cross-validation fold (fitted on the other
    folds, as ``fit_tldr_lm_rerank.py`` fits it), per dev paper the shipped picker's top."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fit_sentence_weights import fit, load, rows

    from paperqa_lite.sentences import WEIGHTS, count_word_prior, features

    train_rows, dev_rows = rows(data / "train.jsonl"), rows(data / "dev.jsonl")
    prior = count_word_prior((" ".join(r["source"]), r["target"][0]) for r in train_rows)
    train, dev = load(train_rows, prior, leave_out=True), load(dev_rows, prior, leave_out=False)
    shipped = np.array([WEIGHTS.get(k, 0.0) for k in sorted(features(["x"], "")[0])])
    folds = [fit([p for i, p in enumerate(train) if i % 5 != k]) for k in range(5)]

    def best(x: np.ndarray, w: np.ndarray) -> set[int]:
        return {int(j) for j in np.argsort(-(x @ w), kind="stable")[:top]}

    out = {"train": {i: sorted(best(x, shipped) | best(x, folds[i % 5])) for i, (x, _) in enumerate(train)},
           "dev": {i: sorted(best(x, shipped)) for i, (x, _) in enumerate(dev)}}
    path.write_text(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/scitldr")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--cache", default="/tmp/tldr3-cache")
    ap.add_argument("--candidates", help="json {split: {paper index: [sentence indices]}}: score only "
                    "these sentences (the picker's top few), not all of them; written first if missing")
    args = ap.parse_args()
    records = [json.loads(line) for line in (Path(args.data) / f"{args.split}.jsonl").open()]
    stop = args.start + args.limit if args.limit else len(records)
    out = Path(args.cache) / f"{args.split}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    done = {json.loads(line)["i"] for line in out.open()} if out.exists() else set()
    if args.candidates and not Path(args.candidates).exists():
        write_candidates(Path(args.data), Path(args.candidates))
    candidates = json.load(open(args.candidates))[args.split] if args.candidates else {}
    scorer = Scorer()
    generic = scorer.tokens(chatml(ASK_GENERIC), special=True)
    t0, n = time.perf_counter(), 0
    with out.open("a") as fh:
        for i in range(args.start, min(stop, len(records))):
            if i in done:
                continue
            r = records[i]
            forms = paper_forms(r)
            cand = candidates.get(str(i), list(range(len(forms))))
            form_tokens = [scorer.tokens(forms[j]) for j in cand]
            abstract = scorer.tokens(" ".join(r["source"]))[:N_CTX - 200]  # room for the longest form
            ask = chatml(ASK_PAPER.format(title=r["title"], abstract=scorer.llm.detokenize(abstract).decode(
                "utf-8", "replace")))
            cond = scorer.score(scorer.tokens(ask, special=True), form_tokens)
            gen = scorer.score(generic, form_tokens)
            fh.write(json.dumps({"i": i, "paper_id": r["paper_id"], "forms": forms, "cand": cand, "cond": cond,
                                 "gen": gen}) + "\n")
            fh.flush()
            n += 1
            if n % 20 == 0:
                print(f"{n} papers, {(time.perf_counter() - t0) / n:.2f} s a paper", flush=True)
    print(f"{args.split}: {n} papers scored in {time.perf_counter() - t0:.1f} s "
          f"({(time.perf_counter() - t0) / max(n, 1):.2f} s a paper) -> {out}")


if __name__ == "__main__":
    main()
