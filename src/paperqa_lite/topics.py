"""Which papers a list question is about: its topic words, terms and names, and whether
a paper's title and abstract say them (not merely share a word with them).

An aggregate answer (:mod:`paperqa_lite.answer`) lists every paper that :func:`matches`
or :func:`covers` the topic, or names an asked name (:func:`listnames.naming`); :func:`on_terms`
then keeps those saying the topic's terms. All by reading the text: no model, no score
fitted to a week.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from . import evidence as ev
from . import route
from .clauses import clauses
from .fields import abbreviated, phrased
from .listnames import KIND, _alternative_names, _names, _says, name_phrases
from .sentences import STOP, acronym_definitions, stem

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
    token, stays) and "DPO-style training" as "DPO training" (a style of X is about X), without
    "in the collection" (the papers' place, not their topic)."""
    question = re.sub(r"(?<=\w)\s+/\s+(?=\w)", " or ", question)
    # ", i.e. rewarding the intermediate steps": an explanation restates the topic in more
    # words, each of which a paper would otherwise have to say (examples, "e.g.", stay)
    question = re.sub(r"\s*[,(;]\s*(?:i\.\s?e\.|ie|that is|meaning|namely)[,:]?\s[^)?]*\)?", "", question,
                      flags=re.IGNORECASE)
    # ", not just simulation", "rather than only in simulation": what the topic excludes is
    # no word a paper must say (a paper on a physical robot need not mention simulation)
    question = re.sub(r",?\s*(?:and\s+)?(?:not\s+(?:just|only|merely)|rather\s+than(?:\s+(?:just|only))?|instead\s+of)"
                      r"\s+(?:in\s+)?[^,?;]+", "", question, flags=re.IGNORECASE)
    # "feedback written in words (critiques, hints, lessons)": a bracketed list gives examples,
    # any one of which a paper may say; the phrase before it is the topic
    question = re.sub(r"\s*\((?:e\.g\.,?\s*|such as\s+|like\s+)?[^(),]+(?:,\s*[^(),]+)+\)", "", question)
    # "in the collection" is where to look, not what the papers are about
    question = re.sub(r"\s*\b(?:in|of|from)\s+(?:the|this|our)\s+collection\b", "", question, flags=re.IGNORECASE)
    # "policies that take camera images ... as input": what the input is, is the topic
    question = re.sub(r"\s+as\s+(?:(?:an?|the|its|their)\s+)?inputs?\b", "", question, flags=re.IGNORECASE)
    # "route each input to a small set of experts": a quantity of the thing is no topic word
    question = re.sub(r"\b(?:an?|the)\s+(?:(?:small|large|few|limited)\s+)?(?:set|number|handful|subset|group)\s+of\s+",
                      "", question, flags=re.IGNORECASE)
    # "a physical robot in the real world": where a physical robot is, said twice; a paper on
    # a "real robotic system" need not say "real world" (one on real-world video is no robot's)
    question = re.sub(r"(\b(?:physical|real|actual)\b[^,?;]*?\brobot\w*)\s+in\s+the\s+real[- ]world\b", r"\1",
                      question, flags=re.IGNORECASE)
    return re.sub(r"(?<=\w)-(?:style|like)\b", "", question)


# Verbs that say how a paper relates to a list's topic, not the topic: "which papers report
# experiments involving GPT-4o" is about GPT-4o; "who looks at whether ...", "data like X"
# introduce it. English, not fitted on a week.
RELATING = frozenset(stem(w) for w in """report reports reported experiment experiments involve
involving involves evaluate evaluates discuss discusses deal deals address addresses run runs ran
conduct conducts conducted perform performs performed test tests tested testing talk talks look
looks looking mention mentions cover covers focus focuses investigate investigates examine examines
explore explores consider considers tackle tackles take takes taking whether like put puts putting
include includes including use uses using feature features beat beats baseline baselines make makes
making made try tries tried trying aim aims attempt attempts seek seeks here actual actually demonstrate demonstrates demonstrated demonstrating carry carries carried carrying out build builds built building handle handles handled handling""".split())
# "when LLMs process very long inputs": the verb says how a model takes its input, no topic
# of its own (the noun is one: "process reward models"). English, not fitted.
HANDLES = re.compile(r"\b(?:can|could|to|they|models?|LLMs?|MLLMs?|VLMs?|agents?|systems?)\s+(?:\w+ly\s+)?"
                     r"process(?:es|ed)?\b(?!\s+(?:reward|supervision|level|model))", re.IGNORECASE)
