"""The names a list question asks about ("GPT-4o", "Gemini", "o1"), and which papers of a
week write them: a paper naming an asked name is a candidate for the list whatever its
retrieval score (:func:`naming`), unless the name is the field's vocabulary. Read by
:mod:`paperqa_lite.topics` (a name is part of a list's topic) and by the answer (which
papers are candidates, and names typed in lower case written as the papers write them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .sentences import NAME, stem, whole_word, word_prior


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


# "Claude 3.5 Sonnet", "Llama 3 70B": a name of several words with a version in it is one
# name; "Claude Sonnet 4" is another model
_PHRASE = re.compile(r"(?<![\w-])(?:[A-Z][\w.\-]*|\d[\d.]*[A-Za-z]?)(?:\s+(?:[A-Z][\w.\-]*|\d[\d.]*[A-Za-z]?)){1,3}"
                     r"(?![\w-])")


def name_phrases(question: str) -> list[str]:
    """The names of several words with a version ("Claude 3.5 Sonnet"), past the first word."""
    return [m.group(0) for m in _PHRASE.finditer(question) if m.start() > 0
            and any(c.isdigit() for c in m.group(0)) and re.search(r"(?:^|\s)[A-Z]", m.group(0))
            and not m.group(0).replace(".", "").isdigit()]


def _names(question: str) -> list[str]:
    """The names a question asks about: coined ones (:data:`NAME`: "GPT-4o") and, past its
    first word, capitalised words no ML abstract uses as words ("Gemini", "Claude"), and
    lower-case names with a version ("o1"); a name's words with its version in between are
    that name whole (:func:`name_phrases`)."""
    vocabulary = word_prior().abstracts
    proper = [t for t in re.findall(r"(?<=\s)[A-Z][a-z]{2,}\b", question) if stem(t.lower()) not in vocabulary]
    # model names users type in lower case with a version: "o1", "o3", "gpt4"
    versioned = re.findall(r"(?<![\w-])[a-z]+\d[\w.]*(?![\w-])", question)
    phrases = name_phrases(question)
    inside = {w for p in phrases for w in p.split()}
    return phrases + [t for t in NAME.findall(question) + proper + versioned if t not in inside]


# "VLMs", "LLMs": a plural acronym names a kind of model, not one
KIND = re.compile(r"[A-Z]{2,}s")


def names_asked(question: str, paper) -> bool:
    """Whether the paper's title or abstract has a name the question asks about ("GPT-4o",
    "DPO" in "CRew-DPO"); exact, so ranked retrieval cannot miss such a paper."""
    return has_name(question, f"{paper.title} {paper.abstract}")


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
        if KIND.fullmatch(tok):  # "speed up LLMs": the kind of model worked on, no name asked
            continue
        having = [p for p in papers if _says(tok, f"{p.title} {p.abstract}")]
        if having and len(having) < VOCABULARY_SHARE * total:
            out.update((p.id, p) for p in having)
    return list(out.values())


def _alternative_names(question: str) -> list[str]:
    """The names the question gives as alternatives ("GPT or Claude"), not a name beside
    another alternative ("for LLM reasoning or agents": the "or" joins reasoning and agents)."""
    pairs = re.findall(r"([\w\-.]+)\s+or\s+([\w\-.]+)", question)
    # (a name of several words is beside the "or" by its last or first word: "Claude 3.5
    # Sonnet or GPT-4o")
    # ... and no kind ("agents or LLMs" says who is trained, :data:`KIND`), which a paper saying
    # it is not about for that alone
    return [t for t in _names(question) if not KIND.fullmatch(t)
            and any(t.split()[-1] == pair[0] or t.split()[0] == pair[1] for pair in pairs)]


def has_name(question: str, text: str) -> bool:
    return any(_says(tok, text) for tok in _names(question))


def name_at(question: str, text: str) -> int | None:
    """Where ``text`` first writes a name the question asks about (a character offset)."""
    found = [m.start() for tok in _names(question) if (m := _name_pattern(tok).search(text))]
    return min(found) if found else None


def _says(name: str, text: str) -> bool:
    """The text writes the name whole; a hyphen between its letters and its number is
    optional ("MATH-500" is "MATH500", and the other way round)."""
    return _name_pattern(name).search(text) is not None


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    # built once per name: a list asks it of every paper of the collection
    pattern = re.sub(r"(?<=[A-Za-z])\\?-?(?=\d)", "-?", re.escape(name)).replace(r"\ ", r"[\s\-]?")
    return re.compile(rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])")
