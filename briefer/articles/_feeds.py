"""RSS 0.9x/1.0/2.0 and Atom feeds: one article per item, its HTML reduced to text.

feedparser (the optional ``feeds`` extra) reads the feed when installed, forgiving broken
markup; otherwise ``xml.etree`` reads well-formed feeds.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import time
import xml.etree.ElementTree as ET
from types import ModuleType
from typing import Any

from briefer.articles._html import html_to_text, looks_like_html
from briefer.articles._text import parse_date
from briefer.errors import ArticleError
from briefer.schema import Article

__all__ = ["FeedItems", "looks_like_feed", "parse_feed"]

FeedItems = tuple[list[Article], list[tuple[str, str]]]


def looks_like_feed(head: str) -> bool:
    """True when the start of a document is an RSS, RDF or Atom feed."""
    head = head.lstrip()[:2000]
    return head.startswith("<") and any(
        marker in head for marker in ("<rss", "<rdf:RDF", "<feed", "<RDF")
    )


def _feedparser() -> ModuleType | None:
    try:
        return importlib.import_module("feedparser")
    except ImportError:
        return None


def parse_feed(data: bytes, *, source: str, use_feedparser: bool = True) -> FeedItems:
    """Articles from a feed document, plus ``(item, reason)`` for items without text.

    Args:
        data: The feed's bytes (its XML declaration says how to decode them).
        source: The file or url the feed came from, used when the feed has no title.
        use_feedparser: Use feedparser when it is installed.

    Raises:
        ArticleError: The document is not a feed briefer can read.
    """
    if b"<!ENTITY" in data:
        # Entity declarations are how XML bombs work; no real news feed needs them.
        raise ArticleError("feeds that declare XML entities are not read", source=source)
    module = _feedparser() if use_feedparser else None
    items = _with_feedparser(module, data, source) if module else _with_etree(data, source)
    return _articles(items, source)


_Item = dict[str, Any]


def _with_feedparser(
    module: ModuleType, data: bytes, source: str
) -> tuple[str | None, list[_Item]]:
    parsed = module.parse(io.BytesIO(data))
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no feed items"
        raise ArticleError(f"not a readable RSS or Atom feed ({reason})", source=source)
    items: list[_Item] = []
    for entry in parsed.entries:
        contents = entry.get("content") or []
        body = contents[0].get("value", "") if contents else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            {
                "title": entry.get("title"),
                "url": entry.get("link"),
                "text": body,
                "published": _date_from_struct(stamp),
            }
        )
    return parsed.feed.get("title"), items


def _date_from_struct(stamp: time.struct_time | None) -> dt.date | None:
    return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    """The first child with one of ``names`` (namespace-blind), in the order of ``names``."""
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _child_text(element: ET.Element, *names: str) -> str | None:
    found = _child(element, *names)
    if found is None:
        return None
    return (found.text or "").strip() or None


def _with_etree(data: bytes, source: str) -> tuple[str | None, list[_Item]]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArticleError(f"not well-formed XML ({exc})", source=source) from None
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise ArticleError("RSS feed without a <channel>", source=source)
        entries = [child for child in channel if _local(child.tag) == "item"]
        feed_title = _child_text(channel, "title")
    elif kind == "RDF":
        entries = [child for child in root if _local(child.tag) == "item"]
        channel = _child(root, "channel")
        feed_title = _child_text(channel, "title") if channel is not None else None
    elif kind == "feed":
        entries = [child for child in root if _local(child.tag) == "entry"]
        feed_title = _child_text(root, "title")
    else:
        raise ArticleError(f"not an RSS or Atom feed (root element <{kind}>)", source=source)
    return feed_title, [_etree_item(entry) for entry in entries]


def _etree_item(entry: ET.Element) -> _Item:
    body = _child(entry, "encoded", "content", "description", "summary")
    text = ""
    if body is not None:
        if len(body):  # Atom type="xhtml": the markup is XML inside the element
            text = "".join(ET.tostring(child, encoding="unicode") for child in body)
        else:
            text = body.text or ""
    date_text = _child_text(entry, "pubDate", "published", "date", "updated", "issued")
    return {
        "title": _child_text(entry, "title"),
        "url": _etree_link(entry),
        "text": text,
        "published": parse_date(date_text) if date_text else None,
    }


def _etree_link(entry: ET.Element) -> str | None:
    for child in entry:
        if _local(child.tag) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return child.get("href")
        if child.text and child.text.strip():
            return child.text.strip()
    return _child_text(entry, "guid", "id")


def _articles(feed: tuple[str | None, list[_Item]], source: str) -> FeedItems:
    feed_title, items = feed
    name = (feed_title or "").strip() or source
    articles: list[Article] = []
    failures: list[tuple[str, str]] = []
    for number, item in enumerate(items, start=1):
        raw = item["text"] or ""
        text = html_to_text(raw) if looks_like_html(raw) else raw.strip()
        title = " ".join((item["title"] or "").split()) or None
        if title and looks_like_html(title):
            title = html_to_text(title)
        if not text.strip():
            failures.append((f"{source}: {title or f'item {number}'}", "feed item has no text"))
            continue
        articles.append(
            Article(
                text=text,
                title=title,
                source=name,
                url=item["url"] or None,
                published=item["published"],
                position=number,  # the publisher's order: a brief ranks by it
            )
        )
    if not articles and not failures:
        raise ArticleError("the feed has no items", source=source)
    return articles, failures
