"""Rule variants of the extractive TL;DR, measured on SciTLDR-A train (decides) and dev
(reported): length caps, the subject rewrite, a second clause. Each variant starts from
the shipped picker (``sentences.best_sentence``) and trimmer (``tldr.trim_sentence``),
so a row is "the shipped TL;DR, changed in one way". ROUGE as the eval scores it
(rouge-score, stemmed, best reference, mean of per-paper F1 x100, to 0.01).

    PYTHONPATH=src .venv/bin/python benchmarks/tldr_variants.py [--data ../shared/data/scitldr]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from paperqa_lite.evals.rouge import rouge_best
from paperqa_lite.sentences import (NUMBER, RESULT, acronym_definitions, contribution_scores, expand_acronyms,
                                     split_sentences)
from paperqa_lite.tldr import MAX_WORDS, tldr_form, trim_sentence

_WE_VERB = re.compile(r"^We (propose|present|introduce|develop|study|show|describe)\b")
_OBJECT = re.compile(r"^We (?:\w+ )?(?:propose|present|introduce|develop|design|describe|study|"
                     r"investigate|explore|address|consider)s? (?=(?:a|an|the|two|three|several|new|novel)\b)")


def ranked(title: str, abstract: str) -> list[str]:
    sents = split_sentences(abstract)
    defined = acronym_definitions(abstract)
    scores = contribution_scores(sents, title, forms=[tldr_form(s, defined) for s in sents])
    return [sents[i] for i in sorted(range(len(sents)), key=lambda j: (-scores[j], j))]


def shipped(title, abstract, cap=MAX_WORDS):
    return trim_sentence(expand_acronyms(ranked(title, abstract)[0], acronym_definitions(abstract)), cap)


def object_only(title, abstract):  # "We propose a method for X" -> "A method for X"
    s = shipped(title, abstract)
    m = _OBJECT.match(s)
    return s[m.end():][:1].upper() + s[m.end():][1:] if m else s


def this_paper(title, abstract):  # "We propose X" -> "This paper proposes X" (dev's reviewer style)
    return _WE_VERB.sub(lambda m: f"This paper {m.group(1)}s", shipped(title, abstract))


def joined(first: str, second: str, cap: int) -> str:
    return " ".join(f"{first.rstrip('.')}; {second[:1].lower()}{second[1:]}".split()[:cap])


def with_result(title, abstract, cap=MAX_WORDS):  # a second clause from the best result sentence
    order = ranked(title, abstract)
    results = [s for s in order[1:] if RESULT.search(s)]
    first = trim_sentence(order[0], 100)
    return joined(first, trim_sentence(results[0], 100), cap) if results else " ".join(first.split()[:cap])


def second_if_short(title, abstract, short=14):  # the runner-up sentence only after a short pick
    order = ranked(title, abstract)
    first = shipped(title, abstract)
    if len(first.split()) < short and len(order) > 1:
        return joined(first, trim_sentence(order[1]), MAX_WORDS)
    return first


def number_result_if_short(title, abstract, short=12):  # a result clause carrying a number, after a short pick
    first, order = shipped(title, abstract), ranked(title, abstract)
    results = [s for s in order[1:] if RESULT.search(s) and NUMBER.search(s)]
    if len(first.split()) >= short or not results:
        return first
    return joined(first, trim_sentence(results[0], MAX_WORDS - len(first.split())), MAX_WORDS)


def title_name(title, abstract):  # "We propose a method ..." -> "We propose LEAP, a method ..." (LEAP: ...)
    s, name = shipped(title, abstract), re.match(r"^\s*([^:]{2,40}?)\s*:\s*\S", title)
    verb = _VERB_A.match(s)
    if not name or len(name.group(1).split()) > 3 or name.group(1).lower() in s.lower() or not verb:
        return s
    return " ".join(f"{verb.group(1)} {name.group(1)}, {s[verb.end():]}".split()[:MAX_WORDS])


_VERB_A = re.compile(r"^(We (?:\w+ )?(?:propose|present|introduce|develop|design|describe)s?) (?=(?:a|an)\s)")
_EXAMPLES = re.compile(r",?\s*(?:such as|e\.g\.,?|i\.e\.,?|including|for example,?|for instance,?)\s[^,;.]*(?=[,;.]|$)",
                       re.IGNORECASE)


def examples_dropped(title, abstract):  # over the cap, drop "such as ..." before cutting the end
    sentence = expand_acronyms(ranked(title, abstract)[0], acronym_definitions(abstract))
    if len(trim_sentence(sentence, 1000).split()) > MAX_WORDS:
        sentence = _EXAMPLES.sub("", sentence)
    return trim_sentence(sentence)


VARIANTS = {
    "shipped (cap 30 words)": shipped,
    **{f"cap {n} words": (lambda n: lambda t, a: shipped(t, a, n))(n) for n in (20, 25, 36)},
    "subject dropped (We propose X -> X)": object_only,
    "We X -> This paper Xs": this_paper,
    "result clause appended": with_result,
    "runner-up appended when < 14 words": second_if_short,
    "result clause with a number appended when < 12 words": number_result_if_short,
    "title's name inserted (We propose NAME, a ...)": title_name,
    "examples dropped before the cap": examples_dropped,
}


def score(fn, rows) -> str:
    keys = ("rouge1", "rouge2", "rougeL")
    total, n_words = dict.fromkeys(keys, 0.0), 0
    for r in rows:
        out = fn(r["title"], " ".join(r["source"]))
        n_words += len(out.split())
        for k, v in rouge_best(out, r["target"]).items():
            total[k] += v
    return " / ".join(f"{total[k] / len(rows):.2f}" for k in keys) + f" ({n_words / len(rows):.1f} words)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data/scitldr")
    args = ap.parse_args()
    splits = {s: [json.loads(x) for x in (Path(args.data) / f"{s}.jsonl").open()] for s in ("train", "dev")}
    print("| variant | train R-1/2/L | dev R-1/2/L |\n| --- | --- | --- |")
    for name, fn in VARIANTS.items():
        print(f"| {name} | {score(fn, splits['train'])} | {score(fn, splits['dev'])} |", flush=True)


if __name__ == "__main__":
    main()
