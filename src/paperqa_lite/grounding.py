"""The one check of a model's draft against the evidence it was given (answers and TL;DRs).

The pipeline chooses the evidence; the model only phrases it. :func:`check_draft` lists
what a draft adds that the evidence does not hold, and the caller then shows the
evidence itself instead (``Answer.repaired`` / ``Tldr.rejected`` say why):

- prompt text: a tag or a field label of a prompt file (``<evidence>``, ``Paper:``), or
  words of a prompt's instructions or worked example ("its best model repairs"); read
  from the prompt files themselves, so an edited prompt is checked as it now reads;
- a sentence that addresses the reader (:mod:`paperqa_lite.injection`);
- a number or a name not written exactly so in the evidence; a name put where the
  evidence has another one (a scaffold called by its benchmark's name);
- a content word from nowhere: after stemming, in neither the evidence nor the question
  ("consistently improved" for the evidence's "steadily improved").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .injection import addresses_reader
from .prompts import ROLES, load_all, load_prompt
from .sentences import NAME, NUMBER, STOP, split_sentences, stem, words
from .settings import PACKAGED_PROMPTS

# Words that carry no claim of their own: a rephrasing may add them freely.
FUNCTION_WORDS = STOP | frozenset("""i me my you your he him his she her they them its our us
theirs what when where why how whom whose all any both each few more most other some such no nor
only own same so too very just but if because while whereas although though until unless
about against between through during before after above below up down out off over under again
further once here there am being having doing would should could may might must shall will one
ones per across among within without upon onto toward towards than rather instead also either
neither yet still even however thus hence therefore respectively namely i.e e.g vs versus
whereby whether whose unlike like paper papers work study""".split())
_TAG = re.compile(r"</?\s*([A-Za-z][\w-]*)\s*>")
_LABEL = re.compile(r"^\s*([A-Z][A-Za-z ]{0,20}?)\s*:", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}")


def check_draft(draft: str, evidence: list[str], *, question: str = "", context: list[str] = (),
                prompts_dir: Path | str | None = None, keep_numbers: bool = False) -> list[str]:
    """Problems of a draft given the only text it may draw on; empty when it may be shown.

    ``evidence`` is what the draft rephrases (and what replaces it if it fails);
    ``context`` is other text the model was shown and may name (a paper's title); the
    question's words are the user's, not an invention. With ``keep_numbers``, every
    number of the evidence must survive (the evidence was chosen for its answer)."""
    allowed = " ".join([*evidence, *context])
    problems = prompt_text(draft, allowed, prompts_dir)
    if any(addresses_reader(s) for s in split_sentences(draft)):
        problems.append("instruction-like text")
    problems += _numbers(draft, allowed, " ".join(evidence) if keep_numbers else None)
    problems += _names(draft, [*evidence, *context])
    known = {stem(w) for w in words(f"{allowed} {question}")}
    invented = [w for w in dict.fromkeys(_content(draft)) if stem(w) not in known]
    if invented:
        problems.append(f"words not in the evidence: {', '.join(invented[:5])}")
    return problems


def prompt_text(draft: str, allowed: str, prompts_dir: Path | str | None = None) -> list[str]:
    """Tags, field labels and phrases of the prompt files that a draft repeats."""
    tags, labels, trigrams, runs = _prompt_parts(Path(prompts_dir or PACKAGED_PROMPTS))
    problems = []
    allowed_tags = {t.lower() for t in _TAG.findall(allowed)}
    for tag in sorted({t.lower() for t in _TAG.findall(draft)}):
        if tag in tags or tag not in allowed_tags:
            problems.append(f"prompt text: tag <{tag}>")
    for label in sorted({m.lower() for m in _LABEL.findall(draft)}):
        if label in labels and not re.search(rf"(?im)^\s*{re.escape(label)}\s*:", allowed):
            problems.append(f"prompt text: label '{label.capitalize()}:'")
    # a phrase of the prompt that brings a word the evidence lacks ("its best model
    # repairs"); the same words in another order are the evidence's ("SCoRe, a multi-turn")
    seen, known = _trigrams(allowed), {stem(w) for w in words(allowed)}
    copied = [" ".join(t) for t in _trigrams(draft) if t in trigrams and t not in seen
              and any(stem(w) not in known and w not in FUNCTION_WORDS for w in t)]
    if copied:
        problems.append(f"prompt text: '{copied[0]}'")
    # ... and any longer run of the prompts' own text (a worked example's clause), even of
    # words the evidence has: the QA eval counts such a run as leaked prompt text
    # (evals.answer_text reads runs of the same length, from fewer sections: this check is
    # the stricter, and a draft it rejects is replaced by its evidence)
    else:
        # (the evidence quoted as trimmers quote it, asides dropped: "a multi-turn online
        # reinforcement learning (RL) approach" is quoted "... learning approach")
        quoted = {*word_runs(allowed), *word_runs(ASIDE.sub("", allowed))}
        leaked = sorted(r for r in set(word_runs(draft)) - quoted if r in runs)
        if leaked:
            problems.append(f"prompt text: '{' '.join(leaked[0])}'")
    return problems


@lru_cache(maxsize=8)
def _prompt_parts_cached(folder: Path, hashes: tuple[str, ...]) -> tuple[frozenset, ...]:
    tags: set[str] = set()
    labels = {r for r in ROLES}
    trigrams: set[tuple[str, ...]] = set()
    runs: set[tuple[str, ...]] = set()
    for name in hashes:
        prompt = load_prompt(name.split(":")[0], folder)
        for _, template in prompt.sections:
            fixed = _PLACEHOLDER.sub(" ", template)
            tags |= {t.lower() for t in _TAG.findall(fixed)}
            labels |= {m.lower() for m in _LABEL.findall(fixed)}
            trigrams |= _trigrams(_TAG.sub(" ", fixed))
            # (runs across a placeholder are no text of the prompt)
            runs |= {r for piece in _PLACEHOLDER.split(template) for r in word_runs(_TAG.sub(" ", piece))}
    labels |= tags  # "<evidence>" is labelled "Evidence:" as often as it is tagged
    return frozenset(tags), frozenset(labels), frozenset(trigrams), frozenset(runs)


# An aside in brackets, which TL;DR trims and answers drop ("learning (RL) approach")
ASIDE = re.compile(r"\s*\([^()]{0,80}\)")
# A copied run of the prompts' text this long is prompt text whatever its words. Five: the
# shortest copy of a worked example seen in answers ("PolyCode covers 12 programming
# languages") is five; four-word runs such as "the strongest baseline for" are common
# English and would flag honest answers. The QA eval's detector reads runs of this length.
RUN_WORDS = 5


def word_runs(text: str) -> list[tuple[str, ...]]:
    """Runs of :data:`RUN_WORDS` words of ``text`` (lower case, punctuation dropped), in order."""
    toks = re.findall(r"\w+", text.lower())
    return [tuple(toks[i:i + RUN_WORDS]) for i in range(len(toks) - RUN_WORDS + 1)]


def _prompt_parts(folder: Path) -> tuple[frozenset, ...]:
    # keyed by the files' hashes: an edited prompt is read again
    names = tuple(f"{p.name}:{p.hash}" for p in load_all(folder))
    return _prompt_parts_cached(folder, names)


def _trigrams(text: str) -> set[tuple[str, ...]]:
    """Word trigrams that hold at least one content word ("its best model", not "of the")."""
    toks = [w.lower() for w in words(text)]
    return {tuple(toks[i:i + 3]) for i in range(len(toks) - 2)
            if any(t not in FUNCTION_WORDS and not NUMBER.fullmatch(t) for t in toks[i:i + 3])}


def _content(text: str) -> list[str]:
    return [w.lower() for w in words(re.sub(r"\[\d+\]", " ", text))
            if len(w) > 2 and w.lower() not in FUNCTION_WORDS and not NUMBER.fullmatch(w)]


def _numbers(draft: str, allowed: str, required: str | None) -> list[str]:
    have = set(NUMBER.findall(allowed))
    problems = [f"number {n} not in the evidence" for n in dict.fromkeys(NUMBER.findall(draft))
                if n not in have]
    if required is not None:
        dropped = sorted(set(NUMBER.findall(required)) - set(NUMBER.findall(draft)))
        if dropped:
            problems.append(f"dropped {', '.join(dropped)}")
    return problems


def _names(draft: str, sources: list[str]) -> list[str]:
    """Every name of the draft written so in the sources ("Srpo" is not SRPO), and never
    described as the evidence describes another name: "Cybench is an agent scaffold"
    fails when the evidence says "CyberAgent, an agent scaffold, ... on Cybench, a
    benchmark"."""
    problems = []
    tokens = {w for s in sources for w in words(s)}
    allowed_names = {n for s in sources for n in NAME.findall(s)} | _plain_names(sources, tokens)
    coined = {n.lower(): n for n in allowed_names if _COINED.search(n)}
    for w in dict.fromkeys(words(draft)):
        if w.lower() in coined and w not in tokens and w.lower() not in tokens:
            problems.append(f"name {w} not as in the evidence ({coined[w.lower()]})")
    for name in dict.fromkeys(NAME.findall(draft) + [w for w in words(draft) if w in allowed_names]):
        if name not in allowed_names:
            problems.append(f"name {name} not in the evidence")
            continue
        mine = _described(draft, name)
        own = set().union(*(_described(s, name) for s in sources))
        others = set().union(*(_described(s, n) for s in sources for n in allowed_names
                               if _base(n) != _base(name)))  # LLM is not another name for LLMs
        if (mine & others) - own:
            problems.append(f"name {name} used where the evidence has another")
    return problems


_COINED = re.compile(r"[a-z0-9][A-Z]|[A-Z]{2}|\d")  # SRPO, SCoRe, GPT-4o; not Title-Case
_DESCRIBED = r"\s*(?:,|:|\(|\bis\b|\bwas\b|\bare\b|\u2014)\s*(?:(?:a|an|the|our|its)\s+)?([^,.;:()]{1,60})"
_CALLED = r"([^,.;:()]{1,60}?)\s+(?:called|named|dubbed|termed|,)\s*"


def _described(text: str, name: str) -> set[str]:
    """Stems of the words that describe ``name`` by apposition or copula ("X, an agent
    scaffold", "X is a benchmark", "a benchmark called X"), up to three each."""
    out: set[str] = set()
    esc = re.escape(name)
    for pattern in (rf"(?<![\w\-]){esc}(?![\w\-]){_DESCRIBED}", rf"{_CALLED}(?<![\w\-]){esc}(?![\w\-])"):
        for m in re.finditer(pattern, text):
            span = [w for w in words(m.group(1)) if len(w) > 2 and w.lower() not in FUNCTION_WORDS]
            span = span[-3:] if pattern.startswith(_CALLED) else span[:3]
            out |= {stem(w) for w in span}
    return out


def _base(name: str) -> str:
    return name[:-1] if name.endswith("s") and name[-2:-1].isupper() else name


def _plain_names(sources: list[str], tokens: set[str]) -> set[str]:
    """Capitalised words inside a sentence that the sources never write in lower case:
    names without a second capital ("Cybench")."""
    out = set()
    for s in sources:
        for w in words(s)[1:]:
            if w[:1].isupper() and w[1:].islower() and w.lower() not in tokens \
                    and w.lower() not in FUNCTION_WORDS:
                out.add(w)
    return out
