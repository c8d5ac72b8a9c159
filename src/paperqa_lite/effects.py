"""How much a claim holds, and of what (issue 11, point 1; read by
:mod:`paperqa_lite.premise`, whose false premises these are):
- :func:`effect_otherwise`: a small effect the question gives ("why did adding parameters
  barely help") that the clause calls large ("has the most significant impact"), or the
  reverse;
- :func:`beaten_alone`: a thing the question calls enough on its own ("learning progress on
  its own is enough") that the clause names as a baseline the paper beats ("outperforming
  baselines based on ... learning progress alone") or calls insufficient;
- :func:`chosen_otherwise`: "which CLIP or SigLIP checkpoint is X initialized from" of an
  abstract that names CLIP/SigLIP only in a practice it challenges, and says its own choice
  in the question's other words ("whose vision encoder is initialized from a text-only LLM");
- :func:`family_otherwise`: "why model running times as normally distributed" of an
  abstract that assumes them "Poisson distributed".
English patterns, not fitted on a week.
"""

from __future__ import annotations

import re

from . import evidence as ev
from .clauses import clauses
from .notstated import NAMED_KINDS
from .sentences import NAME, STOP, stem

_EFFECT = r"(?:impact|effect|influence|gains?|improvements?|boosts?|benefits?|difference|role|contribution)"
SMALL_EFFECT = re.compile(
    r"\b(?:barely|hardly|scarcely|slightly|marginally|not\s+(?:much|really|significantly))\s+(?:\w+\s+)?"
    r"(?:help|improv|affect|matter|chang|boost|benefit|rais)\w*|"
    rf"\b(?:little|marginal|slight|negligible|minimal|minor|modest|no\s+(?:real|significant|notable))\s+{_EFFECT}",
    re.IGNORECASE)
LARGE_EFFECT = re.compile(
    r"\b(?:significant|substantial|strong(?:est)?|large(?:st)?|major|dramatic|considerable|great(?:est)?|"
    rf"remarkable|decisive|crucial)\s+(?:\w+\s+)?{_EFFECT}|"
    r"\b(?:significantly|substantially|greatly|dramatically|considerably|markedly)\s+"
    r"(?:improv|boost|enhanc|increas|rais|help|benefit)\w*", re.IGNORECASE)
# the effect's subject and object: two of the question's words in the clause
SHARED_MIN = 2


def effect_otherwise(question: str, clause: str, keys: set[str]) -> bool:
    """The question gives an effect one size and the clause, on two of its words, the other."""
    for said, other in ((SMALL_EFFECT, LARGE_EFFECT), (LARGE_EFFECT, SMALL_EFFECT)):
        if said.search(question) and other.search(clause) and not said.search(clause):
            return len(keys & _stems(clause)) >= SHARED_MIN
    return False


# "X on its own is enough", "X alone suffices", "X by itself is sufficient"
ALONE = re.compile(r"\b(?:alone|on\s+(?:its|their)\s+own|by\s+(?:itself|themselves))\b", re.IGNORECASE)
ENOUGH = re.compile(r"\b(?:enough|sufficient|suffices?|all\s+(?:you|that\s+is|one)\s+needs?)\b", re.IGNORECASE)
# ... against "outperforming baselines based on X alone", "X alone is insufficient"
BEATEN = re.compile(r"\b(?:outperform\w*|beat\w*|surpass\w*|better\s+than|improv\w*\s+(?:over|on|upon)|"
                    r"insufficient|not\s+(?:enough|sufficient)|falls?\s+short|fails?)\b", re.IGNORECASE)
# the words naming the thing: the content words right before "alone"
THING_WORDS = 2


