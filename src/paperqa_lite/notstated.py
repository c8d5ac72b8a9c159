"""What a paper's abstract does not say, worked out by code (issue 11, point 1).

Each case gives the answer text or None:
- :func:`not_reported`: a quantity question ("how many GPUs ...", "what precision ...")
  whose paper has no number measuring the asked thing (:func:`asked.stating`); a
  neighbouring number (recall when precision is asked) does not count.
- :func:`paperqa_lite.unnamed.unnamed` (its own module): a "which LLM is X built on"
  question whose paper mentions the asked thing only as a kind ("a text-only LLM").
- :func:`misquoted`: a question stating a number the paper never writes ("how did SRPO
  reach 99.2% in only 20 RL steps?" of "in just 200 RL steps").
And :func:`absent_documents`: "the gemini 2.5 technical report", a document the question
names that is not in the collection (a paper that evaluates Gemini 2.5 is not its report).
A premise the abstract contradicts is :mod:`paperqa_lite.premise`'s.
The answer quotes the question (the asked thing in the user's words, never rephrased, so
never garbled) and then what the abstract does report, cut to its clause.
"""

from __future__ import annotations

import re

from . import asked
from . import evidence as ev
from . import excerpt
from . import targets
from .clauses import clauses
from .names import NameIndex, title_method
from .paper import Paper
from .parts import question_parts
from .quantities import unsaid_numbers
from .rivals import rival_compounds, rival_kinds, rival_subsets
from .sentences import NAME, STOP, stem, whole_word

REASON_WORDS = 20  # the "It reports" clause: as short as an aggregate line's reason
# "the <name> technical report / paper / study": a document the question refers to by name
DOC_REF = re.compile(r"\bthe\s+((?:[\w\-./]+\s+){1,5}?)(technical report|tech report|report|paper|"
                     r"study|article|preprint|model card|system card)\b", re.IGNORECASE)
# A model's own documents: "the X technical report / model card" is the model's, while
# "the PPO paper" or "the VLA benchmark paper" may mean a paper of the week about it
MODEL_DOCS = re.compile(r"report|card", re.IGNORECASE)
# Kinds of thing that go by proper names, so "which X" asks for a name and "a <adjective> X"
# does not give one (unlike "what paradigm": "a neurofeedback paradigm" is the answer).
# Plain English, not fitted to a week.
_KINDS = """llm lm model backbone gpu benchmark dataset encoder decoder tokenizer optimizer judge
baseline library agent mllm vlm lvlm lmm""".split()
# the stemmer leaves acronyms' plurals ("llms") alone, so both forms are kinds
NAMED_KINDS = frozenset(stem(w) for w in _KINDS) | frozenset(stem(w + "s") for w in _KINDS)
# "how many of its scenarios fall in the resource conflict (EP2) subcategory": a count of a
# part, which the whole's count ("700 scenarios") does not give. English, not fitted.
PART_OF = re.compile(r"\b(?:falls?|belongs?|are|is|were|was)\s+(?:in|into|under|within)\s+(?:the\s+|its\s+|their\s+)?"
                     r"([^?.;]+)", re.IGNORECASE)
PART_NOUN = re.compile(r"\b(?:sub)?(?:categor\w*|subsets?|splits?|groups?|class(?:es)?|types?|tiers?|"
                       r"partitions?|tracks?|levels?)\b", re.IGNORECASE)
# ... but "are in the benchmark" names the whole
WHOLES = frozenset(stem(w) for w in """benchmark dataset paper study suite collection corpus set total
work evaluation""".split())
# A paper coins a name it introduces: "we introduce the CoT-Control evaluation suite"
COINS = r"\b(?:introduc|propos|present|releas|develop|buil|creat|design|call|nam)\w*\s+(?:[\w-]+\s+){{0,2}}{}(?![\w-])"


# A name is a few words ("Diagonal Distillation"); a longer title head without a colon
# describes the paper ("Is PRM Necessary? Problem-Solving RL ..."), and its words may be
# what a question asks about (comparisons' dimensions, premises' words)
NAME_WORDS = 3


def own_names(paper: Paper) -> list[str]:
    """The names a paper goes by: short name, title head, the names it coins."""
    return [ev.short_name(paper), paper.title.split(":")[0], *(a for a, _ in NameIndex.aliases(paper))]


