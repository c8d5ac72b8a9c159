"""Text from a paper is data wherever it is rendered: the chat answer and its sources, the
abstract pane, the header, the HTML and Markdown digests. Only http(s) URLs become links.

Each renderer's output is rendered the way a browser would see it (Markdown through a
CommonMark parser with raw HTML allowed, as a chat message is, then parsed as HTML) and
checked for elements, event handlers and link schemes, and for the hostile text still
being there as text. The same page in Chromium: test_web_hostile.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from paperqa_lite import escape
from paperqa_lite.answer import Answer
from paperqa_lite.digest import DigestItem, render
from paperqa_lite.paper import Paper

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "<b onmouseover=alert(3)>bold org</b>",
    '"><svg onload=alert(4)>',
    "' onmouseover='alert(5)",
    "<a href=\"javascript:alert(6)\">click</a>",
    "<IFRAME SRC=\"JaVaScRiPt:alert(7)\"></IFRAME>",
    "[click me](javascript:alert(8))",
    "[x]( JaVaScRiPt:alert(9) )",
    "[y](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=)",
    "![](http://tracker.example/pixel.png)",
    "![alt](https://tracker.example/p.gif \"t\")",
    "[ref][1]\n\n[1]: javascript:alert(11)",
    "<javascript:alert(12)>",
    "\\[esc](javascript:alert(13))",
    "&lt;script&gt;alert(14)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(15)&#x3E;",
    "&#60;b&#62;entity bold&#60;/b&#62;",
    "`<img src=x onerror=alert(16)>`",
    "**bold** _em_ ~~gone~~ $$x^2$$ | a | b |",
    "# Heading\n\n    indented code <img src=x onerror=alert(17)>",
    "<details open ontoggle=alert(18)>",
    "<style>body{display:none}</style>",
    "a line\n---\nunder a rule\n===\n> quoted",
    "bare http://tracker.example/x.png, WWW.evil.example and mail@evil.example",
]
# what GitHub-flavoured Markdown (Gradio's too) turns into a link with no syntax at all
AUTOLINKABLE = re.compile(r"(?i)://|www\.|@")

HOSTILE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "java\tscript:alert(3)",
    "\njavascript:alert(4)",
    "javascript&colon;alert(5)",
    "data:text/html,<script>alert(6)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(7)",
    "//evil.example/x",
    "/relative/path",
    "http:/no-host",
    "https://",
    "https://[::1",
    "https://ok.example/a b",
]
FORBIDDEN_TAGS = {"script", "img", "svg", "iframe", "object", "embed", "style", "link", "meta",
                  "form", "input", "base", "math", "video", "audio", "source"}

md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class Elements(HTMLParser):
    """Every element, attribute and text node of an HTML string."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def assert_inert(page: str, allowed_links: set[str] | None = None) -> Elements:
    """No forbidden element, no event handler, no link or source that is not http(s) or
    an in-page anchor (and, if given, only the links in ``allowed_links``)."""
    found = Elements(page)
    for tag, attrs in found.tags:
        assert tag not in FORBIDDEN_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            assert name not in ("style", "src", "srcset", "formaction", "action"), (tag, attrs)
            if name == "href":
                assert re.match(r"(https?://|#pqa-src-)", value), (tag, attrs)
                if allowed_links is not None and not value.startswith("#"):
                    assert value in allowed_links, (tag, attrs)
    return found


def as_seen(markdown_text: str) -> Elements:
    return assert_inert(md.render(markdown_text))


def flat(s: str) -> str:
    return " ".join(s.split())


# -- the helpers ---------------------------------------------------------------------

@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_is_shown_as_itself_in_html_and_in_markdown(hostile):
    safe = escape.text(hostile)
    assert "<" not in safe and ">" not in safe and '"' not in safe and "\n" not in safe
    assert not AUTOLINKABLE.search(safe)
    assert Elements(safe).text == flat(hostile)           # in HTML: the same characters
    seen = as_seen(f"Title: {safe}")                       # in Markdown (with raw HTML on)
    assert [t for t, _ in seen.tags] == ["p"] and seen.text == flat(f"Title: {hostile}")
    attr = Elements(f'<a title="{safe}" href="#pqa-src-1-1">x</a>').tags[0][1]
    assert attr == {"title": flat(hostile), "href": "#pqa-src-1-1"}  # no attribute breakout


