"""`digest --format atom`: a valid Atom feed, read back with feedparser as a feed reader
would; paper text stays text and only http(s) URLs become links."""

from __future__ import annotations

import feedparser
from click.testing import CliRunner
from lxml import etree

from paperqa_lite.cli import cli
from paperqa_lite.digest import DigestItem, render
from paperqa_lite.paper import Paper

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = ('</title><script>alert(1)</script><![CDATA[x]]> & &amp; <a href="javascript:x">'
           '{{ "\x01\x1b" }}')


def items() -> list[DigestItem]:
    return [
        DigestItem(Paper("2505.16637", "SSR-Zero: Self-Rewarding RL", "a", upvotes=3,
                         published="2025-05-22", extra={"daily_date": "2025-05-23"}), "Few votes."),
        DigestItem(Paper("tabc", HOSTILE, "a", upvotes=40, url="javascript:alert(1)",
                         organization="<b>Org</b>"), "TL;DR with <i>tags</i> & ]]> in it."),
        DigestItem(Paper("local-1", "Own Page", "a", upvotes=None, url="https://example.org/p?a=1&b=2",
                         published="2026-03-10"), "Plain."),
    ]


def test_the_feed_parses_back_with_every_paper_in_digest_order():
    xml = render(items(), "atom", "week")
    etree.fromstring(xml.encode())  # well-formed XML
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Papers of the week: week"
    assert feed.feed.updated.startswith("2026-03-10")  # the newest paper's day, not "now"
    assert [e.id for e in feed.entries] == [
        "urn:paperqa-lite:paper:tabc", "https://arxiv.org/abs/2505.16637", "https://example.org/p?a=1&b=2"]

    ssr = feed.entries[1]
    assert ssr.title == "SSR-Zero: Self-Rewarding RL"
    assert ssr.link == "https://arxiv.org/abs/2505.16637"
    assert ssr.summary == "Few votes."
    assert "Upvotes: 3" in ssr.content[0].value
    # the Daily Papers day, not the arXiv date
    assert ssr.published.startswith("2025-05-23") and ssr.updated.startswith("2025-05-23")
    assert [t.term for t in ssr.tags] == ["upvotes:3"]
    assert feed.entries[2].link == "https://example.org/p?a=1&b=2"


def test_a_hostile_title_round_trips_as_text_and_no_unsafe_link():
    xml = render(items(), "atom", "week")
    tree = etree.fromstring(xml.encode())
    entry = tree.findall(f"{ATOM}entry")[0]
    # the title is one text node: no element came from the paper (no <script>, no <a>)
    title = entry.find(f"{ATOM}title")
    assert len(title) == 0 and title.text == HOSTILE.replace("\x01", "").replace("\x1b", "")
    assert tree.find(f".//{ATOM}script") is None and "<script>" not in xml
    assert entry.find(f"{ATOM}link") is None  # javascript: is never a link
    assert "javascript:alert" not in xml
    assert entry.find(f"{ATOM}summary").text == "TL;DR with <i>tags</i> & ]]> in it."
    assert "By: <b>Org</b>" in entry.find(f"{ATOM}content").text
    parsed = feedparser.parse(xml).entries[0]
    assert "links" not in parsed or all(link.href.startswith("http") for link in parsed.links)


def test_cli_digest_atom_of_the_week(week_home):
    result = CliRunner().invoke(cli, ["digest", "--format", "atom"])
    assert result.exit_code == 0, result.output
    feed = feedparser.parse(result.stdout)
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 40
    upvotes = [int(e.tags[0].term.split(":")[1]) for e in feed.entries]
    assert upvotes == sorted(upvotes, reverse=True)
    # the sample week is a copied page: no paper has a URL or an arXiv id, so none a link
    # (feedparser's entry.link falls back to the id; the links list is what was written)
    assert [link for e in feed.entries for link in e.get("links", [])] == []
    assert all(e.summary for e in feed.entries)
