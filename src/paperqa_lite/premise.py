"""A premise a paper's abstract contradicts, worked out by code (issue 11, point 1).

:func:`false_premise` answers a question that takes as given what the abstract says
otherwise: "why does X increase with Y" of "decreases with Y", "does X use learnable W" of
"non-learnable W", "does X train a critic" of "critic-free", "can X monitor all of its
mechanisms" of "only a subset", "why does X keep improving" of "a rise-then-fall pattern",
or a "why" whose premise the abstract does not even word. The answer says so, in the
words of :func:`notstated.answer_text`, and quotes the clause that says otherwise.
"""

from __future__ import annotations

import re

from . import evidence as ev
from .claims import (PREMISE_FRAME, allotted_otherwise, degree_of_others, done_without_people, held_anyway,
                     left_open, ordered_otherwise, paid_for, ranked_otherwise, said_of_others, swapped)
from .claims import stems as _stems
from .clauses import clauses
from .denials import COMPARED, denial, denies
from .directions import ASPECT, DIRECTED, DIRECTIONS, opposite_about
from .effects import beaten_alone, chosen_otherwise, effect_otherwise, family_otherwise
from .names import title_method
from .notstated import NAME_WORDS, answer_text, misquoted, not_reported, own_names
from .unnamed import unnamed
from .paper import Paper
from .quantities import longer_than_bound
from .reversal import reversed_in, sides
from .route import AUXILIARY
from .sentences import BACKGROUND, STOP, derived, stem, whole_word

# A property and its opposite, as a paper claims one in its title or abstract ("Exact
# K-Means") and a question gives it the other ("why does it approximate the clustering");
# each side a regex of English words. Not fitted to a week; a paper wording both sides
# (an exact method beside approximate baselines) is never judged.
PROPERTIES = [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in (
    (r"\bexact(?:ly|ness)?\b", r"\b(?:approximat\w*|inexact)\b"),
    (r"\blossless\b", r"\blossy\b"),
    (r"\bdeterministic(?:ally)?\b", r"\bstochastic\b"),
    (r"\bsingle[- ](?:pass|step)\b", r"\b(?:many|multiple|several|repeated)\s+(?:[\w-]+\s+){0,2}?(?:passes|steps)\b"),
    (r"\bopen[- ](?:source|weights?)\b", r"\b(?:proprietary|closed[- ]source)\b"),
    # ("bilingual and multilingual benchmarks", "15 languages" of "why only English text")
    (r"\b(?:multilingual|bilingual|(?:\d+|many|multiple|several)\s+languages)\b",
     r"\b(?:monolingual|english[- ]only|only\s+(?:(?:support|handle|cover|use|work)s?\s+(?:on\s+)?)?english)\b"),
    (r"\bmulti[- ]agent\b", r"\bsingle[- ]agent\b"),
    # a distribution, a position: "spread evenly" of "extremely imbalanced", "toward the end"
    # of "around the middle"
    (r"\b(?:imbalanced|unbalanced|uneven(?:ly)?|skewed)\b", r"\b(?:balanced|even(?:ly)?|uniform(?:ly)?)\b"),
    (r"\b(?:around|in|toward|towards|near)\s+the\s+middle\b", r"\b(?:toward|towards|near|at)\s+the\s+end\b"),
    # a size: "a teacher much larger than the student" of "a teacher model of the same size"
    (r"\b(?:same|equal|similar)[- ]size[ds]?\b", r"\b(?:larger|bigger|smaller)\s+than\b"))]
# (with what the paper is on after it: "In the bilateral network paper on motor control, ...")
PAPER_LEAD = re.compile(r"^\s*(?:in|for|about|regarding|from)\s+(?:the\s+)?[^,?]{1,80}?\b(?:paper|study|work|article|"
                        r"benchmark)(?:\s+(?:on|about|of|into|for)\s+[^,?]{1,60}?)?\s*[,:]\s*"
                        # ... or by its title in quotes: "In 'Looking Inward', why ..."
                        r"|^\s*(?:in|for|about|regarding|from)\s+(?:the\s+)?(?:paper\s+)?[\"'\u2018\u201c][^\"\u2019\u201d?]{2,100}?"
                        r"[\"'\u2019\u201d](?:\s+(?:paper|study|work|article))?\s*[,:]\s*", re.IGNORECASE)
