"""Article text made inert in Markdown: the one place where Markdown output is escaped.

Every piece of article-derived text goes through :func:`md_text` (or :func:`md_block`,
:func:`md_quote`) exactly once, and every link target through :func:`href`; templates never
escape on their own, so escapes cannot stack up and cancel each other.

Markdown is not escaped wholesale, to stay readable as plain text. What could make markup is
neutralised for CommonMark renderers (markdown-it, GitHub) and python-markdown alike:

- ``<`` becomes ``&lt;`` (python-markdown does not honour ``\\<``), so no raw HTML and no
  autolink; ``&`` becomes ``&amp;`` where it would start an entity;
- ``\\``, `````, ``[``, ``]``, ``{`` and ``}`` are backslash-escaped: no escape of briefer's
  own syntax, no code span, no link, image or reference, no attribute list (python-markdown's
  ``{: onclick=...}``);
- a line-leading ``#``, ``>``, ``-``, ``+``, ``*``, ``=``, ``|``, ``~`` or ``1.`` is escaped,
  so text cannot start a heading, quote, list, rule, table or fence;
- terminal escapes and other control characters are removed, and line breaks folded.

Emphasis characters (``*``, ``_``) are left as written: at worst they change emphasis.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from briefer.text import strip_controls

if TYPE_CHECKING:
    from briefer.schema import SourceRef

__all__ = ["cite_md", "href", "md_block", "md_quote", "md_text", "oneline", "paragraphs"]

# What makes a line start a heading, quote, list, rule, table, fence or setext underline.
_LEADING = re.compile(r"^([#>+*=|~-]|\d+[.)])")
_BACKSLASHED = re.compile(r"[\\`\[\]{}]")
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")


def oneline(text: object) -> str:
    """``text`` on one line: control characters removed, white space folded."""
    return " ".join(strip_controls(str(text)).split())


def _escape_line(line: str) -> str:
    line = _BACKSLASHED.sub(lambda m: "\\" + m[0], line)
    line = _ENTITY.sub("&amp;", line).replace("<", "&lt;")
    # "1." keeps its number: the escape goes before the punctuation that makes the list.
    return _LEADING.sub(lambda m: f"{m[1][:-1]}\\{m[1][-1]}", line)


def md_text(text: object) -> str:
    """Article-derived text for one Markdown line: escaped once, inert (see the module)."""
    return _escape_line(oneline(text))


def md_block(text: object) -> str:
    """Multi-paragraph text: paragraphs kept, each escaped like ``md_text``."""
    return "\n\n".join(_escape_line(oneline(p)) for p in paragraphs(text))


def md_quote(text: object) -> str:
    """A Markdown blockquote of ``text``, paragraph breaks kept inside the quote."""
    return "\n>\n".join(f"> {_escape_line(oneline(p))}" for p in paragraphs(text))


def paragraphs(text: object) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


# Kept as they are in a link target; everything else is percent-encoded, so a target never
# holds a space, quote, bracket, parenthesis, angle bracket or backslash.
_URL_SAFE = "-._~:/?#@!$&+,;=%"
_NETLOC = re.compile(r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def href(url: object) -> str | None:
    """A link target made from ``url`` when it is a plain http(s) URL, else None.

    The result is percent-encoded so that it cannot end a Markdown link or autolink early,
    nor open an HTML attribute: ``https://x.example/><script>`` becomes
    ``https://x.example/%3E%3Cscript%3E``. URLs with credentials (``user@host``), control
    characters or white space inside, or any other scheme (``javascript:``, ``data:``) give
    None, and are shown as text instead.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not re.match(r"(?i)https?://", url) or re.search(r"[\s\x00-\x1f\x7f-\x9f]", url):
        return None
    try:
        parts = urlsplit(url)
        netloc = parts.netloc if parts.netloc.isascii() else parts.netloc.encode("idna").decode()
    except (ValueError, UnicodeError):
        return None
    if not _NETLOC.fullmatch(netloc):
        return None  # credentials, or characters no host name has

    def encode(part: str) -> str:
        part = _ENTITY.sub("%26", quote(part, safe=_URL_SAFE))
        return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", part)

    target = f"{parts.scheme.lower()}://{netloc.lower()}{encode(parts.path)}"
    if parts.query:
        target += "?" + encode(parts.query)
    if parts.fragment:
        target += "#" + encode(parts.fragment)
    return target


def cite_md(ref: SourceRef) -> str:
    """A source as Markdown: ``[Title](url)``, else ``Title (file.txt)``, else its name."""
    label = md_text(ref.label)
    url = href(ref.url)
    if url:
        return f"[{label}]({url})"
    if ref.title and ref.source and ref.source != ref.title:
        return f"{label} ({md_text(ref.source)})"
    return label
