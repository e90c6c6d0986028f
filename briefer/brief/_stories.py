"""Group a day's articles into stories: one event, told by one or more outlets.

Three kinds of sameness are caught:

* exact copies: the same content id (a hash of the text with white space folded) or the
  same canonical URL (``canonical_url``);
* rewrites: the same event reported by several outlets in their own words, from a long
  feature to a three-line radio item;
* near copies of articles that name almost nothing (see the end).

Two articles report one event when they share its specifics: who, where, how many, when.
Wording is no guide. On the labelled pairs of ``tests/data/stories`` the text similarity
briefer used before (cosine of content-word sets plus containment of 3-word shingles)
scores rewrites 0.11-0.72 (median 0.39) and different events written from one template or
house style 0.36-1.00 (median 0.86): two councils approving different plans, the results of
two companies from one wire desk. So grouping compares facts, not words.

:mod:`briefer.brief._facts` finds each article's facts: names of people, organizations and
places (:mod:`~briefer.brief._names`; a person is one fact, known by the surname), numbers
with what they count, dates and clock times (:mod:`~briefer.brief._numbers`), each weighted
by how specific it is and how prominent in the article. For a pair it measures:

* coverage: for each article, the weight of its facts the other shares over the weight of
  all its facts; the larger of the two, so a short radio item whose every fact is in the
  wire copy is covered;
* evidence: the weight they share, each fact counting at most 1.5, so one town both name,
  however often, is not enough;
* conflicts: figures of one unit with no value in common even after rounding ("jailed for
  3 years" against "12 years", "Dalton, 52," against "Dalton, 31,"), and one surname with
  other given names;
* whether each article's protagonist (its heaviest name) is missing from the other.

A pair is one story when coverage reaches ``threshold`` (0.5 by default), evidence reaches
3 (a short article needs 80% of its own evidence, at least two facts' worth), there is at
most one conflict (rewrites disagree on a figure now and then: 12 dead against 14) and the
two protagonists are not both missing. Measured on ``tests/data/stories``, each pair scored
alone (``bench/stories.py`` prints the rest):

* rewrites: coverage 0.56-1.00 on the dev half, 0.52-1.00 on the held-out half and
  0.36-1.00 on the fresh half (the lowest, a local story on one shop of a chain against
  the business report on the chain, is the one pair left apart; a volcano report at 0.48
  joins through a third version of the story);
* look-alikes: 0.00-0.37 on the dev half, but up to 0.91 on the held-out half (two tennis
  reports, each naming the other match's players as the next opponents) and 0.58 on the
  fresh half (two Grands Prix with the same drivers): two and three conflicting figures
  keep those apart;
* ``tests/data/articles_brief``: planted rewrites 0.72-1.00; different stories at most
  0.51 (two local stories naming one town, evidence 1.7).

Candidates come from an inverted index of facts with prefix filtering (see
``_fact_pairs``), so a day of 1,000 articles is grouped in about a second of CPU
(``docs/benchmarks.md``). Pairs that pass are joined with union-find, so stories are
transitive.

An article whose facts give less than two facts' worth of evidence (almost no names or
figures) can only join a near copy of itself, found by wording
(:mod:`briefer.brief._nearcopy`).

Everything is deterministic: no salted ``hash``, no ``random``, and the decision for a pair
does not depend on the order of the articles, so the same input always gives the same
stories in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefer.brief._facts import Facts, compare, find_facts, parse, proven_names
from briefer.brief._nearcopy import TextDoc, candidate_pairs, text_similarity
from briefer.errors import UsageError
from briefer.schema import Article

__all__ = ["StoryGroup", "canonical_url", "group_stories"]


@dataclass(frozen=True)
class StoryGroup:
    """The articles that tell one story; the lead is the one to summarize."""

    id: str
    """Stable id: the lead article's content id."""
    lead: Article
    """The longest article of the group (the first of them on a tie)."""
    articles: tuple[Article, ...]
    """The lead first, then the others in input order (exact copies included)."""


# ---- URLs --------------------------------------------------------------------------------

# Click and campaign trackers that say how a reader arrived, not what they read.
_TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The URL in a form where two links to the same page compare equal.

    Lowercases the scheme and host, drops ``www.``, a default port, the fragment, a
    trailing slash and tracking parameters (``utm_*``, ``fbclid``, ``gclid`` and similar
    click ids), and sorts the remaining query parameters. The path keeps its case. Text
    that is not an absolute URL is returned stripped and otherwise unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    if not parts.scheme or not parts.netloc:
        return text
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        host = f"{userinfo}@{host}"
    path = parts.path.rstrip("/")
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    )
    return urlunsplit((scheme, host, path, urlencode(query), ""))


# ---- facts -------------------------------------------------------------------------------

MIN_EVIDENCE = 3.0
"""Shared fact weight two articles need to be one story, whatever their coverage."""
_SHORT_EVIDENCE = 2.0
"""What a short article (a radio item) needs when nearly all its facts are shared."""
_NEAR_COPY = 0.9
"""Text similarity at which two articles poor in facts are one story."""


