"""An answer's excerpt: the clauses of its sentences that answer the question, within a
word budget (issue 11, point 2: lead with the asked fact, not the whole sentence).

The question side (what it asks: a number, a name) is :mod:`paperqa_lite.asked`; the
clauses are :mod:`paperqa_lite.clauses`; the trimming rules are the TL;DR trimmer's.
"""

from __future__ import annotations

import re

from .asked import asks_number, measures, stating
from .clauses import clauses, unquantified
from .evidence import word_stems
from .sentences import NAME, NUMBER, STOP, content_words, stem
from .tldr import trim_sentence
from .which import asks_name, names_other

# "Extensive experiments on X demonstrate that Y ..." -> "Y ...": the fact, not its source
_SOURCE_LEAD = re.compile(r"^(?:[^,]{0,60}?\b(?:experiments?|evaluations?|results?|analys[ie]s|"
                          r"studies|ablations?)\b[^,]{0,60}?\s(?:shows?|demonstrates?|reveals?|"
                          r"indicates?|confirms?|validates?|suggests?)\s+that\s+)", re.IGNORECASE)


def cut(question: str, sentences: list[str], max_words: int, hard: bool = False,
        known: str = "") -> list[str]:
    """``sentences`` cut to the clauses that answer ``question``, within ``max_words``.

    A sentence within its share of the budget is kept whole; a longer one keeps its
    clauses that hold a question keyword or (for a quantity question) a number, each
    trimmed by the TL;DR rules (lead-ins, parentheticals). Unless ``hard``, one answering
    clause longer than the share is kept whole (it is often a list: the answer itself);
    sentences past the budget that add no keyword are dropped. A question asking "which
    X" counts a name as a number: a clause naming something neither the question nor
    ``known`` (the paper's own names, the whole question) names holds the answer."""
    keys = {stem(w) for w in content_words(question)}
    numeric = asks_number(question)
    names = not numeric and asks_name(question)
    seen = f"{question} {known}"
    asked_counts = set(_COUNT.findall(question)) if numeric else set()
    heads = measures(question) if numeric else []
    if not hard and len(sentences) > 1:
        sentences = _within(sentences, keys, max_words)
    # each sentence's share of the budget; 12 words is the shortest clause that still
    # carries a subject, a verb and a number with its noun (not fitted)
    share = max(12, max_words // max(len(sentences), 1))
    out = []
    for s in sentences:
        led = _lead(s)
        # "Evaluations on NVIDIA H200 GPUs show that ...": for "which GPUs" the lead is the
        # answer; "Analysis of the models' chains-of-thought reveals ...": it holds the topic
        source = s[:len(s) - len(led)]
        s = s if names and names_other(source, seen) or keys & (_stems(source) - _stems(led)) else led
        if hard and len(s.split()) > share and not numeric:  # a cell or a list's reason
            s = _enumerated(s)
        if len(s.split()) <= share:
            out.append(s)
            continue
        parts = clauses(s)
        scored = []
        for k, c in enumerate(parts):
            hit = len(keys & _stems(c))
            hit += 1.5 if numeric and NUMBER.search(c) else 0
            # "how many MLLMs": the clause counting them ("we evaluate six MLLMs"), not one
            # with a digit in a name ("including o3") or the paper's name as words
            hit += 3 if heads and any(stating(h, [c]) for h in heads) else 0
            # "on which web benchmarks": the answer is a name, so a clause naming something
            # the question does not comes before clauses that only share its words
            named = names and names_other(c, seen)
            scored.append((named, hit, -k, c))
        kept: list[str] = []
        for named, score, _, c in sorted(scored, reverse=True):
            if score <= 0 and not named and kept:
                break
            # a quantity's first number is kept even past the share (then trimmed to it):
            # "construct X, the first 3D dataset; containing 12K scenes, 1.3M masks, ..."
            first_count = numeric and _counts(c, asked_counts) and not any(_counts(x, asked_counts) for x in kept)
            if sum(len(x.split()) for x in kept) + len(c.split()) > share and kept and not first_count:
                continue
            kept.append(c)
        text = "; ".join(c for c in parts if c in kept)
        # the one answering clause is kept whole (a list is the answer), only trimmed
        whole = len(kept) == 1 and not hard
        out.append(_trim(text, max(share, len(text.split())) if whole else share, keys, numeric))
    return out


# "(1) ... (2) ...", "(i) ... (ii) ...": a sentence enumerating the items of what it names
_ITEM = re.compile(r"\(\s*(?:\d|[ivx]{1,4}|[a-e])\s*\)\s*")
# where an item's head ends: its relative clause, purpose or means ("intrinsic language
# feedback that distills reusable lessons ...")
_ITEM_TAIL = re.compile(r"\s+(?:that|which|who|whose|where|to|by|via|through|using)\b|\s*[,;]|\s+--?\s+|\s*[\u2013\u2014]")


def _enumerated(sentence: str) -> str:
    """A sentence enumerating items ("dual intrinsic feedback: (1) intrinsic numerical
    feedback that tracks ..., and (2) intrinsic language feedback that distills ...") as its
    lead and each item's head ("...: intrinsic numerical feedback; intrinsic language
    feedback"): a cut to the first clause would keep one item of several. Only a list set
    off by a colon: in "To address (1) ..., and (3) ..., we introduce X" the sentence's own
    clause follows the items. Unchanged when it enumerates fewer than two."""
    marks = list(_ITEM.finditer(sentence))
    if len(marks) < 2 or not sentence[:marks[0].start()].rstrip().endswith(":"):
        return sentence
    heads = []
    for m, end in zip(marks, [n.start() for n in marks[1:]] + [len(sentence)]):
        body = re.sub(r"[\s,;]*(?:and|or)?\s*$", "", sentence[m.end():end]).strip().rstrip(".")
        head = _ITEM_TAIL.split(body, maxsplit=1)[0].strip()
        if not head:
            return sentence
        heads.append(head)
    return f"{sentence[:marks[0].start()].rstrip()} {'; '.join(heads)}."


def as_sentence(line: str) -> str:
    """A cut clause written as a sentence: a lower-case first word capitalised (not a name
    written in lower case, "flash-kmeans", "o1") and a full stop at the end."""
    line = line.rstrip(" ,;:")
    opening = line.split()[0] if line.split() else ""
    if re.fullmatch(r"[a-z]+", opening):
        line = line[:1].upper() + line[1:]
    return line + ("" if line.rstrip("\"')]”’").endswith((".", "!", "?", "…")) else ".")


def _stems(text: str) -> set[str]:
    """Stems of the text's content words and of their hyphenated parts: "chains-of-thought"
    says the "chain" and "thought" of a question."""
    whole, parts = word_stems(text)
    return set(whole | parts)


_COUNT = re.compile(r"(?<![\w\-.])\d+(?:[.,]\d+)*(?:[KMBTkmbx×%]|\s*%)?(?![A-Za-z\-])")


def _counts(clause: str, asked: set[str]) -> bool:
    """Whether the clause has a count or measure the question (its counts: ``asked``) does
    not have: "12K scenes", "1.3M masks", "45%"; not "Holi-Spatial-4M" (a name) nor "3D"."""
    return any(n not in asked for n in _COUNT.findall(unquantified(clause)))


# A bracket that holds data: a number ("(79.49%)", "(<10%)"), a name ("(ReNorm)") or a
# question keyword ("(representing the biological Corpus Callosum)").
_BRACKET = re.compile(r"\(([^()]{0,80})\)")


def _trim(text: str, max_words: int, keys: set[str], numeric: bool = False) -> str:
    """:func:`tldr.trim_sentence` (lead-ins, asides, length), but a bracket holding data
    stays: the TL;DR drops brackets as asides, an answer's number is often inside one.
    When the text is over ``max_words`` only brackets holding a question keyword stay
    (the cut would otherwise push the clause's own fact out)."""
    def asked_in(inner: str) -> bool:
        return bool(keys & {stem(w) for w in content_words(inner)})

    def data(inner: str) -> bool:
        return bool(re.search(r"\d", inner) or NAME.search(inner)) or asked_in(inner)
    keep = data if len(text.split()) <= max_words else asked_in
    held = _BRACKET.sub(lambda m: f"\x05{m.group(1)}\x06" if keep(m.group(1)) else m.group(0), text)
    held, skipped = _from_asked(held, max_words, keys, numeric)
    trimmed = _with_unit(trim_sentence(held, max_words), held).replace("\x05", "(").replace("\x06", ")")
    trimmed = _as_written(trimmed.strip(), held)
    if len(trimmed.split()) < len(held.split()):
        trimmed = _undangled(_whole_phrase(trimmed, held))
    if not skipped:
        return trimmed
    # the first word as the abstract writes it mid-sentence ("flashPrefill" stays FlashPrefill)
    first = held.lstrip()[:1]
    return f"… {first if first.lower() == trimmed[:1].lower() else trimmed[:1]}{trimmed[1:]}"


# Words a cut phrase cannot end on ("... over DiT baselines across 4× and"); English.
_DANGLING = STOP | {"across", "between", "over", "under", "per", "among", "while", "whereas", "both"}


def _undangled(text: str) -> str:
    """A cut text without the words it was cut in the middle of: a trailing function word,
    and a bare number a trailing preposition had ("across 4× and")."""
    words = text.rstrip(" ,;:.").split()
    kept = len(words)
    while len(words) > 3:
        last = words[-1].lower().strip(",;:")
        if last in _DANGLING:
            words.pop()
        elif re.fullmatch(r"[\d.,]+[×x%]?", last) and words[-2].lower() in _DANGLING:
            words.pop()
            words.pop()
        else:
            break
    return text if len(words) == kept else " ".join(words)


def _whole_phrase(trimmed: str, source: str) -> str:
    """A cut that leaves only the source's last few words out ends at the "and" / "or"
    joining its last verb phrase instead: "... and eliminates auxiliary value." has lost the
    noun of "auxiliary value networks", and the whole last phrase is the better loss; a cut
    leaving one word out keeps it."""
    words, src = trimmed.rstrip(" .").split(), source.rstrip(" .").split()
    tail = [w.strip(",;:.").lower() for w in words[-3:]]
    ends = [i + len(tail) for i in range(len(src) - len(tail) + 1)
            if [w.strip(",;:.").lower() for w in src[i:i + len(tail)]] == tail]
    if len(tail) < 3 or not ends or not 1 <= len(src) - ends[-1] <= 3:
        return trimmed
    # (the phrase a verb starts, "and eliminates ...": "both tool-only and learning-based"
    # joins two words of one phrase)
    for j in range(len(words) - 2, len(words) * 2 // 3, -1):
        if words[j].lower() in ("and", "or") and re.fullmatch(r"[a-z]+(?:es|s|ed)", words[j + 1]) \
                and not {"both", "between", "either"} & {w.lower() for w in words[j - 4:j]}:
            return " ".join(words[:j]).rstrip(",;:") + "."
    # ... else one word short ends on the phrase's modifier ("by acceleration in the spatial."
    # of "... spatial domain."): the last word is the cheaper fix, one over the budget
    if len(src) - ends[-1] == 1:
        return f"{' '.join(words)} {src[-1]}".rstrip(",;:.") + "."
    return trimmed


def _as_written(trimmed: str, source: str) -> str:
    """A sentence start the trim capitalised back as the source writes it when it is a
    lower-case name with a digit ("o1, Claude 3.5 Sonnet ..." is not "O1, ...")."""
    first = trimmed.split()[0] if trimmed.split() else ""
    written = first[:1].lower() + first[1:]
    if first[:1].isupper() and re.search(r"\d", first) and re.search(rf"(?<![\w-]){re.escape(written)}", source):
        return written + trimmed[len(first):]
    return trimmed


def _from_asked(text: str, max_words: int, keys: set[str], numeric: bool = False) -> tuple[str, bool]:
    """A clause whose asked words (for a quantity: numbers) all lie past the budget, from
    the phrase holding the first of them ("... via interventions such as mental-state-
    specific chain-of-thought prompting, raising ..."), and whether its start was skipped:
    the cut at the budget would keep only words the question did not ask about."""
    words = text.split()
    hits = [i for i, w in enumerate(words) if (_COUNT.search(w) if numeric else keys & _stems(w))]
    if len(words) <= max_words or not hits or hits[0] < max_words * 2 // 3:
        return text, False
    # back to the phrase's start: after the comma or joining word before the asked word
    start = next((j + 1 for j in range(hits[0] - 1, max(hits[0] - max_words // 2, 0) - 1, -1)
                  if words[j].endswith((",", ";", ":")) or words[j].lower() in _JOINS), hits[0])
    # a whole budget's words, ending at the clause's end when the asked words are near it
    start = min(start, len(words) - max_words)
    return (" ".join(words[start:]), True) if start > 0 else (text, False)


# Words after which a phrase starts ("via X", "such as X", "and X").
_JOINS = frozenset("via as and with using through including".split())


def _with_unit(trimmed: str, full: str) -> str:
    """A cut that ends on a number gets back what it counts, up to two words ("in just
    200." -> "in just 200 RL steps."): a number without its noun answers nothing."""
    body = trimmed.rstrip(".")
    words = body.split()
    if not words or not re.fullmatch(r"[\d.,]+[%×xKMB]?", words[-1]):
        return trimmed
    tail = " ".join(words[-4:])
    at = full.find(tail)
    if at < 0:
        return trimmed
    extra = []
    for w in full[at + len(tail):].split()[:2]:
        extra.append(w.rstrip(",;:."))
        if w.rstrip(",;:.").isalpha() and w.islower() or w[-1:] in ",;:.":
            break
    return " ".join([body, *extra]) + "."


def _within(sentences: list[str], keys: set[str], max_words: int) -> list[str]:
    """The sentences, redundant ones dropped first (their question keywords and numbers
    are all in the others) until they fit ``max_words``; a sentence that adds a part of
    the answer stays (it is cut to its clauses instead)."""
    kept = list(sentences)

    def adds(s: str, others: list[str]) -> bool:
        mine = (keys & {stem(w) for w in content_words(s)}) | set(NUMBER.findall(s))
        theirs = set().union(*[(keys & {stem(w) for w in content_words(o)}) | set(NUMBER.findall(o))
                               for o in others])
        return bool(mine - theirs)
    while len(kept) > 1 and sum(len(s.split()) for s in kept) > max_words:
        redundant = [s for s in kept if not adds(s, [o for o in kept if o is not s])]
        if not redundant:
            break
        kept.remove(redundant[-1])
    return kept


def _lead(sentence: str) -> str:
    s = _SOURCE_LEAD.sub("", sentence)
    return _as_written(s[:1].upper() + s[1:], sentence) if s != sentence else s
