"""The render stage: summaries and briefs as Markdown, JSON or one self-contained HTML file.

HTML is autoescaped; Markdown escapes article text in one place (:func:`md_text`), so text
from an article can never become markup, a link or a script in the output.
"""

from __future__ import annotations

from briefer.render._markdown import md_text
from briefer.render._render import OutputFormat, render_brief, render_summary

__all__ = ["OutputFormat", "md_text", "render_brief", "render_summary"]
