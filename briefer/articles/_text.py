"""Plain-text and Markdown articles: title, date and byline from the top, the rest verbatim.

Also holds ``parse_date``, which every input format uses for the dates it finds.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

from briefer.words import MONTH_NUMBERS

__all__ = ["TextParts", "parse_date", "split_text_article"]

_MONTHS = MONTH_NUMBERS

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_FIRST = re.compile(
    r"(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
)
_DAY_FIRST = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})"
)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(value: str) -> dt.date | None:
    """The calendar date in ``value``, or None when it holds no date briefer can read.

    Reads ISO 8601 dates and timestamps, RFC 2822 dates (feeds, e-mail), and written dates
    such as "March 5, 2024", "Tuesday, 5 March 2024" or "Mar. 5th 2024". Timestamps keep the
    date as written, in the zone of the writer.
    """
    value = value.strip()
    match = _ISO_DATE.fullmatch(value) or _ISO_DATE.match(value)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]))
    for pattern, month_group, day_group in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        match = pattern.fullmatch(value) or pattern.match(value)
        if match and match[month_group].lower() in _MONTHS:
            month = _MONTHS[match[month_group].lower()]
            return _make_date(int(match[3]), month, int(match[day_group]))
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class TextParts:
    """What the top of a text article says about it, and the body that follows."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None


_HEADING = re.compile(r"#\s+(.+?)\s*#*\s*")
_SETEXT_RULE = re.compile(r"=+\s*")
_HEADER = re.compile(r"(date|published|updated|dateline|url|link)\s*:\s*(.+)", re.IGNORECASE)
_BYLINE = re.compile(r"[Bb][Yy]\s+[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}\s*")
_URL = re.compile(r"https?://\S+")
# A first line this short, with no closing period and a blank line after it, is a headline.
_MAX_TITLE_CHARS = 150
_MAX_TIGHT_TITLE_WORDS = 16


def split_text_article(raw: str, *, markdown: bool = False) -> TextParts:
    """Split a text or Markdown article into its title, date, url and verbatim body.

    The title is a ``# Heading`` on the first line, a Setext heading, or a short first line
    with no final period followed by a blank line. Right after it, ``Date:``/``Published:``
    and ``URL:`` lines, a bare ISO date and a ``By NAME`` byline are read and left out of the
    text; everything else is kept as written.
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    front: dict[str, str] = {}
    if markdown:
        lines, front = _front_matter(lines)
        title = front.get("title")
    at = _skip_blank(lines, 0)
    title_line, at = _title(lines, at)
    title = title or title_line
    published = parse_date(front["date"]) if "date" in front else None
    url = front.get("url")
    at = _skip_blank(lines, at)
    # Only the few lines right under the headline are read as a header block.
    while at < len(lines):
        line = lines[at].strip()
        header = _HEADER.fullmatch(line)
        if header and header[1].lower() in ("url", "link"):
            if not _URL.fullmatch(header[2].strip()):
                break
            url = url or header[2].strip()
        elif header:
            date = parse_date(header[2])
            if date is None:
                break
            published = published or date
        elif _ISO_DATE.fullmatch(line):
            published = published or parse_date(line)
        elif _BYLINE.fullmatch(line) and len(line) <= 120:
            pass
        else:
            break
        at = _skip_blank(lines, at + 1)
    body = "\n".join(lines[at:]).strip()
    return TextParts(text=body, title=title, published=published, url=url)


def _skip_blank(lines: list[str], at: int) -> int:
    while at < len(lines) and not lines[at].strip():
        at += 1
    return at


def _title(lines: list[str], at: int) -> tuple[str | None, int]:
    if at >= len(lines):
        return None, at
    first = lines[at].strip()
    heading = _HEADING.fullmatch(first)
    if heading:
        return heading[1], at + 1
    following = lines[at + 1] if at + 1 < len(lines) else None
    if following is not None and _SETEXT_RULE.fullmatch(following.strip()) and first:
        return first, at + 2
    looks_like_title = (
        len(first) <= _MAX_TITLE_CHARS
        and not first.endswith((".", ":", ","))
        and not _HEADER.fullmatch(first)
        and not _ISO_DATE.fullmatch(first)
        and not first.startswith(("-", "*", ">", "|"))
    )
    if looks_like_title and following is not None and not following.strip():
        return first, at + 1
    # A headline straight above the first paragraph, with no blank line between them: a
    # short capitalized line with no end punctuation over a longer one (or a byline).
    if (
        looks_like_title
        and following is not None
        and first[:1].isupper()
        and len(first.split()) <= _MAX_TIGHT_TITLE_WORDS
        and not first.endswith((";", "!"))
        and (_paragraph_under(first, following.strip()) or _BYLINE.fullmatch(following.strip()))
        and at + 2 < len(lines)
    ):
        return first, at + 1
    return None, at


def _paragraph_under(first: str, following: str) -> bool:
    """A line of running text under a headline: longer, and ending as a sentence does."""
    return len(following) > len(first) and following.rstrip("\"'”’)").endswith((".", "!", "?"))


def _front_matter(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Jekyll/Hugo ``---`` front matter: simple ``key: value`` pairs, then the rest."""
    if not lines or lines[0].strip() != "---":
        return lines, {}
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return lines, {}
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        value = value.strip().strip("\"'")
        if sep and value:
            fields[key.strip().lower()] = value
    aliases = {"headline": "title", "published": "date", "link": "url"}
    for alias, key in aliases.items():
        if alias in fields and key not in fields:
            fields[key] = fields[alias]
    return lines[end + 1 :], fields