def beaten_alone(question: str, clause: str) -> bool:
    """The question says a thing alone is enough; the clause names it alone (its words
    right before "alone"/"only") beside a word that beats it or calls it insufficient."""
    m = ALONE.search(question)
    if not (m and ENOUGH.search(question[m.end():]) and not BEATEN.search(question)):
        return False
    thing = [stem(w) for w in re.findall(r"[A-Za-z][\w-]*", question[:m.start()].lower()) if w not in STOP]
    thing = set(thing[-THING_WORDS:])
    for said in re.finditer(r"\b(?:alone|only|by\s+itself)\b", clause, re.IGNORECASE):
        before = {stem(w) for w in re.findall(r"[A-Za-z][\w-]*", clause[:said.start()].lower())[-4:]}
        if thing and thing <= before and BEATEN.search(clause):
            return True
    return False


# the names "which/what" offers in its noun phrase: "which CLIP or SigLIP checkpoint is ..."
OFFERED = re.compile(r"\s*(?:which|what)\s+((?:[\w\-/]+\s+){0,5}?)(?:is|are|was|were|does|do|did|has|have)\b",
                     re.IGNORECASE)


def chosen_otherwise(question: str, sentences: list[str], own_names: list[str]) -> str | None:
    """The clause saying what the paper chose, when "which/what ..." offers names the
    abstract writes only in a negated or challenged clause; None otherwise."""
    asked = OFFERED.match(question)
    if not asked:
        return None
    own = {w.lower() for n in own_names if n for w in re.split(r"[\s:]+", n)}
    named = [n for n in NAME.findall(asked.group(1)) if n.lower() not in own and stem(n.lower()) not in NAMED_KINDS]
    if not named:
        return None
    said = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in named) + r")(?![\w])")
    pool = [c for s in sentences for c in clauses(s)]
    with_names = [c for c in pool if said.search(c)]
    if not with_names or not all(_negated(c, said) for c in with_names):
        return None
    keys = ev.keywords(said.sub(" ", question)) - {stem(w) for w in own}
    instead = [c for c in pool if c not in with_names and len(keys & _stems(c)) >= SHARED_MIN]
    return max(instead, key=lambda c: len(keys & _stems(c)), default=None)


# The families of probability distribution a paper may assume, each a set of names for one
# (a statistics textbook's list, not this week's words): two families are two assumptions.
FAMILIES = [re.compile(rf"(?<![\w-])(?:{f})(?:ly)?[\s-]+(?:distribut\w*|random\s+variables?)", re.IGNORECASE)
            for f in ("normal|gaussian", "poisson", "uniform", "exponential", "binomial", "bernoulli",
                      "log-?normal", "power-?law|zipf(?:ian)?", "gamma", "beta", "dirichlet", "geometric",
                      "laplace|laplacian", "student-?t|t")]


def family_otherwise(question: str, sentences: list[str]) -> str | None:
    """The clause assuming another distribution family than the question gives the paper,
    when the abstract never names the question's ("Why are the running times modelled as
    normally distributed?" of "assuming task running times to be Poisson distributed")."""
    asked = [f for f in FAMILIES if f.search(question)]
    text = " ".join(sentences)
    if not asked or any(f.search(text) for f in asked):
        return None
    return next((c for s in sentences for c in clauses(s) if any(f.search(c) for f in FAMILIES)), None)


# "we challenge the prevailing practice that ...", "does not rely on ...", "unlike ..."; not
# "not only ... but also"
_NEGATION = re.compile(r"\b(?:not|never|no|without|unlike|instead\s+of|rather\s+than|"
                       r"(?:challeng|question|refut|overturn|debunk)\w*\s+(?:the\s+)?(?:[\w-]+\s+)?"
                       r"(?:practice|assumption|belief|view|notion|premise|consensus))\b", re.IGNORECASE)


def _negated(clause: str, name: re.Pattern[str]) -> bool:
    """A negation before the name ("... without catastrophic forgetting" after "GSM8K" is not
    about it)."""
    clause = re.sub(r"\bnot\s+(?:only|just|merely)\b", " ", clause, flags=re.IGNORECASE)
    first = name.search(clause)
    return bool(first and _NEGATION.search(clause[:first.start()]))


def _stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[a-z][\w-]*", text.lower()) if w not in STOP} | {
        stem(p) for w in re.findall(r"[a-z]+(?:-[a-z]+)+", text.lower()) for p in w.split("-")}
