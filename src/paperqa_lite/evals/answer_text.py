"""What an answer's text looks like: its length, and prompt text that leaked into it.

Pure functions of the QA eval (issue 11). Length is counted in words: whitespace-separated
tokens holding a letter or digit, so table rules (``|``, ``---``), bullets and citation
markers (``[1]``) do not count. Prompt text is recognised from the prompt files
themselves (read with :func:`~paperqa_lite.prompts.load_prompt`), never from a copied list:

- their tags (``<evidence>``, ``</evidence>``);
- their field labels at a line start (``Question:``, ``Paper:``, and ``Evidence:`` from
  the tag's name), bold or bulleted or not;
- text of their worked examples (the user and assistant turns without a placeholder):
  any run of :data:`~paperqa_lite.grounding.RUN_WORDS` words from them (the draft
  check's length, argued there). A run that a paper of the collection also
  contains is dropped: quoting that paper is not a leak (the TL;DR prompt's example is a
  real paper of the sample week).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..grounding import ASIDE, word_runs
from ..prompts import Prompt, load_all

_CITATION = re.compile(r"^\[\d+(?:[,-]\s*\d+)*\][.,;:]?$")
_TAG = re.compile(r"</?\s*([A-Za-z][\w-]*)\s*>")
_LABEL = re.compile(r"^\s*([A-Z][A-Za-z]*(?: [A-Za-z]+){0,2}):", re.MULTILINE)


def answer_words(text: str) -> int:
    """Words of an answer: tokens with a letter or digit, citation markers excluded."""
    return sum(1 for tok in text.split() if any(c.isalnum() for c in tok) and not _CITATION.match(tok))


@dataclass(frozen=True)
class PromptText:
    """The scaffolding of a set of prompts, as :func:`prompt_text_in` looks for it."""

    tags: frozenset[str]  # tag names, lower case
    labels: frozenset[str]  # field labels, lower case, without the colon
    examples: frozenset[tuple[str, ...]]  # word runs of the worked examples


def _literal(template: str) -> tuple[str, bool]:
    """A template's literal text, and whether it has a placeholder."""
    parts = list(string.Formatter().parse(template))
    return "".join(p[0] for p in parts), any(p[1] is not None for p in parts)


def prompt_text(prompts: Iterable[Prompt], exclude: Iterable[str] = ()) -> PromptText:
    """The tags, labels and worked-example text of ``prompts``; word runs found in any of
    ``exclude`` (the collection's papers) are left out."""
    tags: set[str] = set()
    labels: set[str] = set()
    examples: set[tuple[str, ...]] = set()
    for prompt in prompts:
        for role, template in prompt.sections:
            text, has_placeholder = _literal(template)
            tags.update(t.lower() for t in _TAG.findall(text))
            if role == "system":
                continue
            labels.update(lab.lower() for lab in _LABEL.findall(text))
            if not has_placeholder:
                examples.update(word_runs(_TAG.sub(" ", text)))
    labels |= tags  # a tag's name written as a label: "Evidence:"
    for other in exclude:
        # as answers quote it too: with its asides dropped as the trimmer drops them ("a
        # multi-turn online reinforcement learning (RL) approach" is quoted "... learning approach")
        examples.difference_update(word_runs(other), word_runs(ASIDE.sub("", other)))
    return PromptText(frozenset(tags), frozenset(labels), frozenset(examples))


def load_prompt_text(prompts_dir: Path | str, exclude: Iterable[str] = ()) -> PromptText:
    """:func:`prompt_text` of every prompt file in ``prompts_dir``."""
    return prompt_text(load_all(prompts_dir), exclude)


def prompt_text_in(answer: str, scaffold: PromptText, question: str = "") -> list[str]:
    """The prompt text found in ``answer`` (tags, labels, worked-example runs); [] if none.
    A run the ``question`` holds is the user's words (a not-stated answer quotes the
    question), not the prompt's."""
    found = [f"<{t}>" for t in sorted({t.lower() for t in _TAG.findall(answer)} & scaffold.tags)]
    if scaffold.labels:
        names = "|".join(re.escape(lab) for lab in sorted(scaffold.labels))
        label = re.compile(rf"^[\s>*_#-]*({names})[*_]*\s*:", re.IGNORECASE | re.MULTILINE)
        found += sorted({f"{m.capitalize()}:" for m in label.findall(answer)})
    asked = set(word_runs(question))
    first = next((run for run in word_runs(answer) if run in scaffold.examples and run not in asked), None)
    if first:
        found.append("worked example: " + " ".join(first))
    return found
