"""Sentences of an abstract: splitting, and which one states the contribution.

The TL;DR and answer pipelines take their structure from here, not from the model:
the sentence chosen is the evidence, and the model (if any) only rephrases it.

``contribution_scores`` is a linear model over nineteen transparent features (cue
phrases, position, overlap with the title and with the rest of the abstract, length, and
the ROUGE-1 a word prior counted on train expects of the sentence's TL;DR form).
Its weights were fit by listwise logistic regression on SciTLDR-A *train* (target: the
sentence whose trimmed form best matches the paper's TL;DR) and are printed by
``benchmarks/fit_sentence_weights.py``; dev is kept for reporting (docs/quality.md).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

# Abbreviations after which a period does not end a sentence.
_ABBREV = r"(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Figs|Eq|Eqs|Sec|No|approx|resp|Dr|Mr|Ms|Prof|Inc|Ltd|St)"
# (a dimension, "3D" or "2D", is a word: "understand 3D space" is about 3D, of all things)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*|[234][Dd]\b|\d+(?:[.,]\d+)*%?")
_DIMENSION = re.compile(r"[234]d")
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
# A sentence stating where a method or model falls short: what a "where does X break down"
# question asks for. Words of English abstracts, not fitted on a week.
SHORTFALL = re.compile(r"\b(?:limitations?|unsuccessful|fail(?:s|ed|ures?)?|struggl\w*|falls? short|"
                       r"poor(?:ly)?|weak(?:ness(?:es)?)?|lags? behind|shortcomings?|drawbacks?|"
                       r"unable|cannot|not yet|far from|degrad\w*|brittle)\b", re.IGNORECASE)
BACKGROUND = re.compile(r"^(?:however|recently|although|while|despite|existing|current|"
                        r"traditional|in recent years|many|most|despite)\b", re.IGNORECASE)
STOP = frozenset("""a an the of to in for on and or with by from as at is are was were be been this
that these those we our it its their which who can via into using based than then also such not
has have had do does""".split())


@lru_cache(maxsize=4096)
def whole_word(name: str, ignore_case: bool = False) -> re.Pattern[str]:
    """``name`` as a whole word: not part of a longer word or hyphenated name ("RL" is
    not in "VLA-RL", "SRPO" not in "SRPO-trained")."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE if ignore_case else 0)


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
    return {w.lower() for w in _WORD.findall(text)
            if w.lower() not in STOP and (len(w) > 2 or _DIMENSION.fullmatch(w.lower()))}


