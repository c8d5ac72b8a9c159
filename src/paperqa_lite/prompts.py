"""Prompt files: chat prompts kept as text files outside the code.

A prompt lives in ``settings.prompts_dir`` as ``NAME.txt`` (format: prompts/README.md);
by default that is the folder shipped in the package (``settings.PACKAGED_PROMPTS``)::

    # variables: title, sentence
    [system]
    You shorten ...
    [user]
    Title: {title}

Everything is checked when the file is loaded (declared vs used placeholders, section
names, empty sections), and :func:`check_all` also compares each file's declared
variables with :data:`REQUIRED`, the variables the code passes, so a broken prompt, or one
that stops declaring what the code fills in, fails at start-up rather than on the first
question. ``Prompt.hash`` identifies the file's exact bytes; caches and eval runs record
it, so editing a prompt invalidates cached outputs and is visible in eval reports.
"""

from __future__ import annotations

import hashlib
import re
import string
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

ROLES = ("system", "user", "assistant")

# The code's side of each prompt the package renders: the variables it passes
# (answer.py: answer_factual, answer_synthesis; tldr.py: tldr). Each must be in the
# prompts folder and declare exactly these; change this table with the render call
# (tests/test_prompts.py checks that the two agree). Other files in the folder (smoke.txt,
# a user's drafts) are only checked for their own consistency.
REQUIRED: dict[str, frozenset[str]] = {
    "answer_factual": frozenset({"question", "title", "evidence"}),
    "answer_synthesis": frozenset({"question", "evidence"}),
    "tldr": frozenset({"title", "sentence"}),
}

_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_SECTION = re.compile(r"\[([^\[\]\s]*)\]")
_VARIABLES = re.compile(r"#\s*variables\s*:(.*)", re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    """A parsed prompt file; :meth:`render` turns it into chat messages."""

    name: str
    path: Path
    hash: str
    variables: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]  # (role, template)

    def render(self, **values: object) -> list[dict[str, str]]:
        """Chat messages with the placeholders filled; every variable must be given."""
        missing = [v for v in self.variables if v not in values]
        unknown = sorted(set(values) - set(self.variables))
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"missing variable(s) {', '.join(missing)}")
            if unknown:
                parts.append(f"unknown variable(s) {', '.join(unknown)}")
            raise UserError(f"prompt {self.name!r}: {'; '.join(parts)} "
                            f"(declared: {', '.join(self.variables) or 'none'})")
        return [{"role": role, "content": template.format(**values)}
                for role, template in self.sections]


_cache: dict[tuple[Path, str], Prompt] = {}
_cache_lock = threading.Lock()


def load_prompt(name: str, prompts_dir: Path | str) -> Prompt:
    """Load and check ``prompts_dir/NAME.txt``; raises :class:`UserError` if it is broken."""
    if not _NAME.fullmatch(name):
        raise UserError(f"invalid prompt name {name!r}: use letters, digits, '_', '-' and '.'")
    path = Path(prompts_dir) / f"{name}.txt"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        have = sorted(p.stem for p in Path(prompts_dir).glob("*.txt"))
        raise UserError(f"no prompt {name!r} in {prompts_dir} "
                        f"(have: {', '.join(have) or 'none'})") from None
    except OSError as exc:
        raise UserError(f"cannot read prompt file {path}: {exc.strerror}") from None
    # Keyed by content, not mtime: the file is re-read each call (it is tiny), so an
    # edited prompt takes effect at once and its hash always matches what is used.
    digest = hashlib.sha256(data).hexdigest()[:12]
    key = (path.resolve(), digest)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is None:
        cached = _parse(name, path, data, digest)
        with _cache_lock:
            _cache[key] = cached
    return cached


def load_all(prompts_dir: Path | str) -> list[Prompt]:
    """Every prompt file in ``prompts_dir``, each parsed; no check against the code (for
    readers of the prompts' own text, such as the draft check and the QA eval)."""
    folder = Path(prompts_dir)
    if not folder.is_dir():
        raise UserError(f"prompts folder not found: {folder}")
    return [load_prompt(path.stem, folder) for path in sorted(folder.glob("*.txt"))]


