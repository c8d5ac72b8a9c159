"""What the web app shows, as pure functions of the library's results: the page's CSS
and script, the header, example questions, answers with linked citations, messages.

Nothing here touches Gradio or the store, so all of it is unit-tested without a server;
:mod:`paperqa_lite.web` wires it to the app.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from . import escape
from .errors import BackendError, UserError
from .evidence import GENERIC, short_name
from .llm import configured_model_id
from .names import resolve_named
from .paper import who
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


class ProgressBar:
    """The ``progress_factory`` shape the pipeline expects, drawn on a ``gr.Progress``."""

    def __init__(self, progress: Any, total: int, desc: str) -> None:
        self.progress, self.total, self.desc, self.done = progress, total, desc, 0
        self._draw()

    def _draw(self) -> None:
        if self.progress is not None:
            self.progress((self.done, self.total or None), desc=self.desc, unit="papers")

    def update(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def close(self) -> None:
        pass


# -- presentation helpers (pure, tested directly) ------------------------------------

def model_label(settings: Settings) -> str:
    """What the header shows as the model in use."""
    return configured_model_id(settings) or "the server's default model"


def header_markdown(settings: Settings, n_papers: int, scope: str = "") -> str:
    """The title line: backend, model, collection, and the week in view (``scope``)."""
    t = escape.text
    where = f" at {t(settings.llm.base_url)}" if settings.llm.base_url else ""
    shown = f"**{t(scope)}**, " if scope else ""
    return (f"## paperqa-lite\n<span class='pqa-meta'>Backend: **{t(settings.llm.backend)}**{where} · "
            f"Model: **{t(model_label(settings))}** · Collection: **{t(settings.store.collection)}** "
            f"({shown}{n_papers} papers)</span>")


def week_choices(weeks: dict[str, int], total: int) -> list[tuple[str, str]]:
    """The week switch's (label, value) pairs: the latest week (followed as new weeks
    arrive), each week, all."""
    latest = next(iter(weeks), None)
    first = f"Latest week ({latest}, {weeks[latest]} papers)" if latest else "Latest week"
    return ([(first, "latest")] + [(f"{w} ({n} papers)", w) for w, n in weeks.items()]
            + [(f"All weeks ({total} papers)", "all")])


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


def answer_markdown(text: str, turn: int = 0, titles: list[str] | None = None,
                    links: bool = True) -> str:
    """An answer's Markdown, safe to show: the layout our code built (list, bold names,
    table) survives, nothing in the text becomes HTML, a link or an image, and each
    ``[n]`` of ``titles`` links to source entry ``n`` of ``turn`` (stays ``[n]`` without
    ``links``; other brackets are escaped text)."""
    titles = titles or []
    out, last = [], 0
    for m in _CITE.finditer(text or ""):
        out.append(escape.markdown(text[last:m.start()]))
        n = int(m.group(1))
        if 1 <= n <= len(titles) and not links:
            out.append(m.group(0))
        elif 1 <= n <= len(titles):
            out.append(f'<a class="pqa-cite" href="#pqa-src-{turn}-{n}" '
                       f'title="{escape.text(titles[n - 1])}">[{n}]</a>')
        else:
            out.append(escape.markdown(m.group(0)))
        last = m.end()
    out.append(escape.markdown((text or "")[last:]))
    return "".join(out)


def render_answer(answer: Any, turn: int, papers: dict[str, Any], tldr_of: Any) -> str:
    """The final answer as Markdown: ``[n]`` links to an expandable source entry below.
    Every string from a paper is escaped (:mod:`paperqa_lite.escape`); only http(s)
    URLs become links."""
    t = escape.text
    text = answer_markdown(answer.answer, turn, [c["title"] for c in answer.citations])
    if not answer.citations:
        return text
    items = []
    for n, c in enumerate(answer.citations, 1):
        paper = papers.get(c["id"])
        parts = [f'<details id="pqa-src-{turn}-{n}" class="pqa-source"><summary><b>[{n}]</b> '
                 f'{t(c["title"])}</summary>']
        if paper is not None:
            tldr = tldr_of(paper)
            if tldr:
                parts.append(f"<p><b>TL;DR:</b> {t(tldr)}</p>")
            parts.append(f"<p><b>Abstract:</b> {t(paper.abstract)}</p>")
        url = escape.safe_link(c.get("url")) or (paper and escape.paper_link(paper))
        meta = [t(c["id"])]
        if url:
            meta.insert(0, f'<a href="{escape.href(url)}" target="_blank" rel="noopener noreferrer">{t(url)}</a>')
        parts.append(f"<p>{' · '.join(meta)}</p></details>")
        items.append("".join(parts))
    foot = f"{answer.model or 'no model'} · {answer.seconds:.1f} s"
    # One HTML block with no blank line inside, so Markdown leaves it alone.
    return (f"{text}\n\n<div class=\"pqa-sources\"><b>Sources</b>{''.join(items)}"
            f"<div class=\"pqa-foot\">{t(foot)}</div></div>")


def abstract_markdown(paper: Any, tldr: str) -> str:
    """The Papers tab's abstract pane for one paper."""
    t = escape.text
    url = escape.paper_link(paper)
    link = f" · [{t(url)}]({url})" if url else ""
    meta = " · ".join(t(x) for x in [f"▲ {paper.upvotes or 0}", paper.published, who(paper)] if x)
    return (f"### {t(paper.title)}\n{meta}{link} · {t(paper.id)}\n\n"
            f"**TL;DR:** {t(tldr)}\n\n{t(paper.abstract)}")


def error_html(message: str) -> str:
    return f'<div class="pqa-error">Error: {escape.text(message)}</div>'


def ok_html(message: str) -> str:
    return f'<div class="pqa-ok">{escape.text(message)}</div>'


def chat_error_message(exc: Exception) -> str:
    """One line in the chat (the server keeps serving); the exception's text is escaped,
    since it may quote a file or a paper."""
    said = escape.text(" ".join(str(exc).split())[:300].rstrip("."))
    if isinstance(exc, BackendError):
        return f"⚠️ The model backend failed: {said}. The app is still running; try again in a moment."
    if isinstance(exc, UserError):
        return f"⚠️ {said}"
    return f"⚠️ Something went wrong ({type(exc).__name__}: {said}). The details are in the server log."