_stem_lock = threading.Lock()  # a PyStemmer stemmer is not thread-safe (the web server has threads)


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-cased word: the stemmer BM25 uses too."""
    with english_stemmer() as stemmer:
        return stemmer.stemWord(word.lower())


# a stem this long that begins the other is the same word derived ("exploration",
# "exploratory"; "verifi", "verif"); shorter ones are too often different words ("act",
# "actor")
DERIVED_MIN = 5


def derived(a: str, b: str) -> bool:
    """Whether two stems are one word, or one derived from the other (:data:`DERIVED_MIN`)."""
    return a == b or len(a) >= DERIVED_MIN and len(b) >= DERIVED_MIN and (a.startswith(b) or b.startswith(a))


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


# Cue families for the picker (the shared CONTRIBUTION pattern is their union, and more).
# A new artefact ("we propose X") is what SciTLDR authors summarise most; a finding ("we
# show that") less so; "also/further" marks a secondary contribution.
PROPOSE = re.compile(r"\b(?:we|this (?:paper|work|study)|our (?:work|paper))\s+(?:\w+\s+){0,2}?"
                     r"(?:propose|present|introduce|develop|design|describe|offer|formulate|build|create)",
                     re.IGNORECASE)
SHOW = re.compile(r"\b(?:we|this (?:paper|work|study))\s+(?:\w+\s+){0,2}?"
                  r"(?:show|demonstrate|find|prove|establish|observe|argue)", re.IGNORECASE)
SECONDARY = re.compile(r"\b(?:we|this (?:paper|work))\s+(?:also|further|additionally|then|finally)\b|"
                       r"^(?:also|further(?:more)?|additionally|moreover|finally|in addition)\b",
                       re.IGNORECASE)
SELF_REFERENCE = re.compile(r"^(?:(?:in|within) (?:this|the present) (?:paper|work|study)|here\b|"
                            r"this (?:paper|work)\b)", re.IGNORECASE)
NOVELTY = re.compile(r"\b(?:novel|new|first|simple|general|efficient)\b", re.IGNORECASE)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def rouge_tokens(text: str) -> list[str]:
    """Tokens as ROUGE counts them (lower-cased runs of letters and digits), stemmed."""
    return [stem(t) for t in re.findall(r"[a-z0-9]+", text.lower())]


PRIOR_SMOOTHING = 5.0  # pseudo-abstracts at the base rate: a word seen once says little
TLDR_WORDS = 20  # a reference TL;DR's length (SciTLDR-A train: 19.3 words on average)


@dataclass(frozen=True)
class WordPrior:
    """How often a word of an abstract reappears in the paper's TL;DR, counted on SciTLDR-A
    train (``data/tldr_word_prior.txt``, written by ``benchmarks/fit_sentence_weights.py``).
    ``held_out`` is one paper's (abstract tokens, TL;DR tokens), subtracted when the weights
    are fitted on that paper, so that its own TL;DR does not leak into its feature."""

    abstracts: Mapping[str, int]  # token -> train abstracts holding it
    tldrs: Mapping[str, int]  # token -> of those, the ones whose TL;DR holds it too
    base_rate: float  # the same share over all tokens: the prior of an unseen token
    held_out: tuple[frozenset[str], frozenset[str]] = field(default=(frozenset(), frozenset()))

    def p(self, token: str) -> float:
        seen, kept = self.abstracts.get(token, 0), self.tldrs.get(token, 0)
        if token in self.held_out[0]:
            seen, kept = seen - 1, kept - (token in self.held_out[1])
        return (kept + PRIOR_SMOOTHING * self.base_rate) / (seen + PRIOR_SMOOTHING)

    def expected_rouge1(self, text: str) -> float:
        """ROUGE-1 F the text would score if each distinct token were in the reference with
        its prior probability, against a reference of TLDR_WORDS tokens."""
        tokens = rouge_tokens(text)
        return 2 * sum(self.p(t) for t in set(tokens)) / (len(tokens) + TLDR_WORDS)


def count_word_prior(papers: Iterable[tuple[str, str]]) -> WordPrior:
    """The prior from (abstract, TL;DR) pairs: per token, abstracts and TL;DRs holding it."""
    abstracts: dict[str, int] = {}
    tldrs: dict[str, int] = {}
    for abstract, tldr in papers:
        mine, theirs = set(rouge_tokens(abstract)), set(rouge_tokens(tldr))
        for t in mine:
            abstracts[t] = abstracts.get(t, 0) + 1
            tldrs[t] = tldrs.get(t, 0) + (t in theirs)
    return WordPrior(abstracts, tldrs, sum(tldrs.values()) / max(sum(abstracts.values()), 1))


def format_word_prior(prior: WordPrior) -> str:
    rows = [f"{t}\t{n}\t{prior.tldrs.get(t, 0)}" for t, n in sorted(prior.abstracts.items())]
    return ("# token, SciTLDR-A train abstracts holding it, of those the ones whose TL;DR does\n"
            f"# base_rate {prior.base_rate:.6f}\n" + "\n".join(rows) + "\n")


def parse_word_prior(text: str) -> WordPrior:
    abstracts, tldrs, base_rate = {}, {}, 0.0
    for line in text.splitlines():
        if line.startswith("# base_rate "):
            base_rate = float(line.split()[-1])
        elif line and not line.startswith("#"):
            token, seen, kept = line.split("\t")
            abstracts[token], tldrs[token] = int(seen), int(kept)
    return WordPrior(abstracts, tldrs, base_rate)


@lru_cache(maxsize=1)
def word_prior() -> WordPrior:
    return parse_word_prior(resources.files("paperqa_lite").joinpath("data/tldr_word_prior.txt")
                            .read_text(encoding="utf-8"))


def features(sentences: list[str], title: str, forms: list[str] | None = None,
             prior: WordPrior | None = None) -> list[dict[str, float]]:
    """Transparent per-sentence features (the names are the keys of :data:`WEIGHTS`).

    Position as one-hots for the first four sentences (the oracle sentence of SciTLDR
    train is at 0-3 in 67% of papers, and not monotonically), cue families, overlap with
    the title (stemmed content words, as a share of the title and of the sentence), how
    much of the sentence the rest of the abstract repeats ("central": the topic words a
    TL;DR reuses), length, and the ROUGE-1 the sentence's shown form (``forms``: the
    trimmed TL;DR of each sentence; the sentence itself by default) is expected to score
    under the train word prior (``prior``; the shipped one by default)."""
    forms = forms or sentences
    prior = prior or word_prior()
    title_stems = _stems(title)
    stems = [_stems(s) for s in sentences]
    n = len(sentences)
    first_contribution = next((i for i, s in enumerate(sentences) if CONTRIBUTION.search(s)), -1)
    out = []
    for i, s in enumerate(sentences):
        mine = stems[i]
        others = set().union(*(stems[j] for j in range(n) if j != i))
        length = len(s.split())
        f = {f"pos{p}": float(i == p) for p in range(4)}
        f.update({
            "position": i / max(n - 1, 1),
            "propose": float(bool(PROPOSE.search(s))),
            "show": float(bool(SHOW.search(s))),
            "self_reference": float(bool(SELF_REFERENCE.search(s))),
            "we_start": float(bool(re.match(r"(?:we|our)\b", s, re.IGNORECASE))),
            "background": float(bool(BACKGROUND.search(s))),
            "novelty": float(bool(NOVELTY.search(s))),
            "secondary": float(bool(SECONDARY.search(s))),
            "first_contribution": float(i == first_contribution),
            "title_coverage": len(mine & title_stems) / max(len(title_stems), 1),
            "title_precision": len(mine & title_stems) / max(len(mine), 1),
            "central": len(mine & others) / max(len(mine), 1),
            "log_len": math.log(max(length, 1)),
            "short": float(length < 8),
            "expected_rouge1": prior.expected_rouge1(forms[i]),
        })
        out.append(f)
    return out


# Fit on SciTLDR-A train only (listwise logistic regression, target = the sentence whose
# trimmed form scores the best ROUGE-1 against the paper's TL;DR); printed by
# benchmarks/fit_sentence_weights.py, which also reports 5-fold cross-validation on train.
# A constant is not needed: only the order of an abstract's sentences matters.
WEIGHTS: dict[str, float] = {
    "background": -0.126, "central": 1.146, "expected_rouge1": 12.567, "first_contribution": 0.399,
    "log_len": -0.0, "novelty": 0.101, "pos0": -0.328, "pos1": -0.313, "pos2": -0.145, "pos3": -0.071,
    "position": -0.228, "propose": 0.28, "secondary": -0.416, "self_reference": 0.39, "short": 0.744,
    "show": 0.151, "title_coverage": 0.788, "title_precision": 2.453, "we_start": 0.231,
}


def contribution_scores(sentences: list[str], title: str, weights: dict[str, float] | None = None,
                        forms: list[str] | None = None) -> list[float]:
    w = weights or WEIGHTS
    return [sum(w.get(k, 0.0) * v for k, v in f.items()) for f in features(sentences, title, forms)]


def best_sentence(abstract: str, title: str) -> tuple[int, str]:
    """(index, sentence) of the sentence most likely to state the paper's contribution."""
    sents = split_sentences(abstract)
    if not sents:
        return 0, abstract.strip()
    scores = contribution_scores(sents, title)
    i = max(range(len(sents)), key=lambda j: (scores[j], -j))
    return i, sents[i]


