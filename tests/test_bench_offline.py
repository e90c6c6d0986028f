"""The offline engine's benchmark sections still run: quality, ROUGE, large inputs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from support import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import offline_quality, offline_speed, rouge_claims  # noqa: E402


def test_quality_section_has_a_row_per_split() -> None:
    text, notes = offline_quality.section()
    assert "| tune | 30 |" in text and "| heldout | 12 |" in text and "| fresh | 15 |" in text
    assert len(notes) == 4


def test_textrank_picks_the_sentences_that_share_the_most_words() -> None:
    sentences = [
        "The port strike closed three ports.",
        "Cats sleep.",
        "The strike at the ports went on.",
        "Talks on the port strike failed.",
    ]
    assert "Cats sleep." not in rouge_claims.textrank(sentences, 3)
    assert rouge_claims.lead(sentences, 2) == sentences[:2]


@pytest.mark.skipif(
    importlib.util.find_spec("rouge_score") is None, reason="rouge-score is not installed"
)
def test_rouge_section_compares_claims_with_lead_3() -> None:
    text, notes = rouge_claims.section()
    assert "| lead-3 |" in text and "| briefer key claims (first 3) |" in text
    assert len(notes) == 8


def test_large_inputs_are_measured_stage_by_stage(tmp_path: Path) -> None:
    paths = offline_speed.large_inputs(tmp_path, text_bytes=20_000, html_paragraphs=200)
    results = [offline_speed.measure_large(p) for p in paths]
    assert [r.name for r in results] == ["long_article.txt", "long_page.html"]
    assert all(r.total > 0 and r.chunks >= 1 for r in results)
    assert results[1].paragraphs >= 200
