"""A comparison's papers (:func:`comparison_papers`) and its lines on an asked dimension
("how do X and Y differ in how they keep long generations consistent?"): what the question
asks of each paper, and each paper's answer from its own abstract, one line each, cut to
the clause that answers.

Read by :mod:`paperqa_lite.answer` when :func:`asks_dimension` holds; a bare "compare X
and Y" gets the table of :mod:`paperqa_lite.answer_markdown` instead. Nothing here calls a
model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import asked
from . import evidence as ev
from . import excerpt
from . import which
from .answer_markdown import label
from .names import title_method
from .notstated import NAME_WORDS, own_names
from .parts import question_parts
from .quantities import quantities
from .route import DESCRIBED_PAPER
from .sentences import BACKGROUND, CONTRIBUTION, NAME, NUMBER, stem


def dimension(question: str, chosen: list[ev.Evidence], own_names) -> set[str]:
    """Stems of what a comparison is asked on ("in how they keep generations consistent"),
    without the papers' names and the words of comparing: empty for a bare "compare X and Y"."""
    # a name is a few words ("Diagonal Distillation"); a long title head without a colon
    # is a description whose words ("Natural Language Feedback") may be the dimension
    names = {w.lower() for e in chosen for n in [*own_names(e.paper), *title_method(e.paper)]
             if len(n.split()) <= NAME_WORDS for w in re.findall(r"[\w\-]+", n)}
    # ... and a title's words capitalised as a name ("Dynamic Chunking DiT" of "Dynamic
    # Chunking Diffusion Transformer")
    titled = {w.lower() for e in chosen for w in re.findall(r"[\w\-]+", e.paper.title)}

    def on(text: str) -> set[str]:
        words = [w for w in re.findall(r"[A-Za-z][\w\-]*", text) if not NAME.fullmatch(w) and w.lower() not in names
                 and not (w[0].isupper() and w.lower() in titled)]
        # "what they ask a model to report": what is reported is asked (not "what they report")
        kept = {stem("report")} if re.search(r"\bto\s+report\b", text, re.IGNORECASE) else set()
        return ev.keywords(" ".join(words)) - ({stem(w) for w in DIMENSIONLESS} - kept)
    # what both share, asked nothing more of ("both go beyond scalar rewards - how do they
    # differ?"), is a bare comparison; asked more ("both turn a signal into a reward: what
    # signal does each use?"), it says where to look
    # ... nor what describes a paper the question does not name ("the metacognitive
    # monitoring paper")
    question = DESCRIBED_AFTER.sub(" ", DESCRIBED_PAPER.sub(" ", BEYOND.sub(" ", question)))
    # (asked only the table's rows, "how do their approaches and conclusions differ", it is
    # bare too)
    more = on(COMMON_GROUND.sub(" ", question))
    return on(question) if more and not more <= TABLE_ROWS else set()


# ... or after the word "paper": "the paper on metacognitive monitoring of internal
# activations differ in ...", up to the question's verb or punctuation
DESCRIBED_AFTER = re.compile(r"\bthe\s+(?:paper|study|work|article)\s+(?:on|about|into)\s+(?:[\w'-]+\s+){0,8}?[\w'-]+"
                             r"(?=\s*[,:;?.]|\s+(?:differ|compare|both|each|do|does|did|vs\.?|versus|and)\b)",
                             re.IGNORECASE)
# What the two papers share, said before the question ("X and Y both go beyond scalar
# rewards - how do they differ?"): common ground, not what they are compared on
COMMON_GROUND = re.compile(r"\bboth\s+[^?.;:\u2014\u2013]*?(?=\s*(?:[.;:\u2014\u2013]|\s-\s|\.\.\.|"
                           r",?\s*\b(?:so\s+|but\s+)?(?:how|what|which|where|why|in what)\b))", re.IGNORECASE)