def check_all(prompts_dir: Path | str) -> list[str]:
    """Load every ``*.txt`` in ``prompts_dir`` and check each prompt in :data:`REQUIRED`
    is there and declares exactly the variables the code passes; returns the names, or
    raises one UserError listing every problem."""
    folder = Path(prompts_dir)
    if not folder.is_dir():
        raise UserError(f"prompts folder not found: {folder}")
    names, problems = [], []
    for path in sorted(folder.glob("*.txt")):
        try:
            prompt = load_prompt(path.stem, folder)
        except UserError as exc:
            problems.append(str(exc))
            continue
        names.append(path.stem)
        mismatch = _against_code(prompt)
        if mismatch:
            problems.append(mismatch)
    problems += [f"prompt {name}.txt is missing from {folder}" for name in REQUIRED
                 if not (folder / f"{name}.txt").exists()]
    if problems:
        raise UserError(f"{len(problems)} prompt problem(s): " + " | ".join(problems))
    return names


def _against_code(prompt: Prompt) -> str | None:
    """What is wrong with ``prompt``'s declared variables for the code that renders it."""
    passed = REQUIRED.get(prompt.name)
    if passed is None or passed == set(prompt.variables):
        return None
    parts = []
    if passed - set(prompt.variables):
        parts.append(f"does not declare {', '.join(sorted(passed - set(prompt.variables)))}")
    if set(prompt.variables) - passed:
        parts.append(f"declares {', '.join(sorted(set(prompt.variables) - passed))}, which the code "
                     "never passes")
    return (f"prompt {prompt.path.name}: {' and '.join(parts)} (the code passes: "
            f"{', '.join(sorted(passed))})")


def _parse(name: str, path: Path, data: bytes, digest: str) -> Prompt:
    def fail(msg: str, line: int | None = None) -> UserError:
        where = f"{path.name}:{line}" if line else path.name
        return UserError(f"prompt {where}: {msg}")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise fail("not UTF-8 text") from None
    declared, sections = _sections(text, fail)
    used: set[str] = set()
    out: list[tuple[str, str]] = []
    for role, lineno, body in sections:
        content = "\n".join(body).strip()
        if not content:
            raise fail(f"empty [{role}] section", lineno)
        used |= _placeholders(content, role, lineno, declared, fail)
        out.append((role, content))
    unused = [v for v in declared if v not in used]
    if unused:
        raise fail(f"declared variable(s) never used: {', '.join(unused)}")
    return Prompt(name, path, digest, tuple(declared), tuple(out))


def _sections(text: str, fail) -> tuple[list[str], list[tuple[str, int, list[str]]]]:
    """The declared variables and the (role, line number, body lines) of each section."""
    declared: list[str] | None = None
    sections: list[tuple[str, int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        header = _SECTION.fullmatch(line.rstrip())
        if header:
            role = header.group(1)
            if role not in ROLES:
                raise fail(f"unknown section [{role}] (use [system], [user] or [assistant])", lineno)
            sections.append((role, lineno, []))
        elif sections:
            sections[-1][2].append(line)
        elif line.startswith("#"):
            m = _VARIABLES.match(line)
            if m:
                names = [v.strip() for v in m.group(1).split(",") if v.strip()]
                bad = [v for v in names if not v.isidentifier()]
                if bad:
                    raise fail(f"invalid variable name(s) {', '.join(bad)}", lineno)
                declared = (declared or []) + [v for v in names if v not in (declared or [])]
        elif line.strip():
            raise fail("text before the first section (header lines must start with '#')", lineno)
    if declared is None:
        raise fail("missing '# variables: a, b' header line (write '# variables:' if none)")
    if not sections:
        raise fail("no [system]/[user]/[assistant] section")
    if sections[-1][0] != "user":
        raise fail("the last section must be [user]: it is what the model answers")
    return declared, sections


def _placeholders(content: str, role: str, lineno: int, declared: list[str], fail) -> set[str]:
    """The variables a section uses; each must be a plain, declared ``{name}``."""
    try:
        fields = list(string.Formatter().parse(content))
    except ValueError as exc:
        raise fail(f"[{role}] section: {exc} (write literal braces as '{{{{' and '}}}}')",
                   lineno) from None
    used = set()
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise fail(f"[{role}] section: placeholder {{{field}{'!' + conversion if conversion else ''}"
                       f"{':' + spec if spec else ''}}} must be a plain {{name}}", lineno)
        if field not in declared:
            raise fail(f"placeholder {{{field}}} is not declared in '# variables:'", lineno)
        used.add(field)
    return used
