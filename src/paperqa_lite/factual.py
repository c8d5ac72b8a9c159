"""Which clauses of one abstract answer a factual question: chosen by code, model-free.

The answer leads with the asked fact (issue 11, point 2). A question may ask several
things ("What does PAE stand for, and on which web benchmarks was it validated?"); each
part (:func:`parts.question_parts`) gets the sentence that answers *it*, cut to the clause that
holds it, so that one sentence covering most of the question's words cannot crowd out
the part it does not answer:
- "what does X stand for": the words the abstract spells X with (:func:`standfor.expansion`);
- a quantity ("how many VLMs"): the sentence with a number measuring it (:func:`asked.stating`);
- anything else: the sentence covering most of the part's words.
A one-part question keeps the whole-question pick (the best sentences, plus the one
stating each asked measure).
"""

from __future__ import annotations

import re

from . import asked
from . import evidence as ev
from . import excerpt
from . import targets
from . import which
from .notstated import ASKS_CHANGE, changes_only, own_names
from .parts import question_parts
from .standfor import expansion
from .sentences import BACKGROUND, SHORTFALL, content_words, derived, stem, whole_word

# The shortest share of the word budget a part's clause gets: a subject, a verb and a
# number with its noun (the same floor as excerpt.cut's; not fitted).
MIN_SHARE = 12

# "how does SRPO measure ...": the verb asked how of, after the paper's name (a few words)
HOW_DOES = re.compile(r"\s*how\s+(?:does|do|did|can|could)\s+(?:[\w\-.']+\s+){1,3}?([a-z]{3,})\s+(?:the|its|their|a|an)\b",
                      re.IGNORECASE)

# "To address these limitations, we ...": a shortfall the paper fixes, not its own
FIXES = re.compile(r"\s*(?:to|in order to)\s+(?:address|overcome|tackle|solve|mitigate|remedy|fix)\b",
                   re.IGNORECASE)


def select(question: str, e: ev.Evidence, max_words: int) -> list[str]:
    """The answer's pieces (clauses of ``e``'s abstract, or an expansion) in reading order."""
    order = ev.clean_sentences(e.paper.abstract)
    names = own_names(e.paper)
    quals = targets.qualifiers(question, e.paper.abstract, names)
    parts = question_parts(question)
    if len(parts) > 1 or expansion(question, f"{e.paper.title}. {e.paper.abstract}"):
        return _by_part(question, parts, e, order, quals, max_words)
    known = f"{question} {' '.join(names)}"
    described = ev.keywords(question) - ev.keywords(" ".join(names))  # own names are in all
    named = which.naming_sentences(question, order, known)
    ranked = e.sentences
    if ev.ASKS_SHORTFALL.search(question):  # "where does X fall short": where it says so,
        # not the praise around it that shares more of the question's words, nor the
        # background it fixes (before its first "we propose", or "to address these limitations")
        ours = set(ev.own_sentences(order))
        ranked = [s for s in ranked if SHORTFALL.search(s) and s in ours and not FIXES.match(s)] or ranked
    elif (how := HOW_DOES.match(question)) and not asked.measures(question):
        # "how does SRPO measure the progress of failed trajectories": the sentence doing
        # the asked verb ("latent world representations to measure behavioral progress"),
        # not the background sharing its object ("wastes information in failed trajectories")
        verb = stem(how.group(1).lower())
        doing = [s for s in ranked if verb in ev.word_stems(s)[0] and not BACKGROUND.match(s)]
        ranked = doing + [s for s in ranked if s not in doing]
    elif which.asks_name(question) and not named:
        # "which VLM leads in most dimensions": a sentence naming something new with at
        # least half the question's words ("although GPT-4V leads in numerous dimensions")
        # before closer ones naming nothing; of those, the one with more of its words ("we
        # evaluate SPP on three tasks: Trivia ...", not "LLMs still struggle with tasks")
        def naming_first(s: str) -> tuple[bool, float]:
            said = ev.coverage(described, s)
            return not (which.names_other(s, known) and said >= 0.5), -said
        ranked = sorted(ranked, key=naming_first)
    picked = set(ev.answer_sentences(question, ranked))
    sentences = [s for s in order if s in picked] or [e.paper.abstract]
    # of the sentences naming a "which X", the one with most of the question's other words
    # ("which production-scale model": "the production-scale GLM-5 model", not "a 30B DSA
    # model")
    sentences = sorted(named, key=lambda s: -ev.coverage(described, s, parts=True))[:1] or sentences
    role = which.in_role(question)
    if role:  # "what does FLR use as its reward signal": "... follow-up utterances as rewards"
        sentences = [s for s in ranked if role.search(s)][:1] or sentences
    heads = asked.measures(question)
    if heads:  # a quantity: the sentence stating each asked measure, and only those (a
        # question's other parts are parts of their own, above)
        keys = ev.keywords(question)
        best = [b for h in heads if (b := _stating(h, order, quals, keys, changes=bool(ASKS_CHANGE.search(question))))]
        sentences = [s for s in order if s in best] or sentences
    return excerpt.cut(question, sentences, max_words, known=" ".join(names))


