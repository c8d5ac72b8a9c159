"""How a sentence can say otherwise than a question's claim, beyond a plain negation
(issue 11, point 1; :mod:`paperqa_lite.premise` applies these with its own rules):
- :func:`ranked_otherwise`: a model the question ranks at one end, the sentence at the other;
- :func:`ordered_otherwise`: steps the question orders one way, the sentence the other;
- :func:`swapped`: "A rather than B" asked, "B rather than A" said;
- :func:`left_open`: a conclusion the question says the paper draws, the sentence leaves open;
- :func:`said_of_others`: a claim the abstract makes of other work ("unlike existing methods
  that ...") or of a practice its background finds fault with, which the question pins on
  the paper;
- :func:`done_without_people`: work the question says people do ("rely on human
  annotators") that the paper's own work does by itself.
Each reads English patterns, not anything fitted to a week; the premise questions written to
check them are counted in docs/quality.md.
"""

from __future__ import annotations

import re

from . import evidence as ev
from .clauses import clauses
from .sentences import STOP, stem, whole_word

# A direction said with a phrasal verb is the same claim as its one-word form ("goes up
# with more training" = "increases ..."); plain English, not fitted to any week.
PHRASAL = [(re.compile(rf"\b(?:go|goes|going|went|gone)\s+{p}\b", re.IGNORECASE), w)
           for p, w in (("up", "increases"), ("down", "decreases"))]

# A rank the question gives a named model ("find GPT-5 to be the most pacifist") against the
# other end the clause gives it ("GPT-5 recorded the lowest P-Score"); English, not fitted.
TOP = re.compile(r"\b(?<!at )(?:most|best|highest|top|strongest|safest|first place|won|wins)\b", re.IGNORECASE)
BOTTOM = re.compile(r"\b(?<!at )(?:least|worst|lowest|last|bottom|weakest)\b", re.IGNORECASE)
# words after a model's name in which a clause ranks it ("GPT-5 recorded the lowest")
RANK_REACH = 5

# An order the question gives ("warm up the deeper layers before the early ones", "apply
# the bonus first and only afterwards run RL") against a sentence giving the other order
# ("early layer learns first", "running a first phase of RL ... and then using a reward
# bonus"); English, not fitted.
ORDER = re.compile(r"((?:[\w-]+\s+){1,4}?)(?:first\s+)?(?:,\s*)?(?:and\s+)?(?:only\s+)?"
                   r"(before|after|afterwards|later|then)\s+((?:[\w-]+\s*){1,5})", re.IGNORECASE)
FIRST = frozenset(stem(w) for w in "first earlier earliest sooner".split())
LATER = frozenset(stem(w) for w in "later last longer latest".split())
SEQUENCE = frozenset(stem(w) for w in "then followed subsequently afterwards next finally".split())
ORDER_REACH = 3  # words after a step in which "first" or "later" is said of it

# What an abstract says of other work ("existing methods that incur efficiency degradation",
# "Traditional video tokenizers apply a uniform token assignment"), which a question may
# pin on the paper itself; English, not fitted.
PRIOR = re.compile(r"\b(?:existing|prior|previous|traditional|conventional|current|standard|typical|canonical|"
                   r"earlier)\s+(?:[\w()-]+\s+){0,3}?(?:methods?|approaches|works?|research|models?|tokenizers?|"
                   r"algorithms?|systems?|techniques?|pipelines?|frameworks?|practices?|mechanisms?|routers?|"
                   r"designs?|studies)\b", re.IGNORECASE)
