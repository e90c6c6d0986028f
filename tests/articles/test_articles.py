from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SEED

import briefer.articles._feeds as feeds_module
import briefer.articles._html as html_module
from briefer.articles import parse_article_text, read_article, read_articles
from briefer.articles._text import parse_date
from briefer.errors import ArticleError
from briefer.schema import Article

PAGE = """<!doctype html><html><head><title>Budget fails | Daily</title>
<meta property="og:title" content="Budget fails">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://example.com/budget">
<script>var leaked = "SCRIPT TEXT";</script><style>p { color: red }</style></head>
<body><header><p>Site header</p></header><nav><ul><li>Menu item</li></ul></nav>
<article><h1>Budget fails</h1><p>The budget vote failed on Tuesday.</p>
<p>Ministers met <b>late</b> into the night.<script>evil("SCRIPT TEXT")</script></p>
<blockquote>We tried, she said.</blockquote></article>
<aside><p>Related stories</p></aside><footer><p>Copyright</p></footer></body></html>"""

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Daily Feed</title>
<item><title>Budget fails</title><link>https://example.com/a</link>
<description>&lt;p&gt;The vote &lt;b&gt;failed&lt;/b&gt;.&lt;/p&gt;
&lt;script&gt;x()&lt;/script&gt;</description>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Storm</title><link>https://example.com/b</link>
<content:encoded>&lt;p&gt;A storm hit.&lt;/p&gt;</content:encoded></item>
<item><title>Empty item</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title>
<entry><title>Budget fails</title><link rel="alternate" href="https://example.com/a"/>
<published>2024-03-05T10:00:00Z</published>
<content type="html">&lt;p&gt;The vote failed.&lt;/p&gt;</content></entry>
</feed>"""


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def no_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force the standard-library readers even when trafilatura/feedparser are installed."""
    monkeypatch.setattr(html_module, "_trafilatura", lambda: None)
    monkeypatch.setattr(feeds_module, "_feedparser", lambda: None)


# ---- text and Markdown ---------------------------------------------------------------------


def test_markdown_heading_date_and_byline_are_read_and_text_kept(tmp_path: Path) -> None:
    body = "The minister resigned on Tuesday.\n\n  Indented line kept as written."
    path = _write(
        tmp_path, "a.md", f"# Minister resigns\n\nDate: 2024-03-05\nBy Jane Roe\n\n{body}\n"
    )
    article = read_article(path)
    assert (article.title, article.published, article.source) == (
        "Minister resigns",
        dt.date(2024, 3, 5),
        "a.md",
    )
    assert article.text == body


def test_short_first_line_before_blank_line_is_the_title(tmp_path: Path) -> None:
    path = _write(tmp_path, "b.txt", "Storm hits coast\n\nPublished: March 5, 2024\n\nA storm hit.")
    article = read_article(path)
    assert (article.title, article.published, article.text) == (
        "Storm hits coast",
        dt.date(2024, 3, 5),
        "A storm hit.",
    )


def test_first_sentence_is_not_taken_for_a_title() -> None:
    article = parse_article_text("The storm hit at dawn.\n\nMore followed.")
    assert article.title is None
    assert article.text == "The storm hit at dawn.\n\nMore followed."


def test_iso_date_line_at_top_is_the_date() -> None:
    article = parse_article_text("Headline\n\n2024-03-05\n\nBody.", kind="md")
    assert (article.published, article.text) == (dt.date(2024, 3, 5), "Body.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2024-03-05", dt.date(2024, 3, 5), id="iso"),
        pytest.param("2024-03-05T23:30:00+02:00", dt.date(2024, 3, 5), id="iso-time"),
        pytest.param("March 5, 2024", dt.date(2024, 3, 5), id="month-first"),
        pytest.param("Tuesday, 5 March 2024", dt.date(2024, 3, 5), id="day-first"),
        pytest.param("Tue, 05 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 5), id="rfc2822"),
        pytest.param("yesterday", None, id="words"),
        pytest.param("2024-02-30", None, id="impossible"),
    ],
)
def test_parse_date(raw: str, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


@given(st.text())
def test_parse_date_never_raises(raw: str) -> None:
    assert parse_date(raw) is None or isinstance(parse_date(raw), dt.date)


@given(st.text().filter(lambda s: "\r" not in s and "\x00" not in s))
def test_text_article_body_is_kept_verbatim(raw: str) -> None:
    article = parse_article_text(f"Title\n\nThe first sentence.\n{raw}")
    assert article.text == f"The first sentence.\n{raw}".strip()


# ---- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("empty.txt", b"", "empty file", id="empty"),
        pytest.param("blank.txt", b"  \n\t\n", "empty file", id="whitespace"),
        pytest.param("nul.txt", b"abc\x00def", "binary file", id="nul"),
        pytest.param("noise.txt", bytes(range(1, 32)) * 20, "binary file", id="control"),
        pytest.param(
            "latin.txt",
            "Caf\u00e9 news".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 3); convert it with iconv -f latin1 -t utf-8",
            id="latin1",
        ),
        pytest.param(
            "bad.json", b'{"text": "a",\n "title": }', "invalid JSON at line 2", id="json"
        ),
    ],
)
def test_bad_file_gives_one_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_says_no_such_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_folder_passed_to_read_article_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="is a folder"):
        read_article(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50_000_000)
    with pytest.raises(ArticleError, match="50,000,000 bytes is over the 5,000,000-byte limit"):
        read_article(path)


