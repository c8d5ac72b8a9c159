"""Sentences of an abstract: splitting, and which one states the contribution.

The TL;DR and answer pipelines take their structure from here, not from the model:
the sentence chosen is the evidence, and the model (if any) only rephrases it.

``contribution_scores`` is a linear model over a handful of transparent features
(cue phrases, position, overlap with the title). Its weights were fit by logistic
regression on SciTLDR-A *train* (the dataset's oracle sentence labels) and are
printed by ``benchmarks/fit_sentence_weights.py``; dev is kept for reporting.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# Abbreviations after which a period does not end a sentence.
_ABBREV = r"(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|No|approx|resp|Dr|Mr|Ms|Prof|Inc|Ltd|St)"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*|\d+(?:[.,]\d+)*%?")
# A number as written: "4,120", "61.4%", "2.5" (in "Qwen2.5" too). The one number pattern
# of evidence selection, answer checks and TL;DR checks.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
# A name as written: a word with a second capital or a digit (SRPO, EgoThink, GPT-4o, LLMs).
NAME = re.compile(r"\b(?=[A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*[A-Z0-9])[A-Za-z][A-Za-z0-9\-]*\b")

CONTRIBUTION = re.compile(
    r"\b(we|this (?:paper|work|study)|our (?:work|paper|method|approach|framework))\s+"
    r"(?:\w+\s+){0,2}?(propose|present|introduce|develop|show|demonstrate|describe|design|"
    r"build|create|release|study|investigate|explore|find|offer|provide|address|formulate)",
    re.IGNORECASE,
)
RESULT = re.compile(r"\b(outperform|achiev|improv|state-of-the-art|surpass|significantly|"
                    r"results? (?:show|demonstrate|indicate)|experiments? (?:show|demonstrate))",
                    re.IGNORECASE)
BACKGROUND = re.compile(r"^(?:however|recently|although|while|despite|existing|current|"
                        r"traditional|in recent years|many|most|despite)\b", re.IGNORECASE)
STOP = frozenset("""a an the of to in for on and or with by from as at is are was were be been this
that these those we our it its their which who can via into using based than then also such not
has have had do does""".split())


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation, not after abbreviations or inside numbers."""
    text = " ".join(text.split())
    if not text:
        return []
    # Python's lookbehind must be fixed-width, so abbreviations' periods are masked.
    protected = re.sub(rf"\b({_ABBREV})\.", lambda m: m.group(1) + "\x00", text)
    parts = re.split(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])", protected)
    return [p.replace("\x00", ".").strip() for p in parts if p.strip()]


def words(text: str) -> list[str]:
    """Word and number tokens, in order (numbers keep their % sign)."""
    return _WORD.findall(text)


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in STOP and len(w) > 2}


_stem_lock = threading.Lock()  # a PyStemmer stemmer is not thread-safe (the web server has threads)


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-cased word: the stemmer BM25 uses too."""
    with english_stemmer() as stemmer:
        return stemmer.stemWord(word.lower())


@contextmanager
def english_stemmer() -> Iterator[Any]:
    """The process's one PyStemmer English stemmer, held alone for the ``with`` block
    (evidence, the draft check and BM25 tokenizing all stem through it)."""
    with _stem_lock:
        yield _stemmer()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english")


def features(sentences: list[str], title: str) -> list[dict[str, float]]:
    """Transparent per-sentence features; see the module docstring."""
    title_words = content_words(title)
    n = len(sentences)
    out = []
    for i, s in enumerate(sentences):
        words = s.split()
        cw = content_words(s)
        out.append({
            "bias": 1.0,
            "contribution": 1.0 if CONTRIBUTION.search(s) else 0.0,
            "first_contribution": 0.0,
            "result": 1.0 if RESULT.search(s) else 0.0,
            "background": 1.0 if BACKGROUND.search(s) else 0.0,
            "first": 1.0 if i == 0 else 0.0,
            "last": 1.0 if i == n - 1 and n > 1 else 0.0,
            "position": i / max(n - 1, 1),
            "title_overlap": len(cw & title_words) / max(len(title_words), 1),
            "log_len": math.log(max(len(words), 1)),
            "short": 1.0 if len(words) < 8 else 0.0,
        })
    firsts = [i for i, f in enumerate(out) if f["contribution"]]
    if firsts:
        out[firsts[0]]["first_contribution"] = 1.0
    return out


# Fit on SciTLDR-A train (see module docstring); refit with benchmarks/fit_sentence_weights.py.
WEIGHTS: dict[str, float] = {
    "bias": 0.0, "contribution": 1.5, "first_contribution": 1.0, "result": 0.2,
    "background": -0.8, "first": -0.3, "last": -0.2, "position": -0.3,
    "title_overlap": 2.0, "log_len": 0.3, "short": -1.5,
}


def contribution_scores(sentences: list[str], title: str,
                        weights: dict[str, float] | None = None) -> list[float]:
    w = weights or WEIGHTS
    return [sum(w.get(k, 0.0) * v for k, v in f.items()) for f in features(sentences, title)]


def best_sentence(abstract: str, title: str) -> tuple[int, str]:
    """(index, sentence) of the sentence most likely to state the paper's contribution."""
    sents = split_sentences(abstract)
    if not sents:
        return 0, abstract.strip()
    scores = contribution_scores(sents, title)
    i = max(range(len(sents)), key=lambda j: (scores[j], -j))
    return i, sents[i]
