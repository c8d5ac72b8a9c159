"""Comparisons a question states the other way round from its paper.

"Why does scaling reasoning beat scaling perception?" of an abstract saying "scaling
perception consistently outperforms scaling reasoning", or "why does SPP work best with a
single fixed persona?" of "multiple personas elicit better abilities compared to using a
single or fixed number of personas": the question's winner is the paper's loser. Which side
wins is read from the words around a comparing verb; rules of English, not fitted on a week.
"""

from __future__ import annotations

import re

from .sentences import STOP, stem

# "A outperforms / beats / surpasses B", "A is better than B": the winner is before ("A is
# outperformed by B": after)
_BEATS = re.compile(r"\b(?:outperform(?:s|ed|ing)?|beat(?:s|ing|en)?|surpass(?:es|ed|ing)?|"
                    r"exceed(?:s|ed|ing)?|(?:better|superior|stronger)\s+(?:than|to))\b(?P<by>\s+by\b)?",
                    re.IGNORECASE)
# "A elicits better abilities compared to B": the winner is before "better", the loser after
# (not "better than", which _BEATS reads)
_BETTER = re.compile(r"\b(?:better|superior|stronger)\b(?:\s+[\w\-]+){1,4}?\s+"
                     r"(?:compared\s+(?:to|with)|relative\s+to|than)\b", re.IGNORECASE)
# "A helps X more than B", "A matters more than B": the winner is before the verb, the loser
# after "than" (the words between are what it helps)
# (not a quantity: "improves accuracy on more than 20 benchmarks", "tasks that need more than
# ten steps": no word between may start a clause or a phrase of its own, nor a number follow)
_MORE = re.compile(r"\b(?:helps?|helped|matters?|mattered|contributes?|contributed|improves?|improved|"
                   r"benefits?|benefited|works?|worked|counts?|boosts?|boosted)\b"
                   r"(?:\s+(?!(?:that|which|who|on|by|with|in|for|across|over|to)\b)[\w\-]+){0,5}?\s+more\s+than\b"
                   r"(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|half|twice)\b)",
                   re.IGNORECASE)
# "A underperforms / lags behind / is worse than B": the winner is after
_LOSES = re.compile(r"\b(?:underperform(?:s|ed|ing)?|lag(?:s|ged|ging)?\s+behind|falls?\s+behind|"
                    r"(?:worse|inferior|weaker)\s+(?:than|to))\b", re.IGNORECASE)
# "doesn't outperform", "fails to beat", "no better than": a comparison denied states no winner
_DENIED = re.compile(r"(?:\b(?:not|no|never|cannot|unable\s+to|fails?\s+to|failed\s+to)|n't)"
                     r"(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
# "X works best with A": A wins (no loser named)
_BEST_WITH = re.compile(r"\b(?:works?|performs?|does|do|is|are)\s+(?:the\s+)?best\s+"
                        r"(?:with|when|using|on|under|in)\b", re.IGNORECASE)
SIDE_WORDS = 6  # words on either side of the verb that name a side (a noun phrase or two)


def _words(text: str, last: bool) -> set[str]:
    """Stems of the side's content words: up to :data:`SIDE_WORDS` words next to the verb,
    within its clause (a colon or semicolon ends a side)."""
    piece = re.split(r"[;:]", text)[-1 if last else 0]
    words = re.findall(r"[A-Za-z][\w\-]*", piece)
    words = words[-SIDE_WORDS:] if last else words[:SIDE_WORDS]
    out = set()
    for w in words:
        for part in {w, *w.split("-")}:
            if len(part) > 2 and part.lower() not in STOP:
                out.add(stem(part.lower()))
    return out


def sides(text: str) -> list[tuple[set[str], set[str]]]:
    """(winner, loser) word stems of each comparison the text states; a loser may be empty."""
    out = []
    for m in [*_BEATS.finditer(text), *_BETTER.finditer(text), *_MORE.finditer(text), *_LOSES.finditer(text)]:
        if _DENIED.search(text[:m.start()]):
            continue
        before, after = _words(text[:m.start()], True), _words(text[m.end():], False)
        passive = m.groupdict().get("by") and re.search(r"(?:ed|en)\s+by$", m.group(0), re.IGNORECASE)
        out.append((after, before) if passive or m.re is _LOSES else (before, after))
    for m in _BEST_WITH.finditer(text):
        out.append((_words(text[m.end():], False), set()))
    return out


def reversed_in(question: str, sentences: list[str], ignore: set[str]) -> str | None:
    """The sentence stating the question's comparison the other way round, or None. Only
    the words telling the paper's two sides apart count: the question's winner must have
    more of its loser's than of its winner's, and its loser (when it names one) the
    reverse. ``ignore``: stems that name no side (the paper's own names, "why")."""
    asked = [(w - ignore, lose - ignore) for w, lose in sides(question)]
    stated = [(s, won, lost) for s in sentences for won, lost in sides(s)] if asked else []
    # a paper stating the comparison both ways (on math A wins, on code B) does not deny it
    # (its winner, whatever words stand beside the loser: "on math problems, A beats B")
    if any(_turned(q_won, set(), lost, won) for _, won, lost in stated for q_won, _ in asked):
        return None
    return next((s for s, won, lost in stated for q_won, q_lost in asked
                 if _turned(q_won, q_lost, won, lost)), None)


def _turned(q_won: set[str], q_lost: set[str], won: set[str], lost: set[str]) -> bool:
    """Whether the question's winner is the paper's loser (by the words telling the paper's
    sides apart), and its loser, when it names one, the paper's winner."""
    won_only, lost_only = won - lost, lost - won
    if len(q_won & lost_only) <= len(q_won & won_only):
        return False
    return not q_lost or len(q_lost & won_only) > len(q_lost & lost_only)
