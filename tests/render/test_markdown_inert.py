"""Hostile article text stays inert in the Markdown output, as real renderers read it.

Every summary and brief here is rendered to Markdown by briefer, then to HTML by two
renderers people use: markdown-it-py (CommonMark, as GitHub and most viewers) and
python-markdown (with its "extra" extensions). The HTML must hold no tag Markdown itself does
not make, no attribute but a link's target, and no link except those briefer made from a
safe http(s) URL or to one of its own anchors. The one raw tag briefer writes itself, an empty
``<a id>`` that a brief's table of contents links to, carries only an id briefer made of
lowercase letters, digits and dashes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefer.render import render_brief, render_summary
from briefer.render._markdown import href
from briefer.schema import (
    Actor,
    ArticleSummary,
    BriefMetadata,
    Claim,
    DailyBrief,
    ExpertEntry,
    NotIncluded,
    QuotedExpert,
    RunMetadata,
    SourceRef,
    Story,
    StoryQuestions,
    TopLine,
    WhoEntry,
)

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\\<b>bold</b>",
    "Pwn](javascript:alert(1)) and [more",
    "[click](javascript:alert(1))",
    "![pixel](http://tracker.example/p.png)",
    "<https://evil.example/phish>",
    "<javascript:alert(1)>",
    "[ref]: javascript:alert(1)",
    '[x][ref]\n\n[ref]: javascript:alert(1) "t"',
    'Title {: onclick="alert(1)" }',
    "# Heading {#id onclick=alert(1)}",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &#x3c;i&#x3e;",
    "`code <b>` and ``more``",
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x9b2J",
    "<!-- hidden --> <?php x ?> <![CDATA[y]]> <!DOCTYPE x>",
    "ends in a backslash\\",
    "[a]\\",
    "<a href='javascript:alert(1)'>x</a>",
    "```\n<script>alert(1)</script>\n```",
    "    <script>indented</script>",
    "line one\n<div onclick=alert(1)>\nline three",
    "*[HTML]: Hyper Text",
    "[^1]: a footnote",
    "Term\n: definition <b>",
    "| a | b |\n|---|---|\n| <b>c</b> | d |",
    "=====\n-----",
    "1) one\n2. two\n+ three\n* four",
    "<style>body{display:none}</style>",
    "<svg/onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
]

HOSTILE_URLS = [
    "https://x.example/><script>alert(2)</script>",
    "https://x.example/>[c](javascript:alert(2))",
    "https://x.example/a)(javascript:alert(3)",
    'https://x.example/"onmouseover="alert(1)',
    "https://x.example/'onmouseover='alert(1)",
    "https://x.example/a b<script>",
    "https://x.example/a\\<b>",
    "https://x.example/&lt;script&gt;",
    "https://x.example/%zz%3",
    "https://user:secret@x.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "http://[::1]/x)",
    "https://x.example/\x1b[31m",
    "https://good.example/story?id=1&lang=en#top",
]

# What Markdown itself makes from briefer's templates (python-markdown's "extra" adds tables,
# definition lists and footnotes, which article text may shape but not script).
MARKDOWN_TAGS = {
    "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "blockquote", "a", "hr",
    "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "br", "s", "del",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("<!--", [("comment", data)]))

    def handle_pi(self, data: str) -> None:
        self.tags.append(("<?", [("pi", data)]))

    def unknown_decl(self, data: str) -> None:
        self.tags.append(("<!", [("decl", data)]))

    def handle_decl(self, decl: str) -> None:
        self.tags.append(("<!", [("decl", decl)]))


def _renderers() -> dict[str, object]:
    commonmark = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return {
        "markdown-it": commonmark.render,
        "python-markdown": lambda text: markdown.markdown(text),
        "python-markdown-extra": lambda text: markdown.markdown(text, extensions=["extra"]),
    }


RENDERERS = _renderers()
ANCHOR = re.compile(r"[a-z0-9-]+")
"""An id briefer makes for a table of contents to link to."""
SAFE_TARGETS = {target for url in HOSTILE_URLS if (target := href(url))}
"""The links briefer may make: each from a URL that href() found safe."""


def assert_inert(document: str, targets: set[str] = SAFE_TARGETS) -> None:
    assert "\x1b" not in document and "\x9b" not in document
    for name, render in RENDERERS.items():
        html = render(document)  # type: ignore[operator]
        parsed = _Tags()
        parsed.feed(html)
        parsed.close()
        for tag, attrs in parsed.tags:
            assert tag in MARKDOWN_TAGS, f"{name} made <{tag} {attrs}> from:\n{document}"
            if tag == "a" and [key for key, _ in attrs] == ["id"]:
                assert ANCHOR.fullmatch(attrs[0][1] or ""), (name, attrs)
            elif tag == "a":
                assert [key for key, _ in attrs] == ["href"], (name, attrs)
                target = attrs[0][1] or ""
                own_anchor = target.startswith("#") and ANCHOR.fullmatch(target[1:])
                assert target in targets or own_anchor, f"{name} made a link to {target!r}"
            else:
                assert attrs == [], f"{name} gave <{tag}> attributes {attrs}"


def _summary(text: str, url: str | None = None) -> ArticleSummary:
    return ArticleSummary(
        title=text,
        source=text,
        url=url,
        lede=f"{text}\n\n{text}",
        key_claims=[Claim(text=text)],
        actors=[Actor(name=text, kind="person", role=text)],
        quoted_experts=[QuotedExpert(name=text, affiliation=text, quotes=[text, text])],
        open_questions=[text],
        metadata=RunMetadata(engine="offline", briefer_version="0.1.0"),
    )


def _brief(text: str, url: str | None = None) -> DailyBrief:
    ref = SourceRef(title=text, url=url, source=text)
    bare = SourceRef(title=text, source=f"{text}.txt")
    return DailyBrief(
        title=text,
        top_lines=[TopLine(text=text, sources=[ref, bare])],
        stories=[Story(id="s1", title=text, sources=[ref, bare], summary=_summary(text, url))],
        whos_who=[WhoEntry(name=text, kind="person", roles=[text], stories=[text])],
        experts=[ExpertEntry(name=text, affiliation=text, quote=text, source=ref)],
        open_questions=[StoryQuestions(story=text, questions=[text], source=ref)],
        not_included=[NotIncluded(source=text, reason=text)],
        metadata=BriefMetadata(engine="offline", briefer_version="0.1.0"),
    )


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_every_field_of_a_summary_stays_inert(text: str) -> None:
    assert_inert(render_summary(_summary(text, "https://good.example/story?id=1&lang=en#top")))


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_every_field_of_a_brief_stays_inert(text: str) -> None:
    assert_inert(render_brief(_brief(text, "https://good.example/story?id=1&lang=en#top")))


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_source_url_is_never_a_live_link_or_tag(url: str) -> None:
    assert_inert(render_summary(_summary("Title", url)))
    assert_inert(render_brief(_brief("Title", url)))


@pytest.mark.parametrize(
    ("url", "target"),
    [
        pytest.param(
            "https://x.example/><script>alert(2)</script>",
            "https://x.example/%3E%3Cscript%3Ealert%282%29%3C/script%3E",
            id="angle-brackets",
        ),
        pytest.param("https://x.example/a b", None, id="space"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("https://u:p@x.example/", None, id="credentials"),
        pytest.param("HTTPS://X.Example/A?b=1#c", "https://x.example/A?b=1#c", id="case"),
        pytest.param("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4", id="idn"),
    ],
)
def test_link_targets_are_made_only_from_http_urls_and_percent_encoded(
    url: str, target: str | None
) -> None:
    assert href(url) == target


def test_a_title_with_brackets_is_escaped_once_and_stays_a_single_link() -> None:
    ref = SourceRef(title="Pwn](javascript:alert(1)) and [more", url="https://good.example/a")
    brief = _brief("x").model_copy(update={"top_lines": [TopLine(text="Line", sources=[ref])]})
    line = next(row for row in render_brief(brief).splitlines() if row.startswith("- Line"))
    assert line == "- Line ([Pwn\\](javascript:alert(1)) and \\[more](https://good.example/a))"
    html = MarkdownIt("commonmark").render(line)
    assert html.count("<a ") == 1 and 'href="https://good.example/a"' in html


def test_control_characters_never_reach_markdown() -> None:
    text = "Red \x1b[31malert\x1b[0m bell\x07 nul\x00 rlo\u202egnp.exe cr\roverwritten"
    out = render_summary(_summary(text))
    assert "Red alert bell nul rlognp.exe cr overwritten" in out
    for char in ("\x1b", "\x07", "\x00", "\u202e", "\r"):
        assert char not in out


MARKDOWN_SPECIALS = st.lists(
    st.sampled_from(
        list("<>[]()\\`*_!&#;:/-+=|~.{}\"' \n1aZ")
        + ["javascript:", "http://", "https://e.example", "<script>", "&lt;", "&#60;", "\x1b["]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=MARKDOWN_SPECIALS, url=MARKDOWN_SPECIALS)
def test_any_mix_of_markdown_syntax_stays_inert(text: str, url: str) -> None:
    target = href(url)
    assert target is None or target.startswith(("http://", "https://"))
    assert_inert(render_brief(_brief(text or "x", url or None)), {target} if target else set())
