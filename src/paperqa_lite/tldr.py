"""One-line TL;DRs: code picks the evidence, the model only compresses it, checks decide.

Pipeline per paper:
1. pick the sentence that states the contribution (:mod:`paperqa_lite.sentences`);
2. trim it deterministically (lead-in phrases, parentheticals, clause-bounded length):
   this is the *extractive* TL;DR, always available;
3. in ``llm`` mode, ask the model to compress that sentence (prompt ``tldr``, built to fit
   the model's context) and keep its output only if it passes :func:`check_tldr`: one
   line, one sentence, its length, no preamble, and the grounding check answers share
   (:func:`grounding.check_draft`: no prompt text, numbers and names as in the paper, no
   word from nowhere); otherwise fall back to the extractive TL;DR and record why.
Results are cached per (paper content, prompt hash, model, mode).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from . import llm
from .errors import UserError
from .fit import fit_messages
from .grounding import ASIDE, check_draft
from .paper import Paper
from .prompts import load_prompt
from .sentences import acronym_definitions, best_sentence, contribution_scores, expand_acronyms, split_sentences
from .settings import LLMSettings, Settings
from .store import Store

MAX_WORDS = 30
MIN_WORDS = 5
PIPELINE_VERSION = "8"  # bump when the code below changes what a cached TL;DR would be

_LEAD = re.compile(
    r"^(?:(?:in|within) (?:this|the present) (?:paper|work|study|article|letter)|here|"
    r"to (?:this end|that end|address|tackle|overcome|solve|mitigate|remedy|fill|bridge)[^,]{0,80}|"
    r"in (?:this|the) (?:context|regard|light)|motivated by [^,]{0,80}|inspired by [^,]{0,80}|"
    r"specifically|therefore|thus|hence|instead|finally|further(?:more)?|moreover|additionally|"
    r"in addition|as a result|consequently|concretely|in particular|based on [^,]{0,60}|"
    r"building (?:up)?on [^,]{0,60}|unlike [^,]{0,80}|in contrast(?: to [^,]{0,60})?)\s*,\s*",
    re.IGNORECASE,
)
# "To answer these questions and bridge the gap, we introduce X" -> "We introduce X"
_LEAD_CLAUSE = re.compile(r"^[^,;]{3,120},\s+(?=we\s+(?:\w+\s+)?(?:propose|present|introduce|develop|"
                          r"build|design|describe|release|create|show|demonstrate|study|find)\b)",
                          re.IGNORECASE)
# "This paper presents a systematic analysis of X" -> "A systematic analysis of X": in a
# one-line TL;DR under the paper's title, the self-reference is wasted words.
# Any other verb ("delves into", "focuses on") only when a noun phrase follows, which can
# then stand alone ("This paper delves into an analysis of X" -> "An analysis of X").
_SELF_REF = re.compile(r"^(?:this|the present|our) (?:paper|work|study|article|letter|report) "
                       r"(?:(?:presents|proposes|introduces|describes|develops|offers|provides)\s+(?=\S)|"
                       r"\w+s(?: into| on| upon| with)?\s+(?=(?:an?|the|two|three|several|new|novel)\s))",
                       re.IGNORECASE)
# "In this paper we present X" / "Here we propose X": the same lead-in without its comma,
# only when "we" follows (so "Here, the loss ..." keeps its subject).
_LEAD_WE = re.compile(r"^(?:(?:in|within) (?:this|the present) (?:paper|work|study|article|letter)|here)"
                      r"\s*,?\s+(?=we\b)", re.IGNORECASE)
# an aside in brackets, which a TL;DR or an answer drops
_DANGLING = frozenset("a an the of to in for on and or with by from as at that which is are its their "
                      "our this these using via into than".split())
_PREAMBLE = re.compile(
    r"^\s*(?:tl;?\s*dr|summary|one-line summary|here(?:'s| is)|sure|this (?:abstract|text)|"
    r"the (?:abstract|text)|in this abstract|the paper's tl;?dr)\b",
    re.IGNORECASE,
)
REPLY_TOKENS = 64


@dataclass
class Tldr:
    id: str
    title: str
    tldr: str
    method: str  # "llm" or "extractive"
    model: str | None = None
    prompt_hash: str | None = None
    rejected: list[str] = field(default_factory=list)  # why an LLM draft was not used

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "tldr": self.tldr}


def trim_sentence(sentence: str, max_words: int = MAX_WORDS) -> str:
    """Drop lead-ins and parentheticals; cut at a clause boundary if still too long."""
    s, prev = sentence.strip(), None
    while prev != s:
        prev, s = s, _SELF_REF.sub("", _LEAD_CLAUSE.sub("", _LEAD_WE.sub("", _LEAD.sub("", s))))
    s = ASIDE.sub("", s)
    words = s.split()
    if len(words) > max_words:
        head = " ".join(words[:max_words])
        cut = max(head.rfind(p) for p in (", ", "; ", " — ", ": ", " which ", " while ", " where "))
        s = head[:cut] if cut > len(head) // 2 else head
        kept = s.split()
        while len(kept) > MIN_WORDS and kept[-1].lower().strip(",;:") in _DANGLING:
            kept.pop()
        s = " ".join(kept)
    s = s.rstrip(" ,;:-—")
    if s and s[-1] not in ".!?":
        s += "."
    return s[:1].upper() + s[1:]


def tldr_form(sentence: str, defined: dict[str, str]) -> str:
    """A sentence as the extractive TL;DR shows it: acronyms the abstract defines
    (``defined``, from :func:`sentences.acronym_definitions`) spelled out, then trimmed."""
    return trim_sentence(expand_acronyms(sentence, defined))


def extractive_tldr(title: str, abstract: str) -> str:
    """The best-scored sentence that can stand as a TL;DR once trimmed: a statement of at
    least MIN_WORDS words ("Can LLMs introspect?" asks, it does not summarise), with the
    acronyms the abstract defines elsewhere spelled out."""
    sents = split_sentences(abstract)
    defined = acronym_definitions(abstract)
    forms = [tldr_form(s, defined) for s in sents]
    scores = contribution_scores(sents, title, forms=forms)
    for i in sorted(range(len(sents)), key=lambda j: (-scores[j], j)):
        trimmed = forms[i]
        if len(trimmed.split()) >= MIN_WORDS and not trimmed.endswith("?"):
            return trimmed
    return trim_sentence(best_sentence(abstract, title)[1])


def check_tldr(text: str, title: str, abstract: str, prompts_dir: Any = None) -> list[str]:
    """Problems with a TL;DR draft; empty when it may be shown."""
    problems = []
    words = text.split()
    if "\n" in text.strip():
        problems.append("more than one line")
    if len(split_sentences(text)) > 1:
        problems.append("more than one sentence")
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        problems.append(f"{len(words)} words")
    if _PREAMBLE.search(text):
        problems.append("preamble")
    return problems + check_draft(text, [abstract], context=[title], prompts_dir=prompts_dir)


def clean_draft(text: str) -> str:
    """What a model adds around a one-liner: quotes, labels, trailing lines."""
    text = text.strip().split("\n")[0].strip()
    text = re.sub(r"^(?:tl;?\s*dr|summary)\s*[:\-]\s*", "", text, flags=re.IGNORECASE)
    text = _SELF_REF.sub("", text.strip(" \"'`*"))
    return text[:1].upper() + text[1:]


def make_tldr(paper: Paper, model: Any | None = None, prompt: Any | None = None) -> Tldr:
    """TL;DR of one paper; ``model`` None means extractive only."""
    extractive = extractive_tldr(paper.title, paper.abstract)
    if model is None or prompt is None:
        return Tldr(paper.id, paper.title, extractive, "extractive")
    # a title of any length still leaves room for the sentence: the title is cut first
    messages, _ = fit_messages(prompt, {"title": paper.title, "sentence": extractive},
                               n_ctx=getattr(model, "n_ctx", None) or LLMSettings().n_ctx,
                               reply_tokens=REPLY_TOKENS, trim=("title", "sentence"))
    draft = clean_draft(model.complete(messages, max_tokens=REPLY_TOKENS, stop=["\n"]))
    problems = check_tldr(draft, paper.title, paper.abstract, prompt.path.parent)
    if problems:
        return Tldr(paper.id, paper.title, extractive, "extractive", model.model_id, prompt.hash, problems)
    return Tldr(paper.id, paper.title, draft, "llm", model.model_id, prompt.hash)


def cache_key(paper: Paper, mode: str, model_id: str | None, prompt_hash: str | None) -> str:
    raw = "|".join([PIPELINE_VERSION, paper.content_hash(), mode, model_id or "", prompt_hash or ""])
    return hashlib.sha1(raw.encode()).hexdigest()


def tldrs(settings: Settings, ids: list[str] | None = None, refresh: bool = False,
          progress: Callable[[int], None] | None = None, store: Any | None = None) -> list[Tldr]:
    """TL;DRs for the given papers (all of the collection when ``ids`` is empty), cached."""
    store = store or Store(settings)
    papers = store.papers()
    if ids:
        known = {p.id: p for p in papers}
        missing = [i for i in ids if i not in known]
        if missing:
            raise UserError(f"not in collection {store.name!r}: {', '.join(missing)}")
        papers = [known[i] for i in ids]
    return [t for t in generate(settings, papers, store, refresh, progress)]


def generate(settings: Settings, papers: list[Paper], store: Any, refresh: bool = False,
             progress: Callable[[int], None] | None = None, cached_only: bool = False):
    """Yield a TL;DR per paper, from the cache when possible (None if ``cached_only`` misses)."""
    model = prompt = None
    mode = settings.tldr.mode
    model_id = None
    if mode == "llm":
        prompt = load_prompt("tldr", settings.prompts_dir)
        if cached_only:  # look up what the configured model wrote, without loading it
            model_id = llm.configured_model_id(settings)
        else:
            model = llm.get_model(settings)
            model_id = model.model_id
    for paper in papers:
        key = cache_key(paper, mode, model_id, getattr(prompt, "hash", None))
        cached = None if refresh else store.cache_get("tldr", key)
        if cached:
            result = Tldr(**cached)
        elif cached_only:
            result = None
        else:
            result = make_tldr(paper, model, prompt)
            store.cache_put("tldr", key, asdict(result))
        if progress:
            progress(1)
        yield result