def named_as(question: str, paper: Paper) -> str | None:
    """The one of the paper's own names (:func:`own_names`, or the method its title ends
    with) the question writes, if any."""
    return next((n for n in [*own_names(paper), *title_method(paper)]
                 if n and whole_word(n).search(question)), None)


def name_in(question: str, paper: Paper) -> str:
    """The paper's name as the question writes it, else its short name."""
    names = [n for n in own_names(paper) if n]
    name = (next((n for n in names if whole_word(n).search(question)), None)  # as named_as
            or next((n for n in names if whole_word(n, ignore_case=True).search(question)), None))  # "flash-kmeans"
    text = f"{paper.title} {paper.abstract}"
    # a coined name the paper uses (not a kind written in capitals: "how many GPUs"), the
    # one it uses most ("why does GPT-5.2 outperform ExeVRM?" is about ExeVRM, not its rival)
    # ... and one it calls its own ("Our ExeVRM 8B", "we propose X"): "RLVR", which a paper
    # comparing RL with distillation studies, is not that paper's name
    used = {tok: len(whole_word(tok).findall(text)) for tok in re.findall(r"[A-Za-z][\w\-]*", question)
            if NAME.fullmatch(tok) and stem(tok.lower()) not in NAMED_KINDS
            and re.search(rf"\b[Oo]ur\s+{re.escape(tok)}\b|{COINS.format(re.escape(tok))}", text)}
    used = {tok: n for tok, n in used.items() if n}
    if name:
        # the longer name the paper coins around its short one: "the CoT-Control study" is
        # about CoT-Control, though the abstract's acronym "CoT" is also in the question
        longer = [tok for tok in used if name in tok and len(tok) > len(name)]
        return max(longer, key=used.get) if longer else name
    return max(used, key=used.get) if used else ev.short_name(paper)


MEASURED = re.compile(r"\d(?:[.,]\d+)?\s?(?:%|×|x\b|times\b|-fold\b|fold\b)")


def answer_text(question: str, paper: Paper, what: str, instead: str, pool: list[str],
                focus: str = "") -> str:
    """"X's abstract <what> ("<the question>") [1]. <instead>: <the pool's clause closest to
    the question>", cut to the part about ``focus`` when given (the words saying what the
    paper does without), else about the question."""
    keys = ev.keywords(question)
    text = f"{name_in(question, paper)}'s abstract {what} (\"{question.strip()}\") [1]."
    if pool:
        # (on a tie, a measured figure, "by 33× and over 200×", before a count of parts:
        # "two core kernel-level innovations: (1) FlashAssign ...")
        closest = max(pool, key=lambda c: (ev.coverage(keys, c), bool(MEASURED.search(c)), -pool.index(c)))
        text += f" {instead}: " + excerpt.as_sentence(
            excerpt.cut(focus or question, [closest], REASON_WORDS, hard=True)[0])
    return text


def not_reported(question: str, paper: Paper) -> str | None:
    """The answer for a quantity the abstract does not give; None when it gives it."""
    if not asked.measures(question):
        return None
    # "how many frames is it trained on, and by how much does it reduce ATE on KITTI": each
    # part asks its own quantity ("KITTI" qualifies the second; "the P-Score" a name asked
    # beside "how many scenarios"); one the abstract gives is answered, by the parts of the
    # factual answer
    names = own_names(paper)  # read once: each call scans the abstract for coined names
    parts = question_parts(question)
    pieces = [p for p in parts if asked.measures(p)]
    if len(parts) > 1 and any(_not_reported(p, paper, names) is None for p in pieces):
        return None
    return _not_reported(question, paper, names)


