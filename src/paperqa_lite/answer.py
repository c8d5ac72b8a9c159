"""Answers with citations: retrieval and evidence decide, the model phrases, checks verify.

``ask_stream`` yields text deltas as they are produced and finally an :class:`Answer`.
The structure of every answer comes from code:
- *factual*: the best evidence sentence(s) of the top paper -- of the paper that
  introduces the system the question names, when it is in the collection
  (:mod:`paperqa_lite.attribution`); the model may rephrase them into one sentence, kept
  only if :func:`grounding.check_draft` passes;
- *aggregate*: every relevant paper of the week, one line each, from its abstract;
- *comparative*: a Markdown table built from each paper's abstract, plus a one-line
  synthesis by the model (checked) or by code;
- *unanswerable*: :data:`CANNOT_ANSWER`, no citations; also when the question is about a
  coined name no paper mentions (:func:`names.coined_unknown`) or a document it names that
  is not in the collection (:func:`notstated.absent_documents`);
- *not stated*: a quantity question whose paper has no number measuring the asked thing
  (:func:`asked.stating`), a number the paper never writes, a "why" whose premise the
  paper does not state, a "which X"
  whose paper names no X (:mod:`paperqa_lite.notstated`) gets "X's abstract does not ..."
  with what it does report, ``not_stated: true`` (counted as an abstention by the eval).
Factual answers lead with the asked fact: the evidence is cut to its answering clauses
(:func:`excerpt.cut`), within :data:`FACTUAL_WORDS`.
Lists and tables are built in :mod:`paperqa_lite.answer_markdown`; follow-ups are
resolved in :mod:`paperqa_lite.followup`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Any

from . import evidence as ev
from . import excerpt
from . import llm
from . import notstated
from . import premise
from . import route
from .answer_markdown import ONE_PAPER, clip, comparison_table, describes, label, paper_list, reason
from .dimension import asks_dimension, comparison_papers, on_dimension
from .attribution import owners
from .factual import select
from .parts import question_parts
from .listing import both_said, distinctive, on_titled_lines, says_rare
from .topics import covers, list_question, matches, on_terms, titles_term, topic
from .fit import fit_messages
from .followup import contextualize
from .grounding import check_draft
from .listnames import naming, recase
from .names import coined_unknown, resolve_named
from .prompts import load_prompt
from .retrieve import get_retriever
from .sentences import NAME
from .settings import Settings, config_hash
from .store import Store

CANNOT_ANSWER = "The papers of this week do not say: none of them addresses this question."
# Relevance (0..1, see evidence.paper_relevance) below which the papers don't answer.
# On evals/week_qa.jsonl the most relevant paper scores 0.08-0.42 for the unanswerable
# questions and 0.48 and up for the answerable ones: 0.45 sits in that gap (docs/quality.md).
ABSTAIN_BELOW = 0.45
# An aggregate answer lists papers at least this relevant, and this close to the best.
AGGREGATE_MIN, AGGREGATE_RATIO = 0.42, 0.7
# ... and, whatever words they use, the first retrieved papers tied with the best (a topic
# paraphrased: "test whether LLMs can reason about other people's beliefs" of SimpleToM).
# Fitted on the sample week's list questions of the read sets (evals/, fifteenth session):
# of the papers the start code left off, ratio 0.95 and 0.99 (top 3) both add 3 gold papers
# and no wrong one there; the stricter was kept. On the second week: 4 gold, 0 wrong
# (0.95 would add 6 and 7 wrong; seen when choosing, see docs/quality.md).
AGGREGATE_NEAR, AGGREGATE_NEAR_RANK = 0.99, 3
# Papers outside the retrieved ones that a list may add because they say its whole topic
# (answer._find): a bound on the extra embedding, not a fitted number (the read sets' lists
# have 1-5 gold papers).
COVERING_MORE = 10
# Word budgets (issue 11's reader targets, not fitted): a factual answer's text, an
# aggregate line's reason, a comparison cell or per-paper line.
FACTUAL_WORDS, REASON_WORDS, CELL_WORDS = 40, 20, 25


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
    not_stated: bool = False  # the paper is found but its abstract lacks the asked thing
    cost_usd: float | None = None
    seconds: float = 0.0

    def public(self) -> dict[str, Any]:
        keys = ("answer", "abstained", "not_stated", "citations", "retrieved", "usage",
                "prompt_hash", "model", "repaired")
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

    def generate(self, name: str, trim: tuple[str, ...], **values: str) -> str:
        """The model's draft for a prompt, built to fit its context (``trim``: the values
        that may be cut, evidence first; the question never is)."""
        reply = self.settings.llm.max_tokens // 2
        n_ctx = getattr(self.model, "n_ctx", None) or self.settings.llm.n_ctx
        messages, _ = fit_messages(self.prompt(name), values, n_ctx=n_ctx, reply_tokens=reply,
                                   trim=trim)
        pieces = self.model.stream(messages, max_tokens=reply, stop=["\n\n"], budget=self.budget)
        return "".join(pieces).strip()

    def check(self, draft: str, evidence: list[str], **kwargs: Any) -> list[str]:
        return check_draft(draft, evidence, prompts_dir=self.settings.prompts_dir, **kwargs)


def ask(settings: Settings, question: str, **kwargs: Any) -> Answer:
    """The answer without streaming (the last item of :func:`ask_stream`)."""
    result = None
    for item in ask_stream(settings, question, **kwargs):
        result = item
    assert isinstance(result, Answer)
    return result


@dataclass
class _Found:
    """What an answer is decided on: the question's kind, named papers, evidence."""

    kind: str
    named: list
    owned: list  # named papers that introduce a system the question names
    evidence: list[ev.Evidence]
    retrieved: list[dict[str, Any]]
    owners: Any  # attribution.Owners of the collection
    unknown: list[str] = field(default_factory=list)  # names no paper holds
    naming: set[str] = field(default_factory=set)  # ids of papers naming what a list asks
    question: str = ""  # as answered: a list's names cased as the papers write them
    weights: dict[str, float] = field(default_factory=dict)  # a list's topic words by rarity
    covering: set[str] = field(default_factory=set)  # ids of papers saying a list's whole topic


