"""Story grouping quality and speed: pairwise precision and recall, old grouping against new.

The labelled set lives in ``tests/data/stories/`` (see its README): folders of look-alike
articles (different events written from one template or house style, which must stay apart)
and of rewrites (one event told by several outlets, which must be one story), split into a
``dev`` half (used while tuning) and a ``heldout`` half (not looked at while tuning).

Each grouping is scored two ways:

* *alone*: every case folder is grouped on its own, so a pair is judged with nothing else
  in the batch;
* *as a day*: every article of a split is grouped in one call, as a day's brief would be;
  pairs across cases are then unrelated or same-topic stories, and a merge of any of them
  counts against precision too.

A generated day of one template (``tests/data/stories/templates/``: 200 distinct events, one
template, different names and numbers) should give one story per article.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, Protocol

from briefer.schema import Article

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "data" / "stories"
TEMPLATES = STORIES / "templates"
SPLITS = ("dev", "heldout", "fresh")


class _Group(Protocol):
    @property
    def articles(self) -> tuple[Article, ...]: ...


Grouper = Callable[[Sequence[Article]], Sequence[_Group]]


@dataclass(frozen=True)
class Case:
    """One folder of the set: its articles are all rewrites of one event, or all look-alikes."""

    split: str
    kind: str
    """``rewrite`` (one story) or ``lookalike`` (one story per article)."""
    name: str
    articles: tuple[Article, ...]


def read_article(path: Path, source: str) -> Article:
    """An article file of the set: a title line, a blank line, the body."""
    title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return Article(text=body.strip() + "\n", title=title.strip(), source=source)


def load_cases(root: Path = STORIES, splits: Iterable[str] = SPLITS) -> list[Case]:
    """Every case of the given splits, in a stable order."""
    cases = []
    for split in splits:
        for kind in ("lookalike", "rewrite"):
            for folder in sorted((root / split / kind).iterdir()):
                if not folder.is_dir():
                    continue
                articles = tuple(
                    read_article(path, f"{split}/{kind}/{folder.name}/{path.name}")
                    for path in sorted(folder.glob("*.txt"))
                )
                cases.append(Case(split, kind, folder.name, articles))
    return cases


@dataclass(frozen=True)
class PairScore:
    """How a grouping treated the labelled pairs of some cases."""

    rewrites: int
    rewrites_merged: int
    lookalikes: int
    lookalikes_merged: int
    other_pairs: int = 0
    """Pairs of articles from different cases (only when grouped as one day)."""
    other_merged: int = 0
    missed: tuple[str, ...] = ()
    """Rewrite pairs left apart, as ``case: a + b``."""
    wrongly_merged: tuple[str, ...] = ()
    """Look-alike (and cross-case) pairs merged."""

    @property
    def recall(self) -> float:
        return self.rewrites_merged / self.rewrites if self.rewrites else 1.0

    @property
    def precision(self) -> float:
        merged = self.rewrites_merged + self.lookalikes_merged + self.other_merged
        return self.rewrites_merged / merged if merged else 1.0

    @property
    def meets_targets(self) -> bool:
        """No look-alike pair merged and at least 95% of rewrite pairs merged."""
        return self.lookalikes_merged == 0 and self.other_merged == 0 and self.recall >= 0.95


def _story_of(groups: Sequence[_Group]) -> dict[str, int]:
    return {str(a.source): n for n, g in enumerate(groups) for a in g.articles}


def score(group: Grouper, cases: Sequence[Case], *, as_day: bool) -> PairScore:
    """Pairwise counts for ``group`` on ``cases``, case by case or all as one day."""
    story: dict[str, tuple[int, int]] = {}
    if as_day:
        every = [a for case in cases for a in case.articles]
        story = {k: (0, v) for k, v in _story_of(group(every)).items()}
    else:
        for number, case in enumerate(cases):
            story.update({k: (number, v) for k, v in _story_of(group(case.articles)).items()})
    counts = {"rewrite": [0, 0], "lookalike": [0, 0], "other": [0, 0]}
    missed, wrong = [], []
    owner = {str(a.source): case for case in cases for a in case.articles}
    for a, b in combinations(sorted(owner), 2):
        same_case = owner[a] is owner[b]
        if not same_case and not as_day:
            continue
        kind = owner[a].kind if same_case else "other"
        merged = story[a] == story[b]
        counts[kind][0] += 1
        counts[kind][1] += merged
        label = f"{owner[a].name}: {Path(a).stem} + {Path(b).stem}"
        if not same_case:
            label = f"{owner[a].name}/{Path(a).stem} + {owner[b].name}/{Path(b).stem}"
        if kind == "rewrite" and not merged:
            missed.append(label)
        elif kind != "rewrite" and merged:
            wrong.append(label)
    return PairScore(
        rewrites=counts["rewrite"][0],
        rewrites_merged=counts["rewrite"][1],
        lookalikes=counts["lookalike"][0],
        lookalikes_merged=counts["lookalike"][1],
        other_pairs=counts["other"][0],
        other_merged=counts["other"][1],
        missed=tuple(missed),
        wrongly_merged=tuple(wrong),
    )


# ---- one template, many events ---------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def template_day(name: str, count: int, *, seed: int = 11) -> list[Article]:
    """``count`` distinct events written from one template of ``TEMPLATES``.

    Slots are filled at random from the template's ``pools`` (so towns, judges and figures
    repeat across articles, as they would in a real feed), ``compound`` slots join a random
    part from each of their lists ("Brad" + "ford"), and ``people`` slots join a random
    given name and surname from the lists they name. The ``unique`` slots together differ
    for every article, so no two articles are the same event.
    """
    spec: dict[str, Any] = json.loads((TEMPLATES / f"{name}.json").read_text("utf-8"))
    rng = random.Random(f"{name}:{seed}")
    seen: set[tuple[str, ...]] = set()
    out = []
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > count * 1000:
            raise ValueError(f"template {name} cannot make {count} distinct events")
        values = {slot: rng.choice(pool) for slot, pool in spec["pools"].items()}
        for slot, parts in spec.get("compound", {}).items():
            values[slot] = "".join(rng.choice(part) for part in parts)
        for slot, lists in spec.get("people", {}).items():
            values[slot] = " ".join(rng.choice(spec[name]) for name in lists)
        for slot, (low, high) in spec["numbers"].items():
            if isinstance(low, int) and isinstance(high, int):
                values[slot] = str(rng.randint(low, high))
            else:
                values[slot] = f"{rng.uniform(low, high):.2f}"
        key = tuple(values[slot] for slot in spec["unique"])
        if key in seen:
            continue
        seen.add(key)

        def fill(text: str, values: dict[str, str] = values) -> str:
            return _SLOT.sub(lambda m: values[m.group(1)], text)

        title = fill(spec["title"])
        out.append(Article(text=fill(spec["text"]), title=title, source=f"{name}-{len(out):03d}"))
    return out


def template_names() -> list[str]:
    return sorted(path.stem for path in TEMPLATES.glob("*.json"))


# ---- speed -------------------------------------------------------------------------------


def time_grouping(
    group: Grouper, articles: Sequence[Article], *, runs: int = 3
) -> tuple[float, float]:
    """Best of ``runs`` (wall-clock, CPU) seconds for one call of ``group`` on ``articles``.

    Grouping runs in one thread, so its CPU time is what the wall clock shows on an idle
    machine; on a shared one the wall clock also counts time other processes took.
    """
    wall = cpu = float("inf")
    for _ in range(runs):
        fresh = [Article(text=a.text, title=a.title, source=a.source) for a in articles]
        started, started_cpu = time.perf_counter(), time.process_time()
        group(fresh)
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
    return wall, cpu


# ---- the bench section -----------------------------------------------------------------------


@dataclass(frozen=True)
class QualityRow:
    """One grouping on one split, grouped case by case or as one day."""

    grouping: str
    split: str
    as_day: bool
    score: PairScore


@dataclass(frozen=True)
class SpeedRow:
    """One day of articles grouped by the old and the new grouping."""

    name: str
    articles: int
    words: int
    seconds: dict[str, float]
    """Best wall-clock seconds per grouping."""
    cpu: dict[str, float]
    """Best CPU seconds per grouping."""
    stories: dict[str, int]


def groupings() -> dict[str, Grouper]:
    """The old grouping (text similarity, ``bench/stories_v1.py``) and briefer's current one."""
    from bench import stories_v1
    from briefer.brief import group_stories

    return {"old": stories_v1.group_stories, "new": group_stories}