# "... generalization? yes or no": how to answer, not part of the claim (its "no" is no
# negation of it)
YES_OR_NO = re.compile(r"\?*[\s,;:(\-\u2013\u2014]*(?:(?:answer|just|reply)\s+)?\(?\s*(?:yes\s*(?:or|/)\s*no|"
                       r"true\s*(?:or|/)\s*false|y/n)\s*\)?[\s?.!]*$", re.IGNORECASE)
# Questions that presuppose a claim about the paper: "why does X ...", "how did X get ...",
# and yes/no "does X ..." (no, when the paper says the opposite).
PREMISED = re.compile(rf"\s*(?:why|how come|how (?:did|does|do|is|was|were|are|can|could)|{AUXILIARY})\b", re.IGNORECASE)
UNWORDED_ASKS = re.compile(rf"\s*{AUXILIARY}\b", re.IGNORECASE)
# A claim the abstract negates: "RLVR does not improve capability", "we are unsuccessful
# on more complex tasks", "fails to generalize"; English, not fitted to a week.
# "we challenge the prevailing practice that VLMs must rely on contrastive encoders"
# "these responses are neither noticeably longer nor feature more reflection keywords"
NEGATING = re.compile(r"\b(?:not|never|neither|cannot|no longer|unable to|fail(?:s|ed)? to|unsuccessful(?:ly)?|"
                      r"(?:challeng|question|refut|overturn|debunk)\w*\s+(?:the\s+)?(?:[\w-]+\s+)?"
                      r"(?:practice|assumption|belief|view|notion|premise|consensus)s?\s+that)\b",
                      re.IGNORECASE)
# "can monitor all of their neural mechanisms" against "can monitor only a subset of their
# neural mechanisms": a whole the paper says it reaches only part of. English, not fitted.
_OF = r"\s+(?:of\s+)?(?:the\s+|their\s+|its\s+|these\s+|those\s+)?((?:[\w-]+\s+){0,2}[\w-]+)"
WHOLE = re.compile(r"\b(?:all|every)" + _OF, re.IGNORECASE)
PART = re.compile(r"\b(?:only\s+(?:a\s+)?(?:small\s+)?(?:subset|fraction|part|portion|few|some|handful|"
                  r"minority)|not\s+all|a\s+(?:small\s+)?(?:subset|fraction|minority|set|handful|majority)|"
                  # "tends to improve performance; not always for the specialised models"
                  r"not\s+always\s+(?:for|with|in|on|across)|"
                  r"most|some)" + _OF, re.IGNORECASE)
# "most of the tasks" against "only ... 10.59%": a majority the paper gives as a minority
MOST = re.compile(r"\b(?:most|the majority|nearly all|almost all)\b", re.IGNORECASE)
FAILED = re.compile(r"\b(?:fail\w*|struggl\w*|unable|cannot|can't|miss\w*|lose|loses|lost)\b", re.IGNORECASE)
ONLY_SHARE = re.compile(r"\bonly\b[^.;]{0,60}?(\d+(?:\.\d+)?)\s*%")
# A trend the question takes as lasting ("keep improving", "continue to rise") against a
# clause saying it turns ("a rise-then-fall pattern", "collapse", "plateaus"). English.
LASTING = re.compile(r"\b(?:keeps?|kept|keeping|continues?|continued|continuing)\s+(?:to\s+)?"
                     r"(?:improv|increas|ris|grow|climb|gain|scal|get\w* better)\w*|"
                     r"\b(?:steadily|monotonic\w*|indefinitely|without limit)\b", re.IGNORECASE)
TURNING = re.compile(r"\b(?:rise[- ](?:then|and)[- ]fall|(?:then|eventually|later)\s+(?:falls?|declines?|"
                     r"drops?|degrades?|collapses?|decreases?)|collapse\w*|plateau\w*|saturat\w*|"
                     r"diminishing returns|scaling limits?|deteriorat\w*|declin\w*|worsen\w*)\b", re.IGNORECASE)
# A benefit the question takes as given ("makes the final answer more reliable") against a
# clause saying the same thing raises a harm ("increases the likelihood of hallucinations").
BENEFIT = re.compile(r"\bmore\s+(?:reliable|accurate|robust|faithful|trustworthy|correct|stable|factual)\b|"
                     r"\b(?:improv|help|benefit)\w*\b", re.IGNORECASE)