def _find(settings: Settings, store: Any, question: str, history, k: int | None,
          filters: dict[str, Any]) -> _Found:
    query = contextualize(question, history or [])
    papers = [p for p in store.papers() if filters.get("ids") is None or p.id in filters["ids"]]
    subject = query if history else question
    owned_by = owners(papers)
    owned = owned_by.papers_named(subject)
    named = resolve_named(subject, papers)
    named += [p for p in owned if p.id not in {n.id for n in named}]
    kind = route.question_kind(question, len(named))
    k = k or settings.retrieve.k
    retriever = get_retriever(settings, store).as_retriever(max(k, 10) if kind == "aggregate" else k,
                                                            **filters)
    # The retriever's LlamaIndex nodes, grouped by paper in rank order (each node carries its
    # paper's score); each paper is then read whole, since an abstract is a few sentences and
    # the sentence ranker needs all of them, not only the chunks that matched.
    by_id = {p.id: p for p in papers}
    scores: dict[str, float] = {}
    for n in retriever.retrieve(query):
        scores.setdefault(n.node.metadata["paper_id"], float(n.score or 0.0))
    pairs = [(by_id[pid], score) for pid, score in scores.items() if pid in by_id]
    # a named paper is answered from even when retrieval ranked it below k
    pairs += [(p, 0.0) for p in named if p.id not in {q.id for q, _ in pairs}]
    # "which papers involve GPT-4o" (or "gemini"): every abstract naming it, ranked or not
    if kind == "aggregate":
        question = recase(list_question(question), papers)
    listing = naming(question, papers) if kind == "aggregate" else []
    # ... and abstracts saying all of the list's topic (covers), which the retriever's first
    # ten may miss ("robot control policies ... camera images and language instructions" of
    # "flow-based VLAs"): ~1 ms a paper in scope (a week in the app; the whole store from
    # the CLI), up to COVERING_MORE of them (each is embedded sentence by sentence below)
    covered: set[str] = set()
    if kind == "aggregate":
        listed = {p.id for p in listing} | {p.id for p, _ in pairs}
        more = list(islice((p for p in papers if p.id not in listed and covers(question, ev.Evidence(p, [], 0.0))),
                           COVERING_MORE))
        listing += more
        covered = {p.id for p in more}
    pairs += [(p, 0.0) for p in listing if p.id not in {q.id for q, _ in pairs}]
    embed = store.embedder.get_text_embedding_batch
    named_ids = {p.id for p in named}
    evidence, retrieved = [], []
    for paper, score in pairs:
        ranked = ev.rank_sentences(question, ev.clean_sentences(paper.abstract), embed)
        best_sim = max((sim for _, sim, _ in ranked), default=0.0)
        rel = 1.0 if paper.id in named_ids else ev.paper_relevance(question, paper, best_sim)
        evidence.append(ev.Evidence(paper, [s for _, _, s in ranked], rel))
        # what abstention and listing were decided on
        retrieved.append({"id": paper.id, "title": paper.title, "score": round(score, 4),
                          "relevance": round(rel, 4)})
    unknown = [] if named else [*coined_unknown(subject, " ".join(f"{p.title} {p.abstract}" for p in papers)),
                                *notstated.absent_documents(subject, papers)]
    weights = ev.rarity(topic(question), papers) if kind == "aggregate" else {}
    # (the papers added for covering it are not read again)
    covering = (covered | {e.paper.id for e in evidence if e.paper.id not in covered
                           and (covers(question, e) or titles_term(question, e))}
                if kind == "aggregate" else set())
    return _Found(kind, named, owned, evidence, retrieved, owned_by, unknown, {p.id for p in listing},
                  question, weights, covering)


