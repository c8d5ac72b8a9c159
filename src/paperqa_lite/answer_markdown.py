"""The Markdown of an answer that code builds: an aggregate's list (which papers match,
and each one's reason), a comparison's table or its lines on an asked dimension.

Every cell and line is a sentence (or a clipped one) of a paper's own abstract, chosen
by :mod:`paperqa_lite.evidence`; nothing here calls a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import asked
from . import evidence as ev
from . import excerpt
from .clauses import clauses
from .names import NameIndex
from .notstated import named_as, own_names
from .sentences import BACKGROUND, CONTRIBUTION, NAME, NUMBER, acronym_definitions, stem, whole_word, word_prior

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
    noun = "paper" if len(chosen) == 1 else "papers"
    yield f"{len(chosen)} {noun} of the week match:\n"
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


# A clause naming other work to beat it: "surpassing GRPO-trained agents by 18%".
BASELINE = re.compile(r"\b(?:outperform\w*|surpass\w*|compared (?:to|with)|beat\w*|baselines?)\b",
                      re.IGNORECASE)
# A listed paper shares at least this share of the topic's keywords (half: with two or
# three keywords, one shared word alone is "merely sharing a word"); a rule of reading,
# not fitted on either week.
TOPIC_SHARE = 0.5


def list_question(question: str) -> str:
    """A list question as its topic reads: "egocentric / first-person view" as "egocentric or
    first-person view" (a spaced slash is how users type alternatives; "CLIP/SigLIP", one
    token, stays) and "DPO-style training" as "DPO training" (a style of X is about X)."""
    question = re.sub(r"(?<=\w)\s+/\s+(?=\w)", " or ", question)
    return re.sub(r"(?<=\w)-(?:style|like)\b", "", question)


def recase(question: str, papers: list) -> str:
    """The question with names typed in lower case written as the collection writes them
    ("gemini" -> "Gemini", "qwen-2.5-7b" -> "Qwen-2.5-7B"): a word that is no word of ML
    abstracts (SciTLDR's vocabulary, stemmed) and that the papers write capitalised."""
    vocabulary = word_prior().abstracts
    text = " ".join(f"{p.title} {p.abstract}" for p in papers)

    def cased(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok != tok.lower() or stem(tok) in vocabulary or len(tok) < 3:
            return tok
        forms = whole_word(tok, ignore_case=True).findall(text)
        capital = [f for f in forms if f != f.lower()]
        return max(set(capital), key=capital.count) if capital and len(capital) == len(forms) else tok
    return re.sub(r"(?<![\w-])[a-z][\w.\-]*[a-z0-9]", cased, question)


def _names(question: str) -> list[str]:
    """The names a question asks about: coined ones (:data:`NAME`: "GPT-4o") and, past its
    first word, capitalised words no ML abstract uses as words ("Gemini", "Claude"), and
    lower-case names with a version ("o1")."""
    vocabulary = word_prior().abstracts
    proper = [t for t in re.findall(r"(?<=\s)[A-Z][a-z]{2,}\b", question) if stem(t.lower()) not in vocabulary]
    # model names users type in lower case with a version: "o1", "o3", "gpt4"
    versioned = re.findall(r"(?<![\w-])[a-z]+\d[\w.]*(?![\w-])", question)
    return NAME.findall(question) + proper + versioned


# "VLMs", "LLMs": a plural acronym names a kind of model, not one
KIND = re.compile(r"[A-Z]{2,}s")


def names_asked(question: str, paper) -> bool:
    """Whether the paper's title or abstract has a name the question asks about ("GPT-4o",
    "DPO" in "CRew-DPO"); exact, so ranked retrieval cannot miss such a paper."""
    return _has_name(question, f"{paper.title} {paper.abstract}")


# A name in this share of the week's papers or more is the field's vocabulary ("LLMs" in 16
# of the sample week's 40), not a topic a list picks out ("GPT-4o" in 6, "GRPO" in 3 of 52).
# Set after the sample week listed every paper saying "LLMs" for "theory of mind in LLMs";
# on the second week "LLM" (8 of 52) stays a candidate and its list is unchanged.
VOCABULARY_SHARE = 0.25


def naming(question: str, papers: list) -> list:
    """The papers (of the collection: ``papers``) naming a name the question asks about
    (:func:`names_asked`), unless that name is the field's vocabulary: named by
    :data:`VOCABULARY_SHARE` of them or more. Each name is judged on its own."""
    total = len(papers)
    out: dict[str, Any] = {}
    for tok in _names(question):
        having = [p for p in papers if _says(tok, f"{p.title} {p.abstract}")]
        if having and len(having) < VOCABULARY_SHARE * total:
            out.update((p.id, p) for p in having)
    return list(out.values())


def _alternative_names(question: str) -> list[str]:
    """The names the question gives as alternatives ("GPT or Claude"), not a name beside
    another alternative ("for LLM reasoning or agents": the "or" joins reasoning and agents)."""
    pairs = re.findall(r"([\w\-.]+)\s+or\s+([\w\-.]+)", question)
    return [t for t in _names(question) if any(t in pair for pair in pairs)]


def _has_name(question: str, text: str) -> bool:
    return any(_says(tok, text) for tok in _names(question))


def _says(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text) is not None


# Verbs that say how a paper relates to a list's topic, not the topic: "which papers report
# experiments involving GPT-4o" is about GPT-4o; "who looks at whether ...", "data like X"
# introduce it. English, not fitted on a week.
RELATING = frozenset(stem(w) for w in """report reports reported experiment experiments involve
involving involves evaluate evaluates discuss discusses deal deals address addresses run runs ran
conduct conducts conducted perform performs performed test tests tested testing talk talks look
looks looking mention mentions cover covers focus focuses investigate investigates examine examines
explore explores consider considers tackle tackles take takes taking whether like put puts putting
include includes including use uses using feature features""".split())


def _share(question: str, keys: set[str], text: str, weights: dict[str, float] | None = None) -> float:
    """:func:`evidence.coverage` weighted by ``weights`` (:func:`evidence.rarity`; equal
    when None), a name of the question counting when ``text`` has it exactly ("DPO" inside
    "CRew-DPO", which word stems do not see)."""
    found = _found(question, keys, text)
    weight = weights if weights and sum(weights.get(k, 0.0) for k in keys) > 0 else dict.fromkeys(keys, 1.0)
    total = sum(weight.get(k, 0.0) for k in keys)
    # (alternatives, "an egocentric or first-person perspective", stay two words here: as
    # one slot said by either, "perspective" alone listed a paper "from the perspectives of
    # security"; they make a paper a candidate in :func:`covers`)
    return sum(weight.get(k, 0.0) for k in found & keys) / total if total else 0.0


def _found(question: str, keys: set[str], text: str) -> set[str]:
    """The topic keywords ``text`` says: parts of hyphenated words count ("chain of thought"
    is said by "chain-of-thought"), and names exactly."""
    found = ev.topic_covered(keys, text) | {stem(t.lower()) for t in _names(question) if _says(t, text)}
    for initials, words in acronym_definitions(question).items():  # "DPO" says "direct preference optimization"
        if _says(initials, text):
            found |= keys & ev.keywords(words)
    return found


def alternatives(question: str, keys: set[str]) -> list[tuple[str, str]]:
    """Topic keywords joined by "or" ("egocentric or first-person"), as stems."""
    pairs = re.findall(r"([\w\-]+)\s+or\s+([\w\-]+)", question)
    return [(a, b) for a, b in ((stem(x.lower()), stem(y.lower())) for x, y in pairs) if a in keys and b in keys]


def topic(question: str) -> set[str]:
    """The keywords of a list's topic: the question's, minus how papers relate to it, and
    minus initials the question defines ("test-time training (TTT)" is one topic, which a
    paper saying either form is about: :func:`says_term` reads initials)."""
    defined = {stem(a.lower()) for a in acronym_definitions(question)}
    return ev.keywords(question) - RELATING - defined


def matches(question: str, e: ev.Evidence, weights: dict[str, float] | None = None) -> bool:
    """Whether a paper is about the asked topic, not merely sharing a word with it: it
    covers at least :data:`TOPIC_SHARE` of the topic's keywords (weighted by ``weights``,
    their rarity in the collection: sharing only "tasks" of "coding tasks" is sharing a
    word), and they are not only on the beaten side of its comparisons ("outperforms X")."""
    keys = topic(question)
    sentences = ev.clean_sentences(e.paper.abstract)
    text = " ".join([e.paper.title, *sentences])
    if any(_says(t, text) for t in _alternative_names(question)):
        return True  # "which papers test GPT or Claude models": either name is the topic
    if _share(question, keys, text, weights) < TOPIC_SHARE:
        return False
    if _share(question, keys, e.paper.title) > 0:
        return True
    if (BASELINE.search(question) or asked.COMPARATIVE.search(question)
            or re.search(r"\b(?:against|experiments?|evaluat\w*)\b", question, re.IGNORECASE)):
        # "which papers compare against Qwen3", "... put Gemini into their experiments": a
        # baseline is what is asked, or one of the things asked about
        return True
    # a clause's beaten side is not the paper's own ("surpassing GRPO-trained agents"); what
    # comes before the verb is ("with Qwen-2.5-7B as the backbone, SSR-Zero outperforms ...")
    own = [c[:m.start()] if (m := BASELINE.search(c)) else c for s in sentences for c in clauses(s)]
    return _share(question, keys, " ".join(own), weights) >= TOPIC_SHARE


def covers(question: str, e: ev.Evidence) -> bool:
    """Whether a paper's title and abstract say every word of a list's topic (parts of
    hyphenated words count) and every term of it (:func:`terms`): one that says
    "chain-of-thought" is a candidate for "which papers talk about chain of thought"
    whatever its retrieval score, as one naming an asked name is (:func:`naming`)."""
    keys = topic(question)
    text = " ".join([e.paper.title, *ev.clean_sentences(e.paper.abstract)])
    pairs = alternatives(question, keys)
    either = {part for pair in pairs for k in pair for part in k.split("-")}
    found = _found(question, keys, text)
    found |= {k for pair in pairs if set(pair) & found for k in pair}  # either says both
    return (bool(keys) and found >= keys
            and all(says_term(text, t) for t in terms(question)
                    if not {stem(w.lower()) for w in t} & either))


# A topic of several words ("sparse attention", "test-time training") is a term: a paper
# about it says the words together, or the term's initials ("TTT"), not each word somewhere
# ("test-time compute ... RL training" is not test-time training). English, not fitted.
def terms(question: str) -> list[list[str]]:
    """Runs of two or more consecutive topic words of the question (hyphens split)."""
    keys = topic(question)
    runs, run = [], []
    for word in [*re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", question), ""]:
        if word and stem(word.lower()) in keys:  # keywords keep a compound whole ("test-tim")
            run.append(word)
            continue
        if word.lower() == "of" and run and run[-1].lower() != "of":  # "theory of mind"
            run.append(word)
            continue
        while run and run[-1].lower() == "of":
            run.pop()
        if len([w for w in run if w.lower() != "of"]) >= 2:
            runs.append([part for w in run for part in w.split("-")])
        run = []
    return runs


def says_term(text: str, term: list[str]) -> bool:
    """Whether ``text`` has the term's words in a row (stemmed) or its initials as a word."""
    want = [stem(w.lower()) for w in term]
    have = [stem(w.lower()) for w in re.findall(r"[A-Za-z0-9]+", text)]
    if any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1)):
        return True
    # "CoT" for chain of thought, "ToM" for theory of mind: "of" may give its "o" or not
    # (three letters at least: "CT" is no chain of thought)
    content = sum(w.lower() != "of" for w in term)
    initials = "".join(("[Oo]?" if content >= 3 else "[Oo]") if w.lower() == "of" else w[0].upper()
                       for w in term)
    return re.search(rf"(?<![A-Za-z0-9]){initials}s?(?![A-Za-z0-9])", text) is not None


def on_terms(question: str, chosen: list[ev.Evidence]) -> list[ev.Evidence]:
    """The listed papers that say every term of the question that two or more listed papers
    say and one has in its title, or name a name the question asks about. A term in a title
    names a line of work ("Spatial-TTT: ... Test-Time Training"); one only in abstracts may
    be one paper's wording of a topic others paraphrase ("mathematical reasoning" against
    "MATH500"). Alternatives ("X or Y") are each a topic, left to :func:`matches`."""
    if re.search(r"\bor\b", question, re.IGNORECASE):
        return chosen

    asked_terms = terms(question)
    said = {e.paper.id: {i for i, t in enumerate(asked_terms) if says_term(f"{e.paper.title} {e.paper.abstract}", t)}
            for e in chosen}
    used = {i for i, t in enumerate(asked_terms) if sum(i in s for s in said.values()) >= 2
            and any(says_term(e.paper.title, t) for e in chosen)}
    # a kind of model written as a plural acronym ("spatial intelligence for VLMs") qualifies
    # the term; it is no name that puts a paper on the list without it
    named = [t for t in _names(question) if not KIND.fullmatch(t)]
    return [e for e in chosen if any(_says(t, f"{e.paper.title} {e.paper.abstract}") for t in named)
            or used <= said[e.paper.id]] or chosen


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
    keys = ev.keywords(asked.parts(question)[0])
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
    own = [s for s in e.sentences if _has_name(question, s)]
    if own:  # the clause naming it ("...; for instance, Claude Sonnet 4.5 can control ...")
        own = [c for c in clauses(own[0]) if _has_name(question, c)] or own
    else:
        asked_terms = terms(question)
        termed = [s for s in e.sentences if any(says_term(s, t) for t in asked_terms)]
        # the paper's own sentences saying the term, from its first "we propose ..." on;
        # not the background before it ("RL has emerged as a paradigm for image editing")
        ours = set(ev.own_sentences(ev.clean_sentences(e.paper.abstract)))
        own = ([s for s in termed if s in ours] or [s for s in top if CONTRIBUTION.search(s)]
               or termed or top)
    line = excerpt.cut(question, own[:1], words, hard=True)[0].rstrip(" ,;:")
    opening = line.split()[0] if line.split() else ""
    if re.fullmatch(r"[a-z]+", opening):  # a clause's first word, not a name ("flash-kmeans", "o1")
        line = line[:1].upper() + line[1:]
    return line + ("" if line.rstrip("\"')]”’").endswith((".", "!", "?")) else ".")


def dimension(question: str, chosen: list[ev.Evidence], own_names) -> set[str]:
    """Stems of what a comparison is asked on ("in how they keep generations consistent"),
    without the papers' names and the words of comparing: empty for a bare "compare X and Y"."""
    # a name is a few words ("Diagonal Distillation"); a long title head without a colon
    # is a description whose words ("Natural Language Feedback") may be the dimension
    names = {w.lower() for e in chosen for n in own_names(e.paper) if len(n.split()) <= 3
             for w in re.findall(r"[\w\-]+", n)}
    words = [w for w in re.findall(r"[A-Za-z][\w\-]*", question)
             if not NAME.fullmatch(w) and w.lower() not in names]
    keys = ev.keywords(" ".join(words))
    return keys - {stem(w) for w in DIMENSIONLESS}


# Words of a comparison question that name no dimension ("compare", "report", "versus").
DIMENSIONLESS = frozenset("""compare compared comparing comparison differ differs difference
differences versus contrast similar similarity similarities report reports reported they them
their its each other way ways""".split())


MORE_OF = re.compile(r"\b(?:more|fewer|less)\s+([A-Za-z\-]+s)\b", re.IGNORECASE)
# Measures any number may give: a dataset's size is its hours, pairs or entries
MAGNITUDES = frozenset({"size", "number", "count"})


def on_dimension(question: str, chosen: list[ev.Evidence], words: int) -> Iterator[str]:
    """Each paper's answer on the asked dimension, from its own abstract, one line each."""
    # the dimension's words, not the papers' names: a name would pick the sentence that
    # names the paper, not the one answering on the dimension
    keys = dimension(question, chosen, own_names) or ev.keywords(question)
    # "in size and purpose": a measure noun asks for a number too
    numeric = (asked.asks_number(question) or any(k in asked.SHARE for k in keys)
               or bool(asked.MEASURE_NOUN.search(question)))
    # "the bigger speedup": a number counts when it measures the named measure (not "20s")
    measure = next((stem(n.lower()) for n in asked.MEASURE_NOUN.findall(question) if n.islower()), "")
    measure = "" if measure in MAGNITUDES else measure  # "in size": 300 hours or 7,902 pairs
    counted = MORE_OF.search(question)  # "which has more tasks": each side's count of tasks
    measure = measure or (stem(counted.group(1).lower()) if counted else "")
    for i, e in enumerate(chosen, 1):
        pool = e.sentences or [e.paper.title]

        names = [n for n in own_names(e.paper) if n]
        # "more items" of a paper counting "2,195 data entries": when no number of the paper
        # measures the asked noun, its numbers are what it gives
        mine = measure if measure and asked.stating(measure, pool) else ""

        def fit(s: str) -> float:
            # the paper's own statement ("we ...", or naming it) over its background
            own = CONTRIBUTION.search(s) or any(n in s for n in names)
            stated = asked.stating(mine, [s]) if mine else NUMBER.search(s)
            return (ev.coverage(keys, s) + (0.5 if numeric and stated else 0.0)
                    + (0.3 if own else 0.0) - (0.5 if BACKGROUND.match(s) else 0.0))
        best = max(pool, key=lambda s: (fit(s), -pool.index(s)))
        line = excerpt.cut(question, [best], words, hard=True)[0]
        yield f"{'' if i == 1 else chr(10)}- **{label(question, e, chosen)}** [{i}]: {line}"