def _not_reported(question: str, paper: Paper, names: list[str]) -> str | None:
    # the paper's name typed as a word is no measure: "how big were score's gains" asks
    # SCoRe's gains
    asking = question
    for name in names:
        if name:
            asking = whole_word(name, ignore_case=True).sub("it", asking)
    heads = asked.measures(asking)
    if not heads:
        return None
    sentences = ev.clean_sentences(paper.abstract)
    quals = targets.qualifiers(question, paper.abstract, names)
    # a bare "score" on a benchmark the abstract gives numbers for is any of them ("what
    # scores does SRUM get on T2I-ReasonBench": "from 43.82 to 46.75"); with no benchmark
    # ("what score did the winning team get") it is a score, which must be said
    if any(targets.reports_on(q, sentences) for q in quals):
        heads = ["" if h == "score" else h for h in heads]
    text = f"{paper.title} {paper.abstract}"
    # "what FPR on 4-turn X" of an abstract reporting 2- and 3-turn FPR: not the asked one
    unsaid = asked.unsaid_modifiers(question, text) + unsaid_numbers(question, text)
    # "what P-Score did Claude Sonnet 4 get" of an abstract naming it without a score
    unsaid += [n for n in targets.scored(question, text, names) if not targets.reports_on(n, sentences)]
    stated = [c for h in heads for c in asked.stating(h, sentences, quals)]
    if heads == [""] and re.search(r"\bhow much\b", question, re.IGNORECASE) and ASKS_CHANGE.search(question):
        # "how much did fine-tuning improve X": an amount, which "we evaluate six MLLMs"
        # (a count of things) does not give
        stated = [c for c in stated if not _counts_only(c)]
    unsaid += rival_compounds(question, stated) + rival_kinds(question, stated, text)
    unsaid += rival_subsets(question, stated)
    unsaid += _event_elsewhere(asking, stated, sentences)
    unsaid += targets.absent_targets(question, text, names)
    # "how many LoRAs per layer": a count per unit, which a clause not naming the unit
    # ("only one or two LoRAs dominate the routing weights") does not give
    per = PER_UNIT.search(question)
    if per and stated and not any(stem(per.group(1).lower()) in ev.word_stems(c)[0] for c in stated):
        unsaid.append(per.group(0))
    part = _part_asked(question, names)
    if part and stated and not any(ev.coverage(part, c) >= 0.5 for c in stated):
        unsaid.append(" ".join(sorted(part)))
    size = _size_asked(question, names)
    if size and stated and not any(_sized(size, c) for c in stated):
        unsaid.append(" ".join(sorted(size)))
    # "what success rate do agents reach with guidance?" of "a 3.2% higher success rate
    # with guidance": a change of the asked measure is not its value
    if not unsaid and stated and (ASKS_CHANGE.search(question) or not all(map(changes_only, stated))):
        return None
    # what it reports of the asked measure (a change of it), else its other numbers
    numbers = asked.stating("", sentences)
    asked_words = ev.keywords(question) - ev.keywords(" ".join(names))
    if not any(ev.coverage(asked_words, c) for c in numbers):
        numbers = []  # "warms up from 0 to 1" says nothing of "what model sizes"
    pool = ((stated if not unsaid else []) or [c for c in numbers if any(q.lower() in c.lower() for q in quals)]
            or numbers or [c for s in sentences for c in clauses(s)])
    return answer_text(question, paper, "does not report this", "It reports", pool)
# A question asking how much something changed ("by how much", "what improvement"), which
# a change answers; and a number given as a change: "3.2% higher", "improves accuracy by
# 23.5 percentage points". English, not fitted on a week.
ASKS_CHANGE = re.compile(r"\b(?:by how much|how much (?:do|does|did|is|are|was|were|can|could)\b|"
                         r"how much (?:\w+ )?(?:better|higher|more|faster)|improv\w*|gains?|"
                         r"increas\w*|decreas\w*|boost\w*|reduc\w*|drops?|higher|lower|more|less|"
                         r"better|worse|faster|slower|differen\w*|speedup|speeds? up|margin|cuts?|chang\w*|"
                         r"adds?|lifts?|raises?|saves?|effect|impact|affect\w*|outperform\w*|beats?)\b",
                         re.IGNORECASE)
_CHANGE_AFTER = re.compile(r"\s*(?:%|percent(?:age)?)?\s*(?:(?:percentage )?points?|pp)?\s*(?:absolute |relative )?"
                           r"(?:higher|lower|more|less|better|worse|improvements?|gains?|increases?|"
                           r"decreases?|drops?|reductions?|boosts?|fewer)\b", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"\bby\s+(?:up to |over |about |nearly |around |roughly )?$", re.IGNORECASE)
_VALUE = re.compile(r"(?<![\w.\-])\d+(?:[.,]\d+)*")


