"""A "which X" the abstract never names (issue 11, point 1): "which base LLMs" of a paper
that says only "across diverse models" is not stated, and the answer says so and quotes what
it does say. Read by :mod:`paperqa_lite.premise` beside :mod:`paperqa_lite.notstated`'s
quantities; the "which X" itself is :mod:`paperqa_lite.which`'s.
"""

from __future__ import annotations

import re

from . import asked
from . import evidence as ev
from . import which
from .claims import COMPARED_WITH
from .clauses import clauses
from .notstated import NAMED_KINDS, answer_text, own_names
from .paper import Paper
from .sentences import BACKGROUND, NAME, STOP, acronym_definitions, stem

# "which LLM": "a text-only LLM" mentions a kind of it; "a dataset, EgoPlan-IT" names one
EXAMPLES = re.compile(r"\((?:e\.g\.|for example|such as)[^()]*\)", re.IGNORECASE)
# ("the same base model" refers back to one, naming none)
INDEFINITE = frozenset({"a", "an", "some", "any", "several", "various", "multiple", "numerous", "same"})
# "a wide range of benchmarks": the quantity's noun stands for the asked one's article
QUANTITY_OF = frozenset({"range", "variety", "number", "suite", "set", "series", "host",
                         "collection", "array", "handful", "couple", "mix"})
# a model's name in any script, with its version: "π0.5", "o3" (no capitals for NAME)
VERSIONED = re.compile(r"[^\W\d_][\w\-]*\d[\w.\-]*")
BUILT_ON = re.compile(r"-(?:based|driven|guided|style|like|inspired|centric)$", re.IGNORECASE)
EXAMPLE_AFTER = re.compile(r"(?:such as|like|including|e\.?\s?g|namely)\b", re.IGNORECASE)


def unnamed(question: str, paper: Paper) -> str | None:
    """The answer for "which <noun> ..." when the abstract mentions the noun only as a kind
    ("initialized from a text-only LLM"), never naming one; None otherwise."""
    heads = which.asked_nouns(question)
    # "which base LLMs and datasets": not stated only when it names neither
    if not heads or any(h not in NAMED_KINDS for h in heads):
        return None
    sentences = ev.clean_sentences(paper.abstract)
    terms = set(acronym_definitions(paper.abstract))  # "a pretrained language model (LM)": a term
    names = own_names(paper)
    known = f"{question} {' '.join(names)}"
    if any(_names_kind(question, head, paper.abstract, sentences, terms, names, known) for head in heads):
        return None
    pool = [c for s in sentences for c in clauses(s)]
    # what its own work says of the asked kind ("across a wide range of benchmarks"), not
    # the background's, else the closest clause
    own = set(ev.own_sentences(sentences))
    # its own work's before the background's, and the asked noun as the question qualifies
    # it first ("evaluating seven MLLMs" of "which seven MLLMs"; "foundation models")
    mentions = [(rank == 2, s in own, rank, c) for s in sentences for c in clauses(s)
                if any(_is_noun(t, head) for t in re.findall(r"[\w\-]+", c) for head in heads)
                for rank in [_mention_rank(question, heads, c)]]
    best = max((m[:3] for m in mentions if m[0] or m[1]), default=None)
    return answer_text(question, paper, "does not say which", "It says",
                       [c for *rank, c in mentions if tuple(rank) == best] or pool)


def _mention_rank(question: str, heads: list[str], clause: str) -> int:
    """2: the clause says the asked noun with the question's word before it; 1: the noun;
    0: only a kin of it ("models" of "LLMs")."""
    toks = re.findall(r"[\w\-]+", clause)
    asked = {w.lower() for w in re.findall(r"[\w\-]+", question)}
    exact = [i for i, t in enumerate(toks) if any(h in (stem(t.lower()), t.lower().removesuffix("s")) for h in heads)]
    return max((2 if i and toks[i - 1].lower() in asked - STOP else 1 for i in exact), default=0)


