"""The offline engine: claims, actors, quoted experts and open questions with no model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ARTICLES, ROOT

from briefer.offline import summarize_offline
from briefer.offline._questions import to_question
from briefer.offline._quotes import find_quotes
from briefer.schema import SummaryContent
from briefer.text import split_sentences

SEED = ROOT / "seeds" / "000_9257439dfe81132e.txt"
EXPECTED: dict[str, dict[str, Any]] = json.loads((ARTICLES / "expected.json").read_text("utf-8"))


def _summary(name: str) -> tuple[str, SummaryContent]:
    text = (ARTICLES / name).read_text("utf-8")
    return text, summarize_offline(text)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".txt"))
def test_quoted_experts_match_the_article(name: str) -> None:
    text, summary = _summary(name)
    expected = EXPECTED[name]["experts"]
    assert [e.name for e in summary.quoted_experts] == [e[0] for e in expected]
    for expert, (_, affiliation, start) in zip(summary.quoted_experts, expected, strict=True):
        if affiliation is None:
            assert expert.affiliation is None
        else:
            assert affiliation in (expert.affiliation or "")
        assert expert.quote.startswith(start)
        assert expert.quote in text


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".txt"))
def test_expected_actors_are_found(name: str) -> None:
    _, summary = _summary(name)
    names = {a.name for a in summary.actors}
    assert set(EXPECTED[name]["actors"]) <= names


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".txt"))
def test_claims_are_unquoted_sentences_of_the_article(name: str) -> None:
    text, summary = _summary(name)
    assert 1 <= len(summary.key_claims) <= 5
    for claim in summary.key_claims:
        assert claim.text in text
        assert "“" not in claim.text and '"' not in claim.text.replace('"paper promise"', "")


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: n.removesuffix(".txt"))
def test_lede_is_short_and_questions_are_questions(name: str) -> None:
    _, summary = _summary(name)
    assert 0 < len(summary.lede.split()) <= 61
    assert len(summary.open_questions) <= 5
    assert all(q.endswith("?") for q in summary.open_questions)


def test_seed_article_quotes_exactly_rob_lee_and_jens_stoltenberg() -> None:
    text = SEED.read_text("utf-8")
    experts = summarize_offline(text).quoted_experts
    assert [(e.name, e.affiliation) for e in experts] == [
        ("Rob Lee", "military analyst and commentator"),
        ("Jens Stoltenberg", "NATO Secretary-General"),
    ]
    assert experts[0].quote == (
        "If North Korea starts supplying weapons to Russia, it could lead to a new phase in the "
        "conflict. The U.S. must ensure Ukraine is ready to counter any escalation."
    )
    assert experts[1].quote == (
        "We must stand together to deter any attempts to undermine the security of our allies "
        "and partners."
    )


def test_seed_article_actors_include_countries_nato_and_csis() -> None:
    summary = summarize_offline(SEED.read_text("utf-8"))
    kinds = {a.name: a.kind for a in summary.actors}
    assert kinds["U.S."] == "country"
    for country in ("Ukraine", "Russia", "North Korea"):
        assert kinds[country] == "country"
    assert kinds["NATO"] == "organization"
    assert kinds["Center for Strategic and International Studies"] == "organization"
    assert kinds["Rob Lee"] == kinds["Jens Stoltenberg"] == "person"


def test_open_questions_come_from_the_article_and_never_reword_a_quotation() -> None:
    questions = summarize_offline(SEED.read_text("utf-8")).open_questions
    assert questions == [
        "Could the possibility of North Korea supplying arms to Russia significantly alter the "
        "dynamics of the conflict?"
    ]
    # Rob Lee's conditional is his own words: it stays a quotation, not a question.
    assert not any("new phase" in q for q in questions)


def test_seed_article_lede_is_its_first_sentence() -> None:
    text = SEED.read_text("utf-8")
    lede = summarize_offline(text).lede
    assert lede.startswith("In a significant development regarding the ongoing conflict")
    assert lede in text


def test_dateline_is_left_out_of_the_lede() -> None:
    text, summary = _summary("01_dateline_ap.txt")
    assert summary.lede.startswith("Russian drones struck energy facilities")
    assert "(AP)" not in " ".join(c.text for c in summary.key_claims)


def test_headline_and_byline_are_not_actors_or_claims() -> None:
    _, summary = _summary("11_headline_byline.txt")
    assert "Daniel Okafor" not in {a.name for a in summary.actors}
    assert not any(c.text.startswith("Chipmaker") for c in summary.key_claims)


def test_unnamed_official_is_not_a_quoted_expert() -> None:
    text = (
        "The talks ended without a deal on Sunday after two days of meetings in Geneva.\n"
        "“There is no agreement yet, and none is expected this week,” a senior official said.\n"
        "Maria Lopez, an economist at the IMF, was more upbeat about the outcome.\n"
    )
    assert summarize_offline(text).quoted_experts == []


def test_pronoun_speaker_resolves_to_the_last_named_person() -> None:
    text = (
        "Jane Whitfield, a historian at Columbia University, has studied the archive for years.\n"
        "“Nobody has read these letters since the war ended,” she said.\n"
    )
    [expert] = summarize_offline(text).quoted_experts
    assert (expert.name, expert.affiliation) == (
        "Jane Whitfield",
        "a historian at Columbia University",
    )
    assert expert.quote == "Nobody has read these letters since the war ended"


def test_scare_quotes_of_three_words_or_fewer_are_not_quotes() -> None:
    text = 'The minister called it a "historic step" and "the best deal ever made here".'
    assert [q.text for q in find_quotes(text)] == ["the best deal ever made here"]


def test_quote_running_over_paragraphs_is_split_at_the_break() -> None:
    text = "He said:\n\n“First part of it here.\n\n“Second part of it, ending here.”\n"
    assert [q.text for q in find_quotes(text)] == [
        "First part of it here.",
        "Second part of it, ending here.",
    ]


def test_short_article_gets_fewer_claims() -> None:
    text = (
        "The city council approved a new budget on Tuesday after a long debate. "
        "The budget raises spending on schools by four percent next year. "
        "Road repairs will be delayed until the spring because of the cuts."
    )
    summary = summarize_offline(text)
    assert 1 <= len(summary.key_claims) <= 2
    lede = [s.text.rstrip(".") for s in split_sentences(summary.lede)]
    assert not any(claim.text.rstrip(".") in lede for claim in summary.key_claims)


def test_empty_text_gives_an_empty_summary_with_the_title_as_lede() -> None:
    summary = summarize_offline("   \n", title="Nothing here")
    assert summary.lede == "Nothing here"
    assert summary.key_claims == summary.actors == summary.quoted_experts == []


def test_same_article_gives_the_same_summary() -> None:
    text = SEED.read_text("utf-8")
    assert summarize_offline(text) == summarize_offline(text)


@pytest.mark.parametrize(
    ("statement", "question"),
    [
        pytest.param(
            "It remains unclear whether the talks will resume before winter.",
            "Will the talks resume before winter?",
            id="unclear-whether",
        ),
        pytest.param(
            "However, it is not known how many troops North Korea will send.",
            "How many troops will North Korea send?",
            id="unknown-how-many",
        ),
        pytest.param(
            "The central bank is expected to raise rates again in March.",
            "Will the central bank raise rates again in March?",
            id="expected-to",
        ),
        pytest.param(
            "Analysts said the deal could collapse by June.",
            "Could the deal collapse by June?",
            id="hedge-after-frame",
        ),
        pytest.param(
            "Whether the company can bring costs down quickly enough may decide the plan.",
            "Can the company bring costs down quickly enough?",
            id="whether-clause",
        ),
        pytest.param("The company said it would delay deliveries.", None, id="pronoun-subject"),
        pytest.param("Prices rose by three percent in May.", None, id="no-hedge"),
    ],
)
def test_hedged_statements_become_questions(statement: str, question: str | None) -> None:
    result = to_question(statement, common={"the"})
    assert (result[0] if result else None) == question


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Jane Doe said the plan could fail.",
                "“We will see what happens next week,” she said.",
                'He called it "a bad idea from the start" yesterday.',
                "NATO and the U.S. met in Brussels.",
                "\n",
                "“Unclosed quote runs on",
                "It remains unclear whether Russia will respond.",
                "Dr. A. B. Carter, an analyst at the Institute for Study, warned:",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_any_text_gives_grounded_output(text: str) -> None:
    summary = summarize_offline(text)
    assert all(c.text in text for c in summary.key_claims)
    assert all(e.quote in text for e in summary.quoted_experts)
    assert all(q.endswith("?") for q in summary.open_questions)


def _actor_kinds(text: str) -> dict[str, str]:
    return {a.name: a.kind for a in summarize_offline(text).actors}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("King's College London", id="kings-college"),
        pytest.param("St John's Hospital", id="st-johns-hospital"),
        pytest.param("St Anne’s Primary School", id="curly-apostrophe"),
    ],
)
def test_possessive_inside_an_organization_name_keeps_the_whole_name(name: str) -> None:
    text = (
        f"Doctors at {name} said on Tuesday that the new ward would open in March.\n"
        f"The trust that runs {name} expects to hire 40 nurses for it by the summer.\n"
    )
    kinds = _actor_kinds(text)
    assert kinds.get(name) == "organization"
    assert [n for n in kinds if n != name and n in name] == []


def test_possessive_of_a_country_still_counts_the_country_apart() -> None:
    text = "Ukraine's Defense Ministry said the drones were shot down over the Black Sea.\n"
    kinds = _actor_kinds(text)
    assert kinds["Ukraine"] == "country"
    assert kinds["Defense Ministry"] == "organization"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            "Coordination Headquarters for the Treatment of Prisoners of War", id="headquarters"
        ),
        pytest.param("Riverton Central Library", id="library"),
        pytest.param("Office for Budget Responsibility", id="office-for"),
        pytest.param("Westfield Cricket Club", id="club"),
        pytest.param("Wend Valley Water", id="water-company"),
    ],
)
def test_name_with_an_organization_cue_is_an_organization_never_a_person(name: str) -> None:
    text = (
        f"Oksana Hrytsenko, who speaks for the {name}, said the talks would resume next week.\n"
        f"The {name} has published its list of demands twice this year.\n"
    )
    kinds = _actor_kinds(text)
    assert kinds[name] == "organization"
    assert kinds["Oksana Hrytsenko"] == "person"
    assert [n for n, k in kinds.items() if k == "person"] == ["Oksana Hrytsenko"]


def test_nationality_adjective_alone_is_not_an_actor() -> None:
    text = (
        "German factory orders fell by 2.1 percent in March, the statistics office said.\n"
        "Tobias Brandl, an economist at Hanseatic Bank, said Russian gas was no longer the issue.\n"
    )
    kinds = _actor_kinds(text)
    assert not {"German", "Germany", "Russian", "Russia"} & set(kinds)
    assert kinds["Hanseatic Bank"] == "organization"


def test_nationality_adjective_counts_toward_a_country_the_article_names() -> None:
    text = (
        "Russia launched 40 drones overnight, Ukraine's air force said on Sunday.\n"
        "Russian forces also shelled the port, and Russian officials denied it.\n"
    )
    actors = summarize_offline(text).actors
    assert actors[0].name == "Russia"
    assert "Russian" not in {a.name for a in actors}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        pytest.param(
            "said Priya Raman, a retail analyst at Northbridge Research.",
            "Northbridge Research",
            id="at",
        ),
        pytest.param(
            "said Julia Kramer, an analyst at Dresden-based consultancy Elbe Insights.",
            "Elbe Insights",
            id="noun",
        ),
    ],
)
def test_employer_of_a_named_expert_is_an_organization(sentence: str, name: str) -> None:
    text = f"Sales fell for a third year in a row.\n“It is a very different market,” {sentence}\n"
    kinds = _actor_kinds(text)
    assert kinds[name] == "organization"
    assert [n for n, k in kinds.items() if k == "organization"] == [name]


def test_person_of_an_organization_is_two_actors_and_the_organization_is_the_role() -> None:
    text = (
        "Ninety captives came home on Tuesday after the latest exchange with Russia.\n"
        "Oksana Hrytsenko of the Coordination Headquarters for the Treatment of Prisoners of War"
        " met the buses at the border.\n"
    )
    actors = {a.name: (a.kind, a.role) for a in summarize_offline(text).actors}
    hq = "Coordination Headquarters for the Treatment of Prisoners of War"
    assert actors["Oksana Hrytsenko"] == ("person", hq)
    assert actors[hq] == ("organization", None)


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The main burst under Queen Street early on Monday.", id="street-after-title"),
        pytest.param("She reached three Grand Slam semi-finals in her career.", id="event"),
        pytest.param("Storm Fenella is expected to bring heavy rain tonight.", id="storm"),
        pytest.param("Fish died along the River Wend for a second week.", id="river"),
        pytest.param("The final is at Riverside Park on Tuesday night.", id="park"),
        pytest.param("The James Webb Space Telescope found water vapour.", id="telescope"),
        pytest.param("The Department said little more about the plan.", id="bare-cue-word"),
    ],
)
def test_places_events_and_bare_cue_words_are_not_actors(sentence: str) -> None:
    assert summarize_offline(f"{sentence}\nNothing else happened that week.\n").actors == []


def test_councillor_and_manager_are_titles_not_part_of_the_name() -> None:
    text = (
        "Councillor Fiona Marsh said collisions on Mill Road had doubled since 2020.\n"
        "Manager Gareth Olsen said the players had earned a rest after the semi-final.\n"
    )
    roles = {a.name: a.role for a in summarize_offline(text).actors}
    assert roles == {"Fiona Marsh": "Councillor", "Gareth Olsen": "Manager"}