def measure_quality(splits: Sequence[str] = (*SPLITS, "all")) -> list[QualityRow]:
    """Pairwise scores of both groupings on each split, alone and as one day."""
    rows = []
    for split in splits:
        cases = load_cases(splits=SPLITS if split == "all" else (split,))
        for as_day in (False, True):
            for name, group in groupings().items():
                rows.append(QualityRow(name, split, as_day, score(group, cases, as_day=as_day)))
    return rows


def measure_templates(count: int) -> list[tuple[str, int, dict[str, int]]]:
    """(template, articles, stories per grouping) for a generated day of each template."""
    out = []
    for name in template_names():
        articles = template_day(name, min(count, 60) if name == "quarterly_results" else count)
        found = {g: len(group(articles)) for g, group in groupings().items()}
        out.append((name, len(articles), found))
    return out


def measure_speed(count: int, *, runs: int = 3) -> list[SpeedRow]:
    """Seconds to group ``count`` articles, old and new, on three kinds of day."""
    from bench.corpus import distinct_articles, generate_articles

    days = {
        "generated news (bench/corpus.py, 6 topics, shared people)": [
            Article(text=a.text, title=a.title, source=f"g{i}")
            for i, a in enumerate(generate_articles(count, paragraphs=(3, 8)))
        ],
        "one template (court_sentencing)": template_day("court_sentencing", count),
        "unrelated articles (invented words)": [
            Article(text=a.text, title=a.title, source=a.source) for a in distinct_articles(count)
        ],
    }
    rows = []
    for name, articles in days.items():
        timed = {g: time_grouping(group, articles, runs=runs) for g, group in groupings().items()}
        stories = {g: len(group(articles)) for g, group in groupings().items()}
        words = sum(len(a.text.split()) for a in articles)
        seconds = {g: wall for g, (wall, _) in timed.items()}
        cpu = {g: used for g, (_, used) in timed.items()}
        rows.append(SpeedRow(name, len(articles), words, seconds, cpu, stories))
    return rows
