"""The Markdown of an answer that code builds: an aggregate's list (which papers match,
and each one's reason), a comparison's table or its lines on an asked dimension.

Every cell and line is a sentence (or a clipped one) of a paper's own abstract, chosen
by :mod:`paperqa_lite.evidence`; nothing here calls a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import asked
from . import evidence as ev
from . import excerpt
from . import which
from .clauses import clauses
from .listnames import KIND, has_name, name_at
from .names import NameIndex, title_method
from .notstated import NAME_WORDS, named_as, own_names
from .parts import question_parts
from .quantities import quantities
from .route import DESCRIBED_PAPER
from .sentences import BACKGROUND, CONTRIBUTION, NAME, NUMBER, stem, whole_word
from .topics import says_term, terms, topic, topic_said

CELL_WORDS = 30  # a table cell or fallback clause longer than this is clipped


def clip(text: str, words: int = CELL_WORDS) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


def label(question: str, e: ev.Evidence, chosen: list[ev.Evidence]) -> str:
    """The name a line gives a paper: the one the question calls it by ("Compare LMA3 and
    OMNI": a name its abstract coins, which its title may not hold), else its short name.
    A name of the question counts when it is one of the paper's own names, or a coined name
    its text has and no other listed paper's has (not "GPT-4o" that several evaluate)."""
    name = named_as(question, e.paper)
    if name:
        return name

    def has(paper, tok: str) -> bool:
        return bool(whole_word(tok).search(f"{paper.title} {paper.abstract}"))
    for tok in NAME.findall(question):
        if KIND.fullmatch(tok):  # "LLMs" names a kind of model, not the paper
            continue
        if has(e.paper, tok) and not any(has(o.paper, tok) for o in chosen if o.paper.id != e.paper.id):
            return tok
    return display_name(e.paper)


def display_name(paper) -> str:
    """A paper as a list line or table row names it: its short name, the whole title when
    that is eight words or fewer (a cut "Frontier Models are Capable of In-context…" loses
    its subject), and beside a title phrase ("Trust Your Critic") the name the paper coins
    for its method ("FIRM"), which is what readers will meet elsewhere."""
    name = ev.short_name(paper)
    if name.endswith("…") and len(paper.title.split()) <= 8:
        return paper.title
    coined = [a for a, plain in NameIndex.aliases(paper) if not plain and a.lower() not in name.lower()]
    if coined and not NAME.search(name):
        return f"{name} ({min(coined, key=len)})"
    return name


def paper_list(chosen: list[ev.Evidence], reasons: list[str]) -> Iterator[str]:
    """'N papers of the week match:' and one line per paper, each with its citation and
    its reason (the caller cuts it to the clause that matches)."""
    noun = "paper of the week matches" if len(chosen) == 1 else "papers of the week match"
    yield f"{len(chosen)} {noun}:\n"
    for i, (e, reason) in enumerate(zip(chosen, reasons), 1):
        yield f"\n- **{display_name(e.paper)}** [{i}]: {reason}"


def comparison_table(rows: list[tuple[ev.Evidence, dict[str, str]]], question: str = "") -> Iterator[str]:
    """A table with a row per paper and a column per field of :func:`evidence.comparison_fields`."""
    cols = list(rows[0][1]) if rows else []
    yield "| Paper | " + " | ".join(c.capitalize() for c in cols) + " |\n"
    yield "|" + " --- |" * (len(cols) + 1) + "\n"
    for i, (e, f) in enumerate(rows, 1):
        cells = [clip(f[c]).replace("|", "/") for c in cols]
        yield f"| {label(question, e, [r[0] for r in rows])} [{i}] | " + " | ".join(cells) + " |\n"


# "Which paper proposes a new tokenizer for low-resource languages?": a question that picks
# one paper out by a description (not "which papers": those are lists)
ONE_PAPER = re.compile(r"^\s*(?:which|what)\s+(?:(?!(?:papers|works|studies|articles)\b)\w+\s+)?"
                       r"(?:paper|work|study|article)\b(?!s)", re.IGNORECASE)


def describes(question: str, e: ev.Evidence) -> bool:
    """Whether a paper fits the description a "which paper ..." question gives (its first
    asked part): its title and abstract hold every keyword of it, or all but one when there
    are more than three (one may be paraphrased). A rule of reading, not fitted on a week:
    the description picks one paper out, so a paper lacking a described property is not
    it, however close its topic ("tokens" of an attention paper are not a tokenizer for
    low-resource languages)."""
    keys = ev.keywords(question_parts(question)[0])
    text = " ".join([e.paper.title, *ev.clean_sentences(e.paper.abstract)])
    missing = len(keys) - round(ev.coverage(keys, text) * len(keys))
    return missing <= (1 if len(keys) > 3 else 0)


def reason(question: str, e: ev.Evidence, words: int) -> str:
    """An aggregate line's reason, cut to its answering clause: the closest sentence naming
    an asked name; else the closest of the paper's own sentences saying an asked term; else,
    of the three closest to the question, the first saying what the paper does; else the
    closest saying the term."""
    top = e.sentences[:3]
    if not top:
        return e.paper.title
    # "which papers involve GPT-4o": the sentence naming it (or saying the asked term) is the reason
    own = [s for s in e.sentences if has_name(question, s)]
    if own:  # the clause naming it ("...; for instance, Claude Sonnet 4.5 can control ...")
        own = [c for c in clauses(own[0]) if has_name(question, c)] or own
        line = excerpt.cut(question, own[:1], words, hard=True)[0]
        # a long list of models cut before the asked one: the words around it instead
        return excerpt.as_sentence(line if has_name(question, line) else _around(question, own[0], words))
    else:
        asked_terms = terms(question)
        termed = [s for s in e.sentences if any(says_term(s, t) for t in asked_terms)]
        # the paper's own sentences saying the term, from its first "we propose ..." on;
        # not the background before it ("RL has emerged as a paradigm for image editing")
        order = ev.clean_sentences(e.paper.abstract)
        ours = set(ev.own_sentences(order))
        # ... or the whole topic in other words ("a real robotic system" for "a physical robot")
        keys = topic(question)
        whole = [s for s in e.sentences if keys and topic_said(question, s) >= keys]
        # ... else what the paper does: the closest "we propose", or its first one (not the
        # background that shares some of the topic's words: "Diffusion Transformers process
        # images ..."; one saying all of it, "models might ... evade ... oversight", is the reason)
        first = [s for s in order if s in ours and CONTRIBUTION.search(s)][:1]
        own = ([s for s in termed if s in ours] or [s for s in whole if s in ours]
               or [s for s in top if CONTRIBUTION.search(s)] or whole or first or termed or top)
    line = excerpt.cut(question, own[:1], words, hard=True)[0]
    if len(line.split()) < 6 < len(own[0].split()):  # "We present IndexCache.": says nothing
        tokens = own[0].split()
        line = " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")
    return excerpt.as_sentence(line)


