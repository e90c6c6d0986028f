"""Continuity: what changed since the previous brief (``since=``), story by story.

Every story carries a **key** that the next day's brief gives back to the story that continues
it, and **terms** it is recognized by: the names it mentions (its actors, and the capitalized
names of its title and lede) and its content words. A story of today continues one of the
previous brief when they share an article (id or URL), or when their terms are close enough:

    similarity = 0.5 x overlap(names) + 0.5 x cosine(content words)

where overlap is shared names over the smaller set. Pairs at or above ``MATCH_THRESHOLD`` are
matched best first, one to one, so a story told by other outlets the next day keeps its key.

A continued story is **updated** when it has claims the previous version did not support
(grounding, as for the per-source view), quotations it did not have, or figures that changed
(the discrepancy detector run between the two versions: "12 dead" then "15 dead");
otherwise it is **continuing**. Stories of the previous brief that nothing continues are
listed as dropped.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from briefer.brief._discrepancies import article_discrepancies
from briefer.brief._sources import carried_claims
from briefer.names import name_key
from briefer.schema import (
    Article,
    Continuity,
    DailyBrief,
    NumberChange,
    QuoteChange,
    Story,
    StoryChanges,
    StoryLink,
)
from briefer.text import find_normalized, normalize
from briefer.words import MONTH_NAMES, STORY_STOPWORDS, fold_plural

__all__ = ["MATCH_THRESHOLD", "apply_since", "story_key", "story_terms", "text_terms"]

MATCH_THRESHOLD = 0.3
"""Similarity at or above which a story continues one of the previous brief."""
_MAX_TERMS = 48

_WORD = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*")
_NAME = re.compile(r"(?<![\w'])[A-Z][\w'\u2019-]+(?:\s+(?:of\s+|the\s+)?[A-Z][\w'\u2019-]+)*")
_SLUG_WORDS = 6
_MONTHS = frozenset(MONTH_NAMES)
# A key from a previous brief is kept only in the form briefer makes: it becomes a link target.
_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,95}")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def story_key(title: str, lead_id: str, taken: Iterable[str] = ()) -> str:
    """A new story's key: a few words of its title and a hash of its lead article (unique)."""
    words = [w for w in re.findall(r"[a-z0-9]+", _fold(title)) if w not in STORY_STOPWORDS]
    slug = "-".join(words[:_SLUG_WORDS])[:48].strip("-") or "story"
    digest = hashlib.sha256(lead_id.encode("utf-8")).hexdigest()[:6]
    key = f"{slug}-{digest}"
    used = set(taken)
    n = 2
    while key in used:
        key, n = f"{slug}-{digest}-{n}", n + 1
    return key


def story_terms(story: Story) -> list[str]:
    """The names (``n:``) and content words (``w:``) the next brief recognizes ``story`` by."""
    summary = story.summary
    return text_terms(
        [story.title, story.title, summary.lede, *(c.text for c in summary.key_claims)],
        [a.name for a in summary.actors],
    )


