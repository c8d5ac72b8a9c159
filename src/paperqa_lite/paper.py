"""The core record: a paper as every parser produces it, its id rules, text normalisers,
and the limits on what is accepted as input (one place, so every way in applies the same).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import UserError

# New-style arXiv ids (2410.12345, optional version) and old-style (cs/0112017).
ARXIV_ID = re.compile(
    r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)|\b([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b"
)

# Limits on input, checked at ingest (every parser) and on questions. Each sits well above
# the longest real value measured in the data we have and well below what breaks a prompt:
# a title goes whole into every prompt about its paper, and the local model's context is
# 4,096 tokens (a 20 KB title made every question about that paper fail).
MAX_ID_CHARS = 100  # arXiv ids are at most 20 characters; a local id is a key, not text
MAX_TITLE_CHARS = 500  # longest seen: SciFact 300, SciTLDR 153, the sample weeks 130
# arXiv caps abstracts at 1,920 characters; SciFact's longest is 10,000 (BEIR cut it there).
# Abstracts are chunked, so this bounds the store's work, not a prompt.
MAX_ABSTRACT_CHARS = 12_000
MAX_AUTHORS = 5_000  # the largest collaborations (ATLAS, CMS) list about 3,000-5,000 names
MAX_AUTHOR_CHARS = 200  # one author's name
MAX_ORGANIZATION_CHARS = 200  # longest seen: 22 ("OpenMOSS-Team OpenMOSS")
MAX_URL_CHARS = 2_000  # the length browsers and servers reliably handle
# ~250 tokens: the question goes whole into the answer prompt and is never trimmed; the
# evidence gets the rest of the context.
MAX_QUESTION_CHARS = 1_000


@dataclass
class Paper:
    id: str
    title: str
    abstract: str
    authors: list[str] | None = None
    n_authors: int | None = None
    organization: str | None = None
    published: str | None = None  # ISO date
    upvotes: int | None = None
    url: str | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def record(self) -> dict[str, Any]:
        """The public record (what ``papers --json`` prints and the store keeps). ``extra``
        (a source's own fields, e.g. the Hub's upvotes and GitHub repo) is in it only when
        there is some, so a paper without any keeps the content hash it always had."""
        data = asdict(self)
        if not data["extra"]:
            data.pop("extra")
        return data

    def content_hash(self) -> str:
        """Changes whenever anything stored about the paper changes."""
        blob = json.dumps(self.record() | {"source": None}, sort_keys=True)
        return hashlib.sha1(blob.encode()).hexdigest()[:16]


def normalise_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


def arxiv_id(text: str | None) -> str | None:
    """The arXiv id inside a URL or id string, without its version, if there is one."""
    if not text:
        return None
    m = ARXIV_ID.search(text)
    if not m:
        return None
    return m.group(1) or m.group(2)


def paper_id(title: str, given: str | None = None, url: str | None = None) -> str:
    """arXiv id when known, else the given id, else a stable hash of the normalised title."""
    found = arxiv_id(given) or arxiv_id(url)
    if found:
        return found
    if given and given.strip():
        return given.strip()
    return "t" + hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]


def clean_text(text: str | None) -> str:
    """Collapse whitespace (feeds and CSVs wrap lines inside titles and abstracts) and undo
    the listing's typesetting artefacts (:func:`untypeset`)."""
    return untypeset(" ".join((text or "").split()))


# The Daily Papers listing (and arXiv abstracts) carry LaTeX and highlighting artefacts.
# Each rule rewrites markup only: no digit and no letter of a name is changed, dropped or
# moved apart (tests/test_paper_text.py checks every number and name of the second real
# week survives). Found by reading both real weeks' abstracts; they are the LaTeX and
# highlighter classes, not strings of those weeks, so they carry to other weeks.
_LATEX_STYLE = re.compile(r"\\(?:textbf|textit|emph|mathbf|mathrm|mathit|mathcal|texttt|text|"
                          r"underline|boldsymbol|bm)\s*\{([^{}]*)\}")
