"""What the web app shows, as pure functions of the library's results: the page's CSS
and script, the header, example questions, answers with linked citations, messages.

Nothing here touches Gradio or the store, so all of it is unit-tested without a server;
:mod:`paperqa_lite.web` wires it to the app.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any

from .digest import link
from .errors import BackendError, UserError
from .evidence import GENERIC, short_name
from .llm import configured_model_id
from .names import resolve_named
from .sentences import content_words
from .settings import Settings

CSS = """
#pqa-header p { margin: 0 !important; }
.pqa-meta { color: var(--body-text-color-subdued); font-size: .9em; }
.pqa-error { color: #b42318; background: #fef3f2; border: 1px solid #fda29b; border-radius: 6px;
             padding: .5em .8em; font-weight: 600; }
.pqa-ok { color: #05603a; background: #ecfdf3; border: 1px solid #6ce9a6; border-radius: 6px;
          padding: .5em .8em; }
#pqa-chat b, #pqa-chat strong { font-weight: 600; }
#pqa-chat table td:first-child { min-width: 7em; overflow-wrap: normal; word-break: normal; }
a.pqa-cite { font-weight: 600; text-decoration: none; cursor: pointer; white-space: nowrap; }
.pqa-sources { margin-top: .8em; border-top: 1px solid var(--border-color-primary); padding-top: .4em;
               font-size: .95em; }
.pqa-sources details { margin: .3em 0; }
.pqa-sources summary { cursor: pointer; }
.pqa-sources details[open] { background: var(--background-fill-secondary); border-radius: 6px;
                             padding: .2em .6em .4em; }
.pqa-sources .pqa-flash { outline: 2px solid var(--color-accent); }
#pqa-table, #pqa-table * { font-family: var(--font) !important; }
.pqa-foot { color: var(--body-text-color-subdued); font-size: .85em; }
"""

# A document-level click handler: "[n]" opens and scrolls to its source entry. The
# chat's Markdown keeps <a href="#..."> and <details id="...">; the behaviour is ours.
HEAD = """<script>
document.addEventListener("click", function (event) {
  var a = event.target.closest && event.target.closest('a[href^="#pqa-src-"]');
  if (!a) return;
  event.preventDefault();
  event.stopPropagation();
  var el = document.getElementById(a.getAttribute("href").slice(1));
  if (!el) return;
  el.open = true;
  el.scrollIntoView({block: "nearest", behavior: "smooth"});
  el.classList.add("pqa-flash");
  setTimeout(function () { el.classList.remove("pqa-flash"); }, 1500);
}, true);
</script>"""


# -- presentation helpers (pure, tested directly) ------------------------------------

def model_label(settings: Settings) -> str:
    """What the header shows as the model in use."""
    return configured_model_id(settings) or "the server's default model"


def header_markdown(settings: Settings, n_papers: int) -> str:
    where = f" at `{settings.llm.base_url}`" if settings.llm.base_url else ""
    return (f"## paperqa-lite\n<span class='pqa-meta'>Backend: **{settings.llm.backend}**{where} · "
            f"Model: **{model_label(settings)}** · Collection: **{settings.store.collection}** "
            f"({n_papers} papers)</span>")


def who(paper: Any) -> str:
    if paper.organization:
        return paper.organization
    if paper.authors:
        names = ", ".join(paper.authors[:3])
        return names + (" et al." if len(paper.authors) > 3 else "")
    if paper.n_authors:
        return f"{paper.n_authors} author{'s' if paper.n_authors != 1 else ''}"
    return ""


def example_questions(papers: list[Any], n: int = 4) -> list[str]:
    """Questions the loaded week can answer, built from its papers' names and titles."""
    # short names the retriever recognises as naming exactly that paper ("B-STaR", "EgoLife")
    named = []
    for p in papers:
        name = short_name(p)
        if len(name.split()) > 3 or "…" in name:
            continue
        if [q.id for q in resolve_named(name, papers)] == [p.id]:
            named.append(name)
    questions = []
    if len(named) >= 2:
        questions.append(f"Compare {named[0]} and {named[1]}")
    topic = _topic(papers, GENERIC, content_words)
    if topic:
        questions.append(f"Which papers study {topic}?")
    if named:
        questions.append(f"What does {named[2 if len(named) > 2 else 0]} introduce?")
    if len(named) >= 4:
        questions.append(f"What problem does {named[3]} address?")
    elif papers:
        questions.append(f"What is {papers[0].title.split(':')[0]} about?")
    return questions[:n]


def _topic(papers: list[Any], generic: frozenset[str], content_words: Any) -> str | None:
    """The most shared title phrase (a two-word phrase if two papers share one)."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for p in papers:
        words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]+", p.title)]
        keep = [w for w in words if w in content_words(w) and w not in generic]
        unigrams.update(set(keep))
        bigrams.update({f"{a} {b}" for a, b in zip(words, words[1:])
                        if a in keep and b in keep})
    for counter in (bigrams, unigrams):
        common = [(w, c) for w, c in counter.most_common(5) if c >= 2]
        if common:
            return common[0][0]
    return None


_CITE = re.compile(r"\[(\d+)\]")


def render_answer(answer: Any, turn: int, papers: dict[str, Any], tldr_of: Any) -> str:
    """The final answer as Markdown: ``[n]`` links to an expandable source entry below."""
    n_cited = len(answer.citations)

    def link(m: re.Match) -> str:
        n = int(m.group(1))
        if not 1 <= n <= n_cited:
            return m.group(0)
        title = html.escape(answer.citations[n - 1]["title"], quote=True)
        return f'<a class="pqa-cite" href="#pqa-src-{turn}-{n}" title="{title}">[{n}]</a>'

    text = _CITE.sub(link, answer.answer)
    if not answer.citations:
        return text
    items = []
    for n, c in enumerate(answer.citations, 1):
        paper = papers.get(c["id"])
        parts = [f'<details id="pqa-src-{turn}-{n}" class="pqa-source"><summary><b>[{n}]</b> '
                 f'{html.escape(c["title"])}</summary>']
        if paper is not None:
            tldr = tldr_of(paper)
            if tldr:
                parts.append(f"<p><b>TL;DR:</b> {html.escape(tldr)}</p>")
            parts.append(f"<p><b>Abstract:</b> {html.escape(paper.abstract)}</p>")
        url = c.get("url") or (paper and _paper_link(paper))
        meta = [html.escape(c["id"])]
        if url:
            meta.insert(0, f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                           f'rel="noopener noreferrer">{html.escape(url)}</a>')
        parts.append(f"<p>{' · '.join(meta)}</p></details>")
        items.append("".join(parts))
    foot = f"{answer.model or 'no model'} · {answer.seconds:.1f} s"
    # One HTML block with no blank line inside, so Markdown leaves it alone.
    return (f"{text}\n\n<div class=\"pqa-sources\"><b>Sources</b>{''.join(items)}"
            f"<div class=\"pqa-foot\">{html.escape(foot)}</div></div>")


def _paper_link(paper: Any) -> str | None:
    return link(paper)


def error_html(message: str) -> str:
    return f'<div class="pqa-error">Error: {html.escape(message)}</div>'


def ok_html(message: str) -> str:
    return f'<div class="pqa-ok">{html.escape(message)}</div>'


def chat_error_message(exc: Exception) -> str:
    if isinstance(exc, BackendError):
        return f"⚠️ The model backend failed: {exc}\n\nThe app is still running; try again in a moment."
    if isinstance(exc, UserError):
        return f"⚠️ {exc}"
    return (f"⚠️ Something went wrong ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}). "
            "The details are in the server log.")


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|$])", r"\\\1", text)
