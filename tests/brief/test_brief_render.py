"""The brief as Markdown and HTML: a table of contents whose links all land, sections in order,
what each source adds and where they disagree, article text kept inert."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from support import DATA

from briefer import Briefer
from briefer.articles import read_articles
from briefer.render import render_brief
from briefer.schema import Article, DailyBrief

DAYS = DATA / "brief_days"


@pytest.fixture(scope="module")
def brief() -> DailyBrief:
    yesterday = Briefer().brief(
        read_articles([DAYS / "day1"]).articles, date=dt.date(2026, 11, 24), title="Tuesday"
    )
    return Briefer().brief(
        read_articles([DAYS / "day2"]).articles,
        date=dt.date(2026, 11, 25),
        title="Wednesday",
        since=yesterday,
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.toc_hrefs: list[str] = []
        self._in_toc = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "nav":
            self._in_toc += 1
        href = values.get("href")
        if tag == "a" and href and href.startswith("#"):
            self.hrefs.append(href[1:])
            if self._in_toc:
                self.toc_hrefs.append(href[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_toc -= 1


def test_every_html_link_to_the_page_lands_on_a_story_or_section(brief: DailyBrief) -> None:
    links = _Links()
    links.feed(render_brief(brief, "html"))
    assert links.hrefs and set(links.hrefs) <= links.ids
    story_links = [h for h in links.toc_hrefs if not h.startswith("section-")]
    assert story_links == [s.anchor for s in brief.stories]


def test_every_markdown_link_to_the_page_has_an_anchor(brief: DailyBrief) -> None:
    text = render_brief(brief)
    targets = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', text))
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and set(links) <= targets
    assert {s.anchor for s in brief.stories} <= targets


def test_markdown_sections_come_in_order_after_the_contents(brief: DailyBrief) -> None:
    headings = [line for line in render_brief(brief).splitlines() if line.startswith("## ")]
    sections = [s.title for s in brief.sections]
    assert headings[:2] == ["## Top lines", "## Contents"]
    assert headings[2 : 2 + len(sections)] == [f"## {title}" for title in sections]
    assert "## Dropped since Tuesday" in headings


def test_top_lines_link_to_the_stories_they_draw_on(brief: DailyBrief) -> None:
    first = render_brief(brief).split("## Top lines", 1)[1].split("##", 1)[0]
    for line in brief.top_lines:
        for anchor in line.stories:
            assert f"(#{anchor})" in first


def test_a_disputed_story_shows_both_statements_with_their_sources(brief: DailyBrief) -> None:
    text = render_brief(brief)
    assert "**Sources disagree**" in text
    assert '"Rafina" in [Kalvos ferry toll rises to 21 as search ends]' in text
    assert '"Piraeus" in [Divers recover more bodies from sunken Kalvos ferry]' in text
    html = render_brief(brief, "html")
    assert '<aside class="disagree">' in html and "badge-sources-disagree" in html


def test_updates_say_what_changed(brief: DailyBrief) -> None:
    text = render_brief(brief)
    assert "**What changed since Tuesday**" in text
    assert "- people killed: At least 17 people then, 21 now" in text


def _hostile() -> DailyBrief:
    # Enough shared specifics (ship, island, captain, port) for one story despite the toll.
    text_a = (
        "At least 14 people were killed in <script>alert(1)</script> [x](javascript:alert(2)) "
        "when the ferry Aegean Star capsized near Kalvos on Monday, the coastguard said. "
        "Captain Nikos Vlachos said rescuers searched through the night. The ferry had left "
        "Rafina with 243 people on board."
    )
    text_b = (
        "The coastguard said at least 17 people were killed when the ferry Aegean Star capsized "
        "near Kalvos <img src=x onerror=alert(3)> on Monday. Captain Nikos Vlachos said divers "
        "would resume the search at dawn. The ship left Rafina with 243 people on board."
    )
    articles = [
        Article(text=text_a, title="# Ferry <b>capsizes</b>", source="a.txt"),
        Article(text=text_b, title="Ferry [capsizes](http://evil.example)", source="b.txt"),
    ]
    return Briefer().brief(articles, date=dt.date(2026, 11, 25))


def test_article_markup_in_statements_stays_text_in_html() -> None:
    brief = _hostile()
    assert brief.stories[0].disputed
    html = render_brief(brief, "html")
    links = _Links()
    links.feed(html)
    assert "script" not in links.tags and "img" not in links.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_article_markup_in_statements_stays_text_in_markdown() -> None:
    text = render_brief(_hostile())
    assert not re.search(r"(?<!\\)<(script|img)", text)
    assert "\\[x\\](javascript:alert(2))" in text
    assert not re.search(r"(?<!\\)\[capsizes\]\(http", text)