# "what feedback does each use beyond scalar rewards": what the question sets aside is no
# dimension (a sentence saying "scalar rewards" is the background both leave)
BEYOND = re.compile(r"\b(?:beyond|other than|besides|apart from|except(?:\s+for)?)\s+[^,;:?]*?"
                    r"(?=\s+(?:to|for|in|that|which|when|while)\b|\s*[,;:?]|\s*$)", re.IGNORECASE)
# a coined name written in mixed case ("SCoRe", "ThinkTuning", "GPT-4o"): no word of English
MIXED_CASE = re.compile(r"(?<![\w-])(?=[\w.\-]*[a-z])[A-Za-z0-9][\w.\-]*?[a-z0-9.\-][A-Z][\w.\-]*")
# Words of a comparison question that name no dimension ("compare", "report", "versus",
# "more": in "which tests more models" the models are the dimension).
DIMENSIONLESS = frozenset("""compare compared comparing comparison differ differs difference
differences versus contrast similar similarity similarities report reports reported they them
their its each one other way ways more fewer less bigger larger smaller
where come comes came better""".split())  # "where does each one's signal come from": the signal
# "how do they differ in performance": a result is asked though no result verb is said
RESULT_ASKED = re.compile(r"\b(?:perform\w*|results?|accura\w*|scores?|effective\w*|better|worse|beat\w*|"
                          r"wins?|gains?|find\w*|shows?|conclu\w*)\b", re.IGNORECASE)
# A sentence reporting a result ("CRew outperforms ...", "experiments show"), not one
# saying what a part is for ("providing signals to improve its generation module")
REPORTS_RESULT = re.compile(r"\b(?:outperform\w*|surpass\w*|state-of-the-art|achiev\w*|beats?|"
                            r"(?:experiments?|results?|evaluations?)\s+(?:show|demonstrate|indicate|reveal)\w*|"
                            r"we\s+(?:show|demonstrate|find)\b)", re.IGNORECASE)
_DATA_WORDS = "data dataset datasets corpus corpora".split()
DATA = frozenset(stem(w) for w in _DATA_WORDS)
# Kinds of work: "compare the EgoLife and EgoMe datasets" is a bare comparison of two
# datasets (the table's data row gives their sizes), not one on a "dataset" dimension.
KINDS = frozenset(stem(w) for w in "dataset datasets benchmark benchmarks framework frameworks".split())
# ... and "how do their approaches and conclusions differ" asks the table's own rows
# (approach, data, result), not a dimension beside them
TABLE_ROWS = KINDS | frozenset(stem(w) for w in """approach approaches method methods conclusion conclusions
finding findings result results""".split())


def asks_dimension(question: str, chosen: list[ev.Evidence]) -> bool:
    """Whether a comparison is asked on a dimension, not bare ("compare X and Y", "compare
    the X and Y datasets"); "which is bigger" is asked on their sizes."""
    # "which benchmark is bigger", "which tests more models": each side's count, one line
    # each, not the approach / data / result table
    return bool(dimension(question, chosen, own_names) - KINDS or MORE_OF.search(question)
                or asked.BIGGER.search(question))


# "max", "bigger", "highest": the question asks for each side's headline figure
EXTREME = re.compile(r"\b(?:max(?:imum)?|biggest|largest|highest|best|peak|bigger|larger|higher|greater|most)\b",
                     re.IGNORECASE)