# a number said as a word ("six MLLMs", "four downstream tasks")
_NUMBER_WORD = "|".join(sorted(asked.NUMBER_WORDS))


# a whole number or number word counting the plural noun after it: "six MLLMs", "four
# categories", "12 tasks"
# (not a unit: "12 points", "3 times")
_COUNTING = re.compile(rf"^(?:\d+|{_NUMBER_WORD})\s+"
                       r"(?!(?:percentage\s+)?points\b|times\b)(?:[\w-]+\s+)?[\w-]*[a-rt-z]s\b", re.IGNORECASE)


def _counts_only(clause: str) -> bool:
    """Every number in the clause counts things ("we evaluate six MLLMs across four
    categories"); none is a rate, a ratio or a change."""
    found = [m for m in re.finditer(r"(?<![\w.\-])(?:\d[\d.,]*\S*|[a-z]+)", clause, re.IGNORECASE)
             if m.group(0)[0].isdigit() or m.group(0).lower() in asked.NUMBER_WORDS]
    return bool(found) and all(_COUNTING.match(clause[m.start():]) and not _CHANGE_BEFORE.search(clause[:m.start()])
                               for m in found)


def _part_asked(question: str, names: list[str]) -> set[str]:
    """The words naming the part a count is asked of ("the resource conflict (EP2)
    subcategory"), without the paper's own names or a word for the whole; empty for a
    count of the whole ("how many clips are in ShotVerse-Bench")."""
    m = PART_OF.search(question) if re.search(r"\bhow many\b", question, re.IGNORECASE) else None
    if not m:
        return set()
    # the phrase ends where the question's next part starts ("..., and which models")
    phrase = re.split(r"[,;]|\s+and\s+(?:in\s+)?(?:how|what|which|who|where|when)\b", m.group(1))[0]
    # a part is said as one ("how many of its scenarios", "the EP2 subcategory"); "are in
    # the benchmark about consistency bugs" describes the whole
    if not (re.search(r"\bhow many of\b", question, re.IGNORECASE) or PART_NOUN.search(phrase)):
        return set()
    return ev.keywords(phrase) - ev.keywords(" ".join(n for n in names if n)) - WHOLES


# "how big is the seed set KnowRL starts from": the size of the thing its first words name
SIZE_OF = re.compile(r"\bhow\s+(?:big|large)\s+(?:is|are|was|were)\s+(?:the|its|their|a|an)?\s*((?:[\w\-]+(?:'s)?\s*){1,4})",
                     re.IGNORECASE)


def _size_asked(question: str, names: list[str]) -> set[str]:
    """The words naming the thing whose size "how big is ..." asks (its lower-case words
    up to the next name or function word, a possessor skipped: "KnowRL's seed set"),
    without a word for a whole (whose size is any count it gives) or a measure ("how large
    are the gains" asks the gains); empty otherwise."""
    m = SIZE_OF.search(question)
    if not m:
        return set()
    words = []
    for w in m.group(1).split():
        if w.endswith("'s"):
            continue
        if not w.islower() or w in STOP:
            break
        words.append(w)
    # (a model's size is its parameter count, :data:`asked.MODEL_SIZE`'s)
    if not words or stem(words[-1]) in NAMED_KINDS or any(
            asked.MEASURE_NOUN.fullmatch(w) or asked.MEASURE_NOUN.fullmatch(w.removesuffix("s")) for w in words):
        return set()
    return ev.keywords(" ".join(words)) - ev.keywords(" ".join(n for n in names if n)) - WHOLES


# A size is written beside its thing: "a seed set of 500 prompts", "2K seed examples"
SIZE_REACH = 4


def _sized(words: set[str], clause: str) -> bool:
    """A number within :data:`SIZE_REACH` words of a word naming the sized thing (not "a
    small seed set ..., our method drove gains as high as 28%")."""
    toks = re.findall(r"[\w\-.,%]+", clause)
    at = [i for i, t in enumerate(toks) if stem(t.lower().strip(".,")) in words]
    nums = [i for i, t in enumerate(toks) if re.match(r"\d", t) or t.lower() in asked.NUMBER_WORDS]
    return any(abs(i - j) <= SIZE_REACH for i in at for j in nums)


