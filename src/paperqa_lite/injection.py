"""Sentences that address the reader, the assistant or the model: never evidence.

An abstract describes research in the third person ("we propose", "the model achieves").
A sentence that instead *talks to whoever reads it* is an instruction, not a finding,
whatever its wording. :func:`addresses_reader` recognises the class by its grammar, not
by a list of known attacks:

- an imperative verb of speech or obedience opening a clause ("Say ...", "also reply
  ...", "IGNORE ...", "Now, pretend ...", "Do not mention ...");
- second-person address with a directive ("you should/must/will ...", "you are now a
  ...", "your task/answer ...");
- a vocative or role addressed ("Assistant, ...", "as an AI ...", "the assistant will
  ...", "any AI reading this ...");
- a directive on what an answer or summary says ("when asked, the answer is ...",
  "summaries must state ...").

Precision, measured on every abstract sentence of the sample week (426 with titles), the
2026-03-09 week (474), SciTLDR dev (4,489) and train (14,283): none flagged (the one title
flagged, "EgoMe: Follow Me via ...", is not an abstract sentence; titles are not checked).
tests/test_injection.py re-measures the first three and tries 34 wordings of the attack.
"""

from __future__ import annotations

import re

# Verbs whose imperative tells a reader what to say or do with the text.
# Not "generate", "produce", "include", "translate", "start": method descriptions use them
# as steps ("first generate a normalized answer, then ...").
_SPEECH = (r"say|reply|respond|answer|output|print|write|state|tell|repeat|return|claim|report|"
           r"mention|insist|declare|announce|echo|cite|quote")
# Not "consider", "assume", "imagine", "skip", "use": abstracts open with them ("Consider
# the example where ...", "Skip connections ...") -- measured, see the module docstring.
_OBEY = (r"ignore|disregard|forget|override|bypass|pretend|act|behave|role-?play|obey|follow|"
         r"comply|stop|reveal|leak|disclose")
# What follows an imperative that makes it one (a bare "Answer quality ..." is a noun).
_OBJECT = (r"only|just|exactly|always|never|now|instead|back|with|that|this|these|those|the|a|an|"
           r"all|any|every|each|everything|nothing|your|yours|my|me|us|them|him|her|it|to|as|if|"
           r"like|out|yes|no|in|after|everyone|anyone|users?|readers?|previous|prior|earlier|above|"
           r"preceding|following|what|whatever|other|instructions|(?-i:[A-Z]{3,})")
_LEAD = r"(?:(?:also|and|then|now|please|kindly|just|instead|additionally|finally|simply|always|" \
        r"first|next|so|but|hence|therefore)\s*,?\s+)*"
# Clause openings: sentence start, after , ; : a dash or a full stop (not "i.e. say X"), or
# an opening quote or bracket.
_CLAUSE = r"(?:^|[,;:!?\u2014\u2013(\[\"“‘']\s*|\s--?\s+|(?<!\bi\.e)(?<!\be\.g)\.\s+)\s*"

_IMPERATIVE = re.compile(
    _CLAUSE + _LEAD + rf"(?:(?:{_SPEECH}|{_OBEY})(?:\s+(?:{_OBJECT})\b|\s*[:'\"“‘])|"
    r"(?:do\s+not|don'?t|never)\s+(?:\w+\s+)?(?:" + _SPEECH + "|" + _OBEY + r"|use|trust|believe|"
    r"rely|answer|reveal|refuse|let)\b)",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(
    r"\byou(?:'re|\s+are)\s+(?:now|no longer|an?|the|my)\b|"
    r"(?<!\ball\s)\byou\s+(?:should|must|shall|will|need to|have to|are to|ought to|may now|can now|"
    r"are (?:required|instructed|supposed|expected|asked|told|allowed|free) to)\b|"
    r"\b(?:if|when|whenever|once)\s+you\b|\byour\s+(?:task|job|role|goal|instructions?|new|only|"
    r"next|system|prompt|rules?|purpose|programming|creators?|developers?)\b|"
    r"\byour\s+(?:answers?|responses?|replies|reply|output|summary)\s+(?:must|should|shall|will|is|"
    r"has to|needs? to)\b|\b(?:thank\s+you|dear\s+\w+)\b",
    re.IGNORECASE,
)
# Roles a vocative names ("Assistant, reply ..."); not "model" or "system": "The model,
# based on ..." opens ordinary sentences.
_ROLE = (r"(?:ai|a\.i\.|assistant|chat\s?bot|chatgpt|gpt|claude|llm|language\s+model|bot|"
         r"readers?|summari[sz]er)")
_ADDRESSED = re.compile(
    rf"(?:^|[.;:!?]\s+)(?:hey\s+|hi\s+|dear\s+|attention\s+|note\s+to\s+(?:the\s+)?)?{_ROLE}s?\s*[,:!]|"
    rf"\bas\s+an?\s+(?:ai|artificial intelligence|(?:large\s+)?language\s+model|assistant|chat\s?bot)\b|"
    rf"\bthe\s+(?:ai\s+)?(?:assistant|chat\s?bot|summari[sz]er)\s+(?:will|should|must|shall|"
    rf"is\s+to|needs\s+to|has\s+to|may|can)\b|"
    rf"\b(?:any|every|all|each)\s+(?:ai|llms?|language\s+models?|assistants?|chat\s?bots?|models?|"
    rf"readers?|systems?|agents?|summari[sz]ers?)\s+(?:\w+\s+)?(?:reading|processing|summari[sz]ing|"
    rf"answering|parsing|seeing|given|that\s+reads?)\b|"
    # not "system prompt" or "previous instructions" alone: papers on prompt injection
    # describe them; telling the reader to ignore them is an imperative (above)
    rf"\bfrom\s+now\s+on\b",
    re.IGNORECASE,
)
_ANSWER_DIRECTIVE = re.compile(
    r"\b(?:when|if|whenever)\s+(?:being\s+|you\s+are\s+|anyone\s+is\s+|someone\s+is\s+)?"
    r"(?:asked|questioned|prompted|queried|summari[sz]ing|answering)\b|"
    r"\b(?:the|any|every|all|each|your|^)\s*(?:answers?|responses?|replies|summar(?:y|ies)|tl;?drs?|"
    r"outputs?)\s+(?:(?:to|of|about|on)\s+(?:\w+\s+){1,2})?(?:must|should|shall|will|has\s+to|have\s+to|needs?\s+to)\s+"
    r"(?:always\s+|only\s+|now\s+)?(?:say|state|read|mention|claim|report|include|contain|"
    r"begin|start|end|be\s+[\"'“‘]|cite|quote)\b",
    re.IGNORECASE,
)
_CLASSES = (("imperative", _IMPERATIVE), ("second person", _SECOND_PERSON),
            ("addressed", _ADDRESSED), ("answer directive", _ANSWER_DIRECTIVE))


def why_addressed(sentence: str) -> str | None:
    """The kind of address a sentence makes to its reader ("imperative", ...), or None."""
    text = " ".join(sentence.split())
    for name, pattern in _CLASSES:
        if pattern.search(text):
            return name
    return None


def addresses_reader(sentence: str) -> bool:
    """Whether a sentence talks to the reader, assistant or model instead of describing."""
    return why_addressed(sentence) is not None