UNLIKE = re.compile(r"\b(?:unlike|in contrast to|contrary to)\b[^,;]+", re.IGNORECASE)
# The practice a paper's background finds fault with, or calls the usual one, before it
# says what it does ("Relying on binary success indicators wastes valuable information",
# "VLMs typically require some seed data"), is others' too
CRITICISED = re.compile(r"\b(?:typically|usually|commonly|conventionally|wastes?|wasted|wasting|underutili[sz]ed|leaving\b[^.]*\bunused|discard\w*|"
                        r"ignor(?:e|es|ed|ing)|overlook\w*|neglect\w*|suffer\w*|crippl\w*|bottleneck\w*|"
                        r"limit(?:s|ed|ing)|inefficien\w*|costly|expensive|brittle|fail(?:s|ed)?\b)", re.IGNORECASE)
# what a result is compared with: "compared to RL methods trained solely on scalar rewards"
COMPARED_WITH = re.compile(r"\b(?:compared\s+(?:to|with)|relative\s+to|than|against|over)\s+[^,;:.]*", re.IGNORECASE)
# a question saying the paper does without it asks about that, not against it
AVOIDED = re.compile(r"\b(?:avoid\w*|without|instead of|rather than|eliminat\w*|not|no longer|replac\w*)\b",
                     re.IGNORECASE)
# The claim is said of other work when a span about it holds this share of the question's
# words and the paper's own spans hold clearly fewer (a paraphrase shares most words with
# what it paraphrases: see premise.PREMISE_MIN).
OTHERS_MIN, OWN_MARGIN = 0.6, 0.25

# "A rather than B" in the question against "B rather than A" in a sentence ("model scaling,
# rather than visual representation, is the main driver" of "improved visual representation
# rather than model scaling is the primary driver"); English, not fitted.
RATHER = re.compile(r"((?:[\w-]+\s+){0,1}[\w-]+),?\s+(?:rather than|instead of|and not|not)\s+"
                    r"((?:[\w-]+\s+){0,1}[\w-]+)", re.IGNORECASE)
# A conclusion the question says a paper draws ("conclude that the agents are conscious")
# against a clause leaving it open ("the question of consciousness ... remains a topic of
# debate"); English, not fitted.
CONCLUDES = re.compile(r"\b(?:conclud|prov|show|establish|demonstrat|confirm|find|found|finds)\w*\s+"
                       r"(?:that\s+)?(.+)", re.IGNORECASE)
OPEN = re.compile(r"\b(?:remains?|is still|are still)\s+(?:a\s+|an\s+)?(?:topic of\s+|matter of\s+|subject of\s+)?"
                  r"(?:debate|debated|open|unclear|unresolved|unknown|uncertain|inconclusive)|"
                  r"\binconclusive\b|\bnot\s+(?:\w+\s+)?enough\s+to\s+(?:form|draw|reach|make)\s+"
                  r"(?:\w+\s+)?conclusions?", re.IGNORECASE)

# Words of the question's frame, not of its premise: "why did the authors choose X",
# "why does X help training"; plain English, not fitted.
PREMISE_FRAME = frozenset(stem(w) for w in """why author authors choose chose chosen decide decided
help helps think thinks need needs want wants get gets got""".split())


def stems(text: str) -> list[str]:
    """The text's word stems, a phrasal direction read as its one word ("goes up")."""
    for pattern, word in PHRASAL:
        text = pattern.sub(word, text)
    return [stem(w) for w in re.findall(r"[A-Za-z]+", text.lower())]


def ranked_otherwise(question: str, clause: str, name_words: set[str]) -> bool:
    """The question ranks a model at one end (:data:`TOP`, :data:`BOTTOM`) that the clause,
    within a few words after the model's name, ranks at the other; a model is a name the
    clause writes with a capital or a digit ("gpt-5" typed for "GPT-5"), not the paper's."""
    for said, other in ((TOP, BOTTOM), (BOTTOM, TOP)):
        if not said.search(question) or other.search(question):
            continue
        for tok in set(re.findall(r"[A-Za-z][\w.\-]*\w", question)):
            if tok.lower() in STOP or stem(tok.lower()) in name_words:
                continue
            for m in whole_word(tok, ignore_case=True).finditer(clause):
                if not re.search(r"[A-Z0-9]", m.group(0)):
                    continue
                after = " ".join(clause[m.end():].split()[:RANK_REACH])
                if other.search(after) and not said.search(after):
                    return True
    return False