# ... nor do words of order and quantity: "one chunk or block after another" says how the
# chunks come, in words no paper on it needs ("autoregressive ... block by block")
ORDER_WORDS = frozenset(stem(w) for w in """one another other others each every after before then next
when while whenever""".split())  # ("... feedback when training agents": when, not what)


def _share(question: str, keys: set[str], text: str, weights: dict[str, float] | None = None) -> float:
    """:func:`evidence.coverage` weighted by ``weights`` (:func:`evidence.rarity`; equal
    when None), a name of the question counting when ``text`` has it exactly ("DPO" inside
    "CRew-DPO", which word stems do not see)."""
    found = _found(question, keys, text)
    # a paper saying one side of an "or" whole ("egocentric") need not say the other
    # ("first-person perspective"); saying a word of a side ("perspective", of "from the
    # perspectives of security") excuses nothing
    keys = keys - _excused(question, keys, found, text)
    weight = weights if weights and sum(weights.get(k, 0.0) for k in keys) > 0 else dict.fromkeys(keys, 1.0)
    total = sum(weight.get(k, 0.0) for k in keys)
    return sum(weight.get(k, 0.0) for k in found & keys) / total if total else 0.0


def _found(question: str, keys: set[str], text: str) -> set[str]:
    """The topic keywords ``text`` says: parts of hyphenated words count ("chain of thought"
    is said by "chain-of-thought"), names exactly, and a field's word by its forms and
    benchmarks, or a compound by its short form (:mod:`paperqa_lite.fields`)."""
    found = ev.topic_covered(keys, text) | {stem(t.lower()) for t in _names(question) if _says(t, text)}
    # "Claude Sonnet 4" says no word of "Claude 3.5 Sonnet": a versioned name is said whole
    found -= {stem(w.lower()) for p in name_phrases(question) if not _says(p, text) for w in p.split()}
    found |= {k for k in keys if phrased(k, keys, text) or abbreviated(k, text)}
    for initials, words in acronym_definitions(question).items():  # "DPO" says "direct preference optimization"
        if _says(initials, text):
            found |= keys & ev.keywords(words)
    return found


def topic_said(question: str, text: str) -> set[str]:
    """The list topic's keywords ``text`` says (:func:`_found`: names whole, a field by its
    forms)."""
    keys = topic(question)
    return _found(question, keys, text) & keys


class Alternative(NamedTuple):
    """The two sides of an "or" in a list's topic, as keyword stems (``left``, ``right``),
    the word the right side's phrase qualifies (``first``; "" when none), and the sides'
    words when they are two phrases for one thing (``phrases``: each must be said whole)."""
    left: set[str]
    right: set[str]
    first: str
    phrases: tuple[list[str], list[str]] | None


def alternatives(question: str, keys: set[str]) -> list[Alternative]:
    """The two sides of each "or" between a topic word and a run of them: "egocentric or
    first-person perspective data" is ({egocentr}, {first-person, perspect, data},
    first-person) (the run is a term, not its one word beside the "or"); and between two
    phrases sharing a word, two names of one thing ("process reward models or process-level
    (step-wise) rewards"). A longer run before the "or" sharing nothing is a clause whose
    verbs it joins ("agents autonomously generate or select their own goals")."""
    tokens = _tokens(question)
    runs = _runs(question)
    out = []
    for (left, at), (right, right_at) in zip(runs, runs[1:]):
        between = [w.lower() for w in tokens[at + len(left):right_at]]
        if not between or between[-1] != "or" or len(between) > 2:
            continue
        sides = [{stem(w.lower()) for w in side} & keys for side in (left, right)]
        if not all(sides):
            continue
        if len(left) == 1 and len(between) == 1:
            out.append(Alternative(sides[0], sides[1], stem(right[0].lower()), None))
        elif sides[0] & sides[1]:
            out.append(Alternative(sides[0], sides[1], "", (left, right)))
    return out


