"""The claim-verification benchmark: how often grounding keeps each kind of claim.

    .venv/bin/python bench/claims.py                 # lexical check, every case
    .venv/bin/python bench/claims.py --model         # and the model check (live server)
    .venv/bin/python bench/claims.py --failures      # list what went the wrong way

Cases are in tests/data/claims/cases.jsonl (built by bench/claims_data.py; see the README
there). A claim is *kept* when grounding verifies it, i.e. when ``ground(..., policy="drop")``
would keep it. The targets: every false class kept at most 5%, the article's own sentences
100%, faithful rewrites at least 90%.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.claims_data import CASES, CLASSES, FALSE_CLASSES  # noqa: E402
from briefer.grounding import ground  # noqa: E402
from briefer.schema import MAX_CLAIMS, Claim, SummaryContent  # noqa: E402

DATA = REPO / "tests" / "data"
TARGETS = {"own_sentence": 1.0, "faithful_rewrite": 0.9}
FALSE_TARGET = 0.05


@dataclass(frozen=True)
class Case:
    id: int
    article: str
    kind: str
    claim: str
    source: str | None
    split: str
    how: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    kept: bool
    verdict: str | None
    note: str | None


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        cases.append(
            Case(
                id=raw["id"],
                article=raw["article"],
                kind=raw["class"],
                claim=raw["claim"],
                source=raw.get("source"),
                split=raw.get("split", "dev"),
                how=raw.get("how", "code"),
            )
        )
    return cases


def run_lexical(cases: Iterable[Case]) -> list[Outcome]:
    """Ground each article once with all of its claims (as a summary would be grounded)."""
    by_article: dict[str, list[Case]] = {}
    for case in cases:
        by_article.setdefault(case.article, []).append(case)
    outcomes = []
    for article, group in by_article.items():
        text = (DATA / article).read_text(encoding="utf-8")
        claims = list(dict.fromkeys(c.claim for c in group))
        found = {}
        # A summary holds at most MAX_CLAIMS claims: ground them in summary-sized batches.
        for start in range(0, len(claims), MAX_CLAIMS):
            batch = [Claim(text=t) for t in claims[start : start + MAX_CLAIMS]]
            grounded, _ = ground(SummaryContent(lede="", key_claims=batch), text, policy="flag")
            found.update({c.text: c.evidence for c in grounded.key_claims})
        for case in group:
            evidence = found[case.claim]
            assert evidence is not None
            outcomes.append(Outcome(case, evidence.verified, evidence.verdict, evidence.note))
    return outcomes


@dataclass(frozen=True)
class ClassRate:
    kind: str
    cases: int
    kept: int

    @property
    def rate(self) -> float:
        return self.kept / self.cases if self.cases else 0.0

    @property
    def target_met(self) -> bool:
        if self.kind in TARGETS:
            return self.rate >= TARGETS[self.kind]
        return self.rate <= FALSE_TARGET


def rates(outcomes: Iterable[Outcome], split: str | None = None) -> list[ClassRate]:
    counts: dict[str, list[int]] = {k: [0, 0] for k in CLASSES}
    for o in outcomes:
        if split is not None and o.case.split != split:
            continue
        counts[o.case.kind][0] += 1
        counts[o.case.kind][1] += int(o.kept)
    return [ClassRate(k, n, kept) for k, (n, kept) in counts.items() if n]


def target_text(kind: str) -> str:
    if kind in TARGETS:
        return f">= {TARGETS[kind]:.0%}"
    return f"<= {FALSE_TARGET:.0%}"


def wrong(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """Outcomes on the wrong side: a false claim kept, or a true one dropped."""
    return [o for o in outcomes if o.kept == (o.case.kind in FALSE_CLASSES)]


def grounding_speed(sizes: Iterable[int], runs: int = 3) -> list[tuple[int, float]]:
    """Seconds to ground the offline engine's summary of the seed article against texts of
    growing size (the seed, then the test articles repeated), best of ``runs``."""
    from briefer.offline import summarize_offline

    seed = (REPO / "seeds" / "000_9257439dfe81132e.txt").read_text(encoding="utf-8")
    others = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted(DATA.glob("articles*/*.txt"))
    )
    content = summarize_offline(seed)
    out = []
    for size in sizes:
        text = seed
        while len(text) < size:
            text += "\n\n" + others
        text = text[: max(size, len(seed))]
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            ground(content, text)
            best = min(best, time.perf_counter() - started)
        out.append((len(text), best))
    return out


def run_model(
    cases: list[Case], progress: Callable[[int, int], None] | None = None
) -> list[Outcome] | None:
    """The lexical check and the model check together, on the live llama.cpp server.

    Returns None when the server is not installed.
    """
    from bench.claims_model import run_with_model

    return run_with_model(cases, progress)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list the wrong outcomes")
    parser.add_argument("--model", action="store_true", help="also run the model check")
    parser.add_argument("--kind", action="append", help="only this class (repeatable)")
    args = parser.parse_args(argv)
    cases = load_cases()
    if args.kind:
        cases = [c for c in cases if c.kind in args.kind]
    started = time.perf_counter()
    outcomes = run_lexical(cases)
    seconds = time.perf_counter() - started
    print(f"{len(cases)} cases, lexical check in {seconds:.2f} s")
    for split in (None, "dev", "held_out"):
        print(f"-- {split or 'all'}")
        for r in rates(outcomes, split):
            mark = "ok " if r.target_met else "MISS"
            rate = f"{r.kept:4}/{r.cases:<4} kept {r.rate:6.1%}"
            print(f"  {mark} {r.kind:18} {rate} ({target_text(r.kind)})")
    if args.failures:
        for o in wrong(outcomes):
            print(f"\n[{o.case.id}] {o.case.kind} {o.case.article} -> {o.verdict}: {o.note}")
            print(f"   claim: {o.case.claim}")
            if o.case.source and o.case.source != o.case.claim:
                print(f"   source: {o.case.source}")
    if args.model:
        model = run_model(cases)
        if model is None:
            print("model check: the llama.cpp server is not installed (make live-server)")
        else:
            for r in rates(model):
                print(f"  model+lexical {r.kind:18} {r.kept:4}/{r.cases:<4} kept {r.rate:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
