"""Main text and metadata from an HTML page.

trafilatura (the optional ``html`` extra) finds the main text when it is installed; the
standard-library parser here always supplies the metadata and is the fallback for the text.
Either way no script, style or page chrome reaches the article.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from types import ModuleType

from briefer.articles._text import parse_date

__all__ = ["HtmlDocument", "extract_html", "html_to_text", "looks_like_html"]

# Elements whose text is never article text, with everything inside them.
_SKIP = frozenset(
    {
        "script", "style", "nav", "footer", "aside", "header", "noscript", "template",
        "svg", "iframe", "button", "select", "textarea", "head", "canvas", "object",
    }
)  # fmt: skip
# Elements whose text is kept, one paragraph each.
_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd"}
)
# Other elements that end a line of text (used when a page has none of the blocks above).
_BREAKS = frozenset({"div", "section", "article", "main", "br", "tr", "td", "th", "table"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
)


TRAFILATURA_MAX_CHARS = 1_000_000
"""Pages longer than this are read with the built-in parser even when trafilatura is there."""


@dataclass(frozen=True)
class HtmlDocument:
    """The article text of a page plus what its markup says about it."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    site_name: str | None = None


class _Extractor(HTMLParser):
    """Collects block text outside page chrome, and the page's metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str, bool]] = []  # (text, inside <article>/<main>)
        self.loose: list[str] = []  # all visible text, for pages without block elements
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.first_time: str | None = None
        self.canonical: str | None = None
        self._stack: list[str] = []
        self._skip = 0
        self._blocks = 0
        self._main = 0
        self._pre = 0
        self._in_title = False
        self._h1 = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"].strip())
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
            return
        if tag == "time" and self.first_time is None and values.get("datetime"):
            self.first_time = values["datetime"]
        if tag in _VOID:
            if tag == "br":
                self._buffer.append("\n")
                self.loose.append("\n")
            return
        if tag in ("p", "li", "dd") and self._stack and self._stack[-1] == tag:
            self.handle_endtag(tag)  # an unclosed <p> or <li> ends where the next one starts
        self._stack.append(tag)
        self._open(tag, +1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._stack:
            return  # a stray end tag: HTML in the wild has plenty
        # Close any elements left open inside this one (unclosed <p> or <li>).
        while self._stack:
            open_tag = self._stack.pop()
            self._open(open_tag, -1)
            if open_tag == tag:
                break

    def _open(self, tag: str, step: int) -> None:
        if tag in _SKIP:
            self._skip += step
        elif tag == "title":
            self._in_title = step > 0
        elif tag == "h1" and (step < 0 or not self.h1):
            self._h1 = max(self._h1 + step, 0)
        if tag in _BLOCKS or tag in _BREAKS:
            self._flush()
            self.loose.append("\n")
        if tag in _BLOCKS:
            self._blocks += step
        if tag in ("article", "main"):
            self._main += step
        if tag == "pre":
            self._pre += step

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._h1:
            self.h1 += data
        self.loose.append(data)
        if self._blocks:
            self._buffer.append(data if self._pre else re.sub(r"\s+", " ", data))

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        text = "\n".join(line.strip() for line in text.strip().split("\n"))
        if text:
            self.paragraphs.append((text, self._main > 0))

    def close(self) -> None:
        super().close()
        self._flush()


def _trafilatura() -> ModuleType | None:
    try:
        return importlib.import_module("trafilatura")
    except ImportError:
        return None


def extract_html(raw: str, *, use_trafilatura: bool = True) -> HtmlDocument:
    """The main text of an HTML page, with its title, publication date and canonical url.

    Args:
        raw: The page's HTML.
        use_trafilatura: Use trafilatura for the text when it is installed (and the page is
            at most ``TRAFILATURA_MAX_CHARS`` long).
    """
    parser = _Extractor()
    parser.feed(raw)
    parser.close()
    meta = parser.meta
    title = (
        _clean(meta.get("og:title") or meta.get("twitter:title") or "")
        or _clean(parser.h1)
        or _page_title(_clean(parser.title), meta.get("og:site_name"))
        or None
    )
    published = None
    for key in _DATE_META:
        if meta.get(key):
            published = parse_date(meta[key])
            if published:
                break
    if published is None and parser.first_time:
        published = parse_date(parser.first_time)
    url = parser.canonical or meta.get("og:url") or None
    # trafilatura takes seconds per megabyte, and more than linear time on pages of many
    # thousands of paragraphs; past this size the built-in parser (article/main text, page
    # chrome left out) reads the page in a fraction of that.
    text = _trafilatura_text(raw) if use_trafilatura and len(raw) <= TRAFILATURA_MAX_CHARS else None
    if not text:
        text = _parser_text(parser)
    if title:
        text = _drop_leading_title(text, title)
    return HtmlDocument(
        text=text, title=title, published=published, url=url, site_name=meta.get("og:site_name")
    )


def html_to_text(fragment: str) -> str:
    """Readable text from an HTML fragment (a feed item, a JSON field), markup removed."""
    parser = _Extractor()
    parser.feed(fragment)
    parser.close()
    return _parser_text(parser)


_TAG = re.compile(
    r"<(?:p|br|div|span|a|h[1-6]|li|ul|ol|blockquote|em|strong|b|i|img)\b[^>]*>", re.I
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries common HTML tags rather than plain prose."""
    return bool(_TAG.search(text))


def _parser_text(parser: _Extractor) -> str:
    main = [text for text, in_main in parser.paragraphs if in_main]
    paragraphs = main or [text for text, _ in parser.paragraphs]
    if paragraphs:
        return "\n\n".join(paragraphs)
    lines = (re.sub(r"[ \t\f\v]+", " ", line).strip() for line in "".join(parser.loose).split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura_text(raw: str) -> str | None:
    module = _trafilatura()
    if module is None:
        return None
    # Precision over recall: a menu line read as article text would turn into a "claim".
    text = module.extract(raw, include_comments=False, include_tables=False, favor_precision=True)
    if not isinstance(text, str):
        return None
    # trafilatura separates paragraphs with single newlines; briefer uses blank lines.
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip()) or None


def _clean(text: str) -> str:
    return " ".join(text.split())


# "Headline | Site", "Headline - Site", "Headline — Site name": a site's name after the title.
_SITE_SUFFIX = re.compile(r"^(?P<head>.{12,}?)\s+(?:[|·•»]|--?|[—–])\s+(?P<site>[^|·•»—–]{2,60})$")


def _page_title(title: str, site: str | None) -> str:
    """The headline in a page's <title>, without the site's name after it."""
    match = _SITE_SUFFIX.match(title)
    if match is None:
        return title
    tail = match["site"].strip()
    if site and _clean(site).casefold() in (tail.casefold(), match["head"].casefold()):
        return match["head"].strip() if _clean(site).casefold() == tail.casefold() else tail
    # Without og:site_name, a short tail (a few capitalized words) is a site name.
    words = tail.split()
    if len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return match["head"].strip()
    return title


def _drop_leading_title(text: str, title: str) -> str:
    """Pages repeat the headline as the first heading; the article keeps it once, as title."""
    first, _, rest = text.partition("\n\n")
    if _clean(first).casefold() == _clean(title).casefold() and rest.strip():
        return rest
    return text