def _excused(question: str, keys: set[str], found: set[str], text: str) -> set[str]:
    """The keywords a paper need not say because it says the other side of their "or":
    the one word before it, or the word after it that the phrase qualifies ("first-person
    or egocentric point of view": a paper saying "egocentric" is about it); of two phrases
    for one thing, either said whole ("process reward models", not "process" and "rewards"
    apart)."""
    out: set[str] = set()
    for alt in alternatives(question, keys):
        said = ([says_term(text, words) for words in alt.phrases] if alt.phrases else [True, True])
        if alt.left <= found and said[0]:
            out |= alt.right - alt.left
        if alt.right <= found and said[1] or alt.first and alt.first in found:
            out |= (alt.left | alt.right) - {alt.first}
    return out - found


MAKER = re.compile(r"\b[\w-]+['’]s\s+(?=[A-Z][\w.\-]*)")


@lru_cache(maxsize=1024)
def topic(question: str) -> frozenset[str]:
    """The keywords of a list's topic: the question's, minus how papers relate to it, and
    minus initials the question defines ("test-time training (TTT)" is one topic, which a
    paper saying either form is about: :func:`says_term` reads initials). Cached: every
    paper's topic tests read it."""
    defined = {stem(a.lower()) for a in acronym_definitions(question)}
    # "anthropic's Claude models": the maker qualifies the name, which is the topic
    question = MAKER.sub("", question)
    # "(datasets/benchmarks/models)": the kinds of work wanted, any of which will do
    question = RESTATED.sub(lambda m: "" if _kinds_only(m.group(1)) else m.group(0), question)
    question = HANDLES.sub(lambda m: m.group(0).rsplit(None, 1)[0], question)
    return frozenset(ev.keywords(question) - RELATING - ORDER_WORDS - defined)


# Kinds of work a list may ask for in a parenthesis ("(datasets/benchmarks/models)"): any
# of them will do, so they are no topic words. English, not fitted.
WORK_KINDS = frozenset(stem(w) for w in """dataset datasets benchmark benchmarks model models method methods
framework frameworks tool tools system systems paper papers work works study studies approach approaches
survey surveys evaluation evaluations analysis analyses""".split())
# "robot policies that take vision and language in and output actions (VLA models)": a
# short parenthesis restates the list's topic in the field's own words, which a paper may
# use alone; examples ("(e.g., GPT-4)") are not the topic. English, not fitted.
RESTATED = re.compile(r"\((?!\s*(?:e\.g|i\.e|such as|like|for example|including)\b)([^()]{2,40})\)", re.IGNORECASE)


def restated(question: str) -> str | None:
    """The list question its parenthesis asks on its own, if it restates the topic in one
    to four words."""
    m = RESTATED.search(question)
    if not m or not 1 <= len(m.group(1).split()) <= 4:
        return None
    if _kinds_only(m.group(1)):  # "(datasets/benchmarks/models)": kinds of work, not the topic
        return None
    return f"which papers are about {m.group(1).strip()}?"


def _kinds_only(text: str) -> bool:
    return all(stem(w) in WORK_KINDS for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP)


