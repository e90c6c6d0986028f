"""What a reader sees of grounding's verdicts: "contradicted" and "unverified" marks."""

from __future__ import annotations

from support import ROOT

from briefer import Briefer
from briefer.render import render_summary
from briefer.testing import FakeClient

ODESA = (ROOT / "tests/data/articles_brief/ukraine_odesa_drone_strike.txt").read_text("utf-8")
REPLY = {
    "lede": "Ukrainian officials said Russian drones hit a grain terminal in Odesa. "
    "The governor resigned.",
    "key_claims": [
        {"text": "Ukraine's air force said it had shot down 41 of the 85 drones."},
        {"text": "Dock workers went on strike over pay at the port."},
        {"text": "The terminal handles grain bound for Egypt and Turkey."},
    ],
    "actors": [],
    "quoted_experts": [],
    "open_questions": [],
}


def _flagged() -> str:
    briefer = Briefer(client=FakeClient([REPLY]), model="fake", grounding="flag")
    return render_summary(briefer.summarize(ODESA))


def test_flagged_claims_say_contradicted_or_unverified() -> None:
    text = _flagged()

    assert "- Ukraine's air force said it had shot down 41 of the 85 drones. (contradicted)" in text
    assert "- Dock workers went on strike over pay at the port. (unverified)" in text
    assert "- The terminal handles grain bound for Egypt and Turkey.\n" in text


def test_flagged_lede_sentences_are_counted_in_the_footer() -> None:
    assert "lede: 1 sentence unverified" in _flagged()


def test_html_marks_a_contradicted_claim_as_unverified_text() -> None:
    briefer = Briefer(client=FakeClient([REPLY]), model="fake", grounding="flag")
    html = render_summary(briefer.summarize(ODESA), "html")

    assert '<span class="unverified">(contradicted)</span>' in html