# (not "how large language models decide ...": the size is asked of a subject, then a verb or the end)
HOW_BIG = re.compile(r"\bhow\s+(?:big|large|small)\b(?=\s+(?:is|are|was|were)\b|\s*[?,;]|\s*$)", re.IGNORECASE)
MORE_OF = re.compile(r"\b(?:more|fewer|less|number of|how many)\s+([A-Za-z\-]+s(?:/[A-Za-z\-]+s)*)\b", re.IGNORECASE)
# Measures any number may give: a dataset's size is its hours, pairs or entries
MAGNITUDES = frozenset({"size", "number", "count"})
# "what does each propose to close the gap" (or "contribute to improve models"): a remedy,
# which an abstract states after the problem it shows (often its own benchmark): the paper's
# last proposal ("To tackle these issues, we propose EgoNCE++"), not its first ("we
# introduce a benchmark called ...")
REMEDY_ASKED = re.compile(r"\bto\s+(?:close|fix|address|bridge|solve|overcome|mitigate|remedy|tackle|narrow|"
                          r"improve|enhance|boost)\b|"
                          r"\bhow (?:do|does|did) (?:[\w\-]+\s+){0,3}(?:fix|address|close|bridge|solve|overcome|"
                          r"mitigate|tackle)\b", re.IGNORECASE)
PROPOSAL = re.compile(r"\b[Ww]e\s+(?:further\s+|also\s+|then\s+)?(?:propose|present|introduce|develop|design)\b")
# "how they score model outputs", "what each is used to rate": a measure's word as a verb
# asks how, not for a number
AS_VERB = re.compile(r"\b(?:they|it|we|each(?:\s+one)?|to)\s+(?:score|rate|count|measure|cost)\b", re.IGNORECASE)
# A per-paper line on a dimension adds the runner-up sentence, cut to SECOND_WORDS, when its
# fit (``_picker``'s score: the dimension's share of words plus cues of 0.1-0.5) is within
# UNSURE of the pick's: the words cannot tell which answers, so both are shown, not a guess.
# Fitted on the read sets' comparisons (sixteenth session, docs/quality.md): 0.1-0.4 all
# gained 8-11 of 158 lines and lost none; 0.3 kept, the half of a cue's largest weight.
UNSURE, SECOND_WORDS = 0.3, 15
# a model's size is its parameter count: "2B", "4B-parameter", "135M"
PARAMETERS = re.compile(r"(?<![\w.\-])\d+(?:\.\d+)?[BM](?![\w])")