@pytest.mark.parametrize("hostile", HOSTILE)
def test_answer_markdown_keeps_our_layout_and_neutralises_the_text(hostile):
    from paperqa_lite.webview import answer_markdown

    answer = (f"2 papers of the week match:\n\n- **Alpha** [1]: {hostile}\n- **Beta** [2]: plain.\n\n"
              f"| Paper | Approach |\n| --- | --- |\n| Alpha [1] | {hostile.replace(chr(10), ' ')} |\n")
    out = answer_markdown(answer, 1, ["Alpha", "Beta"])  # as the chat shows it
    assert not AUTOLINKABLE.search(out)
    seen = as_seen(out)
    tags = [t for t, _ in seen.tags]
    assert tags.count("li") == 2 and tags.count("strong") == 2 and tags.count("table") == 1
    links = [a["href"] for t, a in seen.tags if t == "a"]  # the citations, and nothing else
    assert sorted(links) == sorted(["#pqa-src-1-1"] * (2 + 2 * hostile.count("[1]")) + ["#pqa-src-1-2"])
    assert not {"h1", "h2", "pre", "code", "hr", "blockquote", "em", "del"} & set(tags)
    squeeze = lambda s: re.sub(r"\s", "", s)  # noqa: E731 - a citation splits the text nodes
    assert squeeze(hostile) in squeeze(seen.text)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_become_links(url):
    assert escape.safe_link(url) is None
    paper = Paper("t1", "T", "A", url=url)
    assert escape.paper_link(paper) is None
    arxiv = Paper("2401.00001", "T", "A", url=url)
    assert escape.paper_link(arxiv) == "https://arxiv.org/abs/2401.00001"


def test_a_safe_link_cannot_close_its_attribute_or_markdown_link():
    assert escape.safe_link("HTTPS://Example.org/a?b=1&c=2#x") == "HTTPS://Example.org/a?b=1&c=2#x"
    attr = Elements(f'<a href="{escape.href("https://e.org/?a=1&copy=2")}">x</a>').tags[0][1]
    assert attr == {"href": "https://e.org/?a=1&copy=2"}  # "&copy" is not the © entity
    tricky = "https://ok.example/a\"onmouseover=\"alert(1)'<b>)[x](javascript:alert(2)"
    link = escape.safe_link(tricky)
    assert link.startswith("https://ok.example/a") and not re.search(r"[\"'<>() \[\]]", link)
    seen = as_seen(f"[t]({link})")
    assert [t for t, _ in seen.tags] == ["p", "a"] and seen.tags[1][1] == {"href": link}


# -- the renderers -------------------------------------------------------------------

def hostile_paper(i: int, s: str, url: str | None = None) -> Paper:
    return Paper(id=f"t{i}", title=f"Paper {i} {s}", abstract=f"We study {s} here.",
                 organization=f"Org {s}", authors=[s], published=f"2025-01-0{i % 9 + 1}",
                 upvotes=i, url=url)


def test_render_answer_escapes_answer_sources_and_links():
    from paperqa_lite.webview import render_answer

    papers = [hostile_paper(i, s, url) for i, (s, url) in
              enumerate(zip(HOSTILE, HOSTILE_URLS + [None] * len(HOSTILE)))]
    body = " ".join(f"{p.abstract} [{n}]" for n, p in enumerate(papers, 1)) + " [99]"
    answer = Answer(question="q", answer=body, abstained=False, kind="aggregate",
                    citations=[{"id": p.id, "title": p.title, "url": p.url} for p in papers],
                    model="<b>m</b>", seconds=0.1)
    out = render_answer(answer, 1, {p.id: p for p in papers}, lambda p: f"TL;DR {p.abstract}")
    seen = as_seen(out)
    assert sum(t == "details" for t, _ in seen.tags) == len(papers)
    cites = [a["href"] for t, a in seen.tags if t == "a" and a.get("class") == "pqa-cite"]
    # every source is cited (a "[1]" inside a paper's own text also points at source 1:
    # an in-page anchor, harmless); "[99]" cites nothing and stays text
    assert set(cites) == {f"#pqa-src-1-{n}" for n in range(1, len(papers) + 1)}
    for p in papers:
        assert flat(p.title) in seen.text and flat(p.abstract) in seen.text
    assert "[99]" in seen.text and "<b>m</b>" in seen.text