# a style command whose backslash and braces the listing lost, glued to a symbol: "boldsymbolπ"
_LOST_STYLE = re.compile(r"\b(?:boldsymbol|mathbf|mathrm|textbf|textit)(?=[^\x00-\x7F])")
_TIMES = re.compile(r"(?<=\d)\s*(?:\\times|\{\\?times\}|times)(?![A-Za-z])")
_SCRIPT = re.compile(r"([\^_])\{([A-Za-z0-9+\-]{1,8})\}")  # DR^{3} -> DR^3
_ESCAPED = re.compile(r"\\([%$&#_])")  # \% -> %
# TeX quotes: ``evaluator'' -> “evaluator” (not "'" alone: an apostrophe or a prime)
_TEX_QUOTES = re.compile(r"``([^`'\n]{1,200}?)''")
# spaces the highlighter puts before punctuation and inside brackets
_SPACE_PUNCT = re.compile(r"(?<=\S) +([,.;:!?)\]])(?=\s|$|[,.;:)\]])")
_SPACE_OPEN = re.compile(r"([(\[]) +(?=\S)")
_LONE_S = re.compile(r"(?<=[A-Za-z]{2}) s\b(?=[\s,.;:)]|$)")  # "encoder s" -> "encoders"
# "DC- DiT": a hyphen the highlighter cut; "low- and high-level" keeps its suspended hyphen
_CUT_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])- (?!(?:and|or|to|nor|vs)\b)(?=[A-Za-z])")


def _unsplit(text: str) -> str:
    """Words the highlighter cut around a term the text writes as an acronym: it spaced
    every "ate" of "ATE" ("Evalu ate d", "st ate -of-the-art"), "ode" of "ODE" ("m ode l"),
    "dit" of "DiT" ("class-con dit ional").
    Joined only when the join is a word of abstracts (SciTLDR's vocabulary, stemmed)."""
    # "ATE", and mixed-case ones ("DiT": "class-con dit ional")
    terms = {t.lower() for t in re.findall(r"\b[A-Z][A-Za-z]{1,4}\b", text) if sum(c.isupper() for c in t) >= 2}
    if not terms or not re.search(rf" (?:{'|'.join(terms)}) ", text):
        return text
    from .sentences import stem, word_prior  # the vocabulary, loaded once, only when needed
    vocabulary = word_prior().abstracts

    def joined(m: re.Match[str]) -> str:
        word = m.group(1) + m.group(2) + (m.group(3) or "")
        return word if stem(word.lower()) in vocabulary else m.group(0)
    for term in terms:
        text = re.sub(rf"\b([A-Za-z]+) ({term})(?: ([a-z]+)\b| (?=-))", joined, text)
    return text