# (not "each": "what does each model reach" is distributive; nor "per the paper on ...",
# which says whose claim it is)
PER_UNIT = re.compile(r"\bper\s+(?!(?:the|a|an|its|their|this|that|these|those|our)\b)([a-z][\w-]+)",
                      re.IGNORECASE)


# "in what percentage of runs did o1 try to disable its oversight mechanism": a share of
# cases, counted over the event after the auxiliary ("try to disable its oversight
# mechanism"). English, not fitted on a week. The event must be said by at least
# EVENT_WORDS of the question's words that no clause stating the measure says (two, so one
# shared word is no event). Only this shape: after any other measure the words are as often
# a description of the paper or the setting ("what makespan reduction is reported for the
# peg-in-hole experiment"), said where the paper describes itself, which read as events
# here would send 25 of the read sets' factual questions to "not reported".
SHARE_OF = re.compile(r"\b(?:percentage|share|fraction|proportion|rate)\s+of\s+(?:[\w-]+\s+){0,3}?"
                      r"(?:did|does|do|were|was|are|is|had|has)\s+(.+?)(?:[?;]|,\s*and\b|$)", re.IGNORECASE)
EVENT_WORDS = 2


def _event_elsewhere(question: str, stated: list[str], sentences: list[str]) -> list[str]:
    """The words of the event a share of cases counts ("... did o1 try to disable its
    oversight mechanism") when a sentence with no number says them and no clause stating
    the measure does ("maintains its deception in over 85% of follow-up questions"): that
    number counts another event."""
    m = SHARE_OF.search(question)
    if not (m and stated):
        return []
    event = ev.keywords(m.group(1))
    said = {k for k in event if any(ev.coverage({k}, c) for c in stated)}
    for sentence in sentences:
        here = {k for k in event if ev.coverage({k}, sentence)} - said
        if len(here) >= EVENT_WORDS and len(here) > len(said) and not asked.has_number(sentence):
            return [" ".join(sorted(here))]
    return []


def changes_only(clause: str) -> bool:
    """Whether every number of the clause is a change ("3.2% higher", "by 23.5 points")."""
    found = list(_VALUE.finditer(clause))
    return bool(found) and all(_CHANGE_AFTER.match(clause, m.end()) or _CHANGE_BEFORE.search(clause[:m.start()])
                               for m in found)


def misquoted(question: str, paper: Paper) -> str | None:
    """The answer for a question that states a number the paper never writes ("how did
    SRPO reach 99.2% in only 20 RL steps?" of "99.2% in just 200 RL steps"): the premise
    is not the paper's. None when every stated number is the paper's."""
    if not unsaid_numbers(question, f"{paper.title} {paper.abstract}"):
        return None
    sentences = ev.clean_sentences(paper.abstract)
    pool = asked.stating("", sentences) or [c for s in sentences for c in clauses(s)]
    return answer_text(question, paper, "does not say so", "It says", pool)


def absent_documents(question: str, papers: list[Paper]) -> list[str]:
    """Documents the question refers to by a name ("the gemini 2.5 technical report", "the
    Mamba-3 paper") that no paper's title or own names hold, nor any paper introduces
    ("we introduce the CoT-Control evaluation suite"): a paper that evaluates Gemini 2.5
    is not its report. A reference by description
    ("the introspection paper") is a search, not a name, and is left to retrieval."""
    out = []
    for m in DOC_REF.finditer(question):
        ref = m.group(1).strip()
        # a name with a version ("Mamba-3", "gemini 2.5"), a coined one ("TravelPlanner") or
        # a model's report names one document; "the PPO paper" (an acronym: a method, a
        # topic) may be any paper about PPO
        named = (re.search(r"\d|[a-z][A-Z]", ref)
                 or MODEL_DOCS.search(m.group(2)) and re.search(r"[A-Z]", ref))
        if any(w.lower() in STOP for w in ref.split()) or not named:
            continue
        keys = ev.keywords(ref)
        coined = re.compile(COINS.format(re.escape(ref)), re.IGNORECASE)
        if keys and not any(ev.coverage(keys, p.title) == 1.0 or named_as(ref, p) or coined.search(p.abstract)
                            for p in papers):
            out.append(ref)
    return out