# "deep neural networks (DNNs)": up to ten words, then an acronym of two or more capitals
# (a lower-case letter or a plural "s" may sit between or after them: LfD, DNNs).
_DEFINED = re.compile(r"((?:[\w\-']+\s+){1,10})\(\s*([A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9]*)\s*\)")


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines in parentheses, each with its long form: the shortest run
    of words before the parenthesis that starts with the acronym's first letter, does not
    start with a function word, and whose word initials (hyphenated parts counted) contain
    the acronym's capitals in order. A quoted long form counts (``Follow-up Likelihood as
    Reward" (FLR))."""
    out: dict[str, str] = {}
    text = re.sub(r"``|''|[\"“”]", "", text)
    for m in _DEFINED.finditer(text):
        before, acronym = m.group(1).split(), m.group(2)
        letters = [c.lower() for c in acronym if c.isupper()]
        for k in range(1, len(before) + 1):
            run = before[-k:]
            if run[0].lower() in STOP:
                continue
            initials = iter(p[0].lower() for w in run for p in w.split("-") if p)
            if run[0][0].lower() == letters[0] and all(c in initials for c in letters):
                long = " ".join(run)
                if k == len(before) and _starts_sentence(text, m.start()) and run[0][1:].islower():
                    long = long[0].lower() + long[1:]  # the capital was the sentence's, not the name's
                out.setdefault(acronym, long)
                break
    return out


def _starts_sentence(text: str, i: int) -> bool:
    return not text[:i].strip() or text[:i].rstrip()[-1] in ".!?"


def expand_acronyms(sentence: str, definitions: dict[str, str]) -> str:
    """The sentence with the first use of each defined acronym spelled out, unless the
    sentence already holds its long form (a TL;DR read without the abstract cannot look
    the acronym up, and its readers' words are the long form's)."""
    for acronym, long in definitions.items():
        if long.lower() in sentence.lower():
            continue
        # a whole word only: "VLA-RL" names one thing, its "RL" is not spelled out
        use = re.search(rf"(?:\b(an?)\s+)?(?<![\w\-]){re.escape(acronym)}(?![\w'\-])", sentence)
        if not use:
            continue
        article = use.group(1)
        if article:  # "an LfD approach" -> "a learning from demonstrations approach"
            article = ("an" if long[0].lower() in "aeiou" else "a")
            article = article.capitalize() if use.group(1)[0].isupper() else article
            long = f"{article} {long}"
        sentence = sentence[:use.start()] + long + sentence[use.end():]
    return sentence
