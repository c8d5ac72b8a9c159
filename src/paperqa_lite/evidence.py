"""Evidence for an answer, chosen by code: question kind, relevant papers, sentences.

Everything here is deterministic and testable without a model: the answer step takes
these sentences as the only material the model may phrase, and
:func:`paperqa_lite.grounding.check_draft` checks what the model wrote against them.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .standfor import expansion
from .clauses import URL
from .injection import addresses_reader
from .names import NameIndex
from .paper import Paper
from .sentences import (BACKGROUND, CONTRIBUTION, NUMBER, RESULT, content_words, split_sentences,
                        stem)

NUMERIC = re.compile(
    r"\b(how (?:many|much|large|big|long)|what (?:\w+ ){0,2}(?:rate|percentage|accuracy|score|"
    r"number|size|count|gain|improvement|f1)|by how much|how well)\b",
    re.IGNORECASE,
)
# "Where does X break down?", "what are its limitations?": the answer is a sentence of
# :data:`sentences.SHORTFALL` ("failed trajectories" asks no such thing: verbs only).
ASKS_SHORTFALL = re.compile(r"\b(?:breaks? down|falls? short|struggles?|fails?|limitations?|"
                            r"weakness(?:es)?|shortcomings?|drawbacks?|downsides?|lags? behind|"
                            r"goes wrong|go wrong|(?:does|do)(?:n'?t| not) work)\b", re.IGNORECASE)
# Words that say what kind of thing is asked for, not what it is about.
GENERIC = frozenset("""paper papers work works study studies propose proposes proposed introduce
introduces present presents use uses used using model models method methods approach approaches
llm llms language large week which what how does do did are is the this that these their
there about between both compare differ difference new novel based results result show shows
anything any some all list tell me give describe explain main key itself themselves against among
across upon onto per actually really truly they them either neither every each thing things
very extremely quite particularly especially""".split())


@dataclass
class Evidence:
    paper: Paper
    sentences: list[str]  # best first
    score: float  # relevance of the paper to the question, 0..1
    fields: dict[str, str] = field(default_factory=dict)  # for comparison tables


# A rank said as an idiom is the superlative an abstract writes ("which model came last":
# "recorded the lowest P-Score"; "came out on top": "achieved the highest"); English.
# ("came out worst" and "topped the ranking" too: a score's worst is its lowest)
RANK_IDIOMS = [(re.compile(r"\b(?:came|comes|come|finished|ranked|ranks|placed)\s+(?:in\s+)?last\b|"
                           r"\bat the bottom\b|\bworst\b", re.IGNORECASE), "lowest"),
               (re.compile(r"\b(?:came|comes|come)\s+(?:out\s+)?(?:on\s+)?top\b|\bon top\b|\btopped\b|"
                           r"\b(?:came|comes|finished|ranked|ranks|placed)\s+first\b", re.IGNORECASE), "highest")]


def keywords(text: str) -> set[str]:
    """Content words of a question minus the generic ones, stemmed (a rank idiom adds the
    superlative it means)."""
    words = {stem(w) for w in content_words(text) if w not in GENERIC}
    return words | {stem(word) for pattern, word in RANK_IDIOMS if pattern.search(text)}


def coverage(question_keys: set[str], text: str, parts: bool = False) -> float:
    """Share of the question's keywords (stemmed) that appear in the text; with ``parts``,
    the parts of the text's hyphenated words count too ("frontier-agent performance" says
    "frontier" and "agent")."""
    if not question_keys:
        return 0.0
    # hyphenated terms count when all their parts are present ("self-rewarding")
    return len(_covered(question_keys, text, parts)) / len(question_keys)


def rarity(keys: set[str], papers: list[Paper]) -> dict[str, float]:
    """Each keyword's weight in a list's topic: its inverse document frequency over the
    papers in scope (a paper counts where it says the keyword: :func:`_says`), so a topic is
    decided by its distinctive words ("self-rewarding", "coding" of "coding tasks"), not by
    words most papers use ("model", "tasks")."""
    n = len(papers)
    df = {k: 0 for k in keys}
    for p in papers:
        words, parts = paper_words(p)
        for k in keys:
            df[k] += _says(k, words, parts, f"{p.title} {p.abstract}")
    # a word no paper uses weighs the most: a topic none of them has ("gemini for weather
    # forecasting") is not matched by papers holding its other words
    return {k: math.log((n + 1) / (df[k] + 0.5)) for k in keys}


def _says(key: str, words: frozenset[str], parts: frozenset[str], text: str) -> bool:
    """Whether a text (its word stems, the parts of its hyphenated words, and the text)
    says a topic keyword: "Qwen3" in "Qwen3-8B" and "thought" in "chain-of-thought" count;
    a compound ("first-person", "self-rewarding") only as one, hyphenated or in a row, not
    as its words anywhere ("the first ... a person", "self-taught ... reward")."""
    if key in words:
        return True
    return bool(_compound(key).search(text)) if "-" in key else key in parts


@lru_cache(maxsize=1024)
def _compound(key: str) -> re.Pattern[str]:
    """A compound's stems in a row, each word as it begins ("chain-of-thought" -> "chains of thought")."""
    return re.compile(r"\b" + r"\w*[\s\-]+".join(map(re.escape, key.split("-"))), re.IGNORECASE)