def test_max_bytes_can_be_lowered(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", "x" * 200)
    with pytest.raises(ArticleError, match="over the 100-byte limit"):
        read_article(path, max_bytes=100)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.txt", "\ufeffHeadline\n\nBody.".encode())
    assert read_article(path).title == "Headline"


# ---- HTML ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_optional")
def test_html_fallback_keeps_article_text_and_drops_chrome(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path, "page.html", PAGE))
    assert article.text == (
        "The budget vote failed on Tuesday.\n\nMinisters met late into the night.\n\n"
        "We tried, she said."
    )
    assert (article.title, article.published, article.url) == (
        "Budget fails",
        dt.date(2024, 3, 5),
        "https://example.com/budget",
    )


@pytest.mark.usefixtures("no_optional")
def test_html_never_leaks_script_text(tmp_path: Path) -> None:
    page = "<html><body><p>Text<script>var s = 'SCRIPT';</script></p><script>x()</script></body>"
    assert read_article(_write(tmp_path, "p.htm", page)).text == "Text"


@pytest.mark.usefixtures("no_optional")
def test_html_without_blocks_falls_back_to_visible_text() -> None:
    page = "<html><body><div>First line</div><div>Second line</div></body></html>"
    assert parse_article_text(page, kind="html").text == "First line\nSecond line"