def _names_kind(question: str, head: str, abstract: str, sentences: list[str], terms: set[str],
                names: list[str], known: str) -> bool:
    """Whether the abstract names a thing of the asked kind (``head``), or might: a name in
    its own work, or anywhere when the kind is not the abstract's word."""
    # "which base model": the mentions of a base model, when the abstract has any ("the
    # same base model"), not the foundation models of its background
    modifier = next((m.group(1).lower() for m in re.finditer(r"\b(?:which|what)\s+([a-z][\w-]*)\s+(\w+)", question,
                                                              re.IGNORECASE) if stem(m.group(2).lower()) == head), None)
    found = [(toks, i) for s in sentences for toks in [re.findall(r"[\w\-]+(?:\.\d+)*", s)]
             for i, t in enumerate(toks) if _is_noun(t, head)]
    found = [(toks, i) for toks, i in found if i and toks[i - 1].lower() == modifier] or found
    # the asked noun itself, when the abstract says it, not its kin ("which LLM" of "a
    # text-only LLM", not of "leading VLMs (e.g., Qwen3-VL)")
    found = [(toks, i) for toks, i in found if _is_noun(toks[i], head, kin=False)] or found
    if any(_gives_name(toks, i, terms, question) for toks, i in found):
        return True
    if not found and _any_name(abstract, names, terms, known):
        # the noun is not the abstract's ("which backbone" of "we fine-tune Qwen2.5-7B"):
        # only an abstract naming nothing of its own cannot answer it
        return True
    return bool(which.naming_sentences(question, sentences, known)
                or _names_in_own_work(question, head, sentences, names, terms, known))


# "which base LLMs" of an abstract that says "across diverse models": the same kind
_MODELS = next(g for g in asked.SAME_MEASURE if "llm" in g)


def _is_noun(token: str, head: str, kin: bool = True) -> bool:
    """The token is the asked noun (``head``, a stem): "LLMs" is "llm", an acronym's plural
    the stemmer leaves alone; with ``kin``, "models" is an asked "LLMs" too."""
    said = (stem(token.lower()), token.lower().removesuffix("s"))
    return head in said or (kin and head in _MODELS and any(w in _MODELS for w in said))


def _new_names(text: str, names: list[str], known: str) -> list[str]:
    """The names ``text`` writes that ``known`` (the question, the paper's own names) does
    not, and that are not built on the paper's own ("Penguin-Encoder" of Penguin-VL)."""
    prefixes = {n.split("-")[0].lower() for n in names if n}
    known = known.lower()
    found = NAME.findall(text) + [m.group(0) for m in RELEASE.finditer(text)
                                  if not {w.lower() for w in m.group(1).split()} & NUMBERED]
    return [n for n in found if n.lower() not in known and n.split("-")[0].lower() not in prefixes
            and not _coined_with(n, names)]


# "Gemini 2.5 Flash", "Claude Sonnet 4": a model's name is a capitalised word or two and its
# release number, which :data:`NAME` (capitals inside a word) does not see ...
# (not a count: "Evaluating 14 models")
RELEASE = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,2})\d+(?:\.\d+)*\b(?!\s+[a-z]+s\b)")
# ... unlike the words English numbers things by ("In 2024", "Table 3", "Stage 2")
NUMBERED = STOP | frozenset("""in on since until by before after during table figure fig section chapter
appendix step stage phase level task version round turn part equation eq""".split())


# "MiniApps" of MiniAppBench: the stem of a paper's own name is the term it names its
# subject by, long enough not to be an ordinary word's prefix
OWN_STEM_MIN = 5


def _coined_with(name: str, names: list[str]) -> bool:
    """The name is the start of one of the paper's own ("MiniApps", "MiniApp" of
    "MiniAppBench"), in either number."""
    base = name.lower().removesuffix("s")
    return len(base) >= OWN_STEM_MIN and any(n.lower().startswith(base) and n.lower() != base for n in names if n)


def _any_name(text: str, names: list[str], terms: set[str], known: str) -> bool:
    """The text names something that is not the paper's own, a term it defines, or named
    by the question."""
    text = re.sub(r"\S*(?:https?://|www\.|github\.)\S*", " ", text)  # a link's parts name nothing
    # ("LoRA" and "Mixture-of-LoRAs" of "LoRAs" are terms)
    return any(not _is_term(n, terms) and not _initials(n) for n in _new_names(text, names, known))