def topic_covered(keys: set[str], text: str) -> set[str]:
    """The keywords of a list's topic that ``text`` says (:func:`_says`)."""
    words, parts = word_stems(text)
    return {k for k in keys if _says(k, words, parts, text)}


_words_cache: dict[tuple[str, int], tuple[frozenset[str], frozenset[str]]] = {}
_words_lock = threading.Lock()


def paper_words(p: Paper) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of a paper's title and abstract words, and of the parts of its hyphenated
    words ("qwen3" of "Qwen3-8B"); cached per paper: lists and premises ask on every question."""
    key = (p.id, hash(p.title) ^ hash(p.abstract))
    found = _words_cache.get(key)
    if found is None:
        found = word_stems(f"{p.title} {p.abstract}")
        with _words_lock:  # the web server answers in threads
            if len(_words_cache) > 100_000:  # a bound on memory, above any one collection
                _words_cache.clear()
            _words_cache[key] = found
    return found


def word_stems(text: str, parts: bool = True) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the text's content words, and (with ``parts``) of the parts of its
    hyphenated words ("qwen3" of "Qwen3-8B")."""
    raw = content_words(text)
    return (frozenset(stem(w) for w in raw),
            frozenset(stem(x) for w in raw if "-" in w for x in w.split("-") if len(x) > 2) if parts
            else frozenset())


def clean_sentences(abstract: str) -> list[str]:
    """The abstract's sentences minus those that address the reader and those that only
    point to a link ("Our project page is available at https://..."): never evidence."""
    return list(_clean_sentences(abstract))


# One answer reads a paper's sentences many times (ranking, listing, not-stated checks,
# each topic test); splitting and screening them is most of a list answer's work.
@lru_cache(maxsize=4096)
def _clean_sentences(abstract: str) -> tuple[str, ...]:
    return tuple(s for s in split_sentences(abstract) if not addresses_reader(s) and not _link_only(s))


def own_sentences(sentences: list[str]) -> list[str]:
    """The sentences (in the abstract's order) from the paper's first "we propose ..." on:
    its own work, not the background before it (all of them when none says so)."""
    first = next((i for i, s in enumerate(sentences) if CONTRIBUTION.search(s)), 0)
    return sentences[first:]


# A sentence with a link and fewer other words than this says where, not what (12: "Code,
# data and models are publicly available at" is 8; a finding with a link is longer).
LINK_ONLY_WORDS = 12


def _link_only(sentence: str) -> bool:
    return bool(URL.search(sentence)) and len(URL.sub(" ", sentence).split()) < LINK_ONLY_WORDS


def rank_sentences(question: str, sentences: list[str], embed) -> list[tuple[float, float, str]]:
    """(score, dense similarity, sentence), best first: similarity plus keyword coverage."""
    if not sentences:
        return []
    vecs = np.asarray(embed([question] + sentences))
    sims = vecs[1:] @ vecs[0]
    keys = keywords(question)
    numeric = bool(NUMERIC.search(question))
    scored = []
    for sim, s in zip(sims, sentences):
        score = float(sim) + 0.5 * coverage(keys, s)
        if numeric and NUMBER.search(s):
            score += 0.3
        scored.append((score, float(sim), s))
    return sorted(scored, key=lambda x: -x[0])


def answer_sentences(question: str, ranked: list[str], limit: int = 3,
                     keys: set[str] | None = None) -> list[str]:
    """The sentences a factual answer needs: the best one, plus (up to ``limit``) the next
    best that cover a question keyword the chosen ones lack -- "how many hours ... and how
    many participants" is answered by two sentences. Returned in the abstract's order when
    ``ranked`` sentences come from one abstract (the caller passes the paper's order).
    ``keys``: the keywords to cover (default: the question's)."""
    if not ranked:
        return []
    keys = keywords(question) if keys is None else keys
    chosen = [ranked[0]]
    covered = _covered(keys, ranked[0])
    for sentence in ranked[1:]:
        if len(chosen) >= limit:
            break
        new = _covered(keys, sentence) - covered
        if new:
            chosen.append(sentence)
            covered |= new
    return chosen


def _covered(question_keys: set[str], text: str, parts: bool = False) -> set[str]:
    whole, part_words = word_stems(text, parts)
    words = whole | part_words
    return {k for k in question_keys if k in words or all(p in words for p in k.split("-") if p)}


def paper_relevance(question: str, paper: Paper, best_sentence_sim: float) -> float:
    """0..1: how well a paper matches a question (keyword coverage and dense similarity)."""
    # what an injected sentence says does not make a paper relevant
    cov = coverage(keywords(question), " ".join([paper.title, *clean_sentences(paper.abstract)]))
    return 0.5 * cov + 0.5 * max(0.0, min(1.0, best_sentence_sim))


