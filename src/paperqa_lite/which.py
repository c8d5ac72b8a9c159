"""What a "which X" question asks, and which sentences answer it (issue 11): the noun it
asks a name for ("which GPUs"), the sentences naming one ("NVIDIA H200 GPUs"), and the
role it asks a thing in ("what does X use as the reward"). A quantity question is
:mod:`paperqa_lite.asked`'s; a "which X" the abstract never names is
:func:`paperqa_lite.unnamed.unnamed`.
"""

from __future__ import annotations

import re

from .asked import measures
from .sentences import NAME, acronym_definitions, stem

# "which benchmarks", "what strategy": the answer is a name (not "what is", "what does")
# ("which papers ..." asks for papers, which the list names: not a name inside a paper;
# "what kind of signal" asks a description: "group-level language feedback")
_ASKS_NAME = re.compile(r"\b(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|has|have|can|"
                        r"papers|works|studies|articles|ones|kinds?|types?|sorts?)\b)\w", re.IGNORECASE)


def asks_name(question: str) -> bool:
    """Whether the question asks "which X" / "what X" (a name answers it), not a quantity."""
    question = _without_size_aside(question)
    return not measures(question) and bool(_ASKS_NAME.search(question))


# "which LLMs, and at what sizes, were used", "which base model, and what size, did X use",
# "which LLMs were used, and how big were they": the size asks after the named things, so
# the question still asks their names first (an abstract that names none does not answer it)
_SIZE_ASIDE = re.compile(r",\s*(?:and\s+)?(?:(?:at|of|in)\s+)?(?:what|which)\s+(?:model\s+)?(?:sizes?|scales?)\s*,"
                         r"|,?\s+and\s+(?:(?:at|of|in)\s+)?(?:what\s+(?:sizes?|scales?)|how\s+(?:big|large))"
                         r"(?:\s+(?:were|are|was|is)\s+(?:they|it|these|those|each|the\s+\w+))?\s*(?=[?.]?\s*$)",
                         re.IGNORECASE)


def _without_size_aside(question: str) -> str:
    return _SIZE_ASIDE.sub(lambda m: " " if m.group(0).rstrip().endswith(",") else "", question)


# The noun of "which X is / does ...", or before a verb in the past: "which agent scored
# best on X?"; an adverb may stand between ("which benchmarks exactly was it evaluated on?")
# ... or a present verb before a superlative: "which model scores best?"
# (a count is no noun: "which four specialized experts does ..." asks experts)
# English's irregular simple pasts (a grammar's list, not this week's words), with their
# out-/over-/under- compounds ("outdid", "overtook"); the ones that are also common nouns
# or presents ("set", "cut", "read", "bound", "left", "had") stay out: "which data set did"
# asks a set, not data
_IRREGULAR_PAST = ("(?:out|over|under)?(?:did|arose|awoke|became|began|bent|beat|bit|bled|blew|broke|bred|brought|built|"
                   "bought|caught|chose|clung|came|crept|dealt|dug|drew|drank|drove|ate|fell|fed|fought|found|fled|"
                   "flew|forgot|froze|got|gave|went|grew|heard|hid|held|kept|knew|led|lost|made|meant|met|paid|rode|"
                   "rang|rose|ran|said|saw|sought|sold|sent|shook|shone|shot|sang|sank|sat|slept|slid|spoke|spent|"
                   "spun|stood|stole|stuck|struck|swept|swung|took|taught|tore|told|thought|threw|understood|woke|"
                   "wore|won|wrote)")
# ("which of the 14 models evaluated on OAKS came out on top" asks one of the models)
_ASKED_NOUN = re.compile(r"\b(?:which|what)\s+(?:of\s+(?:the|these|those|its|their|all)\s+)?(?:[\w\-]+\s+){0,2}?"
                         r"(?!(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)([\w\-]+)\s+"
                         # "which base LLMs and datasets did ...": a second asked noun
                         r"(?:(?:and|or)\s+(?:[\w\-]+\s+){0,1}?([\w\-]+)\s+)?(?:(?:exactly|precisely|"
                         r"specifically|actually|really)\s+)?"
                         # (and the irregular pasts a result is asked with: "which LLM made")
                         rf"(?:is|are|was|were|do|does|did|has|have|can|[a-z]+ed|{_IRREGULAR_PAST}|"
                         r"[a-z]+s(?=\s+(?:the\s+)?(?:best|highest|lowest|worst|most|least|top|first)\b))\b",
                         re.IGNORECASE)


def asked_noun(question: str) -> str | None:
    """The stem of the noun a "which X is ..." question asks a name for, else None."""
    return next(iter(asked_nouns(question)), None)