def ordered_otherwise(question: str, sentence: str) -> bool:
    """The question puts step A before step B where the sentence says B comes first, or A
    later, or tells B and then A (each step by its words, two of them when it has two)."""
    c_stems = stems(sentence)
    for m in ORDER.finditer(question):
        a, b = (_content(m.group(1)), _content(m.group(3)))
        if m.group(2).lower() == "after":
            a, b = b, a
        if not a or not b:
            continue
        for i, w in enumerate(c_stems):
            near = set(c_stems[i + 1:i + 1 + ORDER_REACH])
            if w in b and near & FIRST or w in a and near & LATER:
                return True
            if w in SEQUENCE:
                told_before, told_after = set(c_stems[:i]), set(c_stems[i + 1:])
                if (len(b & told_before) >= min(2, len(b)) and len(a & told_after) >= min(2, len(a))
                        and not len(a & told_before) >= min(2, len(a))):
                    return True
    return False


def said_of_others(question: str, sentences: list[str], keys: set[str], names: list[str],
                   faulted: bool = False) -> str | None:
    """The sentence that says the question's claim of other work (:data:`PRIOR`; with
    ``faulted``, also a practice the background faults, :data:`CRITICISED`), when the
    paper's own sentences say it far less; None otherwise, or when the question itself is
    about other work."""
    if PRIOR.search(question) or len(keys) < 2 or AVOIDED.search(question):
        return None
    others, own = [], []
    background = set(sentences) - set(ev.own_sentences(sentences)) if faulted else set()
    for s in sentences:
        unlike = UNLIKE.search(s)
        if unlike and PRIOR.search(unlike.group(0)):
            others.append(s)
            own.append(s[:unlike.start()] + s[unlike.end():])
        elif (PRIOR.search(s) or faulted and s in background and CRITICISED.search(s)) and not any(
                n and whole_word(n).search(s) for n in names):
            others.append(s)
        else:
            # "2.2x ... compared to RL methods trained solely on scalar rewards": what it
            # is compared with is not the paper's own
            own.append(COMPARED_WITH.sub(" ", s))
    if not others:
        return None
    best = max(others, key=lambda s: ev.coverage(keys, s))
    said = ev.coverage(keys, best)
    own_best = max((ev.coverage(keys, s) for s in own), default=0.0)
    return best if said >= OTHERS_MIN and own_best <= said - OWN_MARGIN else None


# A degree word before what is done ("fully denoised", "highly curated", "heavily supervised"):
# English intensifiers, one degree however said
DEGREE = re.compile(r"\b(?:fully|highly|completely|totally|entirely|heavily|strongly|perfectly)\s+([a-z][\w-]+)",
                    re.IGNORECASE)


def degree_of_others(question: str, sentences: list[str], names: list[str]) -> str | None:
    """The sentence of other work that does the question's thing to the question's degree
    ("existing methods typically condition on highly denoised contexts" of "why does HiAR
    condition on fully denoised context") when none of the paper's own sentences says that
    degree of it: the practice the paper argues against, not its own."""
    asked = {stem(m.group(1).lower()) for m in DEGREE.finditer(question)}
    if not asked or PRIOR.search(question):
        return None
    def degrees(s: str) -> set[str]:
        return {stem(m.group(1).lower()) for m in DEGREE.finditer(s)}
    others = [s for s in sentences if PRIOR.search(s) and degrees(s) & asked
              and not any(n and whole_word(n).search(s) for n in names)]
    own = [s for s in sentences if s not in others and degrees(s) & asked]
    return others[0] if others and not own else None


