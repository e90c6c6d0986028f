"""What a brief builds in code from its stories: titles, who's who, experts, open questions."""

from __future__ import annotations

from briefer.brief._stories import StoryGroup
from briefer.names import name_key
from briefer.schema import (
    Article,
    ArticleSummary,
    ExpertEntry,
    SourceRef,
    Story,
    StoryQuestions,
    WhoEntry,
)
from briefer.text import split_sentences

__all__ = ["experts", "first_sentence", "open_questions", "ref", "story_title", "whos_who"]


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (white space folded), or ""."""
    sentences = split_sentences(" ".join(text.split()))
    return sentences[0].text if sentences else ""


def ref(article: Article) -> SourceRef:
    """How a brief cites ``article``."""
    return SourceRef(
        title=article.title, url=article.url, source=article.source, article_id=article.id
    )


def story_title(group: StoryGroup, summary: ArticleSummary | None = None) -> str:
    """A story's title: its first article title, else the start of its lede, else its label."""
    for article in group.articles:
        if article.title:
            return article.title
    if summary is not None and summary.lede:
        words = first_sentence(summary.lede).split()
        return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return group.lead.label


def whos_who(stories: list[Story]) -> list[WhoEntry]:
    """Every actor once, with their roles and stories, the most widely seen first."""
    entries: dict[str, WhoEntry] = {}
    for story in stories:
        for actor in story.summary.actors:
            key = name_key(actor.name)
            entry = entries.setdefault(key, WhoEntry(name=actor.name, kind=actor.kind))
            if actor.role and actor.role not in entry.roles:
                entry.roles.append(actor.role)
            if story.title not in entry.stories:
                entry.stories.append(story.title)
    return sorted(entries.values(), key=lambda e: (-len(e.stories), e.name.casefold()))


def experts(stories: list[Story]) -> list[ExpertEntry]:
    """Every quoted expert of every story, with the story's first source."""
    return [
        ExpertEntry(
            name=expert.name,
            affiliation=expert.affiliation,
            quote=expert.quote,
            quotes=expert.quotes,
            source=story.sources[0],
        )
        for story in stories
        for expert in story.summary.quoted_experts
    ]


def open_questions(stories: list[Story]) -> list[StoryQuestions]:
    """The open questions of each story that has some."""
    return [
        StoryQuestions(story=s.title, questions=s.summary.open_questions, source=s.sources[0])
        for s in stories
        if s.summary.open_questions
    ]