def text_terms(texts: Sequence[str], names: Iterable[str] = ()) -> list[str]:
    """Terms of a story from its texts (the first two searched for names) and known names."""
    found = {name_key(n) for n in names}
    for text in texts[:3]:
        for match in _NAME.finditer(text):
            if " " in match.group() or match.start() > 0:
                found.add(name_key(match.group()))
    found.discard("")
    # Days and months are capitalized but name nothing a story is about.
    names = {n for n in found if n not in STORY_STOPWORDS and n not in _MONTHS}
    words: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(_fold(text)):
            if word not in STORY_STOPWORDS and len(word) > 2 and not word.isdigit():
                words[fold_plural(word)] += 1
    common = [w for w, _ in words.most_common(_MAX_TERMS - min(len(names), _MAX_TERMS // 2))]
    return sorted(f"n:{n}" for n in names)[: _MAX_TERMS // 2] + sorted(f"w:{w}" for w in common)


def _similarity(a: list[str], b: list[str]) -> float:
    names_a = {t for t in a if t.startswith("n:")}
    names_b = {t for t in b if t.startswith("n:")}
    words_a = {t for t in a if t.startswith("w:")}
    words_b = {t for t in b if t.startswith("w:")}
    names = len(names_a & names_b) / min(len(names_a), len(names_b)) if names_a and names_b else 0
    words = (
        len(words_a & words_b) / math.sqrt(len(words_a) * len(words_b))
        if words_a and words_b
        else 0.0
    )
    return 0.5 * names + 0.5 * words


def _source_keys(story: Story | StoryLink) -> set[str]:
    return {s.article_id for s in story.sources if s.article_id} | {
        s.url for s in story.sources if s.url
    }


def _matches(
    today: Sequence[Story | StoryLink], before: Sequence[Story]
) -> tuple[dict[int, int], set[int]]:
    """Today's index -> the previous brief's index it continues, best pairs first (one to
    one); and every previous story some story of today continues (two of yesterday's stories
    that became one count as continued, though only one passes its key on)."""
    terms_today = [t.terms for t in today]
    terms_before = [b.terms or story_terms(b) for b in before]
    scored = []
    for i, story in enumerate(today):
        keys = _source_keys(story)
        for j, old in enumerate(before):
            score = (
                2.0 if keys & _source_keys(old) else _similarity(terms_today[i], terms_before[j])
            )
            if score >= MATCH_THRESHOLD:
                scored.append((score, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs, {j for _, _, j in scored}


def _story_text(story: Story) -> str:
    summary = story.summary
    return "\n\n".join([summary.lede, *(c.text for c in summary.key_claims)])


def _changes(story: Story, old: Story) -> StoryChanges:
    before_text = (
        _story_text(old)
        + "\n\n"
        + "\n\n".join(q for e in old.summary.quoted_experts for q in e.quotes)
    )
    claims = [c.text for c in story.summary.key_claims]
    known = carried_claims(claims, Article(text=before_text or " "))
    old_quotes = normalize(" \n ".join(q for e in old.summary.quoted_experts for q in e.quotes))
    new_quotes = [
        QuoteChange(name=e.name, quote=q)
        for e in story.summary.quoted_experts
        for q in e.quotes
        if find_normalized(q, old_quotes) is None
    ]
    changed = []
    found = article_discrepancies(
        Article(text=_story_text(old) or " ", id="before"),
        Article(text=_story_text(story) or " ", id="after"),
        strict=True,
    )
    for item in found:
        if item.kind != "number":
            continue
        before = next((s.value for s in item.statements if s.source.article_id == "before"), "")
        after = next((s.value for s in item.statements if s.source.article_id == "after"), "")
        if before and after:
            changed.append(NumberChange(about=item.about, before=before, after=after))
    old_sources = _source_keys(old)
    return StoryChanges(
        new_claims=[c for c, seen in zip(claims, known, strict=True) if not seen],
        new_quotes=new_quotes,
        changed_numbers=changed,
        new_sources=[s for s in story.sources if not ({s.article_id, s.url or ""} & old_sources)],
        previous_title=old.title if old.title != story.title else None,
    )


def _link(story: Story) -> StoryLink:
    return StoryLink(
        key=story.key,
        title=story.title,
        section=story.section,
        sources=story.sources,
        terms=story.terms or story_terms(story),
    )


def apply_since(
    stories: list[Story], more: list[StoryLink], previous: DailyBrief
) -> tuple[list[Story], list[StoryLink], Continuity]:
    """Today's stories marked new, updated or continuing (keys carried over), and what dropped.

    ``more`` (stories left out of today's brief) keep the keys of stories they continue and
    do not count as dropped.
    """
    today: list[Story | StoryLink] = [*stories, *more]
    pairs, continued = _matches(today, previous.stories)
    marked: list[Story] = []
    counts: Counter[str] = Counter()
    for i, story in enumerate(stories):
        j = pairs.get(i)
        if j is None:
            marked.append(story.model_copy(update={"status": "new"}))
            counts["new"] += 1
            continue
        old = previous.stories[j]
        changes = _changes(story, old)
        updated = changes.new_claims or changes.new_quotes or changes.changed_numbers
        status = "updated" if updated else "continuing"
        counts[status] += 1
        key = old.key if _KEY.fullmatch(old.key) else story.key
        marked.append(
            story.model_copy(
                update={"status": status, "changes": changes, "key": key, "anchor": key}
            )
        )
    kept_more = []
    for offset, link in enumerate(more):
        j = pairs.get(len(stories) + offset)
        old_key = previous.stories[j].key if j is not None else ""
        kept_more.append(
            link.model_copy(update={"key": old_key}) if _KEY.fullmatch(old_key) else link
        )
    dropped = [_link(old) for j, old in enumerate(previous.stories) if j not in continued]
    continuity = Continuity(
        since_title=previous.title,
        since_date=previous.date,
        new=counts["new"],
        updated=counts["updated"],
        continuing=counts["continuing"],
        dropped=dropped,
    )
    return _unique_keys(marked), kept_more, continuity


def _unique_keys(stories: list[Story]) -> list[Story]:
    """Keys (and anchors) unique within the brief, whatever the previous brief held."""
    seen: set[str] = set()
    out = []
    for story in stories:
        key = story.key
        if key in seen:
            key = story_key(story.title, story.id, seen)
        seen.add(key)
        out.append(story.model_copy(update={"key": key, "anchor": key}))
    return out
