"""A story whose model call never returns is left out, and the brief is still built.

The client here is one that enforces no deadline of its own: its call for one article blocks
until the test lets it go. With a ``timeout`` set, the brief gives that story its deadline
(see ``briefer.brief._build.story_deadline``) and lists it as not included.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from briefer import Briefer
from briefer.schema import Article
from briefer.testing import FakeClient, FakeRequest, computed_reply

ARTICLES = [
    Article(title="Budget passes", text="The council approved the budget on Monday night."),
    Article(title="Bridge reopens", text="The old bridge reopened to traffic on Tuesday."),
    Article(title="Stuck", text="The server never finishes the reply about this story."),
]


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()  # let the blocked worker thread finish


def _hanging_client(release: threading.Event) -> FakeClient:
    def handler(request: FakeRequest) -> Any:
        if "never finishes" in (request.fenced_text or ""):
            release.wait(60)
        return computed_reply(request)

    return FakeClient(handler=handler, max_retries=0)


def test_a_story_that_never_returns_is_not_included(release: threading.Event) -> None:
    briefer = Briefer(client=_hanging_client(release), model="m", mode="prompt", timeout=0.05)
    with briefer:
        brief = briefer.brief(ARTICLES)
    assert sorted(story.title for story in brief.stories) == ["Bridge reopens", "Budget passes"]
    [stuck] = brief.not_included
    assert stuck.source == "Stuck"
    assert stuck.reason.startswith("stuck: not finished after ")


async def test_the_async_brief_leaves_it_out_alike(release: threading.Event) -> None:
    briefer = Briefer(client=_hanging_client(release), model="m", mode="prompt", timeout=0.05)
    with briefer:
        brief = await briefer.abrief(ARTICLES)
    assert [n.source for n in brief.not_included] == ["Stuck"]