def ask_stream(settings: Settings, question: str, *, k: int | None = None,
               history: list[tuple[str, str]] | None = None, since: str | None = None,
               until: str | None = None, min_upvotes: int | None = None,
               model: Any | None = None, store: Any | None = None,
               ids: Any | None = None) -> Iterator[str | Answer]:
    """Yield text deltas, then the final :class:`Answer` (whose text is authoritative).
    ``ids``: answer from these papers only (a week's); None: from all."""
    start = time.perf_counter()
    question = " ".join(question.split())
    store = store or Store(settings)
    found = _find(settings, store, question, history, k,
                  dict(since=since, until=until, min_upvotes=min_upvotes, ids=ids))
    evidence = found.evidence
    asked_as, question = question, found.question
    if model is None and evidence:
        model = llm.get_model(settings)
    session = _Session(settings, model)
    best = max((e.score for e in evidence), default=0.0)
    text, cited, repaired, not_stated = "", [], [], False
    top = max(evidence, key=lambda e: e.score) if evidence else None
    picks_one = found.kind == "factual" and bool(ONE_PAPER.match(question))
    # a list of papers naming what it asks ("which papers use Qwen3 models") has its answer
    # whatever the retriever's scores, if one of them is about the whole topic ("gemini for
    # weather forecasting" is not answered by papers that merely evaluate Gemini)
    abstained = not evidence or (not found.named and (best < ABSTAIN_BELOW and not _on_topic(found, question)
                                                      or bool(found.unknown) or
                                                      picks_one and not describes(question, top)))
    if abstained:
        yield CANNOT_ANSWER
        text = CANNOT_ANSWER
    else:
        builder, chosen = _plan(found, best, question)
        if builder in (_factual, _factual_about_others):
            paper = chosen[0].paper
            missing = premise.unsupported(question, paper)
            if missing is not None:
                builder, not_stated = _stated(missing), True
        for delta in builder(question, chosen, session, repaired):
            text += delta
            yield delta
        cited = [{"id": e.paper.id, "title": e.paper.title, "url": e.paper.url} for e in chosen]
    prompt_hash = ",".join(f"{n}:{h}" for n, h in sorted(session.prompt_hashes.items()))
    yield Answer(
        question=asked_as, answer=text.strip(), abstained=abstained, not_stated=not_stated,
        kind=found.kind,
        citations=cited, retrieved=_ranked(found.retrieved, cited), usage=session.budget.usage.tokens(),
        prompt_hash=prompt_hash,
        model=getattr(model, "model_id", "") or "", config_hash=config_hash(settings),
        repaired=repaired, cost_usd=session.budget.usage.cost_usd,
        seconds=round(time.perf_counter() - start, 3),
    )


