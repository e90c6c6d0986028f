"""Article text made inert in Markdown: the one place where Markdown output is escaped.

Markdown is not escaped wholesale, to stay readable as plain text; article text is kept on
its line and the characters that would change the layout are backslash-escaped.
"""

from __future__ import annotations

import re

from briefer.schema import SourceRef

__all__ = ["cite_md", "href", "md_block", "md_quote", "md_text", "oneline", "paragraphs"]

# What makes a line start a heading, quote, list, rule, table or setext underline.
_LEADING = re.compile(r"^(\s*)([#>+*=|-]|\d+[.)])")


def oneline(text: object) -> str:
    return " ".join(str(text).split())


def _escape_line(line: str) -> str:
    line = line.replace("<", "\\<")  # keep markup in article text from becoming HTML
    # ... and link or image syntax from becoming a live link or a tracking image.
    line = line.replace("[", "\\[").replace("]", "\\]")
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}", line)


def md_text(text: object) -> str:
    """Article-derived text for one Markdown line: white space folded, layout characters escaped.

    Only what would change the document's structure is escaped: a ``<`` (raw HTML), brackets
    (links and images) and a line-leading ``#``, ``>``, ``-``, ``+``, ``*``, ``=``, ``|`` or
    ``1.``. Emphasis characters are left alone so the text still reads naturally as plain text.
    """
    return _escape_line(oneline(text))


def md_block(text: object) -> str:
    """Multi-paragraph text: paragraphs kept, each line escaped like ``md_text``."""
    return "\n\n".join(_escape_line(oneline(p)) for p in paragraphs(text))


def md_quote(text: object) -> str:
    """A Markdown blockquote of ``text``, paragraph breaks kept inside the quote."""
    return "\n>\n".join(f"> {_escape_line(oneline(p))}" for p in paragraphs(text))


def paragraphs(text: object) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def href(url: object) -> str | None:
    """The url when it is safe to link (http, https, mailto), else None."""
    if isinstance(url, str) and re.match(r"(?i)(https?://|mailto:)\S+$", url.strip()):
        return url.strip()
    return None


def cite_md(ref: SourceRef) -> str:
    """A source as Markdown: ``[Title](url)``, else ``Title (file.txt)``, else its name."""
    label = md_text(ref.label).replace("[", "\\[").replace("]", "\\]")
    url = href(ref.url)
    if url:
        target = f"<{url}>" if re.search(r"[\s()<>]", url) else url
        return f"[{label}]({target})"
    if ref.title and ref.source and ref.source != ref.title:
        return f"{label} ({md_text(ref.source)})"
    return label
