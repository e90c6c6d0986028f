"""Merging partial summaries and deduping people keep the model's order and fullest names."""

from __future__ import annotations

from briefer.schema import Actor, QuotedExpert, SummaryContent
from briefer.summarize import dedupe_people, merge_contents


def test_deduping_keeps_the_fullest_name_in_first_mention_order() -> None:
    content = SummaryContent(
        lede="x",
        actors=[
            Actor(name="NATO", kind="organization"),
            Actor(name="Stoltenberg", kind="person", role="Secretary-General"),
            Actor(name="Paris", kind="other"),
            Actor(name="Jens Stoltenberg", kind="person"),
        ],
    )
    actors = dedupe_people(content).actors
    assert [(a.name, a.role) for a in actors] == [
        ("NATO", None),
        ("Jens Stoltenberg", "Secretary-General"),
        ("Paris", None),
    ]


def test_merging_parts_takes_claims_in_turn_and_dedupes_experts() -> None:
    quote = QuotedExpert(name="Ana Ruiz", quote="It is done.")
    one = SummaryContent(
        lede="A", key_claims=[{"text": "a1"}, {"text": "a2"}], quoted_experts=[quote]
    )
    two = SummaryContent(lede="B", key_claims=[{"text": "b1"}], quoted_experts=[quote])
    merged = merge_contents([one, two])
    assert [c.text for c in merged.key_claims] == ["a1", "b1", "a2"]
    assert merged.lede == "A" and len(merged.quoted_experts) == 1


def test_one_person_quoted_twice_is_one_expert_with_both_quotations() -> None:
    content = SummaryContent(
        lede="x",
        quoted_experts=[
            QuotedExpert(name="Stoltenberg", quotes=["We stand with Ukraine."]),
            QuotedExpert(name="Rob Lee", quotes=["Artillery matters most."]),
            QuotedExpert(
                name="Jens Stoltenberg",
                affiliation="NATO Secretary-General",
                quotes=["We stand with Ukraine.", "Allies must deliver more."],
            ),
        ],
    )
    experts = dedupe_people(content).quoted_experts
    assert [(e.name, e.affiliation, e.quotes) for e in experts] == [
        (
            "Jens Stoltenberg",
            "NATO Secretary-General",
            ["We stand with Ukraine.", "Allies must deliver more."],
        ),
        ("Rob Lee", None, ["Artillery matters most."]),
    ]
    assert experts[0].quote == "We stand with Ukraine."
