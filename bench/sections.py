"""How well the offline engine files stories in sections: the word-list classifier on labelled
articles.

Three sets (``tests/data/sections/README.md``): ``dev``, the articles the word lists were
written against; ``test``, held out while writing them; ``existing``, the project's other test
articles, labelled afterwards and also held out.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefer.articles import read_articles
from briefer.brief._sections import DEFAULT_SECTIONS, classify_section
from briefer.schema import Article

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SECTIONS = DATA / "sections"
SETS = ("dev", "test", "existing")


@dataclass(frozen=True)
class Labelled:
    name: str
    label: str
    article: Article


@dataclass(frozen=True)
class Result:
    name: str
    total: int
    correct: int
    confusion: Counter[tuple[str, str]]
    """(label, predicted) -> count, for the mistakes."""
    per_label: dict[str, tuple[int, int]]
    """label -> (correct, total)."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load(which: str) -> list[Labelled]:
    """The labelled articles of one set: ``dev``, ``test`` or ``existing``."""
    if which == "existing":
        labels = json.loads((SECTIONS / "existing.json").read_text(encoding="utf-8"))["labels"]
        out = []
        for rel, label in labels.items():
            path = (DATA / rel).resolve()
            (article,) = read_articles([path]).articles
            out.append(Labelled(path.name, label, article))
        return out
    read = read_articles([SECTIONS / which])
    if read.failures:
        raise RuntimeError(f"unreadable labelled articles: {read.failures}")
    return [
        Labelled(Path(a.source or "").name, Path(a.source or "").name.split("_")[0], a)
        for a in read.articles
    ]


def measure(which: str) -> Result:
    items = load(which)
    confusion: Counter[tuple[str, str]] = Counter()
    per: dict[str, list[int]] = {}
    correct = 0
    for item in items:
        got = classify_section(item.article)
        hit = got == item.label
        correct += hit
        counts = per.setdefault(item.label, [0, 0])
        counts[0] += hit
        counts[1] += 1
        if not hit:
            confusion[(item.label, got)] += 1
    return Result(which, len(items), correct, confusion, {k: (v[0], v[1]) for k, v in per.items()})


def report(results: list[Result]) -> tuple[str, list[str]]:
    """The benchmark section (Markdown) and its summary lines."""
    rows = []
    for r in results:
        cells = [r.name, str(r.total), f"{r.correct} ({r.accuracy:.0%})"]
        for section in DEFAULT_SECTIONS:
            hit, total = r.per_label.get(section, (0, 0))
            cells.append(f"{hit}/{total}" if total else "-")
        rows.append("| " + " | ".join(cells) + " |")
    header = "| set | articles | correct | " + " | ".join(DEFAULT_SECTIONS) + " |"
    rule = "|" + " --- |" * (3 + len(DEFAULT_SECTIONS))
    mistakes = []
    for r in results:
        for (label, got), count in sorted(r.confusion.items()):
            mistakes.append(f"- {r.name}: {label} filed as {got}: {count}")
    held = [r for r in results if r.name != "dev"]
    held_total = sum(r.total for r in held)
    held_correct = sum(r.correct for r in held)
    held_share = held_correct / held_total if held_total else 0.0
    notes = [
        f"- sections (offline word lists): {held_correct} of {held_total} held-out articles "
        f"filed right ({held_share:.0%}); "
        + "; ".join(f"{r.name} {r.correct}/{r.total}" for r in results)
        + "."
    ]
    text = "\n".join(
        [
            "`briefer.brief._sections.classify_section` (cue words in "
            "`briefer/data/sections.txt`) on labelled articles "
            "(`tests/data/sections/`): *dev* is what the word lists were written against, "
            "*test* was held out while writing them, *existing* is the project's other test "
            "articles (written by other hands), labelled afterwards. Per-section cells are "
            "correct/labelled.",
            "",
            header,
            rule,
            *rows,
            "",
            "Mistakes (label filed as prediction):",
            "",
            *(mistakes or ["- none"]),
            "",
            *notes,
        ]
    )
    return text, notes


def main() -> None:
    text, _ = report([measure(name) for name in SETS])
    print(text)  # noqa: T201


if __name__ == "__main__":
    main()