def swapped(question: str, sentence: str) -> bool:
    """The question prefers A to B ("A rather than B") where the sentence prefers B to A."""
    for q in RATHER.finditer(question):
        a, b = _content(q.group(1)), _content(q.group(2))
        for c in RATHER.finditer(sentence):
            ca, cb = _content(c.group(1)), _content(c.group(2))
            if a and b and a & cb and b & ca and not a & ca:
                return True
    return False


# "fewer denoising steps on early chunks and more on later ones" against "more steps early,
# fewer steps later": how much goes where, said the other way round. A quantity word and the
# first position word within ALLOT_REACH words after it; English, not fitted on a week.
_MORE = {"more": 1, "fewer": -1, "less": -1}
_EARLY = frozenset("early earlier earliest first initial beginning".split())
_LATE = frozenset("late later latest last final end".split())
ALLOT_REACH = 5


def _allotted(text: str) -> dict[str, int]:
    words = re.findall(r"[a-z]+", text.lower())
    out: dict[str, int] = {}
    for i, w in enumerate(words):
        if w in _MORE:
            where = next(("early" if x in _EARLY else "late" for x in words[i + 1:i + 1 + ALLOT_REACH]
                          if x in _EARLY or x in _LATE), None)
            if where:
                out.setdefault(where, _MORE[w])
    return out


def allotted_otherwise(question: str, sentence: str) -> bool:
    """The question gives more (or fewer) of something to the early or late part where the
    sentence gives the opposite, and agrees on no part."""
    asked, said = _allotted(question), _allotted(sentence)
    shared = asked.keys() & said.keys()
    return bool(shared) and all(asked[k] == -said[k] for k in shared)


def left_open(question: str, clause: str) -> bool:
    """The question says the paper concludes what the clause says is still open: a word of
    the conclusion (five letters or more, or its derivation) in the clause."""
    claim = CONCLUDES.search(question)
    if not claim or not OPEN.search(clause):
        return False
    # the paper's names are not left out: its title may name the open question itself
    asked = {k for k in stems(claim.group(1)) if len(k) >= 5}
    said = set(stems(clause))
    return any(k[:5] == w[:5] and len(w) >= 5 for k in asked for w in said)


def _content(text: str) -> set[str]:
    return {w for w in stems(text) if len(w) > 2 and w not in STOP and w not in PREMISE_FRAME
            and w not in FIRST | LATER | SEQUENCE and w not in {"doe", "whi", "onli", "one", "befor"}}


# People doing a method's work, as a question pins it on a paper ("rely on human annotators
# to label", "need humans to write instructions", "hand-coded reward functions") ...
BY_PEOPLE = re.compile(r"\b(?:rel(?:y|ies|ied|ying)\s+on|needs?|needed|requir\w*|depend\w*\s+on|use[sd]?|using)\s+"
                       r"(?:[\w-]+\s+){0,2}?(?:humans?|human[- ](?:annotators?|labell?ers?|experts?|raters?|"
                       r"feedback|annotations?|labels?|written|annotated|labell?ed)|manual\w*|annotators?|"
                       r"hand[- ]\w+)\b|\bhumans?\s+(?:to\s+)?(?:write|label|annotate|specify|design)\b",
                       re.IGNORECASE)
# ... against a paper whose own work says it is done without them: by itself, or by a model
# in their place ("utilize foundation models (FMs) as a model of interestingness").
BY_ITSELF = re.compile(r"\b(?:autonomous\w*|automatic\w*|automat(?:e|es|ed|ing)\b|without\s+(?:any\s+)?(?:human|manual)|"
                       r"no\s+human|self-(?:generat|supervis|evolv|judg|reward|play|improv)\w*|"
                       r"(?:foundation|language|vision-language)\s+models?\s+(?:\(\w+\)\s+)?as\b)", re.IGNORECASE)
# What says people do it, in the paper's own sentences (its background may say others do).
PEOPLE_DO = re.compile(r"\b(?:human|manual|crowd)[- ]?(?:annotat\w*|label\w*|feedback|experts?|raters?|written|"
                       r"crafted|curat\w*|ly)\b|\bannotators?\b|\bhand[- ](?:coded|crafted|written|designed|labell?ed)\b",
                       re.IGNORECASE)


