"""Quality gate: the lexical claim check meets its targets on the committed benchmark.

The cases are tests/data/claims/cases.jsonl (see the README there); ``make bench`` reports
the same figures in docs/benchmarks.md. This is not a timing: it fails when a change lets a
false claim class through more than 5% of the time, drops one of an article's own sentences,
or keeps fewer than 90% of the faithful rewrites.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import claims  # noqa: E402

OUTCOMES = claims.run_lexical(claims.load_cases())
RATES = {r.kind: r for r in claims.rates(OUTCOMES)}


def test_benchmark_has_every_class_and_enough_cases() -> None:
    assert set(RATES) == set(claims.CLASSES)
    assert len(OUTCOMES) >= 300


@pytest.mark.parametrize("kind", claims.FALSE_CLASSES)
def test_false_claims_of_each_kind_are_kept_at_most_5_percent(kind: str) -> None:
    rate = RATES[kind]
    kept = [o.case.claim for o in OUTCOMES if o.case.kind == kind and o.kept]

    assert rate.rate <= claims.FALSE_TARGET, kept


def test_every_sentence_of_the_article_is_kept() -> None:
    dropped = [
        (o.case.claim, o.note) for o in OUTCOMES if o.case.kind == "own_sentence" and not o.kept
    ]

    assert dropped == []


def test_at_least_90_percent_of_faithful_rewrites_are_kept() -> None:
    dropped = [
        (o.case.claim, o.note) for o in OUTCOMES if o.case.kind == "faithful_rewrite" and not o.kept
    ]

    assert RATES["faithful_rewrite"].rate >= 0.9, dropped


def test_quick_bench_run_writes_the_claim_section(tmp_path: Path) -> None:
    from bench import run

    out = tmp_path / "bench.md"
    assert run.main(["--quick", "--only", "claims", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 10. Claim verification" in text and "| faithful rewrite |" in text
