"""How well the offline engine finds who is quoted and who the actors are, on the gold set.

The gold set (tests/data/offline_gold/, see its README) holds news articles in many house
styles, each annotated with the people quoted, their quotations and the actors a reader
would list. Each article goes through the same path as ``briefer summarize --offline``:
read as a text file (headline split off), then :func:`briefer.offline.summarize_offline`.

Scores, per split (``tune``, ``heldout`` and ``fresh``):

- speakers: a listed quoted expert is right when they are a gold speaker (by name, surname or
  alias); precision over the experts listed, recall over the gold speakers;
- quotations: a listed quotation is right when it lies within (or holds) one of that same
  speaker's gold quotations;
- actors: a listed actor is right when it is a gold actor or an optional name; recall over
  the gold actors; a gold actor listed twice counts once as right and once as a repeat.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The splits of the gold set, as the README describes them, then all articles together.
SPLITS = ("tune", "heldout", "fresh", "all")

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "offline_gold" / "articles"


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article."""

    name: str
    split: str
    raw: str
    experts: dict[str, list[str]]
    actors: list[dict[str, object]]
    optional: list[str]
    highlights: list[str]


def load_gold(folder: Path = GOLD) -> list[GoldArticle]:
    """Every annotated article of the gold set, in file order."""
    out = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        out.append(
            GoldArticle(
                name=path.stem,
                split=data["split"],
                raw=path.with_suffix(".txt").read_text("utf-8"),
                experts={e["name"]: list(e["quotes"]) for e in data["experts"]},
                actors=list(data["actors"]),
                optional=list(data.get("optional", [])),
                highlights=list(data.get("highlights", [])),
            )
        )
    return out