def test_abstract_pane_and_header_escape_every_field():
    from paperqa_lite.settings import load_settings
    from paperqa_lite.webview import abstract_markdown, header_markdown

    for i, s in enumerate(HOSTILE):
        paper = hostile_paper(i, s, url=HOSTILE_URLS[i % len(HOSTILE_URLS)])
        seen = as_seen(abstract_markdown(paper, f"TL;DR {s}"))
        assert not [a for t, a in seen.tags if t == "a"]  # no link: the URL is not http(s)
        for part in (paper.title, f"Org {s}", f"TL;DR {s}", paper.abstract):
            assert flat(part) in seen.text
    good = Paper("t1", "T", "A", url="https://ok.example/p?x=<1>")
    links = [a["href"] for t, a in as_seen(abstract_markdown(good, "x")).tags if t == "a"]
    assert links == ["https://ok.example/p?x=%3C1%3E"]
    settings = load_settings(llm={"backend": "openai-compatible", "model": HOSTILE[0],
                                  "base_url": "http://127.0.0.1:8000/v1"})
    assert HOSTILE[0] in as_seen(header_markdown(settings, 3)).text


def test_chat_error_message_is_one_escaped_line():
    from paperqa_lite.errors import BackendError
    from paperqa_lite.webview import chat_error_message

    for exc in (BackendError("server said <img src=x onerror=alert(1)>\nline two"),
                ValueError("[x](javascript:alert(1))")):
        message = chat_error_message(exc)
        assert "\n" not in message
        assert "The app is still running" in message or "server log" in message
        seen = as_seen(message)
        assert flat(str(exc)) in seen.text


# -- the digests ---------------------------------------------------------------------

def digest_items() -> list[DigestItem]:
    return [DigestItem(hostile_paper(i, s, url=HOSTILE_URLS[i % len(HOSTILE_URLS)]), f"TL;DR {s}")
            for i, s in enumerate(HOSTILE)] + [
        DigestItem(Paper("2401.00002", "Safe", "A", url="https://ok.example/x"), "Fine."),
        DigestItem(Paper("2401.00003", "Arxiv", "A", url="javascript:alert(1)"), "Fine.")]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_digests_escape_every_field_and_link_only_http(fmt):
    items = digest_items()
    page = render(items, fmt, "<i>week</i>")
    if fmt == "html":  # its own <meta charset> and <style> in the head; nothing from a paper
        head, body = page.split("<body>")
        assert [t for t, _ in Elements(head).tags] == ["html", "head", "meta", "title", "style"]
        seen = assert_inert(body)
    else:
        seen = as_seen(page)
    links = [a["href"] for t, a in seen.tags if t == "a"]
    assert sorted(links) == ["https://arxiv.org/abs/2401.00003", "https://ok.example/x"]
    for item in items:
        assert flat(item.paper.title) in seen.text and flat(item.tldr) in seen.text
        assert flat(item.paper.organization or "") in seen.text
    assert "<i>week</i>" in seen.text
    if fmt == "md":  # one list item per paper: no field starts a block of its own
        assert sum(t == "li" for t, _ in seen.tags) == len(items)
        assert not {"h2", "h3", "pre", "table", "hr", "blockquote"} & {t for t, _ in seen.tags}


def test_json_digest_links_only_http():
    import json

    data = json.loads(render(digest_items(), "json", "week"))
    assert {d["url"] for d in data} == {None, "https://ok.example/x", "https://arxiv.org/abs/2401.00003"}
    by_id = {d["id"]: d for d in data}  # JSON is data for a program: the text as it is
    assert by_id["t0"]["title"] == f"Paper 0 {HOSTILE[0]}" and by_id["t0"]["who"] == f"Org {HOSTILE[0]}"
