"""Follow-up questions in a chat: what "it" refers to is retrieved with the question before.

"What data does it use?" after "What does EgoThink measure?" is retrieved (and its named
papers resolved) as both questions together; a question that stands on its own is not.
"""

from __future__ import annotations

import re

FOLLOW_UP = re.compile(r"\b(it|its|they|them|their|this|that|these|those|both|the (?:first|second|"
                       r"former|latter|same) (?:one|paper)?|the paper|the papers)\b", re.IGNORECASE)


def contextualize(question: str, history: list[tuple[str, str]]) -> str:
    """The text to retrieve with: the previous question too when this one is a follow-up
    (a pronoun, or four words or fewer)."""
    if not history:
        return question
    if FOLLOW_UP.search(question) or len(question.split()) <= 4:
        return f"{history[-1][0]} {question}"
    return question
