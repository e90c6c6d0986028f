"""Summaries and briefs as Markdown, JSON or one self-contained HTML file.

The Markdown and HTML come from Jinja templates in ``briefer/templates``. HTML templates are
autoescaped, so article text (which may hold markup) always shows as text. Markdown is not
escaped wholesale, to stay readable as plain text; instead article text is kept on its line
and the few characters that would change the layout are backslash-escaped (see ``md_text``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from briefer.errors import UsageError
from briefer.schema import (
    ArticleSummary,
    BriefMetadata,
    DailyBrief,
    Evidence,
    RunMetadata,
    SourceRef,
)

__all__ = ["OutputFormat", "md_text", "render_brief", "render_summary"]

OutputFormat = Literal["markdown", "json", "html"]

_TEMPLATES = Path(__file__).parent / "templates"
_SUFFIX = {"markdown": "md", "html": "html"}


def render_summary(summary: ArticleSummary, fmt: OutputFormat = "markdown") -> str:
    """One article's summary as Markdown, JSON (``model_dump_json(indent=2)``) or HTML.

    Raises:
        UsageError: ``fmt`` is not one of markdown, json or html.
    """
    if _check(fmt) == "json":
        return summary.model_dump_json(indent=2)
    context = {
        "s": summary,
        "title": summary.title or "Summary",
        # ArticleSummary may carry the article's date; render it when it does.
        "published": getattr(summary, "published", None),
        "footer": " · ".join(_summary_footer(summary.metadata)),
    }
    return _render(f"summary.{_SUFFIX[fmt]}.j2", fmt, context)


def render_brief(brief: DailyBrief, fmt: OutputFormat = "markdown") -> str:
    """A daily brief as Markdown, JSON (``model_dump_json(indent=2)``) or HTML.

    Raises:
        UsageError: ``fmt`` is not one of markdown, json or html.
    """
    if _check(fmt) == "json":
        return brief.model_dump_json(indent=2)
    context = {"b": brief, "footer": " · ".join(_brief_footer(brief.metadata))}
    return _render(f"brief.{_SUFFIX[fmt]}.j2", fmt, context)


def _check(fmt: str) -> str:
    if fmt not in get_args(OutputFormat):
        raise UsageError(f"unknown output format {fmt!r}; use markdown, json or html")
    return fmt


def _render(name: str, fmt: str, context: dict[str, Any]) -> str:
    text = _environment().get_template(name).render(context)
    if fmt == "markdown":
        # Sections left out leave runs of blank lines behind; Markdown needs only one.
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_text,
        md_block=_md_block,
        md_quote=_md_quote,
        href=_href,
        paragraphs=_paragraphs,
        oneline=_oneline,
    )
    env.globals.update(
        mark=_mark, cite_md=_cite_md, evidence_note=_evidence_note, SourceRef=SourceRef
    )
    return env


# ---- Markdown text ------------------------------------------------------------------------

# What makes a line start a heading, quote, list, rule, table or setext underline.
_LEADING = re.compile(r"^(\s*)([#>+*=|-]|\d+[.)])")


def _oneline(text: object) -> str:
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
    return _escape_line(_oneline(text))


def _md_block(text: object) -> str:
    """Multi-paragraph text: paragraphs kept, each line escaped like ``md_text``."""
    return "\n\n".join(_escape_line(_oneline(p)) for p in _paragraphs(text))


def _md_quote(text: object) -> str:
    """A Markdown blockquote of ``text``, paragraph breaks kept inside the quote."""
    return "\n>\n".join(f"> {_escape_line(_oneline(p))}" for p in _paragraphs(text))


def _paragraphs(text: object) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]


def _href(url: object) -> str | None:
    """The url when it is safe to link (http, https, mailto), else None."""
    if isinstance(url, str) and re.match(r"(?i)(https?://|mailto:)\S+$", url.strip()):
        return url.strip()
    return None


def _cite_md(ref: SourceRef) -> str:
    """A source as Markdown: ``[Title](url)``, else ``Title (file.txt)``, else its name."""
    label = md_text(ref.label).replace("[", "\\[").replace("]", "\\]")
    url = _href(ref.url)
    if url:
        target = f"<{url}>" if re.search(r"[\s()<>]", url) else url
        return f"[{label}]({target})"
    if ref.title and ref.source and ref.source != ref.title:
        return f"{label} ({md_text(ref.source)})"
    return label


def _mark(evidence: Evidence | None, sentence: bool = False) -> str:
    """' (sentence 9)', ' (unverified)' or '' for an item, from what grounding found."""
    note = _evidence_note(evidence, sentence)
    return f" ({note})" if note else ""


def _evidence_note(evidence: Evidence | None, sentence: bool = False) -> str:
    if evidence is None:
        return ""
    parts = []
    if sentence and evidence.sentence is not None:
        parts.append(f"sentence {evidence.sentence}")
    if not evidence.verified:
        parts.append("unverified")
    return ", ".join(parts)


# ---- provenance -----------------------------------------------------------------------------


def _version(version: str) -> str:
    return f"briefer {version}" if version else "briefer"


def _cost(cost: float) -> str:
    return f"${cost:,.2f}" if cost >= 1 else f"${cost:.4f}"


def _summary_footer(meta: RunMetadata) -> list[str]:
    parts = [_version(meta.briefer_version), f"engine: {meta.engine}"]
    if meta.model:
        parts.append(f"model: {meta.model}")
    if meta.mode:
        parts.append(f"mode: {meta.mode}")
    parts.append(f"tokens: {meta.usage.total_tokens:,}")
    if meta.cost_usd is not None:
        parts.append(f"cost: {_cost(meta.cost_usd)}")
    report = meta.grounding
    rate = meta.grounding_rate if meta.grounding_rate is not None else (report and report.rate)
    if report is not None and report.policy == "off":
        parts.append("grounding: off")
    elif rate is not None and report is not None and report.checked:
        parts.append(f"grounding: {rate:.0%} ({report.verified}/{report.checked} verified)")
    elif rate is not None:
        parts.append(f"grounding: {rate:.0%}")
    return parts


def _brief_footer(meta: BriefMetadata) -> list[str]:
    parts = [_version(meta.briefer_version), f"engine: {meta.engine}"]
    if meta.model:
        parts.append(f"model: {meta.model}")
    parts += [f"articles: {meta.articles}", f"stories: {meta.stories}"]
    calls = f"calls: {meta.calls}"
    if meta.cached_calls:
        calls += f" ({meta.cached_calls} cached)"
    parts += [calls, f"tokens: {meta.usage.total_tokens:,}"]
    if meta.cost_usd is not None:
        parts.append(f"cost: {_cost(meta.cost_usd)}")
    return parts
