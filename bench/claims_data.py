"""Build the claim-verification benchmark: tests/data/claims/cases.jsonl.

    .venv/bin/python bench/claims_data.py          # rewrites cases.jsonl from the articles

Every case is a claim about one article and the class it belongs to. The article's own
sentences and the perturbations are made here, by code, from the articles' sentences (a fixed
seed, so the file is the same on every run); the faithful rewrites, and the fabricated quotes
that are written rather than derived, come from ``tests/data/claims/hand.jsonl``, written by
hand. Each perturbation keeps the sentence it came from (``source``), so a reader can check
it by eye. The generator knows nothing of how grounding works: it edits text.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from briefer.lexicon import GIVEN_NAMES, PLACES, read_lines  # noqa: E402
from briefer.text import split_sentences  # noqa: E402

DATA = REPO / "tests" / "data"
CLAIMS = DATA / "claims"
CASES = CLAIMS / "cases.jsonl"
HAND = CLAIMS / "hand.jsonl"

FALSE_CLASSES = (
    "name_swap",
    "inserted_not",
    "number_change",
    "date_place_change",
    "hedge_removal",
    "role_swap",
    "wrong_speaker",
    "fabricated_quote",
    "other_article",
    "added_clause",
)
TRUE_CLASSES = ("own_sentence", "faithful_rewrite")
CLASSES = TRUE_CLASSES + FALSE_CLASSES

# Copies of another article (same story, same words) add nothing.
_SKIP = {"library_reopens_copy.txt", "storm_warning_reflowed.txt", "expected.json"}
_COUNTRIES = [line.split("|")[0] for line in read_lines("countries.txt")]
_PEOPLE = [
    "Marta Kowalski", "James Okafor", "Sofia Lindgren", "Daniel Mbeki", "Helena Novak",
    "Rafael Ortega", "Anika Sharma", "Thomas Whitfield", "Yusuf Demir", "Claire Dubois",
]  # fmt: skip
_COMPANIES = [
    "Brightwater Holdings", "Castellan Group", "Norland Energy", "Vantage Motors",
    "Redcliffe Bank", "Orion Logistics", "Harbourline Shipping", "Meridian Foods",
]  # fmt: skip
_NOT_SURNAMES = set(
    "Space Telescope Street Road Park Semiconductor Capital Research Institute Bank Group "
    "University Center Centre Hospital Council Court".split()
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve".split()
_COMPANY = re.compile(
    r"\b[A-Z][a-z]+(?: (?:&|and) Co| [A-Z][a-z]+)* (?:Bank|Group|Motor Corporation|Robotics|"
    r"Capital|Research|Maritime|Institute)\b"
)
_AUX = re.compile(
    r"\b(is|are|was|were|will|would|can|could|has|have|had|should|may|might|must|did|does)"
    r"\b(?! not\b| never\b|n't)"
)
_NAME = re.compile(r"\b[A-Z][a-z'\u2019\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\u2019\-]+)+")
_QUOTE_SAID = re.compile(
    r"\u201c([^\u201d]{25,}?)[,.]?\u201d,? (?:said|says) ((?:[A-Z][\w.\-]*\s?){1,3}\b)"
    r"|\u201c([^\u201d]{25,}?)[,.]?\u201d,? ((?:[A-Z][\w.\-]*\s?){1,3})(?:said|says)\b"
    r"|\"([^\"]{25,}?)[,.]?\",? (?:said|says) ((?:[A-Z][\w.\-]*\s?){1,3}\b)"
    r"|\"([^\"]{25,}?)[,.]?\",? ((?:[A-Z][\w.\-]*\s?){1,3})(?:said|says)\b"
)
_HEDGE = re.compile(r"\b(could|may|might|would|is expected to|are expected to|is likely to)\s+")
_REPORTING = r"(?:said|says|noted|added|warned|argued|told reporters|estimated)"
_ATTRIBUTED_END = re.compile(
    rf",\s+(?:[^,\u201c\u201d\"]{{2,60}}?)\s+{_REPORTING}(?:\s+on\s+\w+)?\.$"
)
# What still hedges or attributes a sentence after the edit: such a case is no removal.
_STILL_HEDGED = re.compile(
    r"\b(said|says|saying|repeating|according|told|noted|added|warned|argued|expects?|"
    r"expected|believes?|estimated|likely|unlikely|probably|possibly|reportedly|allegedly|"
    r"could|may|might|would|suggest\w*|predict\w*|forecast\w*|plans?)\b"
)
_ATTRIBUTED_START = re.compile(
    r"^((?:[A-Z][\w'\u2019\-]*\s+){1,5}?(?:[\w'\u2019\-]+\s+){0,3}?)"
    r"(?:said|says|told reporters)\s+(?:on \w+\s+)?(?:that\s+)?"
)
_ACCORDING = re.compile(r"^According to [^,]+,\s*|,\s*according to [^,]+\.$")


@dataclass(frozen=True)
class ArticleFile:
    id: str
    path: str
    text: str
    story: str
    split: str


def articles() -> list[ArticleFile]:
    """Every article the benchmark draws on, with the story it belongs to."""
    groups = json.loads((DATA / "articles_brief_groups.json").read_text())["groups"]
    story_of = {name: group[0] for group in groups for name in group}
    found = []
    for folder, split in (
        ("articles_brief", "dev"),
        ("articles", "dev"),
        ("claims/articles", "dev"),
        ("claims/held_out", "held_out"),
    ):
        for path in sorted((DATA / folder).glob("*.txt")):
            if path.name in _SKIP:
                continue
            rel = path.relative_to(DATA).as_posix()
            found.append(
                ArticleFile(
                    id=path.stem,
                    path=rel,
                    text=path.read_text(encoding="utf-8"),
                    story=story_of.get(path.name, rel),
                    split=split,
                )
            )
    return found


def _sentences(text: str) -> list[str]:
    """Sentences worth making claims of: whole sentences of eight words or more."""
    out = []
    for s in split_sentences(text):
        words = s.text.split()
        if len(words) >= 8 and s.text[-1] in '.\u201d"?!' and "(AP)" not in s.text:
            out.append(s.text)
    return out


def _unquoted(sentence: str) -> bool:
    return not re.search('[\u201c\u201d"]', sentence)


# ---- perturbations ---------------------------------------------------------------------------


def _names(text: str) -> list[str]:
    """People the article names in full (a given name from the list, then a surname)."""
    found = []
    for match in _NAME.finditer(text):
        words = match.group().split()
        while words and words[0] not in GIVEN_NAMES:
            words.pop(0)
        words = words[:3] if len(words) > 2 and re.fullmatch(r"[A-Z]\.", words[1]) else words[:2]
        while words and words[-1] in _NOT_SURNAMES:
            words.pop()
        if len(words) >= 2 and " ".join(words) not in found:
            found.append(" ".join(words))
    return found


def name_swap(art: ArticleFile, rng: random.Random, _others: list[ArticleFile]) -> Iterator[dict]:
    article_people = _names(art.text)
    for sentence in rng.sample(_sentences(art.text), k=len(_sentences(art.text))):
        if not _unquoted(sentence):
            continue
        countries = [c for c in _COUNTRIES if re.search(rf"\b{re.escape(c)}\b", sentence)]
        if countries:
            old = countries[0]
            pool = [c for c in _COUNTRIES[:60] if c not in art.text]
            new = rng.choice(pool)
            yield _case(art, "name_swap", sentence.replace(old, new, 1), sentence, f"{old}->{new}")
            return
        people = [p for p in article_people if p in sentence]
        if people:
            old = people[0]
            same = [p for p in article_people if p != old and p.split()[-1] not in old]
            new = rng.choice(same) if same and rng.random() < 0.5 else rng.choice(_PEOPLE)
            claim = sentence.replace(old, new, 1)
            # A later surname-only mention of the same person follows the swap.
            claim = re.sub(rf"\b{re.escape(old.split()[-1])}\b", new.split()[-1], claim)
            yield _case(art, "name_swap", claim, sentence, f"{old}->{new}")
            return
        companies = [m.group() for m in _COMPANY.finditer(sentence)]
        if companies:
            old = companies[0]
            new = rng.choice(_COMPANIES)
            yield _case(art, "name_swap", sentence.replace(old, new, 1), sentence, f"{old}->{new}")
            return


def inserted_not(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    pool = [s for s in _sentences(art.text) if _unquoted(s)]
    for sentence in rng.sample(pool, k=len(pool)):
        match = _AUX.search(sentence)
        if match:
            claim = sentence[: match.end()] + " not" + sentence[match.end() :]
            yield _case(art, "inserted_not", claim, sentence, f'"not" after "{match.group()}"')
            return


def number_change(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    pool = _sentences(art.text)
    for sentence in rng.sample(pool, k=len(pool)):
        numbers = [
            m
            for m in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])", sentence)
            if not re.fullmatch(r"(18|19|20)\d\d", m.group())
        ]
        if numbers:
            m = rng.choice(numbers)
            yield _case(
                art,
                "number_change",
                _replace(sentence, m, _other_number(m.group(), rng)),
                sentence,
                m.group(),
            )
            return
        words = [
            m for m in re.finditer(rf"\b({'|'.join(_NUMBER_WORDS)})\b", sentence, re.IGNORECASE)
        ]
        if words:
            m = words[0]
            new = rng.choice([w for w in _NUMBER_WORDS if w != m.group().lower()])
            if m.group()[0].isupper():
                new = new.capitalize()
            yield _case(art, "number_change", _replace(sentence, m, new), sentence, m.group())
            return


def _other_number(text: str, rng: random.Random) -> str:
    if "." in text and "," not in text:
        whole, frac = text.split(".")
        return f"{whole}.{(int(frac) + rng.randint(1, 8)) % 10 ** len(frac):0{len(frac)}d}"
    value = int(text.replace(",", ""))
    new = value
    while new == value:
        new = (
            value + rng.choice([1, 2, 3, 5, 10])
            if value < 20
            else round(value * rng.choice([0.5, 0.75, 1.5, 2]))
        )
    return f"{new:,}" if "," in text else str(new)


def _replace(sentence: str, match: re.Match[str], new: str) -> str:
    return sentence[: match.start()] + new + sentence[match.end() :]


def date_place_change(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    pool = _sentences(art.text)
    places = sorted(PLACES | {"Odesa", "Mykolaiv", "Frankfurt", "Fresno", "Nagoya", "Edinburgh"})
    for sentence in rng.sample(pool, k=len(pool)):
        for name in _WEEKDAYS:
            if re.search(rf"\b{name}\b", sentence):
                new = rng.choice([d for d in _WEEKDAYS if d != name])
                yield _case(
                    art,
                    "date_place_change",
                    sentence.replace(name, new, 1),
                    sentence,
                    f"{name}->{new}",
                )
                return
        for name in _MONTHS:
            if re.search(rf"\b{name}\b", sentence) and not (
                name == "May" and "May" not in sentence[1:]
            ):
                new = rng.choice([d for d in _MONTHS if d != name])
                yield _case(
                    art,
                    "date_place_change",
                    sentence.replace(name, new, 1),
                    sentence,
                    f"{name}->{new}",
                )
                return
        year = re.search(r"\b(19|20)\d\d\b", sentence)
        if year:
            new = str(int(year.group()) + rng.choice([-3, -2, -1, 1, 2]))
            yield _case(
                art,
                "date_place_change",
                _replace(sentence, year, new),
                sentence,
                f"{year.group()}->{new}",
            )
            return
        for name in places:
            if re.search(rf"\b{re.escape(name)}\b", sentence):
                new = rng.choice([p for p in places if p not in art.text])
                yield _case(
                    art,
                    "date_place_change",
                    sentence.replace(name, new, 1),
                    sentence,
                    f"{name}->{new}",
                )
                return


def hedge_removal(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    pool = _sentences(art.text)
    for sentence in rng.sample(pool, k=len(pool)):
        if not _unquoted(sentence):
            continue
        claim = sentence
        hedge = _HEDGE.search(claim)
        if hedge and "would have" not in claim:
            claim = claim[: hedge.start()] + "will " + claim[hedge.end() :]
        claim = _ATTRIBUTED_START.sub("", claim, count=1)
        claim = _ATTRIBUTED_END.sub(".", claim)
        claim = _ACCORDING.sub(lambda m: "." if m.group().endswith(".") else "", claim).strip()
        claim = _capital(re.sub(r"\s+", " ", claim))
        if claim != sentence and not _STILL_HEDGED.search(claim) and len(claim.split()) >= 6:
            change = hedge.group().strip() if hedge else "attribution"
            yield _case(art, "hedge_removal", claim, sentence, change)
            return


def _capital(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _quotes(art: ArticleFile) -> list[tuple[str, str]]:
    found = []
    for m in _QUOTE_SAID.finditer(art.text):
        groups = [g for g in m.groups() if g is not None]
        quote, speaker = groups[0].strip(), groups[1].strip()
        full = [p for p in _names(art.text) if p.split()[-1] in speaker.split()]
        if not full:
            continue
        found.append((quote, full[0]))
    return found


def wrong_speaker(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    people = _names(art.text)
    for quote, speaker in _quotes(art):
        others = [
            p for p in people if p.split()[-1] not in speaker and speaker.split()[-1] not in p
        ]
        if others:
            other = rng.choice(others)
            form = rng.choice([f'{other} said: "{quote}."', f'"{quote}," said {other}.'])
            yield _case(art, "wrong_speaker", form, f"{speaker}: {quote}", f"{speaker}->{other}")
            return


def fabricated_quote(
    art: ArticleFile, rng: random.Random, others: list[ArticleFile]
) -> Iterator[dict]:
    quotes = _quotes(art)
    if not quotes:
        return
    quote, speaker = rng.choice(quotes)
    # A quote from another story, put in this speaker's mouth.
    foreign = [q for o in others for q, _ in _quotes(o)]
    if foreign:
        words = rng.choice(foreign)
        yield _case(
            art,
            "fabricated_quote",
            f'{speaker} said: "{words}."',
            None,
            "quote from another article",
        )
    # The speaker's own quotation with one word changed: a quote must be the exact words.
    for quote, speaker in quotes:
        aux = _AUX.search(quote)
        if aux:
            altered = quote[: aux.end()] + " not" + quote[aux.end() :]
            yield _case(
                art,
                "fabricated_quote",
                f'"{altered}," {speaker} said.',
                f"{speaker}: {quote}",
                '"not" inside the quote',
            )
            return


def other_article(
    art: ArticleFile, rng: random.Random, others: list[ArticleFile]
) -> Iterator[dict]:
    other = rng.choice(others)
    sentence = rng.choice(_sentences(other.text))
    yield _case(art, "other_article", sentence, None, other.id)


_CLAUSE_START = re.compile(r"^(?:The|A|An|Its|Their|Some|Many|Most|More|Two|Three|Four|Five)\b")


def added_clause(art: ArticleFile, rng: random.Random, others: list[ArticleFile]) -> Iterator[dict]:
    """A true sentence of the article with a clause of another story joined on by "and"."""
    pool = [s for s in _sentences(art.text) if _unquoted(s) and s.endswith(".")]
    other = rng.choice(others)
    clauses = [
        s[:-1]
        for s in _sentences(other.text)
        if _unquoted(s) and s.endswith(".") and len(s.split()) <= 16 and _CLAUSE_START.match(s)
    ]
    if not pool or not clauses:
        return
    sentence, clause = rng.choice(pool), rng.choice(clauses)
    joined = f"{sentence[:-1]}, and {clause[0].lower()}{clause[1:]}."
    yield _case(art, "added_clause", joined, sentence, f"and-clause from {other.id}")


def own_sentences(art: ArticleFile, rng: random.Random) -> Iterator[dict]:
    pool = _sentences(art.text)
    for sentence in rng.sample(pool, k=min(2, len(pool))):
        yield _case(art, "own_sentence", sentence, sentence, "")


def _case(art: ArticleFile, kind: str, claim: str, source: str | None, change: str) -> dict:
    return {
        "article": art.path,
        "class": kind,
        "claim": claim,
        "source": source,
        "change": change,
        "how": "code",
        "split": art.split,
    }


def build() -> list[dict]:
    arts = articles()
    cases: list[dict] = []
    for art in arts:
        rng = random.Random(f"claims:{art.id}")
        others = [o for o in arts if o.story != art.story]
        for make in (
            own_sentences,
            inserted_not,
            number_change,
            date_place_change,
            hedge_removal,
            wrong_speaker,
        ):
            cases.extend(make(art, rng))  # type: ignore[operator]
        for make2 in (name_swap, fabricated_quote, other_article):
            cases.extend(make2(art, rng, others))  # type: ignore[operator]
    by_path = {a.path: a for a in arts}
    for line in HAND.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            case.setdefault("how", "hand")
            case.setdefault("source", None)
            case.setdefault("change", "")
            case["split"] = by_path[case["article"]].split
            cases.append(case)
    # Drawn last, so the cases above keep the numbers they had before this class was added.
    for art in arts:
        rng = random.Random(f"claims:added:{art.id}")
        cases.extend(added_clause(art, rng, [o for o in arts if o.story != art.story]))
    for number, case in enumerate(cases, 1):
        case["id"] = number
    return cases


def main() -> int:
    cases = build()
    CASES.write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8"
    )
    counts: dict[str, int] = {}
    for c in cases:
        counts[c["class"]] = counts.get(c["class"], 0) + 1
    print(f"wrote {len(cases)} cases to {CASES.relative_to(REPO)}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