def untypeset(text: str) -> str:
    """``text`` with LaTeX markup and the listing's spacing artefacts undone: ``\\%`` ->
    ``%``, ``\\textbf{X}`` -> ``X``, TeX quotes -> curly ones, ``4times``/``4{times}`` -> ``4×``, ``DR^{3}`` ->
    ``DR^3``, ``a , b`` -> ``a, b``, ``( VLMs )`` -> ``(VLMs)``, ``encoder s`` ->
    ``encoders``, ``DC- DiT`` -> ``DC-DiT``, ``+8.67~pp`` -> ``+8.67 pp``, ``Evalu ate d``
    -> ``Evaluated`` (:func:`_unsplit`). URLs have no spaces, so no rule reaches inside one."""
    text = _SCRIPT.sub(r"\1\2", text)  # first: "\\textbf{DR^{3}}" nests braces
    for _ in range(3):  # nested styles: \textbf{\textit{X}}
        text = _LATEX_STYLE.sub(r"\1", text)
    text = _LOST_STYLE.sub("", text)
    text = re.sub(r"\\([A-Za-z][\w-]*) \1\b", r"\1", text)  # "\\Name Name": a macro and its text
    text = _TIMES.sub("×", text)
    text = _ESCAPED.sub(r"\1", text)
    text = _TEX_QUOTES.sub("\u201c\\1\u201d", text)
    text = re.sub(r"(?<=\d)~(?=[A-Za-z])", " ", text)
    text = _SPACE_OPEN.sub(r"\1", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    text = _LONE_S.sub("s", text)
    return _unsplit(_CUT_HYPHEN.sub("-", text))


def field_text(value: Any, where: str, field: str) -> str:
    """A record's field as clean text: strings and numbers are text, anything else (a list,
    an object) is an error naming ``where``, not a crash or a stringified repr."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise UserError(f"{where}: {field} must be text, got a JSON {type(value).__name__}")
    return clean_text(str(value))


def field_int(value: Any, where: str, field: str) -> int | None:
    """A record's count (upvotes, n_authors): a whole number or empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):  # OverflowError: "inf"
        raise UserError(f"{where}: {field} must be a number, got {str(value)[:40]!r}") from None


def author_names(value: Any, where: str) -> list[str] | None:
    """Authors as a list of names (strings or ``{"name": ...}``) or one string separated
    by ``;``, ``|`` or ``,``."""
    if isinstance(value, list):
        names = [field_text(a.get("name") if isinstance(a, dict) else a, where, f"author {i}")
                 for i, a in enumerate(value, 1)]
    elif isinstance(value, str):
        names = [clean_text(a) for a in re.split(r"[;|]" if ";" in value or "|" in value else ",", value)]
    elif value is None:
        return None
    else:
        raise UserError(f"{where}: authors must be a list or text, got a JSON {type(value).__name__}")
    return [n for n in names if n] or None


def iso_date(value: str) -> str | None:
    """``value``'s YYYY-MM-DD prefix if it is a real calendar date, else None."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _too_long(what: str, value: str | None, limit: int) -> str | None:
    if value is not None and len(value) > limit:
        return f"{what} is {len(value):,} characters; the limit is {limit:,}"
    return None


def check_limits(paper: Paper, where: str) -> None:
    """Raise a :class:`UserError` naming ``where`` if a field is over its limit."""
    authors = paper.authors or []
    problems = [
        _too_long("id", paper.id, MAX_ID_CHARS),
        _too_long("title", paper.title, MAX_TITLE_CHARS),
        _too_long("abstract", paper.abstract, MAX_ABSTRACT_CHARS),
        _too_long("organization", paper.organization, MAX_ORGANIZATION_CHARS),
        _too_long("url", paper.url, MAX_URL_CHARS),
        *(_too_long(f"author {i}", a, MAX_AUTHOR_CHARS) for i, a in enumerate(authors, 1)),
    ]
    for what, n in (("authors", len(authors)), ("n_authors", paper.n_authors or 0)):
        if n > MAX_AUTHORS:
            problems.append(f"{what} is {n:,}; the limit is {MAX_AUTHORS:,}")
    for what, n in (("n_authors", paper.n_authors), ("upvotes", paper.upvotes)):
        if n is not None and n < 0:
            problems.append(f"{what} is {n}; it cannot be negative")
    found = [p for p in problems if p]
    if found:
        raise UserError(f"{where}: {found[0]}")


def validated(located: Iterable[tuple[str, Paper]], name: str) -> list[Paper]:
    """The papers of one file, each within the limits and no id given twice.

    ``located`` pairs each paper with where it was read (``"line 7"``, ``"record 3"``).
    A repeated id in one file is an error rather than a silent merge, even when the
    record repeats exactly: it usually means two files were pasted together or a row
    was copied, and the user should know which copy is meant.
    """
    seen: dict[str, tuple[str, Paper]] = {}
    papers = []
    for where, paper in located:
        check_limits(paper, f"{name}: {where}")
        if paper.id in seen:
            first, other = seen[paper.id]
            how = "repeats" if other.content_hash() == paper.content_hash() else "is the same paper as"
            raise UserError(f"{name}: {where}: {how} {first} (id {paper.id!r}); "
                            "a file may give each paper once")
        seen[paper.id] = (where, paper)
        papers.append(paper)
    return papers


def check_question(question: str) -> str:
    """The question with its whitespace collapsed; :class:`UserError` if empty or too long."""
    text = " ".join(question.split())
    if not text:
        raise UserError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise UserError(f"the question is {len(text):,} characters; the limit is {MAX_QUESTION_CHARS:,}")
    return text


def rank_key(paper: Paper) -> tuple[int, str]:
    """The collection's order everywhere (store, digest, web table): most upvoted first,
    then by title."""
    return (-(paper.upvotes or 0), paper.title.lower())


def who(paper: Paper) -> str:
    """The one-line "who": the organisation, else up to three authors, else their count."""
    if paper.organization:
        return paper.organization
    if paper.authors:
        names = ", ".join(paper.authors[:3])
        return names + (" et al." if len(paper.authors) > 3 else "")
    if paper.n_authors:
        return f"{paper.n_authors} author{'s' if paper.n_authors != 1 else ''}"
    return ""
