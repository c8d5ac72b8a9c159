"""A direction a clause says the other way round (issue 11, point 1): "why does X increase
with Y" of "decreases with Y", "why does exploration keep getting stronger" of "exploratory
capabilities rapidly deteriorate". :func:`opposite_about` judges one clause against the words
around the question's direction word; :mod:`paperqa_lite.premise` picks the clauses.
"""

from __future__ import annotations

from .sentences import STOP, stem


def _groups(a: str, b: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(stem(w) for w in a.split()), frozenset(stem(w) for w in b.split())


# Opposite directions, each side a group of English words that say it (stems); a question
# saying one side of something a clause says the other of has a false premise ("increase the
# fluency cost" of "halving the fluency cost", "make entropy collapse worse" of "mitigating
# entropy collapse"). Plain English, not fitted to any week.
DIRECTIONS = [_groups(a, b) for a, b in (
    ("increase increases raise rise rises grow grows boost amplify double inflate high higher more larger "
     "greater", "decrease reduce low lower halve halving cut shrink mitigate "
     "mitigating alleviate lessen diminish decline drop fewer less smaller suppress curb"),
    # a harm made worse against one mitigated or reduced ("makes oversaturation worse" of
    # "reduces oversaturation"; worse accuracy is said "lower accuracy")
    ("worse worsen exacerbate aggravate accelerate speed", "mitigate mitigating alleviate lessen curb reduce "
     "reduces prevent prevents"),
    ("improve better enhance strengthen stronger", "degrade worse deteriorate weaken weaker impair hurt"),
    ("outperform surpass", "underperform worse"), ("before", "after"), ("early first", "late last"),
    ("highest best fastest largest strongest", "lowest worst slowest smallest weakest"),
    ("most", "least"), ("fixed static", "dynamic adaptive"),
    ("evenly balanced uniformly", "imbalanced unbalanced uneven unevenly skewed"),
    ("likely", "unlikely"))]
DIRECTED = frozenset(w for pair in DIRECTIONS for side in pair for w in side)

# Words after the opposite verb in which the question's subject must appear: "decreases
# with more RL training" (a verb's complement is a short phrase); not fitted on a week.
WINDOW = 6
# ... and the words before it that can be its subject ("make entropy collapse worse").
BEFORE = 3


def opposite_about(c_stems: list[str], opposite: frozenset[str], said: str, q_stems: list[str],
                   own: set[str] = frozenset(), by_words: bool = True) -> bool:
    """The clause says one of ``opposite`` (not ``said``) of what surrounds ``said`` in the
    question: the words after it, or the few before it ("make entropy collapse worse"), or
    (alone when not ``by_words``: the clause's sentence shares only the subject) the same
    subject; the paper's own names there are where, not what."""
    at = q_stems.index(said)
    after = {w for w in q_stems[at + 1:][:WINDOW] if len(w) > 2 and w not in STOP} - own
    before = {w for w in q_stems[max(0, at - BEFORE):at] if len(w) > 2 and w not in STOP} - own
    # a direction said of a subject ("exploration keeps getting stronger"), not of a noun
    # after it ("get such high precision"), is judged by that subject
    subject = _subject(q_stems[:at]) - own if at and q_stems[at - 1] in PREDICATE else set()
    for i, w in enumerate(c_stems):
        if w in opposite:
            window = set(c_stems[i + 1:i + 1 + WINDOW])
            shared = len(after & window)
            # ... "over iterations" of another subject ("the temperature gets stronger over
            # iterations") is said of that, not the question's
            if said in window or subject and not _alike(subject, set(c_stems)):
                continue
            if by_words and (after and shared >= min(2, len(after)) or shared + len(before & window) >= 2):
                return True
            # subject and verb on both sides: "a model's exploration ability keeps getting
            # stronger over iterations" of "a model's exploratory capabilities rapidly
            # deteriorate over iterations": the subjects share two words, the rest one (a
            # clause saying the question's word too, "decreases with more training", is
            # not read this way: its "more" is no verb of the subject)
            if shared and said not in c_stems and _alike(subject, set(c_stems[:i])) >= 2:
                return True
    return False


# The words before a verb that can be its subject ("a model's exploration ability"): past
# the verbs of aspect between them ("keeps getting stronger", "becomes", "remains"), back
# to the question's frame ("why does X find that ...").
SUBJECT = 5
ASPECT = frozenset(stem(w) for w in "keep keeps kept get gets getting got become becomes becoming stay stays "
                   "remain remains continue continues grow grows growing go goes going".split())
PREDICATE = ASPECT | frozenset(stem(w) for w in "is are was were be been being".split())
SUBJECT_FROM = frozenset(stem(w) for w in "that why whether when how does do did is are was were".split())


def _subject(before: list[str]) -> set[str]:
    while before and before[-1] in ASPECT:
        before = before[:-1]
    start = max((j + 1 for j, w in enumerate(before) if w in SUBJECT_FROM), default=0)
    return {w for w in before[start:][-SUBJECT:] if len(w) > 2 and w not in STOP}


def _alike(a: set[str], b: set[str]) -> int:
    """How many of ``a`` are in ``b``, a stem counting as its longer form ("explor" of
    "exploratori": the stemmer leaves the adjective longer)."""
    return sum(any(w == x or len(w) >= 5 and x.startswith(w) or len(x) >= 5 and w.startswith(x) for x in b)
               for w in a)
