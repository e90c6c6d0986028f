"""The offline stage: an extractive, rule-based summary with no model, no key and no network.

:func:`summarize_offline` ranks the article's own sentences as key claims, finds quotations
and who said them, the people and organizations named, and the questions the article leaves
open. Everything it reports is in the article; the same input always gives the same output.
"""

from __future__ import annotations

from briefer.offline._engine import summarize_offline

__all__ = ["summarize_offline"]
