"""Answers with citations: retrieval and evidence decide, the model phrases, checks verify.

``ask_stream`` yields text deltas as they are produced and finally an :class:`Answer`.
The structure of every answer comes from code:
- *factual*: the best evidence sentence(s) of the top paper; the model may rephrase
  them into one sentence, kept only if :func:`evidence.supported` passes;
- *aggregate*: every relevant paper of the week, one line each, from its abstract;
- *comparative*: a Markdown table built from each paper's abstract, plus a one-line
  synthesis by the model (checked) or by code;
- *unanswerable*: :data:`CANNOT_ANSWER`, no citations.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from . import evidence as ev
from . import llm
from .names import resolve_named
from .prompts import load_prompt
from .retrieve import get_retriever
from .settings import Settings
from .store import Store

CANNOT_ANSWER = "The papers of this week do not say: none of them addresses this question."
# Relevance (0..1, see evidence.paper_relevance) below which the papers don't answer.
# On evals/week_qa.jsonl the most relevant paper scores 0.08-0.42 for the unanswerable
# questions and 0.48 and up for the answerable ones: 0.45 sits in that gap (docs/quality.md).
ABSTAIN_BELOW = 0.45
# An aggregate answer lists papers at least this relevant, and this close to the best.
AGGREGATE_MIN, AGGREGATE_RATIO = 0.42, 0.7


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    kind: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, int] = field(default_factory=lambda: {"prompt_tokens": 0, "completion_tokens": 0})
    prompt_hash: str = ""
    model: str = ""
    config_hash: str = ""
    repaired: list[str] = field(default_factory=list)  # model drafts replaced, and why
    cost_usd: float | None = None
    seconds: float = 0.0

    def public(self) -> dict[str, Any]:
        keys = ("answer", "abstained", "citations", "retrieved", "usage", "prompt_hash", "model",
                "repaired")
        data = {k: v for k, v in asdict(self).items() if k in keys}
        data.update(kind=self.kind, config_hash=self.config_hash, cost_usd=self.cost_usd)
        return data


class _Session:
    """Bookkeeping for one answer: model calls (one budget: one deadline, one usage count),
    prompt hashes."""

    def __init__(self, settings: Settings, model: Any) -> None:
        self.settings, self.model = settings, model
        self.budget = llm.budget(settings)
        self.prompt_hashes: dict[str, str] = {}

    def prompt(self, name: str):
        p = load_prompt(name, self.settings.prompts_dir)
        self.prompt_hashes[name] = p.hash
        return p

    def generate(self, name: str, **values: str) -> str:
        messages = self.prompt(name).render(**values)
        pieces = []
        for piece in self.model.stream(messages, max_tokens=self.settings.llm.max_tokens // 2,
                                       stop=["\n\n"], budget=self.budget):
            pieces.append(piece)
        return "".join(pieces).strip()


def ask(settings: Settings, question: str, **kwargs: Any) -> Answer:
    """The answer without streaming (the last item of :func:`ask_stream`)."""
    result = None
    for item in ask_stream(settings, question, **kwargs):
        result = item
    assert isinstance(result, Answer)
    return result


def ask_stream(settings: Settings, question: str, *, k: int | None = None,
               history: list[tuple[str, str]] | None = None, since: str | None = None,
               until: str | None = None, min_upvotes: int | None = None,
               model: Any | None = None, store: Any | None = None) -> Iterator[str | Answer]:
    """Yield text deltas, then the final :class:`Answer` (whose text is authoritative)."""
    start = time.perf_counter()
    question = " ".join(question.split())
    store = store or Store(settings)
    retriever = get_retriever(settings, store)
    query = contextualize(question, history or [])
    papers = store.papers()
    named = resolve_named(query if history else question, papers)
    kind = ev.question_kind(question, len(named))
    k = k or settings.retrieve.k
    hits = retriever.search(query, max(k, 10) if kind == "aggregate" else k,
                            since=since, until=until, min_upvotes=min_upvotes)
    retrieved = [{"id": h.paper.id, "title": h.paper.title, "score": round(float(h.score), 4)}
                 for h in hits]
    embed = store.embedder.get_text_embedding_batch
    named_ids = {p.id for p in named}
    evidence = []
    for h in hits:
        ranked = ev.rank_sentences(question, ev.clean_sentences(h.paper.abstract), embed)
        best_sim = max((sim for _, sim, _ in ranked), default=0.0)
        rel = 1.0 if h.paper.id in named_ids else ev.paper_relevance(question, h.paper, best_sim)
        evidence.append(ev.Evidence(h.paper, [s for _, _, s in ranked], rel))
    for entry, e in zip(retrieved, evidence):  # what abstention and listing were decided on
        entry["relevance"] = round(e.score, 4)

    if model is None and evidence:
        model = llm.get_model(settings)
    session = _Session(settings, model)
    best = max((e.score for e in evidence), default=0.0)
    if not evidence or (not named and best < ABSTAIN_BELOW):
        yield CANNOT_ANSWER
        text, cited, repaired = CANNOT_ANSWER, [], []
        abstained = True
    else:
        abstained = False
        if kind == "comparative":
            chosen = _comparison_papers(evidence, named)
            builder = _comparative
        elif kind == "aggregate":
            chosen = [e for e in evidence if e.score >= max(AGGREGATE_MIN, AGGREGATE_RATIO * best)]
            builder = _aggregate
        else:
            chosen = sorted(evidence, key=lambda e: -e.score)[:1]
            builder = _factual
        repaired: list[str] = []
        text = ""
        for delta in builder(question, chosen, session, repaired):
            text += delta
            yield delta
        cited = [{"id": e.paper.id, "title": e.paper.title, "url": e.paper.url} for e in chosen]
    prompt_hash = ",".join(f"{n}:{h}" for n, h in sorted(session.prompt_hashes.items()))
    yield Answer(
        question=question, answer=text.strip(), abstained=abstained, kind=kind,
        citations=cited, retrieved=retrieved, usage=session.budget.usage.tokens(), prompt_hash=prompt_hash,
        model=getattr(model, "model_id", "") or "", config_hash=config_hash(settings),
        repaired=repaired, cost_usd=session.budget.usage.cost_usd,
        seconds=round(time.perf_counter() - start, 3),
    )


def _comparison_papers(evidence: list[ev.Evidence], named: list) -> list[ev.Evidence]:
    named_ids = [p.id for p in named]
    if len(named_ids) >= 2:
        by_id = {e.paper.id: e for e in evidence}
        return [by_id[i] for i in named_ids if i in by_id]
    ranked = sorted(evidence, key=lambda e: -e.score)
    return [e for e in ranked if e.score >= AGGREGATE_MIN][:4] or ranked[:2]


def _factual(question: str, chosen: list[ev.Evidence], session: _Session,
             repaired: list[str]) -> Iterator[str]:
    e = chosen[0]
    picked = set(ev.answer_sentences(question, e.sentences))
    order = ev.clean_sentences(e.paper.abstract)
    sentences = [s for s in order if s in picked] or [e.paper.abstract]
    draft = session.generate("answer_factual", question=question,
                             title=e.paper.title, evidence="\n".join(sentences))
    draft = re.sub(r"\s*\[\d+\]", "", draft).strip()
    problems = ev.supported(draft, sentences, keep_numbers=True) if draft else ["empty"]
    if len(draft.split()) < 4:
        problems.append("too short")
    if problems:
        repaired.append(f"factual draft replaced: {'; '.join(problems)}")
        draft = " ".join(sentences)
    yield f"{draft} [1]"


def _aggregate(question: str, chosen: list[ev.Evidence], session: _Session,
               repaired: list[str]) -> Iterator[str]:
    noun = "paper" if len(chosen) == 1 else "papers"
    yield f"{len(chosen)} {noun} of the week match:\n"
    for i, e in enumerate(chosen, 1):
        line = e.sentences[0] if e.sentences else e.paper.title
        yield f"\n- **{ev.short_name(e.paper)}** [{i}]: {line}"


def _comparative(question: str, chosen: list[ev.Evidence], session: _Session,
                 repaired: list[str]) -> Iterator[str]:
    rows = [(e, ev.comparison_fields(e.paper, e.sentences)) for e in chosen]
    material = "\n".join(f"{ev.short_name(e.paper)}: {f['approach']}" for e, f in rows)
    draft = session.generate("answer_synthesis", question=question, evidence=material)
    problems = ev.supported(draft, [material]) if draft else ["empty"]
    names = [ev.short_name(e.paper) for e, _ in rows]
    if not all(n.lower() in draft.lower() for n in names):
        problems.append("does not name every paper")
    if problems:
        repaired.append(f"synthesis replaced: {'; '.join(problems)}")
        draft = "; ".join(f"{n} [{i}]: {_clip(f['approach']).rstrip('.')}" for i, (n, (_, f)) in
                          enumerate(zip(names, rows), 1))
    else:
        for i, n in enumerate(names, 1):
            draft = re.sub(rf"\b{re.escape(n)}\b(?!\s*\[)", f"{n} [{i}]", draft, count=1)
    yield draft.rstrip(".") + ".\n\n"
    cols = list(rows[0][1]) if rows else []
    yield "| Paper | " + " | ".join(c.capitalize() for c in cols) + " |\n"
    yield "|" + " --- |" * (len(cols) + 1) + "\n"
    for i, (e, f) in enumerate(rows, 1):
        cells = [_clip(f[c]).replace("|", "/") for c in cols]
        yield f"| {ev.short_name(e.paper)} [{i}] | " + " | ".join(cells) + " |\n"


def _clip(text: str, words: int = 30) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


FOLLOW_UP = re.compile(r"\b(it|its|they|them|their|this|that|these|those|both|the (?:first|second|"
                       r"former|latter|same) (?:one|paper)?|the paper|the papers)\b", re.IGNORECASE)


def contextualize(question: str, history: list[tuple[str, str]]) -> str:
    """A follow-up ("what data does it use?") is retrieved with the previous question."""
    if not history:
        return question
    if FOLLOW_UP.search(question) or len(question.split()) <= 4:
        return f"{history[-1][0]} {question}"
    return question


def config_hash(settings: Settings) -> str:
    data = settings.public_dict()
    data.pop("home", None)
    return hashlib.sha1(repr(sorted(data.items())).encode()).hexdigest()[:12]

