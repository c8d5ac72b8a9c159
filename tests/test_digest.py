"""The digest: every paper, most upvoted first, in Markdown, JSON and self-contained HTML."""

import json
import re

from paperqa_lite.digest import DigestItem, render
from paperqa_lite.paper import Paper

ITEMS = [
    DigestItem(Paper(id="2505.16637", title="SSR-Zero: Self-Rewarding RL", abstract="a", upvotes=3), "Few votes."),
    DigestItem(Paper(id="tabc", title="No Link <b>Paper</b>", abstract="a", upvotes=None, n_authors=2), "No votes."),
    DigestItem(Paper(id="2510.12784", title="SRUM: Fine-Grained", abstract="a", upvotes=23,
                     organization="OpenMOSS"), "Most votes & more."),
]


def test_json_is_sorted_by_upvotes_with_links():
    data = json.loads(render(ITEMS, "json", "week"))
    assert [d["id"] for d in data] == ["2510.12784", "2505.16637", "tabc"]
    assert data[0]["url"] == "https://arxiv.org/abs/2510.12784" and data[2]["url"] is None
    assert data[0]["tldr"] == "Most votes & more." and data[0]["who"] == "OpenMOSS"


def test_markdown_lists_every_paper_in_order():
    md = render(ITEMS, "md", "week")
    assert md.index("SRUM") < md.index("SSR-Zero") < md.index("No Link")
    assert "[SRUM: Fine-Grained](https://arxiv.org/abs/2510.12784)" in md


def test_html_is_self_contained_and_escaped():
    page = render(ITEMS, "html", "week")
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert not re.search(r"<(script|link)\b|src=", page)  # nothing fetched when opened offline
    assert "No Link &#60;b&#62;Paper&#60;/b&#62;" in page and "Most votes &#38; more." in page
    assert page.count("<li>") == 3


def test_who_and_the_order_are_the_ones_the_app_and_cli_use():
    from paperqa_lite.paper import rank_key, who

    people = ["Ada", "Bo", "Cy", "Di"]
    assert who(Paper("a", "T", "A", organization="OpenMOSS", authors=people)) == "OpenMOSS"
    assert who(Paper("a", "T", "A", authors=people, n_authors=4)) == "Ada, Bo, Cy et al."
    assert who(Paper("a", "T", "A", authors=people[:2])) == "Ada, Bo"
    assert [who(Paper("a", "T", "A", n_authors=n)) for n in (1, 2, None)] == ["1 author", "2 authors", ""]
    papers = [i.paper for i in ITEMS] + [Paper("b", "aardvark", "A", upvotes=3)]
    assert [p.id for p in sorted(papers, key=rank_key)] == ["2510.12784", "b", "2505.16637", "tabc"]
    md = render([DigestItem(Paper("x", "T", "A", authors=people), "t")], "md", "week")
    assert "Ada, Bo, Cy et al." in md