# A result sentence for the table: the picker's cues (:data:`RESULT`, whose weights were fitted
# on SciTLDR and stay as they are) and the other ways abstracts report one ("boosting
# performance on X from 82.18 to 88.37")
OUTCOME = re.compile(rf"{RESULT.pattern}|\bboost\w*|\bgains?\b|\bfrom [\d.]+%? to [\d.]+", re.IGNORECASE)


def comparison_fields(paper: Paper, sentences: list[str]) -> dict[str, str]:
    """Columns for a comparison table, each a sentence fragment from the abstract."""
    sents = clean_sentences(paper.abstract)
    # a question the abstract asks, or the background it argues against, fills no cell
    stated = [s for s in sents if "?" not in s and not BACKGROUND.match(s)]

    def first(pattern: re.Pattern, exclude: set[str], pool: list[str] = stated) -> str:
        for s in pool:
            if pattern.search(s) and s not in exclude:
                return s
        return "not stated"

    approach = first(CONTRIBUTION, set(), sents)
    # a headline result usually has a number; prefer the first result sentence with one
    result = first(OUTCOME, {approach}, [s for s in stated if NUMBER.search(s)])
    if result == "not stated":
        result = first(OUTCOME, {approach})
    # the data's size is what a reader compares ("520 samples across 10 domains"), so a
    # data sentence with a number first, as for the result
    on_data = re.compile(r"\b(benchmark|dataset|data|evaluat|experiment|tasks?|samples?|examples?|questions?|"
                         r"videos?|hours|compris\w*|contain\w*|consist\w*)\b", re.I)
    data = first(on_data, {approach, result}, [s for s in stated if NUMBER.search(s)])
    if data == "not stated":
        data = first(on_data, {approach, result})
    return {"approach": _what_it_does(approach), "data or benchmark": data, "headline result": result}


# "We introduce the Dynamic Chunking Diffusion Transformer (DC-DiT), which augments the DiT
# backbone with ...": the approach is what the which-clause says it does; a cell cut to its
# budget would otherwise keep the introduction of a name and nothing else
INTRODUCED_WHICH = re.compile(r"^(?:[^,]*,\s*)?(?:we|this (?:paper|work))\s+(?:introduce|present|propose)\s+"
                              r"(?:the\s+|an?\s+)?(?P<name>[^,;]{1,80}?),\s+which\s+"
                              r"(?P<rest>(?!(?:towards|across|thus|as|plus|whereas|besides)\b)[a-z]+s\b.*)$",
                              re.IGNORECASE)


def _what_it_does(sentence: str) -> str:
    m = INTRODUCED_WHICH.match(sentence)
    if not m:
        return sentence
    return f"{m.group('name')[:1].upper()}{m.group('name')[1:]} {m.group('rest')}"


def short_name(paper: Paper) -> str:
    """'SSR-Zero' for 'SSR-Zero: Simple ...'; else the name the abstract coins, else the
    title cut to a few words."""
    head = paper.title.split(":")[0].strip()
    m = re.search(r"\(([A-Z][A-Za-z0-9\-]+)\)", head)
    if m:  # "Proposer-Agent-Evaluator(PAE)" -> "PAE"
        return m.group(1)
    if len(head.split()) <= 4 and head != paper.title:
        return head
    # a long title: the name the paper coins is what readers use ("EgoSocialArena")

    coined = [a for a, plain in NameIndex.aliases(paper) if not plain]
    if coined:
        return coined[0]
    defined = title_acronym(paper)
    if defined:
        return defined
    words = paper.title.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def title_acronym(paper: Paper) -> str | None:
    """An acronym the abstract defines by the title's own words ("Follow-up Likelihood as
    Reward (FLR)" in a paper titled "... Using Follow-up Likelihood as Reward"): the name
    readers give the paper. Three characters at least ("(RL)" defines a field, not a
    paper), and every content word of the definition is in the title."""
    title = {stem(w) for w in content_words(paper.title)}
    for m in re.finditer(r"\(\s*([A-Za-z][A-Za-z0-9\-]{2,})\s*\)", paper.abstract):
        acronym = m.group(1)
        if not re.search(r"[A-Z].*[A-Z0-9]", acronym):
            continue
        spelled = expansion(f"what does {acronym} stand for", paper.abstract)
        if spelled and {stem(w) for w in content_words(spelled[1])} <= title or _spelled_by_title(acronym, paper.title):
            return acronym
    return None


def _spelled_by_title(acronym: str, title: str) -> bool:
    """Two or more title words in a row spell the acronym, an acronym among them giving all
    its letters: "Unsupervised RLVR" spells URLVR (the abstract defines it)."""
    words = re.findall(r"[A-Za-z][\w\-]*", title)
    letters = [w if re.fullmatch(r"[A-Z]{2,}s?", w) else w[0].upper() for w in words]
    return any("".join(letters[i:j]) == acronym.upper()
               for i in range(len(words)) for j in range(i + 2, min(i + 6, len(words)) + 1))