def done_without_people(question: str, sentences: list[str]) -> str | None:
    """The own-work clause saying the paper's method works by itself, when the question
    says it relies on people ("does OMNI rely on human annotators to label ...") and the
    paper's own work never says people do it; None otherwise (a question denying it, "does
    X work without human labels", asks about that)."""
    if not BY_PEOPLE.search(question) or re.search(r"\b(?:without|not|no|never)\b", question, re.IGNORECASE):
        return None
    own = ev.own_sentences(sentences)
    if any(PEOPLE_DO.search(s) for s in own):
        return None
    # the part saying it, not the reason after it (", because they already internalize ...")
    return next((p for s in own for c in clauses(s) for p in re.split(r",\s+(?=(?:because|since|which|where|while)\b)", c)
                 if BY_ITSELF.search(p)), None)


# A gain the question takes as given ("improve accuracy on the hardest questions") against a
# clause saying it is paid for by that same thing ("... to the detriment of the accuracy of
# the most difficult questions"). English, not fitted to a week. Each phrase is read ahead
# of its verb, so one verb's phrase does not swallow the next verb ("miss hidden problems
# because they lack the skills").
GAINED = re.compile(r"\b(?:improv|increas|boost|rais|help|benefit|gain|strengthen|enhanc)\w*\s+"
                    r"(?=((?:[\w-]+\s+){0,6}[\w-]+))", re.IGNORECASE)
PAID_FOR = re.compile(r"\b(?:to the detriment of|at the (?:expense|cost) of|sacrific\w*|hurt(?:s|ing)?|"
                      r"degrad(?:es|ing)|harm(?:s|ing)?)\s+(?=((?:[\w-]+\s+){0,6}[\w-]+))", re.IGNORECASE)
# A lack the question gives as the cause ("because they lack the perceptual and reasoning
# skills") against a clause saying the subject has it ("even when they possess the
# necessary perceptual and reasoning skills").
LACKED = re.compile(r"\b(?:lack\w*|(?:do|does|did)\s*(?:not|n't)\s+(?:have|possess)|miss(?:es|ing)?)\s+"
                    r"(?=((?:[\w-]+\s+){0,5}[\w-]+))", re.IGNORECASE)
HELD = re.compile(r"\b(?<!not )(?<!n't )(?:possess\w*|ha(?:ve|s|ving)|retain\w*)\s+(?=((?:[\w-]+\s+){0,5}[\w-]+))",
                  re.IGNORECASE)
# The same thing is said by two content words of both phrases (one shared word, "accuracy",
# is another aspect of the result)
SAME_WORDS = 2


def _phrases(pattern: re.Pattern[str], text: str) -> list[set[str]]:
    """The content words of each phrase ``pattern`` reads after its verb in ``text``."""
    return [_content(m.group(1)) for m in pattern.finditer(text)]


def paid_for(question: str, clause: str) -> bool:
    """The question says X gains what the clause says its gain comes at the cost of; not
    when the question says a word only the clause's gain has ("the pass rate on routine
    puzzles" of "raises the pass rate on routine puzzles at the expense of the pass rate on
    the rarest": both phrases say "pass rate", the gain is the routine ones)."""
    asked = _phrases(GAINED, question)
    gains = _phrases(GAINED, clause)
    for paid in _phrases(PAID_FOR, clause):
        gained_only = set().union(*(g - paid for g in gains))
        if any(len(a & paid) >= SAME_WORDS and not a & gained_only for a in asked):
            return True
    return False


def held_anyway(question: str, clause: str) -> bool:
    """The question says a subject lacks what the clause says it has."""
    return any(len(a & b) >= SAME_WORDS for a in _phrases(LACKED, question) for b in _phrases(HELD, clause))