def _stating(head: str, order: list[str], quals: list[str], keys: set[str],
             wider: set[str] = frozenset(), changes: bool = True) -> str | None:
    """Of the sentences stating ``head``, the one closest to the question (``keys``, then
    ``wider``: a part's own words before the whole question's; first on ties)."""
    # read over the whole abstract, so that a qualifier reported with a number anywhere
    # ("GPT-5 recorded the lowest P-Score (79.49%)") rules out clauses without it
    found = asked.stating(head, order, quals)
    if not head and not changes:
        # "how big is CourtSI-Bench": any number, but a change ("improves accuracy on
        # CourtSI-Bench by 23.5 points") measures no size; it answers only a change asked
        found = [c for c in found if not changes_only(c)] or found
    pool = [s for s in order if any(c in s for c in found)]
    # "frontier agents" is close to "frontier-agent performance": a number's sentence is
    # often written in compounds
    # (on a tie, a word's derivation counts: "human-verified" is said by "human
    # verification", which the stemmer leaves as "verif" against "verifi")
    return max(pool, key=lambda s: (ev.coverage(keys, s, parts=True), _derived(keys, s),
                                    ev.coverage(wider, s, parts=True), -pool.index(s))) if pool else None


def _derived(keys: set[str], sentence: str) -> int:
    """How many of ``keys`` the sentence says, each part of a hyphenated key by a word or
    one derived from the same stem (:func:`sentences.derived`)."""
    words, parts = ev.word_stems(sentence)
    said = words | parts
    return sum(all(any(derived(p, w) for w in said) for p in k.split("-") if p) for k in keys)