def _around(question: str, text: str, words: int) -> str:
    """``words`` words of ``text`` ending two words after the asked name it writes ("… evaluate
    7 models: GPT-4o, Claude 3 Opus, Claude 3.5 Sonnet, Mixtral 8x22b")."""
    at = name_at(question, text)
    if at is None:
        return text
    tokens = text.split()
    end = len(text[:at].split()) + 3
    start = max(0, end - words)
    return ("… " if start else "") + " ".join(tokens[start:end]).rstrip(",;:") + (" …" if end < len(tokens) else "")


def dimension(question: str, chosen: list[ev.Evidence], own_names) -> set[str]:
    """Stems of what a comparison is asked on ("in how they keep generations consistent"),
    without the papers' names and the words of comparing: empty for a bare "compare X and Y"."""
    # a name is a few words ("Diagonal Distillation"); a long title head without a colon
    # is a description whose words ("Natural Language Feedback") may be the dimension
    names = {w.lower() for e in chosen for n in [*own_names(e.paper), *title_method(e.paper)]
             if len(n.split()) <= NAME_WORDS for w in re.findall(r"[\w\-]+", n)}

    def on(text: str) -> set[str]:
        words = [w for w in re.findall(r"[A-Za-z][\w\-]*", text) if not NAME.fullmatch(w) and w.lower() not in names]
        # "what they ask a model to report": what is reported is asked (not "what they report")
        kept = {stem("report")} if re.search(r"\bto\s+report\b", text, re.IGNORECASE) else set()
        return ev.keywords(" ".join(words)) - ({stem(w) for w in DIMENSIONLESS} - kept)
    # what both share, asked nothing more of ("both go beyond scalar rewards - how do they
    # differ?"), is a bare comparison; asked more ("both turn a signal into a reward: what
    # signal does each use?"), it says where to look
    # ... nor what describes a paper the question does not name ("the metacognitive
    # monitoring paper")
    question = DESCRIBED_PAPER.sub(" ", BEYOND.sub(" ", question))
    # (asked only the table's rows, "how do their approaches and conclusions differ", it is
    # bare too)
    more = on(COMMON_GROUND.sub(" ", question))
    return on(question) if more and not more <= TABLE_ROWS else set()


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
DATA = frozenset(stem(w) for w in "data dataset datasets corpus corpora".split())
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
MORE_OF = re.compile(r"\b(?:more|fewer|less|number of|how many)\s+([A-Za-z\-]+s(?:/[A-Za-z\-]+s)*)\b", re.IGNORECASE)
# Measures any number may give: a dataset's size is its hours, pairs or entries
MAGNITUDES = frozenset({"size", "number", "count"})
# "what does each propose to close the gap": a remedy, which an abstract states after the
# problem it shows (often its own benchmark): the paper's last proposal ("To tackle these
# issues, we propose EgoNCE++"), not its first ("we introduce a benchmark called ...")
REMEDY_ASKED = re.compile(r"\bto\s+(?:close|fix|address|bridge|solve|overcome|mitigate|remedy|tackle|narrow)\b|"
                          r"\bhow (?:do|does|did) (?:[\w\-]+\s+){0,3}(?:fix|address|close|bridge|solve|overcome|"
                          r"mitigate|tackle)\b", re.IGNORECASE)
