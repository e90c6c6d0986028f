"""How much of the news the offline engine's key claims and lede carry, by ROUGE.

Every article of the gold set (tests/data/offline_gold/) has three highlights written with
it, before the engine was run on it. Each selection below is scored against them with ROUGE
F1 (the ``rouge-score`` package, Porter stemming): ROUGE-1 and ROUGE-2 on the texts, ROUGE-L
at summary level (``rougeLsum``, one sentence a line). Side by side, over the same sentences
(the article as ``briefer summarize --offline`` reads it, split by
``briefer.text.split_sentences``):

- lead-3: the first three sentences, the classic baseline for news;
- TextRank (Mihalcea and Tarau, 2004): the three most central sentences of a graph whose
  edges weigh the words two sentences share, normalized by the logarithms of their lengths,
  ranked by PageRank (damping 0.85), implemented here;
- briefer's first three key claims, its lede, and its lede with the first two claims (the
  first three items a reader of a summary sees: the key claims never repeat the lede, so the
  article's first sentence is the lede's, not a claim's).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from bench.offline_quality import GoldArticle, load_gold

SELECTIONS = (
    "lead-3",
    "TextRank (3 sentences)",
    "briefer key claims (first 3)",
    "briefer lede",
    "briefer lede + first 2 key claims",
)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an the and or but of to in on at for with by from as is are was were be been has have
    had it its this that these those he she they his her their said says will would could may
    might not no than then there which who whom what when where why how all any some""".split()
)


@dataclass
class Scores:
    """Mean ROUGE F1 (percent) and words of one selection over a set of articles."""

    r1: list[float] = field(default_factory=list)
    r2: list[float] = field(default_factory=list)
    rl: list[float] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    """Sentences or claims in each selection (for words per claim)."""

    def add(self, scored: dict[str, Any], sentences: list[str]) -> None:
        self.r1.append(100 * scored["rouge1"].fmeasure)
        self.r2.append(100 * scored["rouge2"].fmeasure)
        self.rl.append(100 * scored["rougeLsum"].fmeasure)
        self.words.append(sum(len(s.split()) for s in sentences))
        self.units.append(len(sentences))

    @staticmethod
    def mean(values: list[float] | list[int]) -> float:
        return sum(values) / len(values) if values else 0.0

    @property
    def words_per_unit(self) -> float:
        return sum(self.words) / max(sum(self.units), 1)


def lead(sentences: list[str], n: int = 3) -> list[str]:
    """The first ``n`` sentences."""
    return sentences[:n]


def textrank(sentences: list[str], n: int = 3) -> list[str]:
    """The ``n`` most central sentences by TextRank (Mihalcea and Tarau 2004), in rank order."""
    words = [{w for w in _WORD.findall(s.lower()) if w not in _STOP} for s in sentences]
    size = len(sentences)
    weights = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            shared = len(words[i] & words[j])
            if shared and len(words[i]) > 1 and len(words[j]) > 1:
                w = shared / (math.log(len(words[i])) + math.log(len(words[j])))
                weights[i][j] = weights[j][i] = w
    totals = [sum(row) for row in weights]
    scores = [1.0] * size
    for _ in range(50):
        scores = [
            0.15
            + 0.85
            * sum(weights[j][i] / totals[j] * scores[j] for j in range(size) if weights[j][i])
            for i in range(size)
        ]
    order = sorted(range(size), key=lambda i: (-scores[i], i))
    return [sentences[i] for i in order[:n]]


def selections(article: GoldArticle) -> dict[str, list[str]]:
    """Each selection's sentences for one article."""
    from briefer.articles import parse_article_text
    from briefer.offline import summarize_offline
    from briefer.text import split_sentences

    parsed = parse_article_text(article.raw, source=article.name + ".txt")
    sentences = [s.text for s in split_sentences(parsed.text)]
    summary = summarize_offline(parsed.text, title=parsed.title)
    return {
        SELECTIONS[0]: lead(sentences),
        SELECTIONS[1]: textrank(sentences),
        SELECTIONS[2]: [c.text for c in summary.key_claims[:3]],
        SELECTIONS[3]: [s.text for s in split_sentences(summary.lede)],
        SELECTIONS[4]: [summary.lede, *(c.text for c in summary.key_claims[:2])],
    }