def _fact_pairs(facts: dict[int, Facts], threshold: float) -> list[tuple[int, int]]:
    """Pairs that may reach ``threshold``, each once, smaller index first, sorted.

    Prefix filtering: article A's facts are taken rarest first until they hold more than
    ``1 - threshold`` of its weight plus its heaviest fact. An article B that covers
    ``threshold`` of A must share at least two of those (what lies outside them weighs less
    than ``threshold`` of A minus one fact), and what it shares of them plus all that lies
    outside must still reach ``threshold``. Only those rare facts are looked up.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, fact in facts.items():
        for key in fact.weights:
            postings[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for index, fact in facts.items():
        weights = fact.weights
        budget = (1.0 - threshold) * fact.total + max(weights.values(), default=0.0) + 1e-9
        mass = 0.0
        found: dict[int, list[float]] = {}  # other article -> [facts shared, their weight]
        for key in sorted(weights, key=lambda k: (len(postings[k]), k)):
            weight = weights[key]
            for other in postings[key]:
                entry = found.get(other)
                if entry is None:
                    found[other] = [1, weight]
                else:
                    entry[0] += 1
                    entry[1] += weight
            mass += weight
            if mass > budget:
                break
        found.pop(index, None)
        need = threshold * fact.total - (fact.total - mass) - 1e-9
        pairs.update(
            (min(index, other), max(index, other))
            for other, (count, shared) in found.items()
            if count >= 2 and shared >= need
        )
    return sorted(pairs)


def _evidence_needed(a: Facts, b: Facts) -> float:
    """MIN_EVIDENCE, or less for a short article: 80% of what it has, at least two facts."""
    smaller = min(a.evidence, b.evidence)
    return max(_SHORT_EVIDENCE, min(MIN_EVIDENCE, 0.8 * smaller))


# ---- grouping ----------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            # The smaller index stays root, so roots are reproducible.
            self.parent[max(ri, rj)] = min(ri, rj)


def group_stories(articles: Sequence[Article], *, threshold: float = 0.5) -> list[StoryGroup]:
    """Group articles that report the same event into stories.

    Articles are one story when they are copies, or when they share the event's people,
    places and figures (see the module docstring), not merely its wording.

    Args:
        articles: the day's articles, in the order stories should follow.
        threshold: coverage (0 to 1, see the module docstring) at or above which two
            articles sharing enough specific facts are one story. Lower joins rewrites that
            share fewer of each other's facts; higher keeps only articles whose facts
            nearly all appear in the other; 1 joins only copies and articles whose every
            fact the other also reports.

    Returns:
        One group per story, ordered by where its lead first appears in ``articles``.
        Every input article is in exactly one group.

    Raises:
        UsageError: ``threshold`` is not between 0 and 1.
    """
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"story threshold must be between 0 and 1, not {threshold}")
    n = len(articles)
    groups = _UnionFind(n)
    # Exact copies first: they need no features, and only one of each is compared below.
    first_by_key: dict[tuple[str, str], int] = {}
    for i, article in enumerate(articles):
        keys = [("id", article.id)]
        if article.url:
            keys.append(("url", canonical_url(article.url)))
        for key in keys:
            if key in first_by_key:
                groups.union(first_by_key[key], i)
            else:
                first_by_key[key] = i
    distinct = sorted({first_by_key[("id", a.id)] for a in articles})
    parsed = {i: parse(articles[i].text, articles[i].title) for i in distinct}
    names = proven_names(list(parsed.values()))
    facts = {i: find_facts(p, names) for i, p in parsed.items()}
    rich = {i: f for i, f in facts.items() if f.evidence >= _SHORT_EVIDENCE}
    for i, j in _fact_pairs(rich, threshold):
        if groups.find(i) != groups.find(j):
            needed = _evidence_needed(rich[i], rich[j])
            found = compare(rich[i], rich[j], min_coverage=threshold, min_evidence=needed)
            if (
                found.coverage >= threshold
                and found.evidence >= needed
                and found.conflicts <= 1
                and not found.other_protagonists
            ):
                groups.union(i, j)
    poor = {i: TextDoc(articles[i].text) for i in distinct if i not in rich}
    for i, j in candidate_pairs(poor):
        if groups.find(i) != groups.find(j):
            if text_similarity(poor[i], poor[j]) >= max(threshold, _NEAR_COPY):
                groups.union(i, j)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[groups.find(i)].append(i)
    stories = []
    for indices in members.values():
        lead = max(indices, key=lambda i: (len(articles[i].text.strip()), -i))
        ordered = [lead, *(i for i in indices if i != lead)]
        story = StoryGroup(
            id=articles[lead].id,
            lead=articles[lead],
            articles=tuple(articles[i] for i in ordered),
        )
        stories.append((lead, story))
    return [story for _, story in sorted(stories, key=lambda pair: pair[0])]