def asked_nouns(question: str) -> list[str]:
    """The stems of the nouns a "which X (and Y) ..." question asks names for."""
    m = _ASKED_NOUN.search(_without_size_aside(question)) if asks_name(question) else None
    return [stem(g.lower()) for g in m.groups() if g] if m else []


def naming_sentences(question: str, sentences: list[str], known: str) -> list[str]:
    """For "which GPUs was X evaluated on?": the sentences where a name ``known`` lacks
    comes right before the asked noun ("NVIDIA H200 GPUs", "GPT-4o, and Llama-3 models"),
    which is how English answers "which <noun>"; [] when the question asks no such noun."""
    head, low = asked_noun(question), known.lower()
    if not head:
        return []
    kinds = _kind_terms(" ".join(sentences))
    out = []
    for s in sentences:
        toks = re.findall(r"[\w\-.]+", s)
        for i, tok in enumerate(toks):
            # up to two words between the name and its noun ("Llama-3 70B models")
            if (NAME.fullmatch(tok.rstrip(".")) and tok.rstrip(".").lower() not in low
                    and tok.rstrip(".") not in kinds
                    and any(stem(t.lower()) == head for t in toks[i + 1:i + 4])):
                out.append(s)
                break
        else:
            # ... or the names right after it, set off: "four specialized experts--Text, Mask,
            # Reference, and Base--", "two benchmarks: X and Y", or as its source: "external
            # supervision from COMET" (not "such as" / "like": examples of a kind, which
            # "which model got the lowest score" is not answered by)
            if any(stem(m.group(1).lower()) == head and m.group(2).lower() not in low
                   for m in _NAMES_AFTER.finditer(s)):
                out.append(s)
    return out


def _kind_terms(text: str) -> set[str]:
    """Initials the text defines for a kind of thing in common words ("foundation models
    (FMs) as a model of interestingness"): no name, though written in capitals. A long form
    in capitals names one ("Large Language and Vision Assistant (LLaVA)")."""
    return {a for a, long in acronym_definitions(text).items() if long.islower()}


_NAMES_AFTER = re.compile(r"\b([A-Za-z]+)(?:\s*(?:--|—|:)\s*|\s+from\s+)([A-Z][\w\-.]*)")  # not "(": "models (LMs)" defines


# a capitalised word inside a sentence is a proper name even with one capital ("four tasks
# in Minecraft", "in English"): what "in which game" asks
_PROPER = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]{2,}\b")


def names_other(text: str, known: str, proper: bool = False) -> bool:
    """Whether ``text`` names something (:data:`sentences.NAME`; with ``proper``, also a
    capitalised word inside the sentence) that ``known`` does not."""
    low = known.lower()
    return any(n.lower() not in low for n in NAME.findall(text) + (_PROPER.findall(text) if proper else []))


# A model's versioned name: a dotted version or a parameter count ("LLaMA-3.1-8B",
# "Qwen2.5-32B-Instruct"); not a metric or benchmark with a digit ("F1", "GSM8K", "MATH-500")
_MODEL_VERSION = re.compile(r"(?<![\w.\-])[A-Za-z][\w\-]*?\d+\.\d+[\w.\-]*|(?<![\w.\-])[A-Za-z][\w.\-]*-\d+(?:\.\d+)?[BM]\b")
MODELS_ASKED = re.compile(r"\b(?:models?|LLMs?|VLMs?|backbones?|checkpoints?)\b", re.IGNORECASE)


def model_versions(text: str, known: str) -> set[str]:
    """The models ``text`` names by a version ``known`` does not hold."""
    low = known.lower()
    return {m for m in _MODEL_VERSION.findall(text) if m.lower().rstrip(".,") not in low}


# "use as the reward", "serve as a judge": the role the question asks a paper's thing in
# ("turn an LLM signal into a reward": the same role, said by what the thing becomes)
_ROLE = re.compile(r"\b(?:(?:use[sd]?|using|serves?|acts?|employ\w*)\s+(?:[\w-]+\s+){0,2}?as|"
                   r"(?:turn|convert|transform)\w*\s+(?:[\w-]+\s+){0,3}?into)\s+(?:an?|the|its|their)\s+"
                   r"([a-z][\w-]{2,})", re.IGNORECASE)


def in_role(question: str) -> re.Pattern[str] | None:
    """For "what does X use as its reward signal": the pattern of a sentence giving the thing
    in that role ("the likelihood of follow-up utterances as rewards", "as a proxy for
    reward"), in lower case ("Follow-up Likelihood as Reward" is a name); None when the
    question asks no role."""
    role = _ROLE.search(question)
    if not role:
        return None
    return re.compile(rf"\bas\s+(?:(?:an?|the)\s+)?(?:proxy\s+for\s+|source\s+of\s+)?"
                      rf"{re.escape(role.group(1).lower())}")