def score(articles: list[GoldArticle]) -> dict[str, dict[str, Scores]]:
    """Scores per split (``tune``, ``heldout``, ``fresh``, ``all``) and selection."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    out: dict[str, dict[str, Scores]] = {}
    for article in articles:
        reference = "\n".join(article.highlights)
        for name, chosen in selections(article).items():
            scored = scorer.score(reference, "\n".join(chosen))
            for key in (article.split, "all"):
                out.setdefault(key, {}).setdefault(name, Scores()).add(scored, chosen)
    return out


def section(quick: bool = False) -> tuple[str, list[str]]:
    """The ``make bench`` section: one table per split, and the verdict on the target."""
    del quick  # 57 short articles take a second or two
    try:
        results = score([a for a in load_gold() if a.highlights])
    except ImportError:
        return "rouge-score is not installed: pip install -r bench/requirements.txt", []
    lines = [
        "ROUGE F1 (percent, `rouge-score` with Porter stemming; ROUGE-L at summary level, "
        "`rougeLsum`) of each selection against the three highlights written with each "
        "article of `tests/data/offline_gold/` (before the engine was run on it). Every "
        "selection comes from the same sentences: the article as `briefer summarize "
        "--offline` reads it (headline off), split by `briefer.text.split_sentences`. "
        "TextRank (Mihalcea and Tarau 2004) is implemented in `bench/rouge_claims.py`. "
        "*tune*: articles looked at while the ranking was improved; *heldout* and *fresh*: "
        "not.",
    ]
    notes: list[str] = []
    for key in ("tune", "heldout", "fresh", "all"):
        if key not in results:
            continue
        rows = []
        for name in SELECTIONS:
            s = results[key][name]
            rows.append(
                f"| {name} | {s.mean(s.r1):.1f} | {s.mean(s.r2):.1f} | {s.mean(s.rl):.1f} "
                f"| {s.mean(s.words):.0f} | {s.words_per_unit:.1f} |"
            )
        count = len(results[key][SELECTIONS[0]].r1)
        lines += [
            "",
            f"**{key}** ({count} articles)",
            "",
            "| selection | ROUGE-1 | ROUGE-2 | ROUGE-L | words | words per sentence or claim |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
        ]
        base, ours = results[key][SELECTIONS[0]], results[key][SELECTIONS[2]]
        ok = (
            ours.mean(ours.r1) >= base.mean(base.r1)
            and ours.mean(ours.r2) >= base.mean(base.r2)
            and ours.words_per_unit < base.words_per_unit
        )
        notes.append(
            f"- key claims vs lead-3, {key} ({count} articles): ROUGE-1 {ours.mean(ours.r1):.1f} "
            f"vs {base.mean(base.r1):.1f}, ROUGE-2 {ours.mean(ours.r2):.1f} vs "
            f"{base.mean(base.r2):.1f}, {ours.words_per_unit:.1f} vs "
            f"{base.words_per_unit:.1f} words per claim (target: at least lead-3 with fewer "
            f"words: {'**met**' if ok else '**missed**'})."
        )
        both = results[key][SELECTIONS[4]]
        notes.append(
            f"- lede + first two key claims vs lead-3, {key}: ROUGE-1 {both.mean(both.r1):.1f} "
            f"vs {base.mean(base.r1):.1f}, ROUGE-2 {both.mean(both.r2):.1f} vs "
            f"{base.mean(base.r2):.1f}, {both.words_per_unit:.1f} vs "
            f"{base.words_per_unit:.1f} words per item."
        )
    lines += ["", *notes]
    return "\n".join(lines), notes


if __name__ == "__main__":
    text, _ = section()
    print(text)