def test_html_with_trafilatura_drops_script(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    article = read_article(_write(tmp_path, "page.html", PAGE))
    assert "SCRIPT TEXT" not in article.text
    assert "The budget vote failed on Tuesday." in article.text


@pytest.mark.usefixtures("no_optional")
def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9</p></body></html>'
    path = _write(tmp_path, "latin.html", page.encode("latin-1"))
    assert read_article(path).text == "Caf\u00e9"


# ---- JSON and JSON Lines -------------------------------------------------------------------


def test_json_object_fields_are_read(tmp_path: Path) -> None:
    record = {
        "headline": "Budget fails",
        "body": "The vote failed.",
        "link": "https://example.com/a",
        "published_at": "2024-03-05T10:00:00Z",
        "source": {"name": "Daily"},
    }
    article = read_article(_write(tmp_path, "a.json", json.dumps(record)))
    assert (article.title, article.text, article.url, article.published, article.source) == (
        "Budget fails",
        "The vote failed.",
        "https://example.com/a",
        dt.date(2024, 3, 5),
        "Daily",
    )


def test_json_list_gives_every_article(tmp_path: Path) -> None:
    items = [{"title": "A", "text": "one"}, {"title": "B", "content": "two"}, {"title": "C"}]
    result = read_articles([_write(tmp_path, "day.json", json.dumps(items))])
    assert [(a.title, a.source) for a in result.articles] == [("A", "day.json"), ("B", "day.json")]
    assert result.failures == [
        ("day.json item 3", "no text: expected a 'text', 'content' or 'body' field")
    ]


def test_jsonl_bad_line_fails_alone(tmp_path: Path) -> None:
    lines = '{"title": "A", "text": "one"}\n{broken\n\n{"title": "B", "text": "two"}\n'
    result = read_articles([_write(tmp_path, "day.jsonl", lines)])
    assert [a.title for a in result.articles] == ["A", "B"]
    assert result.failures == [
        (
            "day.jsonl line 2",
            "invalid JSON at column 2: Expecting property name enclosed in double quotes",
        )
    ]


def test_read_article_refuses_a_file_of_many_articles(tmp_path: Path) -> None:
    path = _write(tmp_path, "two.jsonl", '{"text": "a"}\n{"text": "b"}\n')
    with pytest.raises(ArticleError, match="holds 2 articles; read it with read_articles"):
        read_article(path)


# ---- feeds ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_optional")
def test_rss_fallback_reads_items_as_text(tmp_path: Path) -> None:
    result = read_articles([_write(tmp_path, "daily.rss", RSS)])
    assert [(a.title, a.text, a.source, a.url, a.published) for a in result.articles] == [
        (
            "Budget fails",
            "The vote failed.",
            "Daily Feed",
            "https://example.com/a",
            dt.date(2024, 3, 5),
        ),
        ("Storm", "A storm hit.", "Daily Feed", "https://example.com/b", None),
    ]
    assert result.failures == [("daily.rss: Empty item", "feed item has no text")]


@pytest.mark.usefixtures("no_optional")
def test_atom_fallback_reads_entries(tmp_path: Path) -> None:
    (article,) = read_articles([_write(tmp_path, "daily.atom", ATOM)]).articles
    assert (article.title, article.text, article.url, article.published) == (
        "Budget fails",
        "The vote failed.",
        "https://example.com/a",
        dt.date(2024, 3, 5),
    )


def test_rss_with_feedparser_reads_the_same_items(tmp_path: Path) -> None:
    pytest.importorskip("feedparser")
    result = read_articles([_write(tmp_path, "daily.xml", RSS)])
    assert [(a.title, a.text, a.published) for a in result.articles] == [
        ("Budget fails", "The vote failed.", dt.date(2024, 3, 5)),
        ("Storm", "A storm hit.", None),
    ]


def test_feed_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel></channel></rss>'
    with pytest.raises(ArticleError, match="declare XML entities"):
        read_article(_write(tmp_path, "bomb.xml", bomb))


# ---- folders, many inputs, stdin -----------------------------------------------------------


def test_folder_reads_supported_visible_files_in_name_order(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", "Second\n\nBody two.")
    _write(tmp_path, "a.md", "# First\n\nBody one.")
    _write(tmp_path, ".hidden.txt", "Hidden\n\nNo.")
    _write(tmp_path, "notes.docx", b"PK\x03\x04")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "c.txt", "Nested\n\nNo.")
    result = read_articles([tmp_path])
    assert [a.title for a in result.articles] == ["First", "Second"]
    assert result.failures == []


def test_bad_file_in_folder_is_a_failure_not_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "good.txt", "Good\n\nBody.")
    _write(tmp_path, "bad.txt", b"\x00\x01binary")
    result = read_articles([tmp_path, tmp_path / "missing.txt"])
    assert [a.title for a in result.articles] == ["Good"]
    assert result.failures == [
        (str(tmp_path / "bad.txt"), "binary file, not text"),
        (str(tmp_path / "missing.txt"), "no such file"),
    ]


def test_no_existing_input_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_articles([tmp_path / "a.txt", tmp_path / "b.txt"])


def test_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"Piped headline\n\nPiped body."))
    monkeypatch.setattr("sys.stdin", stdin)
    article = read_article("-")
    assert (article.title, article.text, article.source) == (
        "Piped headline",
        "Piped body.",
        "stdin",
    )


# ---- briefer's own outputs -------------------------------------------------------------


def _outputs(tmp: Path) -> dict[str, Path]:
    from briefer import Briefer
    from briefer.render import render_brief, render_summary

    article = Article(text=SEED.read_text(encoding="utf-8"), title="Weapons policy")
    summary = Briefer().summarize(article)
    brief = Briefer().brief([article])
    files = {
        "summary.md": render_summary(summary),
        "summary.json": render_summary(summary, "json"),
        "summary.html": render_summary(summary, "html"),
        "brief.md": render_brief(brief),
        "brief.json": render_brief(brief, "json"),
        "brief.html": render_brief(brief, "html"),
    }
    paths = {}
    for name, text in files.items():
        # Renamed, as people keep old briefs: recognised by content, not by name.
        path = tmp / f"kept-{name.replace('.', '-')}.{name.rsplit('.', 1)[1]}"
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def test_briefs_and_summaries_briefer_wrote_are_skipped_not_read(tmp_path: Path) -> None:
    outputs = _outputs(tmp_path)
    shutil.copy(SEED, tmp_path / "article.txt")
    read = read_articles([tmp_path])
    assert [a.source for a in read.articles] == ["article.txt"]
    assert read.failures == []
    assert sorted(source for source, _ in read.skipped) == sorted(str(p) for p in outputs.values())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Notes\n\n_briefer is a word we made up · engine: none_\n", id="prose-footer"),
        pytest.param('{"text": "An article.", "metadata": {"engine": "x"}}', id="json-article"),
        pytest.param('<html><meta name="generator" content="WordPress"><p>Hi.</p>', id="html"),
    ],
)
def test_articles_that_only_look_like_outputs_are_read(tmp_path: Path, text: str) -> None:
    suffix = ".json" if text.startswith("{") else ".html" if text.startswith("<") else ".md"
    (tmp_path / f"a{suffix}").write_text(text)
    read = read_articles([tmp_path])
    assert len(read.articles) == 1 and read.skipped == []


