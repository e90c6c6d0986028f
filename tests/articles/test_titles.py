"""The article's own headline becomes the summary's title, from every kind of input."""

from __future__ import annotations

import pytest

from briefer.articles import parse_article_text
from briefer.articles._html import extract_html


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        pytest.param(
            '<meta property="og:title" content="Storm closes ports"><title>Storm | Site</title>',
            "<h1>Ports shut</h1><p>Text.</p>",
            "Storm closes ports",
            id="og-title-first",
        ),
        pytest.param(
            "<title>Home | The Daily Planet</title>",
            "<article><h1>Council votes to close library</h1><p>Text.</p></article>",
            "Council votes to close library",
            id="h1-before-a-site-title",
        ),
        pytest.param(
            "<title>Storm closes three ports on the coast | The Daily Planet</title>",
            "<p>Text.</p>",
            "Storm closes three ports on the coast",
            id="title-without-site-name",
        ),
        pytest.param(
            '<meta property="og:site_name" content="Planet"><title>Storm closes ports - Planet'
            "</title>",
            "<p>Text.</p>",
            "Storm closes ports",
            id="title-without-og-site-name",
        ),
        pytest.param(
            "<title>Why the Fed - and the markets - got it wrong</title>",
            "<p>Text.</p>",
            "Why the Fed - and the markets - got it wrong",
            id="dashes-inside-a-headline-stay",
        ),
    ],
)
def test_html_headline_is_the_title(head: str, body: str, title: str) -> None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    assert extract_html(page, use_trafilatura=False).title == title


def test_headline_right_above_the_first_paragraph_is_the_title() -> None:
    raw = (
        "Dockworkers walk out at three Gulf Coast ports\n"
        "Thousands of dockworkers walked off the job on Monday, halting grain shipments.\n"
        "The strike began at 6 a.m.\n"
    )
    article = parse_article_text(raw)
    assert article.title == "Dockworkers walk out at three Gulf Coast ports"
    assert article.text.startswith("Thousands of dockworkers")


def test_headline_line_and_byline_are_title_and_left_out_of_the_text() -> None:
    raw = "Harwell Bank Chief Steps Down\n\nBy MARGARET ELLIS\n\nTimothy J. Sloan resigned.\n"
    article = parse_article_text(raw)
    assert article.title == "Harwell Bank Chief Steps Down"
    assert article.text == "Timothy J. Sloan resigned."


def test_text_that_opens_with_a_paragraph_has_no_title() -> None:
    raw = "The council met on Tuesday and voted to close the library by March.\nIt was close.\n"
    assert parse_article_text(raw).title is None