def matches(question: str, e: ev.Evidence, weights: dict[str, float] | None = None) -> bool:
    """Whether a paper is about the asked topic, not merely sharing a word with it: it
    covers at least :data:`TOPIC_SHARE` of the topic's keywords (weighted by ``weights``,
    their rarity in the collection: sharing only "tasks" of "coding tasks" is sharing a
    word), and they are not only on the beaten side of its comparisons ("outperforms X")."""
    alone = restated(question)
    if alone and matches(alone, e, weights):
        return True
    keys = topic(question)
    sentences = ev.clean_sentences(e.paper.abstract)
    text = " ".join([e.paper.title, *sentences])
    if any(_says(t, text) for t in _alternative_names(question)):
        return True  # "which papers test GPT or Claude models": either name is the topic
    if _share(question, keys, text, weights) < TOPIC_SHARE:
        return False
    if _share(question, keys, e.paper.title) > 0:
        return True
    if (BASELINE.search(question) or route.COMPARATIVE.search(question)
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
    alone = restated(question)
    if alone and covers(alone, e):
        return True
    keys = topic(question)
    text = _text(e)
    alts = alternatives(question, keys)
    either = {part for alt in alts for k in alt.left | alt.right for part in k.split("-")}
    found = _found(question, keys, text)
    found |= _excused(question, keys, found, text)  # either side of an "or" says both
    # (two phrases for one thing: one of them said whole, not their words apart)
    return (bool(keys) and found >= keys
            and all(any(says_term(text, words) for words in alt.phrases) for alt in alts if alt.phrases)
            and all(says_term(text, t) or _field_term(t, keys, found, text) for t in terms(question)
                    if not {stem(w.lower()) for w in t} & either))


def _field_term(term: list[str], keys: set[str], found: set[str], text: str) -> bool:
    """A term with a field's word is said by the field's own phrasing with the term's other
    words beside it ("physical robot hardware" by "a real robotic system"; not "hardware-
    efficient" in one sentence and "a simulated robot" in another): :func:`fields.phrased`."""
    stems = {stem(w.lower()) for w in term}
    fields = {k for k in stems if phrased(k, keys, text)}
    if not fields or not stems <= found:
        return False
    rest = stems - fields
    for sentence in ev.clean_sentences(text) or [text]:
        if any(phrased(k, keys, sentence) for k in fields) and rest <= {stem(w.lower()) for w in _tokens(sentence)
                                                                         for w in (w, *w.split("-"))}:
            return True
    return False


def titles_term(question: str, e: ev.Evidence) -> bool:
    """Whether the paper's title says a term of the list's topic ("Spatial Intelligence" in
    "Spatial-TTT: ... Spatial Intelligence with Test-Time Training") and its text every
    other topic word but whose the term is ("of vision-language models"): a candidate
    whatever its retrieval score, as for :func:`covers`; :func:`matches` still decides."""
    keys = topic(question)
    tokens = _tokens(question)
    runs = _runs(question)
    for run, at in runs:
        if not _is_term(run) or not says_term(e.paper.title, _parts(run)):
            continue
        end = at + len(run)
        of_next = end < len(tokens) and tokens[end].lower() == "of"
        whose = {stem(w.lower()) for r, a in runs if of_next and a == end + 1 for w in r}
        if keys - whose <= _found(question, keys, _text(e)):
            return True
    return False


def _text(e: ev.Evidence) -> str:
    """The paper's title and evidence sentences, as the topic tests read them."""
    return " ".join([e.paper.title, *ev.clean_sentences(e.paper.abstract)])


def _tokens(question: str) -> list[str]:
    # (punctuation ends a run: "textual feedback, when training agents" is two phrases)
    return re.findall(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*|[,;:]", question)


# A topic of several words ("sparse attention", "test-time training") is a term: a paper
# about it says the words together, or the term's initials ("TTT"), not each word somewhere
# ("test-time compute ... RL training" is not test-time training). English, not fitted.
def terms(question: str) -> list[list[str]]:
    """Runs of two or more consecutive topic words of the question (hyphens split); "making
    attention sparse" makes it "sparse attention", as a paper names what it makes."""
    tokens = [*_tokens(question), ""]
    return [_parts(run[::-1] if _made(run, at, tokens) else run) for run, at in _runs(question) if _is_term(run)]


def _made(run: list[str], at: int, tokens: list[str]) -> bool:
    """"making attention sparse": two words after a verb of making, ending the phrase (not
    "make video generation cheaper", whose words are a noun's)."""
    after = tokens[at + len(run)].lower()
    return len(run) == 2 and at > 0 and bool(MAKING.fullmatch(tokens[at - 1])) \
        and (not after or after in {",", ";", ":"} or after in STOP)


MAKING = re.compile(r"(?:make|makes|making|made|render|renders|rendering|rendered)", re.IGNORECASE)


def _is_term(run: list[str]) -> bool:
    return sum(w.lower() != "of" for w in run) >= 2


def _parts(run: list[str]) -> list[str]:
    return [part for w in run for part in w.split("-")]


COMPARATIVE_ADJ = re.compile(r"(?:cheaper|faster|slower|better|worse|larger|smaller|bigger|stronger|weaker|"
                             r"easier|harder|safer|shorter|longer|lighter|more)", re.IGNORECASE)


def _runs(question: str) -> list[tuple[list[str], int]]:
    """Runs of consecutive topic words of the question's words, each with where it starts."""
    keys = topic(question)
    tokens = _tokens(question)
    runs, run = [], []
    for i, word in enumerate([*tokens, ""]):
        # "make sparse attention cheaper": a comparative after a term says what is done to
        # it; it is a run of its own, not the term's last word
        if word and stem(word.lower()) in keys and not (run and COMPARATIVE_ADJ.fullmatch(word)):
            run.append(word)
            continue
        # "theory of mind", "chain of thought": one word before "of" (in "spatial intelligence
        # of VLMs" the "of" says whose, and the term is "spatial intelligence")
        if word.lower() == "of" and len(run) == 1:
            run.append(word)
            continue
        end = i
        while run and run[-1].lower() == "of":
            run.pop()
            end -= 1
        if run:
            runs.append((run, end - len(run)))
        run = [word] if word and stem(word.lower()) in keys else []  # (the comparative)
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
    "MATH500"). Alternatives ("X or Y") are each a topic, left to :func:`matches`; the
    other terms still hold ("benchmarks or datasets to test theory of mind": theory of mind)."""
    either = {part for pair in re.findall(r"([\w\-]+)\s+or\s+([\w\-]+)", question, re.IGNORECASE)
              for w in pair for part in (w.lower(), *w.lower().split("-"))}
    asked_terms = [t for t in terms(question) if not {w.lower() for w in t} & either]
    texts = {e.paper.id: f"{e.paper.title} {e.paper.abstract}" for e in chosen}
    said = {e.paper.id: {i for i, t in enumerate(asked_terms) if says_term(texts[e.paper.id], t)} for e in chosen}
    used = {i for i, t in enumerate(asked_terms) if sum(i in s for s in said.values()) >= 2
            and any(says_term(e.paper.title, t) for e in chosen)}
    # a kind of model written as a plural acronym ("spatial intelligence for VLMs") qualifies
    # the term; it is no name that puts a paper on the list without it
    named = [t for t in _names(question) if not KIND.fullmatch(t)]
    # two phrases for one thing ("process reward models or step-level process supervision"),
    # one of which two listed papers say whole: a paper with their words apart ("rewarding",
    # "external supervision", "this process") is not on that line of work either
    phrased = [alt.phrases for alt in alternatives(question, set(topic(question))) if alt.phrases]
    says_one = {e.paper.id: all(any(says_term(texts[e.paper.id], p) for p in phrases) for phrases in phrased)
                for e in chosen}
    if sum(says_one.values()) < 2:
        says_one = dict.fromkeys(says_one, True)
    return [e for e in chosen if any(_says(t, texts[e.paper.id]) for t in named)
            or used <= said[e.paper.id] and says_one[e.paper.id]] or chosen
