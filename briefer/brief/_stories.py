"""Group a day's articles into stories: one event, told by one or more outlets.

Three kinds of sameness are caught:

* exact copies: the same content id (a hash of the text with white space folded) or the
  same canonical URL (``canonical_url``);
* rewrites: the same event reported by several outlets in their own words;
* near copies of articles that name almost nothing (see below).

Two articles report one event when they share its specifics: who, where, how many, when.
Wording is no guide. Rewrites share hardly any sentences (3-word shingle Jaccard 0.07-0.14 on
the rewrites of ``tests/data/articles_brief``), while different events written from one
template or house style share most of them: two councils approving different plans, or
earnings of two companies from one wire desk, score 0.6-1.0 on the text similarity briefer
used before (cosine of content words plus shingle containment) against 0.11-0.64 for true
rewrites (``tests/data/stories``). So grouping compares facts, not words.

:mod:`briefer.brief._facts` finds each article's facts (names of people, organizations and
places; numbers; dates and clock times), each weighted by how specific it is and how
prominent in the article. For a pair:

    coverage = max over the two articles of: weight of its facts the other shares
                                             / weight of all its facts
    evidence = sum over the shared facts of the smaller of their two weights

and the pair is one story when ``coverage >= threshold`` (0.5 by default) and ``evidence``
is at least 3 (two or three specific facts in common, not one town name or a country).
Taking the larger of the two coverages lets a short radio version, whose few facts all
appear in the wire copy, join it. Measured on ``tests/data/stories`` (dev half, each case
grouped alone): the 30 rewrite pairs score 0.55-1.00 and the 32 look-alike pairs 0.00-0.40
(highest: two matches of one club with the same manager and scorer, then two flight
cancellations by one airline). On ``tests/data/articles_brief`` the planted rewrites score
0.71-1.00 and different stories at most 0.45 (a town named in two local stories, evidence
3.2... see docs/benchmarks.md for the full set).

Candidates come from an inverted index of facts with prefix filtering: an article's facts are
taken rarest first until more than ``1 - threshold`` of its weight is covered; any article
that covers ``threshold`` of it must share one of those. Pairs at or above the threshold are
joined with union-find, so stories are transitive.

An article whose facts weigh less than the evidence needed (almost no names or numbers) can
only join a near copy of itself, found by wording (:mod:`briefer.brief._nearcopy`).

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