PROPOSAL = re.compile(r"\b[Ww]e\s+(?:further\s+|also\s+|then\s+)?(?:propose|present|introduce|develop|design)\b")
# a model's size is its parameter count: "2B", "4B-parameter", "135M"
PARAMETERS = re.compile(r"(?<![\w.\-])\d+(?:\.\d+)?[BM](?![\w])")


def on_dimension(question: str, chosen: list[ev.Evidence], words: int) -> Iterator[str]:
    """Each paper's answer on the asked dimension, from its own abstract, one line each; a
    question asking two things ("which one needs no training, and what model is each tested
    on?") gets a clause for each."""
    asks = question_parts(question)[:2]
    asks = asks if len(asks) == 2 else [question]
    pickers = [_picker(part, chosen) for part in asks]  # what each part asks, read once
    for i, e in enumerate(chosen, 1):
        picked = dict.fromkeys(pick(e) for pick in pickers)
        # (cut by what is asked, not by the ground both share: "both avoid trained reward
        # models... which benchmarks": "training with SSR ..." is no answer's start)
        line = " … ".join(excerpt.cut(_as_count(COMMON_GROUND.sub(" ", part)), [s], words, hard=True)[0]
                          for part, s in zip(asks, picked))
        yield f"{'' if i == 1 else chr(10)}- **{label(question, e, chosen)}** [{i}]: {line}"


def _as_count(part: str) -> str:
    """"which evaluates more models" cut as the count it asks ("... how many models"), so
    the clause kept is the one counting them."""
    more = MORE_OF.search(part)
    return f"{part} how many {more.group(1)}" if more and not asked.measures(part) else part


def _picker(question: str, chosen: list[ev.Evidence]) -> Callable[[ev.Evidence], str]:
    """What the question asks on its dimension, as a function giving each paper's sentence
    answering it."""
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
    numeric = (asked.asks_number(question) or any(k in asked.SHARE for k in keys)
               or bool(asked.MEASURE_NOUN.search(question)) or bool(keys & DATA))
    # "the bigger speedup": a number counts when it measures the named measure (not "20s")
    # ("the max speedups": its plural too)
    measure = next((stem(n.lower()) for n in asked.MEASURE_NOUNS.findall(question) if n.islower()), "")
    measure = "" if measure in MAGNITUDES else measure  # "in size": 300 hours or 7,902 pairs
    counted = MORE_OF.search(question)  # "which has more tasks": each side's count of tasks
    # "which benchmark is bigger?": each side's largest count, as for "more items"
    sized = bool(not counted and not measure and asked.BIGGER.search(question)
                 and re.search(r"\b(?:bigger|larger|smaller)\b", question, re.IGNORECASE))
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

    def pick(e: ev.Evidence) -> str:
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
            return (ev.coverage(keys, s) + (stated if numeric else 0.0)
                    + (0.3 if own else 0.0) - (0.5 if BACKGROUND.match(s) else 0.0)
                    - (0.2 if approach and REPORTS_RESULT.search(s) else 0.0)
                    + (0.1 if in_role and in_role.search(s) else 0.0)
                    + (0.3 if own and pairs and _says_pair(s, pairs) else 0.0)
                    + (0.5 if proposals and s == proposals[-1] and len(proposals) > 1 else 0.0))

        def counts(s: str) -> bool:
            # "which tests more models": a sentence counting the models comes first,
            # whatever words of the question another says ("penetration testing")
            return bool(counted and mine and asked.stating(mine, [s]))
        return max(pool, key=lambda s: (counts(s), fit(s), -pool.index(s)))
    return pick


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