# "BandPO consistently outperforms canonical clipping and Clip-Higher": what a result beats
# is a baseline, not the model or dataset the work was run on
_BEATEN = re.compile(r"\b(?:outperform\w*|surpass\w*|beats?)\s+[^,;:.]*", re.IGNORECASE)


def _names_in_own_work(question: str, head: str, sentences: list[str], names: list[str],
                       terms: set[str], known: str) -> bool:
    """A sentence about the paper's own work that shares the question's words names
    something the question does not ("We fine-tune Qwen2.5-7B" answers "which model does
    X fine-tune" though the model is not named beside the word "model"). Names built on the
    paper's own ("Penguin-Encoder" of Penguin-VL, ``names``) are the paper's, not an
    answer, nor are terms the abstract defines (``terms``: "Vision Language Model (VLM)"),
    and names given as examples are not what the paper chose."""
    keys = ev.keywords(question) - {head} - {stem(w.lower()) for n in names for w in n.split()}
    for s in ev.own_sentences(sentences):
        if BACKGROUND.match(s) or not ev.coverage(keys, s):
            continue
        # "(e.g., CLIP/SigLIP)" illustrates a kind (often others' practice), it is no choice;
        # "a GRPO-based approach" says what the approach is built on, not which thing it uses
        text = EXAMPLES.sub("", s)
        if head != "baselin":
            text = COMPARED_WITH.sub(" ", _BEATEN.sub(" ", text))
        if any(not _is_term(n, terms) and not _initials(n) and not BUILT_ON.search(n)
               and not _spells_own(n, s, names) for n in _new_names(text, names, known)):
            return True
    return False


def _spells_own(name: str, sentence: str, names: list[str]) -> bool:
    """"Self-Taught" in "we introduce B-STaR, a Self-Taught Reasoning framework": beside
    the paper's own name, a name whose initials are among that name's capitals spells it
    out, it is no model or dataset the paper used."""
    initials = "".join(part[:1] for part in name.split("-")).upper()
    return len(initials) >= 2 and any(
        n and n in sentence and initials in re.sub(r"[^A-Z]", "", n) for n in names)


def _initials(name: str) -> bool:
    """"RL", "NL": a field's short initials, no model's name."""
    return name.isupper() and len(name) <= 3


def _is_term(name: str, terms: set[str]) -> bool:
    """A term the abstract defines ("LLMs" of "large language models (LLMs)"), in either
    number, or a compound of one ("Mixture-of-LoRAs" of "LoRAs")."""
    defined = {t.lower().removesuffix("s") for t in terms}
    return any(w.lower().removesuffix("s") in defined for w in (name, *name.split("-")))


def _gives_name(toks: list[str], i: int, terms: set[str], question: str) -> bool:
    """Whether the mention at token ``i`` (the asked noun) names one: a name the question does
    not write stands beside it ("Qwen2.5-7B as the base model", "EgoPlan-IT, a new dataset",
    "a range of benchmarks such as MATH500"). "a text-only LLM", "large language models
    (LLMs)" and "evaluate agents" speak of the kind; defined terms and a field's initials
    ("RL") are no names."""
    low = question.lower()

    def named(words: list[str]) -> bool:
        return any((NAME.fullmatch(t) or VERSIONED.fullmatch(t)) and t.lower() not in low
                   and not _is_term(t, terms) and not _initials(t) for t in words)

    if i >= 2 and toks[i - 1].lower() == "of" and toks[i - 2].lower() in QUANTITY_OF:
        return named(toks[i + 1:])  # names anywhere after it ("spanning math (AIME)")
    article = max((j for j in range(max(0, i - 3), i) if toks[j].lower() in INDEFINITE), default=None)
    start = i - 3 if article is None else article - 2
    # "models such as DeepSeek-R1 and QwQ-32B": the examples after the noun name them
    after = 6 if EXAMPLE_AFTER.match(" ".join(toks[i + 1:i + 3])) else 2
    return named(toks[max(0, start):i] + toks[i + 1:i + 1 + after])