def fold(text: str) -> str:
    """Case, accents, quote marks and punctuation folded away, for comparing names and quotes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


_HONORIFICS = frozenset("mr mrs ms dr prof sir dame the".split())


def _words(name: str) -> list[str]:
    # A hyphenated surname is one word: "Rowley-Holt", not "Rowley" and "Holt".
    return [w for w in fold(name.replace("-", "")).split() if w not in _HONORIFICS]


def same_name(found: str, gold: str) -> bool:
    """The same actor: equal, or one name's words end the other's ("Sloan", "Tim Sloan" for
    "Timothy J. Sloan"), or a country's alias."""
    a, b = _words(found), _words(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    from briefer.lexicon import KNOWN

    ka, kb = KNOWN.get(found.strip()), KNOWN.get(gold.strip())
    if ka and kb and ka[0] == kb[0]:
        return True
    if ka and ka[0] == gold.strip() or kb and kb[0] == found.strip():
        return True
    # Same surname, and given names that agree where both have one (Tim / Timothy, initials).
    if a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    return a[0].startswith(b[0][:3]) or b[0].startswith(a[0][:3])


@dataclass
class Counts:
    """Totals over a set of articles."""

    articles: int = 0
    speakers_listed: int = 0
    speakers_right: int = 0
    speakers_gold: int = 0
    speakers_found: int = 0
    quotes_listed: int = 0
    quotes_right: int = 0
    actors_listed: int = 0
    actors_right: int = 0
    actors_gold: int = 0
    actors_found: int = 0
    actor_repeats: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def speaker_precision(self) -> float:
        return self.ratio(self.speakers_right, self.speakers_listed)

    @property
    def speaker_recall(self) -> float:
        return self.ratio(self.speakers_found, self.speakers_gold)

    @property
    def quote_precision(self) -> float:
        return self.ratio(self.quotes_right, self.quotes_listed)

    @property
    def actor_precision(self) -> float:
        return self.ratio(self.actors_right, self.actors_listed)

    @property
    def actor_recall(self) -> float:
        return self.ratio(self.actors_found, self.actors_gold)

    @property
    def kind_accuracy(self) -> float:
        return self.ratio(self.kinds_right, self.actors_found)


def _quote_ok(found: str, golds: Iterable[str]) -> bool:
    f = fold(found)
    return bool(f) and any(f in fold(g) or fold(g) in f for g in golds if fold(g))


def score_article(article: GoldArticle, counts: Counts) -> None:
    """Summarize one article offline and add what it got right and wrong to ``counts``."""
    from briefer.articles import parse_article_text
    from briefer.offline import summarize_offline

    parsed = parse_article_text(article.raw, source=article.name + ".txt")
    summary = summarize_offline(parsed.text, title=parsed.title)
    counts.articles += 1
    counts.speakers_gold += len(article.experts)
    matched: set[str] = set()
    for expert in summary.quoted_experts:
        counts.speakers_listed += 1
        counts.quotes_listed += len(expert.quotes)
        gold = next((g for g in article.experts if same_name(expert.name, g)), None)
        if gold is None or gold in matched:
            counts.misses.append(f"{article.name}: wrong speaker {expert.name!r}")
            continue
        matched.add(gold)
        counts.speakers_right += 1
        counts.speakers_found += 1
        for quote in expert.quotes:
            if _quote_ok(quote, article.experts[gold]):
                counts.quotes_right += 1
            else:
                counts.misses.append(f"{article.name}: quote of {gold} wrong: {quote[:50]!r}")
    for gold in article.experts:
        if gold not in matched:
            counts.misses.append(f"{article.name}: missed speaker {gold!r}")
    counts.actors_gold += len(article.actors)
    seen: set[str] = set()
    for actor in summary.actors:
        counts.actors_listed += 1
        hit = next(
            (
                a
                for a in article.actors
                if any(
                    same_name(actor.name, str(n))
                    for n in [a["name"], *list(a.get("aliases", []))]  # type: ignore[call-overload]
                )
            ),
            None,
        )
        if hit is None:
            if any(same_name(actor.name, o) for o in article.optional):
                counts.actors_right += 1
            else:
                counts.misses.append(f"{article.name}: wrong actor {actor.name!r} ({actor.kind})")
            continue
        key = str(hit["name"])
        if key in seen:
            counts.actor_repeats += 1
            counts.misses.append(f"{article.name}: actor listed again {actor.name!r}")
            continue
        seen.add(key)
        counts.actors_right += 1
        counts.actors_found += 1
        if actor.kind == hit["kind"]:
            counts.kinds_right += 1
        else:
            counts.misses.append(f"{article.name}: kind of {key!r} {actor.kind} not {hit['kind']}")
    for a in article.actors:
        if str(a["name"]) not in seen:
            counts.misses.append(f"{article.name}: missed actor {a['name']!r}")


def score(articles: list[GoldArticle]) -> dict[str, Counts]:
    """Counts per split, and for all articles together (key ``all``)."""
    out: dict[str, Counts] = {}
    for article in articles:
        for key in (article.split, "all"):
            out.setdefault(key, Counts())
        score_article(article, out[article.split])
    total = Counts()
    for key, c in out.items():
        if key == "all":
            continue
        for name in vars(total):
            if name == "misses":
                total.misses += c.misses
            else:
                setattr(total, name, getattr(total, name) + getattr(c, name))
    out["all"] = total
    return out


def section(quick: bool = False) -> tuple[str, list[str]]:
    """The ``make bench`` section: a table per split, and the verdicts on the targets."""
    del quick  # the gold set is small: the quick run scores all of it too
    results = score(load_gold())
    rows = []
    for key in SPLITS:
        c = results.get(key)
        if c is None:
            continue
        rows.append(
            "| "
            + " | ".join(
                [
                    key,
                    str(c.articles),
                    str(c.speakers_gold),
                    f"{c.speaker_precision:.2f}",
                    f"{c.speaker_recall:.2f}",
                    f"{c.quote_precision:.2f}",
                    str(c.actors_gold),
                    f"{c.actor_precision:.2f}",
                    f"{c.actor_recall:.2f}",
                    str(c.actor_repeats),
                    f"{c.kind_accuracy:.2f}",
                ]
            )
            + " |"
        )
    notes = []
    for key in SPLITS:
        c = results.get(key)
        if c is None:
            continue
        ok = c.speaker_precision >= 0.9 and c.speaker_recall >= 0.9
        notes.append(
            f"- offline quality, {key} ({c.articles} articles): speakers precision "
            f"{c.speaker_precision:.2f}, recall {c.speaker_recall:.2f} (target >= 0.9: "
            f"{'**met**' if ok else '**missed**'}); actors listed twice: {c.actor_repeats} "
            f"(target 0: {'**met**' if c.actor_repeats == 0 else '**missed**'})."
        )
    header = (
        "| split | articles | gold speakers | speaker P | speaker R | quotes P | gold actors "
        "| actor P | actor R | actors listed twice | kinds right |"
    )
    text = "\n".join(
        [
            "The gold set `tests/data/offline_gold/` (see its README): news articles in many "
            "house styles, each read as `briefer summarize --offline` reads a text file, "
            "then scored against hand annotations. *tune*: the articles looked at while the "
            "engine was improved; *heldout*: written and annotated at the same time, never "
            "looked at one by one; *fresh*: written later in styles the first two splits "
            "lack, annotated before the engine was run on them. A listed speaker is right "
            "when the gold has them (by name, surname or alias); a quotation when it lies "
            "within one of that speaker's gold quotations; an actor when the gold lists it "
            "or names it as optional (places, outlets). "
            "`.venv/bin/python bench/offline_quality.py tune` prints every miss.",
            "",
            header,
            "|" + "|".join(" --- " for _ in range(11)) + "|",
            *rows,
            "",
            *notes,
        ]
    )
    return text, notes


if __name__ == "__main__":
    import sys

    splits = sys.argv[1:] or ["tune"]
    results = score([a for a in load_gold() if a.split in splits])
    for key, c in results.items():
        print(
            f"{key}: {c.articles} articles; speakers P {c.speaker_precision:.2f} "
            f"R {c.speaker_recall:.2f}; quotes P {c.quote_precision:.2f}; actors P "
            f"{c.actor_precision:.2f} R {c.actor_recall:.2f}, repeats {c.actor_repeats}, "
            f"kinds {c.kind_accuracy:.2f}"
        )
    if "-v" in sys.argv or len(splits) == 1:
        print("\n".join(results["all"].misses))