# ---- hostile files ---------------------------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("deep.json", "[" * DEEP + "]" * DEEP, id="json-array"),
        pytest.param("deep.json", '{"a":' * DEEP + "1" + "}" * DEEP, id="json-object"),
        pytest.param(
            "nested.json", '{"text": "An article.", "extra": ' + "[" * DEEP + "]" * DEEP + "}",
            id="json-deep-field",
        ),
        pytest.param("deep.data", "[" * DEEP + "]" * DEEP, id="sniffed-json"),
    ],
)  # fmt: skip
def test_json_nested_100000_deep_is_one_error_line(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ArticleError, match="JSON nested too deeply") as caught:
        read_article(path)
    assert len(str(caught.value).splitlines()) == 1
    read = read_articles([path])
    assert read.articles == []
    assert read.failures == [(name, "JSON nested too deeply (more than about 1,000 levels)")]


def test_a_jsonl_line_nested_100000_deep_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl"
    good = json.dumps({"title": "Bridge", "text": "The bridge reopened on Monday."})
    deep = '{"a":' * DEEP + "1" + "}" * DEEP
    path.write_text(f"{good}\n{deep}\n{good}\n")
    read = read_articles([path])
    assert len(read.articles) == 2
    assert read.failures == [
        ("day.jsonl line 2", "JSON nested too deeply (more than about 1,000 levels)")
    ]


NOT_TEXT_ENCODINGS = ["rot13", "zlib", "base64", "hex", "uu", "punycode", "idna", "bz2", "nope"]


@pytest.mark.parametrize("charset", NOT_TEXT_ENCODINGS)
@pytest.mark.parametrize("form", ["meta-charset", "http-equiv", "xml-declaration"])
def test_a_page_declaring_a_codec_that_is_no_text_encoding_is_read_as_utf8(
    tmp_path: Path, charset: str, form: str
) -> None:
    declaration = {
        "meta-charset": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "xml-declaration": f'<?xml version="1.0" encoding="{charset}"?>',
    }[form]
    page = tmp_path / "page.html"
    page.write_text(
        f"{declaration}<html><head><title>Réforme</title></head><body><article>"
        "<p>Le ministre a déclaré que la réforme était prête, lundi soir.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert (
        read_article(page).text == "Le ministre a déclaré que la réforme était prête, lundi soir."
    )


@pytest.mark.parametrize("charset", NOT_TEXT_ENCODINGS)
def test_a_feed_declaring_a_codec_that_is_no_text_encoding_is_read_as_utf8(
    tmp_path: Path, charset: str
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        f'<?xml version="1.0" encoding="{charset}"?><rss version="2.0"><channel><title>F</title>'
        "<item><title>Réforme</title><description>La réforme est prête.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    read = read_articles([feed])
    assert [a.text for a in read.articles] == ["La réforme est prête."]


def test_bytes_no_encoding_can_read_under_a_bogus_charset_are_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        b'<meta charset="rot13"><html><body><p>'
        + "Le ministre a déclaré que la réforme était prête.".encode("latin-1")
        + b"</p></body></html>"
    )
    with pytest.raises(ArticleError) as caught:
        read_article(page)
    assert str(caught.value) == (
        f"{page}: not UTF-8 text (byte 0xe9 at offset 52), and its declared charset 'rot13' "
        "is not a text encoding"
    )


@pytest.mark.parametrize("form", ["markdown", "json", "html"])
def test_a_summary_briefer_wrote_is_not_read_as_an_article(
    tmp_path: Path, form: Literal["markdown", "json", "html"]
) -> None:
    from briefer import Briefer
    from briefer.render import render_summary

    summary = Briefer(engine="offline").summarize(read_article(SEED))
    written = tmp_path / f"summary.{'md' if form == 'markdown' else form}"
    written.write_text(render_summary(summary, form), encoding="utf-8")

    with pytest.raises(ArticleError, match="written by briefer"):
        read_article(written)
    assert read_articles([written]).skipped[0][0] == str(written)
