"""Summaries and briefs as Markdown, JSON or one self-contained HTML file.

The Markdown and HTML come from Jinja templates in ``briefer/render/templates``. HTML templates are
autoescaped, so article text (which may hold markup) always shows as text. Markdown text is
escaped in one place, :mod:`briefer.render._markdown`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from briefer.errors import UsageError
from briefer.render._brief import brief_context, safe_anchor
from briefer.render._markdown import (
    cite_md,
    href,
    md_block,
    md_quote,
    md_text,
    oneline,
    paragraphs,
)
from briefer.schema import (
    ArticleSummary,
    BriefMetadata,
    DailyBrief,
    Evidence,
    QuotedExpert,
    RunMetadata,
    SourceRef,
)
from briefer.text import split_sentences

__all__ = ["OutputFormat", "render_brief", "render_summary"]

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
        "title": summary.title or _fallback_title(summary),
        # ArticleSummary may carry the article's date; render it when it does.
        "published": getattr(summary, "published", None),
        "footer": " · ".join(_summary_footer(summary.metadata)),
    }
    return _render(f"summary.{_SUFFIX[fmt]}.j2", fmt, context)


_TITLE_WORDS = 14


def _fallback_title(summary: ArticleSummary) -> str:
    """A headline for an article that came without one: its lede's first sentence, shortened.

    Falls back to the source (a file name) and then to "Summary" only when the summary has
    no lede at all.
    """
    lede = " ".join(summary.lede.split())
    if not lede:
        return summary.source or "Summary"
    sentences = split_sentences(lede)
    sentence = (sentences[0].text if sentences else lede).rstrip(".")
    words = sentence.split()
    if len(words) <= _TITLE_WORDS:
        return sentence
    return " ".join(words[:_TITLE_WORDS]).rstrip(",;:") + " …"


def render_brief(brief: DailyBrief, fmt: OutputFormat = "markdown") -> str:
    """A daily brief as Markdown, JSON (``model_dump_json(indent=2)``) or HTML.

    Raises:
        UsageError: ``fmt`` is not one of markdown, json or html.
    """
    if _check(fmt) == "json":
        return brief.model_dump_json(indent=2)
    context = {
        "b": brief,
        "footer": " · ".join(_brief_footer(brief.metadata)),
        **brief_context(brief),
    }
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
        md_block=md_block,
        md_quote=md_quote,
        href=href,
        paragraphs=paragraphs,
        oneline=oneline,
        anchor=safe_anchor,
    )
    env.globals.update(
        mark=_mark,
        later_quotes=_later_quotes,
        cite_md=cite_md,
        evidence_note=_evidence_note,
        SourceRef=SourceRef,
    )
    return env


def _mark(evidence: Evidence | None, sentence: bool = False) -> str:
    """' (sentence 9)', ' (unverified)' or '' for an item, from what grounding found."""
    note = _evidence_note(evidence, sentence)
    return f" ({note})" if note else ""


def _later_quotes(expert: QuotedExpert) -> list[tuple[str, Evidence | None]]:
    """An expert's quotations after the first, each with its evidence when grounding ran."""
    evidence: list[Evidence | None] = list(expert.quote_evidence)
    evidence += [None] * (len(expert.quotes) - len(evidence))
    return list(zip(expert.quotes, evidence, strict=True))[1:]


def _evidence_note(evidence: Evidence | None, sentence: bool = False) -> str:
    if evidence is None:
        return ""
    parts = []
    if sentence and evidence.sentence is not None:
        parts.append(f"sentence {evidence.sentence}")
    if not evidence.verified:
        # Contradicted: the article says otherwise; unverified: it does not say this.
        parts.append("contradicted" if evidence.verdict == "contradicted" else "unverified")
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
    if report is not None and report.policy == "flag":
        # Flagged lede sentences stay in the lede, which has no mark of its own: say so here.
        lede = sum(1 for d in report.dropped if d.kind == "lede")
        if lede:
            parts.append(f"lede: {lede} sentence{'s' if lede > 1 else ''} unverified")
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