HARM = re.compile(r"\b(?:increas|rais|amplif|exacerbat)\w*\s+(?:the\s+)?(?:likelihood|risk|rate|chance|"
                  r"frequency|number)s?\s+of\b|\bcarr\w*\s+(?:\w+\s+)?risks?\b", re.IGNORECASE)
# "fail to infer", "have trouble working out": a capability the question denies; "can
# (reliably) predict <six words>": one a clause affirms. English, not fitted.
FAILING = re.compile(r"\b(?:fail\w*\s+to|cannot|can't|can not|unable to|struggl\w*\s+to|"
                     r"(?:have|has|had)\s+(?:trouble|difficulty))\b", re.IGNORECASE)
CAN = re.compile(r"\bcan\s+((?:[\w-]+\s+){0,6}[\w-]+)", re.IGNORECASE)
# A question saying a negation, a shortfall ("do even worse at judging") or an alternative
# ("a text-only LLM instead of a contrastively pretrained one") is about it, not against it
ASKS_NEGATED = re.compile(r"\b(?:not|never|no|cannot|can't|\w+n't|fail\w*|without|challeng\w*|worse|harder|"
                          r"struggl\w*|trouble|instead of|rather than)\b", re.IGNORECASE)
# The words a negation reaches: its verb phrase, counted in content words ("that
# state-of-the-art VLMs must rely on vision encoders initialized via ..."); English.
REACH = 8
# ... and the words before it that name its subject ("agentic memory systems"): a noun phrase
SUBJECT = 4
# "we find that X does not": the report's verb is no part of the claim's subject
REPORTING = frozenset(stem(w) for w in "find found show shown demonstrate observe reveal report paper study".split())
# An attribute the abstract gives its subject only negated: "non-learnable routing
# weights" against a question's "learnable routing weights".
NEGATED = re.compile(r"\b(?:non|un)-([a-z]{4,})\s+([a-z]{3,})", re.IGNORECASE)
# A why-question explains its premise; an abstract that holds under half of the premise's
# words, and misses two or more of them, does not state it (a premise paraphrased still
# shares most content words with the sentence it paraphrases: 0.5 and up for the eleven
# true "why" questions written to check this on both weeks, docs/quality.md; one word
# paraphrased is not a refutation).
PREMISE_MIN = 0.5
# A clause under this many words is a fragment of its sentence, not a statement, and is
# quoted with its sentence ("not always for the specialised models", 6 words). Over the
# read rows only such "not always" fragments are this short among the clauses quoted.
FRAGMENT_WORDS = 8


def unsupported(question: str, paper: Paper) -> str | None:
    """The answer saying what the paper's abstract does not state, for a question about one
    paper, or None: the asked quantity unreported, a number misquoted, a premise it says
    otherwise, a "which X" it names only as a kind, checked in that order."""
    return (not_reported(question, paper) or misquoted(question, paper)
            or false_premise(question, paper) or unnamed(question, paper))


def false_premise(question: str, paper: Paper) -> str | None:
    """The answer for a question whose premise the abstract contradicts ("why does ...",
    "how did ...", "does X ..."), or, for "why", does not even word."""
    # "In the left/right brain paper, does the bilateral model ...": the lead names the
    # paper; the claim is what follows it (the answer quotes the whole question)
    claim = YES_OR_NO.sub("?", PAPER_LEAD.sub("", question, count=1))
    text = _false_premise(claim, paper) or _used_but_denied(claim, paper) or _chosen(claim, paper)
    if text and claim != question:
        text = text.replace(f'("{claim.strip()}")', f'("{question.strip()}")', 1)
    return text


# "which human reference translations were used to train X?": a "which" that takes as given
# what the paper does without ("reference-free"); English, not fitted to a week
# (and "how much human-labeled data did X collect": an amount of it, taken as given)
USED_ASKED = re.compile(r"\s*(?:which|what|how\s+(?:much|many))\b.*\b(?:use[sd]?|using|rel(?:y|ies|ied)\s+on|train\w*|"
                        r"need\w*|requir\w*|collect\w*|annotat\w*|provid\w*|offer\w*|suppl(?:y|ies|ied))\b",
                        re.IGNORECASE)