def on_dimension(question: str, chosen: list[ev.Evidence], words: int) -> Iterator[str]:
    """Each paper's answer on the asked dimension, from its own abstract, one line each; a
    question asking two things ("which one needs no training, and what model is each tested
    on?") gets a clause for each."""
    asks = question_parts(question)[:3]
    # (each of several parts asks its own thing: the ground both share, said before them,
    # would outweigh "whether they need training" in the first)
    asks = [_own_ask(part) for part in asks] if len(asks) >= 2 else [question]
    # (three parts share two parts' words: a line stays within two cells)
    words = words if len(asks) <= 2 else max(SECOND_WORDS, words * 2 // len(asks))
    pickers = [_picker(part, chosen) for part in asks]  # what each part asks, read once
    for i, e in enumerate(chosen, 1):
        # one sentence per part; a question asking one thing gets the runner-up too when
        # the pick is unsure (:data:`UNSURE`), cut shorter
        picks = [pick(e) for pick in pickers]
        picked = ([(asks[0], s, n) for s, n in zip(picks[0], (words, SECOND_WORDS))] if len(asks) == 1 else
                  [(part, ranked[0], words) for part, ranked in zip(asks, picks)])
        first: dict[str, tuple[str, int]] = {}  # sentence -> (part, words), the first part picking it
        for part, s, n in picked:
            first.setdefault(s, (part, n))
        # (cut by what is asked, not by the ground both share: "both avoid trained reward
        # models... which benchmarks": "training with SSR ..." is no answer's start)
        cuts = [excerpt.cut(_as_count(COMMON_GROUND.sub(" ", part)), [s], n, hard=True)[0]
                for s, (part, n) in first.items()]
        # (one ellipsis between two cut pieces, not "… … …")
        cuts = [c.removesuffix(" …") for c in cuts[:-1]] + cuts[-1:]
        line = " … ".join([cuts[0], *(c.removeprefix("… ") for c in cuts[1:])])
        yield f"{'' if i == 1 else chr(10)}- **{label(question, e, chosen)}** [{i}]: {line}"


def _own_ask(part: str) -> str:
    """The part without the ground both papers share, when it asks something besides."""
    rest = COMMON_GROUND.sub(" ", part)
    return rest if ev.keywords(rest) - {stem(w) for w in DIMENSIONLESS} else part


def _as_count(part: str) -> str:
    """"which evaluates more models" cut as the count it asks ("... how many models"), so
    the clause kept is the one counting them."""
    more = MORE_OF.search(part)
    return f"{part} how many {more.group(1)}" if more and not asked.measures(part) else part


def _picker(question: str, chosen: list[ev.Evidence]) -> Callable[[ev.Evidence], list[str]]:
    """What the question asks on its dimension, as a function giving each paper's sentence
    answering it, and the runner-up when it fits the dimension within :data:`UNSURE`."""
    # the dimension's words, not the papers' names: a name would pick the sentence that
    # names the paper, not the one answering on the dimension
    asked_on = dimension(question, chosen, own_names)
    keys = asked_on or ev.keywords(question)
    # the dimension's words in a row ("what feedback sources"): a sentence saying them so
    # ("two complementary feedback sources: (i) ...") names the asked thing itself
    # (not a title's words, which describe a paper: "the GRADE ... image editing benchmark")
    stems = _stems_in_order(question)
    titles = [set(_stems_in_order(e.paper.title)) for e in chosen]
    pairs = {(a, b) for a, b in zip(stems, stems[1:])
             if a in keys and b in keys and not any({a, b} <= t for t in titles)}
    # what the question asks, read without coined names: "SCoRe" asks no score
    question = MIXED_CASE.sub(" ", question)
    # "in size and purpose": a measure noun asks for a number too, and so does data: its
    # size is what a reader compares ("330K pairs", "CoCo-10K"), as in the table's data row
    as_nouns = AS_VERB.sub(" ", question)  # (a measure's word as a verb asks no number)
    numeric = (asked.asks_number(question) or any(k in asked.SHARE for k in keys)
               or bool(asked.MEASURE_NOUN.search(as_nouns)) or bool(keys & DATA))
    # "the bigger speedup": a number counts when it measures the named measure (not "20s")
    # ("the max speedups": its plural too)
    measure = next((stem(n.lower()) for n in asked.MEASURE_NOUNS.findall(as_nouns) if n.islower()), "")
    measure = "" if measure in MAGNITUDES else measure  # "in size": 300 hours or 7,902 pairs
    counted = MORE_OF.search(question)  # "which has more tasks": each side's count of tasks
    # "which benchmark is bigger?": each side's largest count, as for "more items"
    # ("how big is each benchmark": its size, asked of each side)
    sized = bool(not counted and not measure and (asked.BIGGER.search(question) or HOW_BIG.search(question))
                 and re.search(r"\b(?:bigger|larger|smaller|big|large|small)\b", question, re.IGNORECASE))
    # "by number of scenarios/tasks": either noun, whichever each paper counts
    nouns = [stem(n.lower()) for n in counted.group(1).split("/")] if counted else []
    if sized:  # "which benchmark is bigger": each side's count decides, not "benchmark"
        # (nor, when nothing else is asked, the question's names: the fallback above)
        keys = asked_on - KINDS
    numeric = numeric or bool(counted) or sized or bool(measure)  # "which evaluated more LLMs" asks counts
    # "compare the max speedups", "which gives the bigger speedup": each side's headline
    # figure of the measure, not the first sentence stating one ("1.71x even at 4K")
    extreme = bool(measure and EXTREME.search(question))
    # "what does each use as the reward": a dimension of the approach, which a result
    # sentence ("CRew outperforms existing ... reward approaches") shares words with but
    # does not answer ("which benchmarks does each evaluate on" asks names, which result
    # sentences hold)
    approach = (not numeric and not ev.OUTCOME.search(question) and not RESULT_ASKED.search(question)
                and not which.asks_name(question))
    # "what does each use as the reward": the sentence giving each paper's one in that role
    in_role = which.in_role(question)
    # "what model sizes are they": each side's parameter counts, which a sentence rarely
    # words as "model size" ("compact (e.g., 2B and 8B) VLMs")
    params = bool(asked.MODEL_SIZE.search(question))
    remedy = bool(REMEDY_ASKED.search(question))

    def pick(e: ev.Evidence) -> list[str]:
        # the retrieved sentences (ranked by meaning: "a feedback loop where the model's own
        # understanding module acts as an evaluator" answers where a reward comes from), and
        # of the rest of the abstract those saying more of the dimension, or the thing in the
        # asked role ("utilizes token-level confidence ... as a proxy for reward"), which a
        # question naming both papers often does not retrieve
        said = max((ev.coverage(keys, s) for s in e.sentences), default=0.0)
        abstract = ev.clean_sentences(e.paper.abstract)
        pool = e.sentences + [s for s in abstract if s not in e.sentences
                              and (ev.coverage(keys, s) > said or in_role and in_role.search(s)
                                   or params and PARAMETERS.search(s))]
        proposals = [s for s in abstract if PROPOSAL.search(s)] if remedy else []
        if proposals and proposals[-1] not in pool:
            pool.append(proposals[-1])
        pool = pool or [e.paper.title]
        names = [n for n in own_names(e.paper) if n]
        # "more items" of a paper counting "2,195 data entries": when no number of the paper
        # measures the asked noun, its numbers are what it gives
        mine = next((m for m in ([measure] if measure else nouns) if asked.stating(m, pool)), "")
        largest = max(map(_largest, pool), default=0.0)
        figures = {s: _of_measure(s, mine) for s in pool} if extreme and mine else {}
        top = max(figures.values(), default=0.0)

        def fit(s: str) -> float:
            # the paper's own statement ("we ...", or naming it) over its background
            own = CONTRIBUTION.search(s) or any(n in s for n in names)
            if (counted or sized) and not mine:
                # "more items" of a paper counting other nouns: its largest count is its
                # size ("2,195 data entries", not "nine advanced LLMs" evaluated on it)
                count = _largest(s)
                stated = 0.9 if largest and count == largest else 0.4 if count else 0.0
            else:
                stated = 0.5 if (asked.stating(mine, [s]) if mine else NUMBER.search(s)) else 0.0
                stated += 0.5 if params and PARAMETERS.search(s) else 0.0
                stated += 0.2 if top and figures[s] == top else 0.0
            return (ev.coverage(keys, _as_data(s)) + (stated if numeric else 0.0)
                    + (0.3 if own else 0.0) - (0.5 if BACKGROUND.match(s) else 0.0)
                    - (0.2 if approach and REPORTS_RESULT.search(s) else 0.0)
                    + (0.1 if in_role and in_role.search(s) else 0.0)
                    + (0.3 if own and pairs and _says_pair(s, pairs) else 0.0)
                    + (0.5 if proposals and s == proposals[-1] and len(proposals) > 1 else 0.0))

        def counts(s: str) -> bool:
            # "which tests more models": a sentence counting the models comes first,
            # whatever words of the question another says ("penetration testing")
            return bool(counted and mine and asked.stating(mine, [s]))
        score: dict[str, tuple[bool, float, int]] = {}
        for i, s in enumerate(pool):  # (a sentence the abstract repeats ranks where it first stands)
            score.setdefault(s, (counts(s), fit(s), -i))
        ranked = sorted(pool, key=score.__getitem__, reverse=True)
        # (not when the largest figure decides: "the max speedups" has one answer)
        # (not when neither says a word of the dimension: a second sentence is then no second
        # candidate, only more text; nor a runner-up no cue fits)
        worded = any(ev.coverage(keys, s) > 0 for s in ranked[:2])
        if len(ranked) < 2 or top or not worded:
            return ranked[:1]
        (counted_0, fit_0, _), (counted_1, fit_1, _) = score[ranked[0]], score[ranked[1]]
        return ranked[:2] if counted_1 == counted_0 and 0 < fit_1 >= fit_0 - UNSURE else ranked[:1]
    return pick


def _as_data(sentence: str) -> str:
    """The sentence with a dataset or corpus said as data too: "does either provide training
    data" is answered by "an instruction-tuning dataset"."""
    return DATASET_WORD.sub(lambda m: f"{m.group(0)} data", sentence)


# (the words of :data:`DATA` but "data" itself)
DATASET_WORD = re.compile(rf"\b(?:{'|'.join(w for w in _DATA_WORDS if w != 'data')})\b", re.IGNORECASE)


def _stems_in_order(text: str) -> list[str]:
    return [stem(w.lower()) for w in re.findall(r"[A-Za-z][\w\-]*", text)]


def _says_pair(sentence: str, pairs: set[tuple[str, str]]) -> bool:
    stems = _stems_in_order(sentence)
    return any(pair in pairs for pair in zip(stems, stems[1:]))


def _of_measure(sentence: str, measure: str) -> float:
    """The largest figure a sentence gives of ``measure`` in the clauses stating it: a
    ratio ("27.78x"), a percentage or a count of it; 0 when it gives none."""
    return max((q.value for c in asked.stating(measure, [sentence]) for q in quantities(c)
                if q.counts in (("x", ""), ("%", "")) or (q.counts and q.counts[1] == measure)),
               default=0.0)


def _largest(sentence: str) -> float:
    """The largest count a sentence gives, in digits ("2,195", "10M") or words ("eighteen");
    0 when it gives none (:func:`quantities.quantities` reads them). A percentage, a ratio
    ("7x"), a hyphened size ("4-turn"), a parameter count ("405B") or a year ("in 2024",
    counting nothing) is no count."""
    # (nor a parameter count, "Llama 3.1 405B": the size of a model the paper uses)
    return max((q.value for q in quantities(sentence)
                if q.counts not in (("%", ""), ("x", "")) and "-" not in q.text
                and not re.fullmatch(r"[\d.,]+\s*B", q.text)
                and not (q.counts is None and asked.YEAR.fullmatch(q.text))),
               default=0.0)


def comparison_papers(evidence: list[ev.Evidence], named: list, question: str, floor: float) -> list[ev.Evidence]:
    """The papers a comparison compares: the named ones; a named one and the paper a
    description of the other side describes ("the RL-vs-distillation study"); else up to
    four scoring at least ``floor``."""
    named_ids = [p.id for p in named]
    by_id = {e.paper.id: e for e in evidence}
    if len(named_ids) >= 2:
        return [by_id[i] for i in named_ids if i in by_id]
    ranked = sorted(evidence, key=lambda e: -e.score)
    if named_ids and named_ids[0] in by_id:  # "X and <a paper not resolved by name>": one other
        others = [e for e in ranked if e.paper.id != named_ids[0]]
        # "the RL-vs-distillation study": the paper its description's words describe, before
        # the one closest to the whole question (which shares the topic both papers study)
        # (not the named one's, which names it: "the Looking Inward introspection paper")
        first = by_id[named_ids[0]].paper
        own = [n.lower() for n in (ev.short_name(first), first.title.split(":")[0]) if n]
        keys = next((ev.keywords(m.group(1).replace("-", " ")) for m in DESCRIBED_PAPER.finditer(question)
                     if not any(n in m.group(0).lower() for n in own)), set())
        said = {e.paper.id: ev.coverage(keys, f"{e.paper.title} {e.paper.abstract}", parts=True) for e in others}
        if keys and max(said.values(), default=0.0) > 0:
            others.sort(key=lambda e: -said[e.paper.id])  # (stable: ties keep the score's order)
        return [by_id[named_ids[0]], *others[:1]]
    return [e for e in ranked if e.score >= floor][:4] or ranked[:2]