def _ranked(retrieved: list[dict[str, Any]], cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answer's ranking of the papers it read: those it cites first, in citation order
    (reading the text put them there, as a reranker would: a list's match found by its
    words may rank 7th by score), then the rest in the retriever's order."""
    order = {c["id"]: i for i, c in enumerate(cited)}
    return sorted(retrieved, key=lambda r: order.get(r["id"], len(order)))


def _on_topic(found: _Found, question: str) -> bool:
    """A paper naming what a list asks, or saying all its topic, is about its whole topic
    (only asked under the floor)."""
    candidates = found.naming | found.covering
    return any(matches(question, e, found.weights) for e in found.evidence if e.paper.id in candidates)


def _plan(found: _Found, best: float, question: str):
    """(builder, chosen evidence) for an answerable question."""
    evidence = found.evidence
    if found.kind == "comparative":
        sides = comparison_papers(evidence, found.named, question, AGGREGATE_MIN)
        # "why does RLVR ... in the RL-vs-distillation study?": the name and the description
        # are one paper, which is a question about it, not a comparison
        return (_comparative if len(sides) >= 2 else _factual), sides
    if found.kind == "aggregate":
        # a paper naming what the question names is a candidate whatever its score; both
        # kinds are then listed only if they are about the asked topic (matches)
        candidates = found.naming | found.covering
        listed = [e for e in evidence if e.score >= max(AGGREGATE_MIN, AGGREGATE_RATIO * best)
                  or e.paper.id in candidates]
        ids = {e.paper.id for e in listed}
        listed += on_titled_lines(question, listed, [e for e in evidence if e.paper.id not in ids
                                                     and e.score >= AGGREGATE_MIN])
        near = {e.paper.id for e in evidence[:AGGREGATE_NEAR_RANK]
                if e.score >= max(AGGREGATE_MIN, AGGREGATE_NEAR * best) and says_rare(question, e, found.weights)}
        kept = {e.paper.id for e in on_terms(question, [e for e in listed if matches(question, e, found.weights)])}
        kept = distinctive(question, [e for e in listed if e.paper.id in kept], found.covering, found.weights)
        return _aggregate, both_said(question, [e for e in listed if e.paper.id in kept | near]) or listed[:1]
    by_id = {e.paper.id: e for e in evidence}
    # a claim about a named system comes from the paper that introduces it
    owner = next((by_id[p.id] for p in found.owned if p.id in by_id), None)
    if len(found.named) >= 2 and found.named[0].id in by_id:
        # "does HiMAP-Travel beat ATLAS?": a factual question naming two papers is about the
        # one it names first (its subject); the other is what it is measured against
        owner = by_id[found.named[0].id]
    chosen = owner or sorted(evidence, key=lambda e: -e.score)[0]
    foreign = found.owners.foreign(ev.answer_sentences(question, chosen.sentences), chosen.paper)
    return (_factual_about_others if foreign else _factual), [chosen]


def _stated(text: str):
    """A builder yielding a fixed text (what is not stated, worked out by code)."""
    def builder(question: str, chosen: list[ev.Evidence], session: _Session,
                repaired: list[str]) -> Iterator[str]:
        yield text
    return builder


def _factual(question: str, chosen: list[ev.Evidence], session: _Session,
             repaired: list[str], lead: str = "") -> Iterator[str]:
    e = chosen[0]
    sentences = select(route.answer_part(question), e, FACTUAL_WORDS)
    extract = " ".join(sentences)
    if len(extract.split()) <= FACTUAL_WORDS or len(question_parts(question)) > 1:
        # the cut evidence already leads with the fact within budget: nothing to phrase
        # (on both weeks the model's drafts of such answers were rejected 3 times in 4);
        # nor when each part has its clause: the model dropped parts, which the draft
        # check cannot see (sample week: "What does OMNI stand for, and what do ...")
        draft = extract
    else:
        draft = _phrase(question, e, sentences, session, repaired)
    if lead:  # "According to X, the ..." but "According to X, SRPO ..."
        keep_case = NAME.fullmatch(draft.split()[0].strip(",;:")) if draft.split() else True
        draft = lead + (draft if keep_case else draft[:1].lower() + draft[1:])
    yield f"{draft} [1]"


def _phrase(question: str, e: ev.Evidence, sentences: list[str], session: _Session,
            repaired: list[str]) -> str:
    """The model's one-sentence rephrasing of long evidence, or the evidence if it fails."""
    draft = session.generate("answer_factual", trim=("evidence", "title"), question=question,
                             title=e.paper.title, evidence="\n".join(sentences))
    draft = re.sub(r"\s*\[\d+\]", "", draft).strip()
    problems = (session.check(draft, sentences, question=question, context=[e.paper.title],
                              keep_numbers=True) if draft else ["empty"])
    if len(draft.split()) < 4:
        problems.append("too short")
    if len(draft.split()) > FACTUAL_WORDS:
        problems.append(f"over {FACTUAL_WORDS} words")
    if problems:
        repaired.append(f"factual draft replaced: {'; '.join(problems)}")
        return " ".join(sentences)
    return draft


def _factual_about_others(question: str, chosen: list[ev.Evidence], session: _Session,
                          repaired: list[str]) -> Iterator[str]:
    """A paper's sentence about another paper's system is labelled as its claim."""
    yield from _factual(question, chosen, session, repaired,
                        lead=f"According to {ev.short_name(chosen[0].paper)}, ")


def _aggregate(question: str, chosen: list[ev.Evidence], session: _Session,
               repaired: list[str]) -> Iterator[str]:
    reasons = [reason(question, e, REASON_WORDS) for e in chosen]
    yield from paper_list(chosen, reasons)


def _comparative(question: str, chosen: list[ev.Evidence], session: _Session,
                 repaired: list[str]) -> Iterator[str]:
    if asks_dimension(question, chosen):
        yield from on_dimension(question, chosen, CELL_WORDS)
        return
    rows = [(e, {k: excerpt.cut(question, [v], CELL_WORDS, hard=True)[0] if v != "not stated" else v
                 for k, v in ev.comparison_fields(e.paper, e.sentences).items()}) for e in chosen]
    names = [label(question, e, chosen) for e, _ in rows]
    material = "\n".join(f"{n}: {f['approach']}" for n, (_, f) in zip(names, rows))
    draft = session.generate("answer_synthesis", trim=("evidence",), question=question,
                             evidence=material)
    problems = session.check(draft, [material], question=question) if draft else ["empty"]
    if not all(n.lower() in draft.lower() for n in names):
        problems.append("does not name every paper")
    if problems:
        repaired.append(f"synthesis replaced: {'; '.join(problems)}")
        draft = "; ".join(f"{n} [{i}]: {clip(f['approach']).rstrip('.')}" for i, (n, (_, f)) in
                          enumerate(zip(names, rows), 1))
    else:
        for i, n in enumerate(names, 1):
            draft = re.sub(rf"\b{re.escape(n)}\b(?!\s*\[)", f"{n} [{i}]", draft, count=1)
    yield draft.rstrip(".") + ".\n\n"
    yield from comparison_table(rows, question)

