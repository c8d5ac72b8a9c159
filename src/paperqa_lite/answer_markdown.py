"""The Markdown of an answer that code builds: an aggregate's list (which papers match,
and each one's reason) and a comparison's table (its lines on an asked dimension are
:mod:`paperqa_lite.dimension`'s).

Every cell and line is a sentence (or a clipped one) of a paper's own abstract, chosen
by :mod:`paperqa_lite.evidence`; nothing here calls a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import evidence as ev
from . import excerpt
from .clauses import clauses
from .listnames import KIND, has_name, name_at
from .names import NameIndex
from .notstated import named_as
from .parts import question_parts
from .sentences import CONTRIBUTION, NAME, whole_word
from .topics import says_term, terms, topic, topic_said

CELL_WORDS = 30  # a table cell or fallback clause longer than this is clipped


def clip(text: str, words: int = CELL_WORDS) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


def label(question: str, e: ev.Evidence, chosen: list[ev.Evidence]) -> str:
    """The name a line gives a paper: the one the question calls it by ("Compare LMA3 and
    OMNI": a name its abstract coins, which its title may not hold), else its short name.
    A name of the question counts when it is one of the paper's own names, or a coined name
    its text has and no other listed paper's has (not "GPT-4o" that several evaluate)."""
    name = named_as(question, e.paper)
    if name:
        return name

    def has(paper, tok: str) -> bool:
        return bool(whole_word(tok).search(f"{paper.title} {paper.abstract}"))
    for tok in NAME.findall(question):
        if KIND.fullmatch(tok):  # "LLMs" names a kind of model, not the paper
            continue
        if has(e.paper, tok) and not any(has(o.paper, tok) for o in chosen if o.paper.id != e.paper.id):
            return tok
    return display_name(e.paper)


def display_name(paper) -> str:
    """A paper as a list line or table row names it: its short name, the whole title when
    that is eight words or fewer (a cut "Frontier Models are Capable of In-context…" loses
    its subject), and beside a title phrase ("Trust Your Critic") the name the paper coins
    for its method ("FIRM"), which is what readers will meet elsewhere."""
    name = ev.short_name(paper)
    if name.endswith("…") and len(paper.title.split()) <= 8:
        return paper.title
    aliases = NameIndex.aliases(paper)
    # (not one extending the name: "Holi-Spatial-4M" is Holi-Spatial's dataset)
    coined = [a for a, plain in aliases if not plain and a.lower() not in name.lower()
              and name.lower() not in a.lower()]
    # a plain title phrase ("Just-in-Time") with the acronym the abstract coins for it ("JiT")
    phrase = not NAME.search(name) or (name, True) in aliases
    if coined and phrase:
        return f"{name} ({min(coined, key=len)})"
    # an acronym whose expansion is the whole title: "Dynamic Chunking Diffusion Transformer
    # (DC-DiT)", the words a reader knows the paper by, and the name it uses
    if ":" not in paper.title and name != paper.title and (paper.title, False) in aliases:
        return f"{paper.title} ({name})"
    return name


def paper_list(chosen: list[ev.Evidence], reasons: list[str]) -> Iterator[str]:
    """'N papers of the week match:' and one line per paper, each with its citation and
    its reason (the caller cuts it to the clause that matches)."""
    noun = "paper of the week matches" if len(chosen) == 1 else "papers of the week match"
    yield f"{len(chosen)} {noun}:\n"
    for i, (e, reason) in enumerate(zip(chosen, reasons), 1):
        yield f"\n- **{display_name(e.paper)}** [{i}]: {reason}"


def comparison_table(rows: list[tuple[ev.Evidence, dict[str, str]]], question: str = "") -> Iterator[str]:
    """A table with a row per paper and a column per field of :func:`evidence.comparison_fields`."""
    cols = list(rows[0][1]) if rows else []
    yield "| Paper | " + " | ".join(c.capitalize() for c in cols) + " |\n"
    yield "|" + " --- |" * (len(cols) + 1) + "\n"
    for i, (e, f) in enumerate(rows, 1):
        cells = [clip(f[c]).replace("|", "/") for c in cols]
        yield f"| {label(question, e, [r[0] for r in rows])} [{i}] | " + " | ".join(cells) + " |\n"


# "Which paper proposes a new tokenizer for low-resource languages?": a question that picks
# one paper out by a description (not "which papers": those are lists)
ONE_PAPER = re.compile(r"^\s*(?:which|what)\s+(?:(?!(?:papers|works|studies|articles)\b)\w+\s+)?"
                       r"(?:paper|work|study|article)\b(?!s)", re.IGNORECASE)


def describes(question: str, e: ev.Evidence) -> bool:
    """Whether a paper fits the description a "which paper ..." question gives (its first
    asked part): its title and abstract hold every keyword of it, or all but one when there
    are more than three (one may be paraphrased). A rule of reading, not fitted on a week:
    the description picks one paper out, so a paper lacking a described property is not
    it, however close its topic ("tokens" of an attention paper are not a tokenizer for
    low-resource languages)."""
    keys = ev.keywords(question_parts(question)[0])
    text = " ".join([e.paper.title, *ev.clean_sentences(e.paper.abstract)])
    missing = len(keys) - round(ev.coverage(keys, text) * len(keys))
    return missing <= (1 if len(keys) > 3 else 0)


def reason(question: str, e: ev.Evidence, words: int) -> str:
    """An aggregate line's reason, cut to its answering clause: the closest sentence naming
    an asked name; else the closest of the paper's own sentences saying an asked term; else,
    of the three closest to the question, the first saying what the paper does; else the
    closest saying the term."""
    top = e.sentences[:3]
    if not top:
        return e.paper.title
    # "which papers involve GPT-4o": the sentence naming it (or saying the asked term) is the reason
    own = [s for s in e.sentences if has_name(question, s)]
    if own:  # the clause naming it ("...; for instance, Claude Sonnet 4.5 can control ...")
        own = [c for c in clauses(own[0]) if has_name(question, c)] or own
        line = excerpt.cut(question, own[:1], words, hard=True)[0]
        # a long list of models cut before the asked one: the words around it instead
        return excerpt.as_sentence(line if has_name(question, line) else _around(question, own[0], words))
    else:
        asked_terms = terms(question)
        termed = [s for s in e.sentences if any(says_term(s, t) for t in asked_terms)]
        # the paper's own sentences saying the term, from its first "we propose ..." on;
        # not the background before it ("RL has emerged as a paradigm for image editing")
        order = ev.clean_sentences(e.paper.abstract)
        ours = set(ev.own_sentences(order))
        # ... or the whole topic in other words ("a real robotic system" for "a physical robot")
        keys = topic(question)
        whole = [s for s in e.sentences if keys and topic_said(question, s) >= keys]
        # ... else what the paper does: the closest "we propose", or its first one (not the
        # background that shares some of the topic's words: "Diffusion Transformers process
        # images ..."; one saying all of it, "models might ... evade ... oversight", is the reason)
        first = [s for s in order if s in ours and CONTRIBUTION.search(s)][:1]
        own = ([s for s in termed if s in ours] or [s for s in whole if s in ours]
               or [s for s in top if CONTRIBUTION.search(s)] or whole or first or termed or top)
    line = excerpt.cut(question, own[:1], words, hard=True)[0]
    if len(line.split()) < 6 < len(own[0].split()):  # "We present IndexCache.": says nothing
        tokens = own[0].split()
        line = " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")
    return excerpt.as_sentence(line)


def _around(question: str, text: str, words: int) -> str:
    """``words`` words of ``text`` ending two words after the asked name it writes ("… evaluate
    7 models: GPT-4o, Claude 3 Opus, Claude 3.5 Sonnet, Mixtral 8x22b")."""
    at = name_at(question, text)
    if at is None:
        return text
    tokens = text.split()
    end = len(text[:at].split()) + 3
    start = max(0, end - words)
    return ("… " if start else "") + " ".join(tokens[start:end]).rstrip(",;:") + (" …" if end < len(tokens) else "")