def _chosen(question: str, paper: Paper) -> str | None:
    """"Which CLIP or SigLIP checkpoint ..." of a paper naming them only in a practice it
    challenges: the answer quotes what it chose (:func:`effects.chosen_otherwise`)."""
    instead = chosen_otherwise(question, ev.clean_sentences(paper.abstract), own_names(paper))
    return answer_text(question, paper, "does not say so", "It says", [instead]) if instead else None


def _used_but_denied(question: str, paper: Paper) -> str | None:
    if PREMISED.match(question) or not USED_ASKED.match(question):
        return None
    name_words = {stem(w.lower()) for n in own_names(paper) for w in re.split(r"[\s\-]+", n)}
    clause, said = next(((c, d) for s in ev.clean_sentences(paper.abstract) for c in clauses(s)
                         if (d := denial(question, c, name_words))), ("", None))
    # (a long clause is cut to its denial, not to the question's words it also holds)
    return answer_text(question, paper, "does not say so", "It says", [clause], focus=said) if said else None


def _false_premise(question: str, paper: Paper, worded: bool = False) -> str | None:
    if not PREMISED.match(question):
        return None
    sentences = ev.clean_sentences(paper.abstract)
    # "why does X <premise>" and yes/no "does X <premise>" ask about a claim; one the paper
    # has mostly no words for is not the paper's ("only English and Chinese" of "15
    # languages"). "how does X ..." asks how, and "does X beat Y" is answered by results,
    # both of which the paper may word differently ("speedups over").
    why = re.match(r"\s*(?:why|how come)\b", question, re.IGNORECASE)
    if not worded and (why or UNWORDED_ASKS.match(question) and not COMPARED.search(question)) \
            and _unworded(question, paper):
        # a clause that says otherwise is the better quote than the closest one
        pool = [c for s in sentences for c in clauses(s)]
        return (_false_premise(question, paper, worded=True)
                or answer_text(question, paper, "does not say so", "It says", pool))
    opposite = _opposite_property(question, paper, sentences) or family_otherwise(question, sentences)
    if opposite:
        return answer_text(question, paper, "does not say so",
                           "Its title says" if opposite == paper.title else "It says", [opposite])
    names = own_names(paper)  # read once: each call scans the abstract for coined names
    # "the highest P-Score on PacifAIst": PacifAIst is the paper (a name is a few words; a
    # long title without a colon, "Is PRM Necessary? Problem-Solving RL ...", describes it)
    short = " ".join(n for n in [*names, *title_method(paper)] if len(n.split()) <= NAME_WORDS)
    own = set(_stems(short))
    # (the words of a long title are the premise's, "control their internal activations" of
    # "... Capable of Metacognitive Monitoring and Control of Their Internal Activations")
    keys = ev.keywords(question) - ev.keywords(short) - PREMISE_FRAME
    name_words = {stem(w.lower()) for n in names for w in re.split(r"[\s\-]+", n)}
    turned = reversed_in(question, sentences, name_words | PREMISE_FRAME)
    if turned:  # "why does A beat B" of "B outperforms A"
        return answer_text(question, paper, "does not say so", "It says",
                       [c[:1].upper() + c[1:] for c in re.split(r"(?<=[;:])\s+", turned) if sides(c)]
                       or [turned])
    others = said_of_others(question, sentences, keys, names) or degree_of_others(question, sentences, names)
    if others:  # "why does FlashPrefill suffer degradation" of "unlike existing methods that ..."
        return answer_text(question, paper, "does not say so", "It says", [others])
    q_stems = _stems(question)
    # what a direction is said of: its own word and "keeps getting" are not (the sentence
    # says the opposite word); a sentence about that alone is judged by subjects only
    subject_keys = keys - DIRECTED - ASPECT
    for s in sentences:
        # "..., while robustly mitigating entropy collapse": the clause's subject may be the
        # sentence's, so a direction is judged on a clause of a sentence about the premise
        about = ev.coverage(keys, s) >= 0.5
        subject_about = about or ev.coverage(subject_keys, s) >= 0.5
        if ordered_otherwise(question, s) or swapped(question, s) or allotted_otherwise(question, s):
            return answer_text(question, paper, "does not say so", "It says", [s])
        for clause in clauses(s):
            # "non-<attribute> <noun>" against the question's "<attribute> <noun>" is
            # evidence enough: two words in that order, in the paper asked about
            if (_negated_attribute(question, clause) or denies(question, clause, name_words)
                    or _negates(question, clause, keys) or _in_part(question, clause)
                    or _turns(question, clause, keys) or _affirms(question, clause, keys)
                    or _few(question, clause, keys) or ranked_otherwise(question, clause, name_words)
                    or effect_otherwise(question, clause, keys) or beaten_alone(question, clause)
                    or left_open(question, clause) or paid_for(question, clause) or held_anyway(question, clause)
                    or longer_than_bound(question, clause) and ev.coverage(keys, clause) >= 0.5):
                # a fragment ("not always for the specialised models") is quoted with its
                # sentence, which says what it is not always true of
                quote = clause if len(clause.split()) >= FRAGMENT_WORDS else s
                return answer_text(question, paper, "does not say so", "It says", [_saying(quote, keys)])
            if not subject_about:
                continue
            c_stems = _stems(clause)
            for a, b in DIRECTIONS:
                for said, opposite in ((a, b), (b, a)):
                    if any(opposite_about(c_stems, opposite, w, q_stems, own, by_words=about)
                           for w in said & set(q_stems)):
                        return answer_text(question, paper, "does not say so", "It says",
                                           [_saying(clause, keys)])
    # last, as the loosest (a clause denying it outright, above, is the better quote): a
    # practice the background faults or calls usual ("why does SRPO rely on binary success
    # indicators" of "Relying on binary success indicators wastes ..."), and "does OMNI
    # rely on human annotators" of "utilize foundation models as ..."
    said = (said_of_others(question, sentences, keys, names, faulted=True)
            or done_without_people(question, sentences))
    return answer_text(question, paper, "does not say so", "It says", [said]) if said else None