def part_sentences(part: str, order: list[str], ranked: list[str], own: set[str],
                   known: str = "", title: frozenset[str] = frozenset(),
                   chosen: frozenset[str] = frozenset()) -> list[str]:
    """The sentences answering one part that asks no quantity: the one with most of its
    keywords (then, for "which X", one naming something ``known`` does not; then most of
    its other words: "introduce" tells "we introduce X, a benchmark" from "X serves as a
    benchmark"; then the question's ranking), plus the next one that adds a keyword it
    lacks ("which models scored highest and lowest": two sentences). The paper's own names
    (``own``, stemmed) are its subject, not the asked thing, and words of its ``title``
    (stemmed) come first only when nothing else is asked: "just-in-time (the training-free
    spatial acceleration for DiTs): which model did they test on" asks a model, and its
    description is the title's. On a tie, a sentence another part already answers with
    (``chosen``) comes before the question's ranking: "how many tasks ..., and in which
    game?" is one sentence, "four tasks in Minecraft", not a second one about AI."""
    names = which.asks_name(part)
    # "which two models": the count is of the names asked, said with their noun ("tested on
    # two tasks"), not a word to match alone ("our framework combines two components")
    count = re.search(r"\b(?:which|what)\s+(\w+)\s+(?:[\w-]+\s+)??([\w-]+)\b(?!-)", part, re.IGNORECASE) if names else None
    count = count if count and count.group(1).lower() in asked.NUMBER_WORDS else None
    counts = {stem(w) for w in asked.NUMBER_WORDS} if count else set()
    counted = (re.compile(rf"\b{count.group(1)}\s+(?:[\w-]+\s+)?{re.escape(stem(count.group(2).lower()))}",
                          re.IGNORECASE) if count else None)
    keys = ev.keywords(part) - own - counts
    asked_keys = keys - title
    words = {stem(w) for w in content_words(part)} - own - counts
    rank = {s: i for i, s in enumerate(ranked)}
    models = names and bool(which.MODELS_ASKED.search(part))
    # "does it still help at 4k": a size the part names picks the sentence saying it
    sizes = [t.lower() for t in re.findall(r"\b\d+(?:\.\d+)?[kmb]\b", part, re.IGNORECASE)]

    def key(s: str) -> tuple:
        # (a one-capital name too: "in which game" is "four tasks in Minecraft")
        other = bool(names and which.names_other(s, known, proper=True))
        # ("which models": models named by version, "LLaMA-3.1-8B and Qwen-2.5-7B", before a
        # bare acronym, "AI", or a metric, "F1")
        versioned = bool(other and models and which.model_versions(s, known))
        return (-any(re.search(rf"\b{re.escape(z)}\b", s.lower()) for z in sizes),
                -bool(counted and counted.search(s)),
                -ev.coverage(asked_keys, s) if asked_keys else 0,
                # (a name the question lacks answers "which model" before more of the
                # title's words do)
                -(other and asked_keys != keys), -ev.coverage(keys, s), -other - versioned,
                -ev.coverage(words, s), s not in chosen, rank.get(s, len(order)))
    best = sorted(order, key=key)
    return ev.answer_sentences(part, best, limit=2, keys=asked_keys or keys) if best else []


def _by_part(question: str, parts: list[str], e: ev.Evidence, order: list[str],
             quals: list[str], max_words: int) -> list[str]:
    lead: list[str] = []
    owned = own_names(e.paper)
    names = " ".join(owned)
    own, known = {stem(w) for w in content_words(names)}, f"{question} {names}"
    title = frozenset(stem(w) for w in content_words(e.paper.title))
    answers: dict[str, list[str]] = {}  # sentence -> the parts it answers
    for part in parts:
        spelled = expansion(part, f"{e.paper.title}. {e.paper.abstract}")
        if spelled:
            lead.append(f"{spelled[0]} stands for {spelled[1]}.")
            continue
        heads = asked.measures(part)
        # the part's words first: "how long were the training sequences, and by how much
        # did it cut ATE on KITTI" is "trained on sequences of 128 frames" for the first part,
        # not the sentence with the second's words and "sequences of up to 19k frames"
        keys = ev.keywords(part)
        # a part's own named side ("what p-scores did gpt-5 get") qualifies its number
        # (a qualifier another part names is that part's: "what FPR on TravelPlanner, and by
        # how much does it beat DeepTravel" asks a margin the abstract says without the benchmark)
        others = [o for o in parts if o != part]
        mine = [q for q in quals if whole_word(q, ignore_case=True).search(part)
                or not any(whole_word(q, ignore_case=True).search(o) for o in others)]
        mine += [q for q in targets.qualifiers(part, e.paper.abstract, owned) if q not in mine]
        picks = [b for h in heads if (b := _stating(h, order, mine, keys, ev.keywords(question),
                                                   changes=bool(ASKS_CHANGE.search(part))))]
        for s in picks or part_sentences(part, order, e.sentences, own, known, title, frozenset(answers)):
            answers.setdefault(s, []).append(part)
    out = lead
    for s in (s for s in order if s in answers):  # the abstract's order
        asks = answers[s]
        share = max(MIN_SHARE, max_words * len(asks) // len(parts))
        out += excerpt.cut(" and ".join(asks), [s], share, known=known)
    return out
