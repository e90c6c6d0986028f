"""Paths the tests share (``tests/`` is on ``sys.path``: see ``pythonpath`` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"
ARTICLES = DATA / "articles"
"""Single articles with their expected offline output (``expected.json``)."""
BRIEF_DAY = DATA / "articles_brief"
"""A day of 34 articles with planted copies and rewrites (``articles_brief_groups.json``)."""
BRIEF_GROUPS = DATA / "articles_brief_groups.json"