def _saying(clause: str, keys: set[str]) -> str:
    """The part of a clause that says it: "... carries inherent risks: we demonstrate that
    ...", "..., analysis exposes persistent challenges: the approach exhibits low precision",
    "By presenting ..., we demonstrate that ..."."""
    # (and before what the paper reports: "By presenting models with ..., we demonstrate
    # that LLMs can learn to ... control these activations")
    parts = re.split(r"(?<=[;:])\s+|,\s+(?=we\s+(?:demonstrate|show|find|observe|reveal|confirm)\b)", clause)
    return max(enumerate(parts), key=lambda ic: (ev.coverage(keys, ic[1]), ic[0]))[1]  # the later on a tie


def _opposite_property(question: str, paper: Paper, sentences: list[str]) -> str | None:
    """The clause (or title) claiming the property whose opposite the question gives the
    paper, when the paper never words that opposite ("Exact K-Means" against "why does it
    give up exactness and approximate"); None otherwise. A question comparing ("beat
    approximate baselines") or negating gives the opposite to something else."""
    if ASKS_NEGATED.search(question):
        return None
    # (the background's "Existing video depth estimation ...: generative models suffer from
    # stochastic hallucinations" is said of others)
    text = f"{paper.title}. {paper.abstract}"
    own = " ".join([paper.title, *(s for s in sentences if not BACKGROUND.match(s))])
    for claimed, other in PROPERTIES:
        # (the opposite may itself compare: "a teacher much larger than the student")
        if (other.search(question) and not COMPARED.search(other.sub(" ", question))
                and claimed.search(text) and not other.search(own)):
            pool = [c for s in sentences for c in clauses(s) if claimed.search(c)]
            return (pool or [paper.title])[0]
    return None


def _negates(question: str, clause: str, keys: set[str]) -> bool:
    """The clause negates what the question takes as given: two of the question's own words
    (``keys``, not the paper's names) within the negation's reach ("does RLVR improve
    capability" of "RLVR does not improve capability"). A question that itself asks about
    a negation ("why does X not need labels") is about it, not against it."""
    if ASKS_NEGATED.search(question):
        return False
    for m in NEGATING.finditer(clause):
        after = [stem(w) for w in re.findall(r"[A-Za-z]+", clause[m.end():].lower()) if w not in STOP][:REACH]
        # ... or its subject before it and one word after: "agentic memory systems fail to
        # adapt robustly" against "do agentic memory systems keep up robustly" (the subject
        # is the negation's own: after any comma, "While we elicit X on simple tasks, we fail")
        subject = re.split(r"[,;:]", clause[:m.start()])[-1]
        before = [stem(w) for w in re.findall(r"[A-Za-z]+", subject.lower())
                  if w not in STOP and stem(w) not in REPORTING][-SUBJECT:]
        shared = len(keys & set(after))
        if shared >= 2 or shared and shared + len(keys & set(before)) >= 3:
            return True
    return False


def _turns(question: str, clause: str, keys: set[str]) -> bool:
    """The clause says the question's lasting trend turns, or its benefit is a harm, of the
    same thing: two of the question's words for a trend, three for a benefit (a benefit
    word is common, so the subject must match closely)."""
    trend = LASTING.search(question) and TURNING.search(clause)
    harm = BENEFIT.search(question) and HARM.search(clause) and not HARM.search(question)
    if not (trend or harm):  # most questions and clauses: no stems to compare
        return False
    said = set(_stems(clause))
    # a word and its derivation are one ("exploration", "exploratory")
    shared = sum(any(derived(k, w) for w in said) for k in keys)
    return bool(trend and shared >= 2 or harm and shared >= 3)


def _affirms(question: str, clause: str, keys: set[str]) -> bool:
    """The question says models fail at something the clause says they can do, two of the
    question's words after its negation said after the clause's "can" ("why do models fail
    to infer mental states" of "most models can reliably predict mental state")."""
    failing = FAILING.search(question)
    if not failing:
        return False
    asked = set(_stems(question[failing.end():])) & keys
    for m in CAN.finditer(clause):
        if not NEGATING.search(m.group(0)) and len(asked & set(_stems(m.group(1)))) >= 2:
            return True
    return False


def _few(question: str, clause: str, keys: set[str]) -> bool:
    """The question says most succeed where the clause gives "only" a minority share of
    the same thing ("complete most of the tasks" of "only achieves a task success rate of
    10.59%"): two of the question's words in the clause."""
    low = ONLY_SHARE.search(clause)
    return bool(MOST.search(question) and not FAILED.search(question) and low and float(low.group(1)) < 50
                and len(keys & set(_stems(clause))) >= 2)


def _in_part(question: str, clause: str) -> bool:
    """The question says "all X" where the clause says "only a subset of X" or "a small set
    of X" (a word of X in both, stemmed)."""
    def said(pattern: re.Pattern[str], text: str) -> set[str]:
        return {stem(w.lower()) for m in pattern.finditer(text) for w in m.group(1).split()
                if w.lower() not in STOP}
    return bool(said(WHOLE, question) & said(PART, clause))


def _unworded(question: str, paper: Paper) -> bool:
    """The premise of "why does X <premise>" (or "does X <premise>?") is mostly words the
    paper never uses."""
    premise = question
    for name in own_names(paper):  # the paper's names, as typed ("egothink"), are its subject
        if name:
            premise = whole_word(name, ignore_case=True).sub(" ", premise)
    keys = ev.keywords(premise) - PREMISE_FRAME
    whole, parts = ev.paper_words(paper)
    missing = [k for k in keys if not _worded(k, whole | parts)]
    return len(missing) >= 2 and len(missing) > (1 - PREMISE_MIN) * len(keys)


def _worded(key: str, words: frozenset[str]) -> bool:
    """The paper uses the word: its stem, its parts ("self-rewarding"), or a word holding it
    ("training" in "pretraining", "stabil" in "stabilizes")."""
    if key in words or all(p in words for p in key.split("-") if p):
        return True
    return len(key) >= 4 and any(w.startswith(key) or w.endswith(key) for w in words)


def _negated_attribute(question: str, clause: str) -> bool:
    """The clause calls the question's "<attribute> <noun>" "non-<attribute> <noun>" (and
    the question does not negate it itself)."""
    for m in NEGATED.finditer(clause):
        attr, noun = m.group(1).lower(), m.group(2).lower()
        said = re.search(rf"(?<![\w-]){attr}\s+{noun}", question.lower())
        if said and not re.search(rf"\b(?:non|un)-{attr}", question.lower()):
            return True
    return False
