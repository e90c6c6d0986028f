from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import SEED

from briefer.errors import UsageError
from briefer.grounding import failed_items, ground
from briefer.schema import Actor, Claim, DroppedItem, QuotedExpert, SummaryContent
from briefer.text import find_normalized, normalize

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_WORDS = [m.span() for m in re.finditer(r"\w+", SEED_TEXT)]

# A reply modelled on what SmolLM2-135M wrote for the seed article: an invented analyst with
# a made-up quote, invented quotes for the real Rob Lee, a real quote given to the wrong
# person, and the article's real actors and quotes.
LEE_QUOTE = (
    "If North Korea starts supplying weapons to Russia, it could lead to a new phase in the "
    "conflict"
)
NATO_QUOTE = (
    "We must stand together to deter any attempts to undermine the security of our allies "
    "and partners"
)
SMOL_REPLY = json.dumps(
    {
        "lede": "The U.S. will not limit Ukraine's use of its weapons.",
        "key_claims": [
            {
                "text": "U.S. officials will not impose new restrictions on Ukraine's use of "
                "American-supplied weapons."
            },
            {"text": "Mike Brown said the war will be over before the summer."},
            {"text": "North Korea has a history of military collaboration with Russia."},
        ],
        "actors": [
            {"name": "United States", "kind": "country"},
            {"name": "Ukraine", "kind": "country"},
            {"name": "Russia", "kind": "country"},
            {"name": "North Korea", "kind": "country"},
            {"name": "NATO", "kind": "organization"},
            {"name": "CSIS", "kind": "organization"},
            {"name": "Rob Lee", "kind": "person", "role": "military analyst"},
            {"name": "Mike Brown", "kind": "person", "role": "defense expert"},
        ],
        "quoted_experts": [
            {
                "name": "Mike Brown",
                "affiliation": "defense expert",
                "quote": "This is a turning point for the whole of Europe.",
            },
            {"name": "Rob Lee", "quote": "Ukraine will win the war before the end of the year."},
            {"name": "Rob Lee", "quote": "North Korea has already sent troops to the front."},
            {"name": "Rob Lee", "quote": LEE_QUOTE + "."},
            {"name": "Rob Lee", "quote": NATO_QUOTE + "."},
            {
                "name": "Jens Stoltenberg",
                "affiliation": "NATO Secretary-General",
                "quote": NATO_QUOTE + ".",
            },
        ],
        "open_questions": ["Will North Korea send weapons?"],
    }
)


def _reply() -> SummaryContent:
    return SummaryContent.model_validate_json(SMOL_REPLY)


def _content(
    claims: tuple[str, ...] = (),
    actors: tuple[tuple[str, str], ...] = (),
    experts: tuple[tuple[str, str], ...] = (),
) -> SummaryContent:
    return SummaryContent(
        lede="",
        key_claims=[Claim(text=t) for t in claims],
        actors=[Actor(name=n, kind=k) for n, k in actors],  # type: ignore[arg-type]
        quoted_experts=[QuotedExpert(name=n, quote=q) for n, q in experts],
    )


def _expert_check(article: str, name: str, quote: str) -> QuotedExpert:
    grounded, _ = ground(_content(experts=((name, quote),)), article, policy="flag")
    return grounded.quoted_experts[0]


# ---- the seed article, as a small model answered it ------------------------------------


def test_drop_removes_every_invented_person_and_quote(seed_text: str) -> None:
    grounded, _ = ground(_reply(), seed_text)

    assert [(e.name, e.quote) for e in grounded.quoted_experts] == [
        ("Rob Lee", LEE_QUOTE + "."),
        ("Jens Stoltenberg", NATO_QUOTE + "."),
    ]
    assert "Mike Brown" not in [a.name for a in grounded.actors]
    assert [c.text for c in grounded.key_claims] == [
        "U.S. officials will not impose new restrictions on Ukraine's use of "
        "American-supplied weapons.",
        "North Korea has a history of military collaboration with Russia.",
    ]


def test_drop_keeps_real_quotes_with_their_spans(seed_text: str) -> None:
    grounded, _ = ground(_reply(), seed_text)

    lee, nato = grounded.quoted_experts
    for expert, quote in ((lee, LEE_QUOTE), (nato, NATO_QUOTE)):
        assert expert.evidence is not None and expert.evidence.verified
        start = seed_text.index(quote)
        assert (expert.evidence.start, expert.evidence.end) == (start, start + len(quote))
    assert (lee.evidence and lee.evidence.sentence, nato.evidence and nato.evidence.sentence) == (
        9,
        17,
    )


def test_drop_keeps_the_real_actors_with_their_first_mention(seed_text: str) -> None:
    grounded, _ = ground(_reply(), seed_text)

    found = {
        a.name: seed_text[a.evidence.start : a.evidence.end]
        for a in grounded.actors
        if a.evidence and a.evidence.start is not None and a.evidence.end is not None
    }
    assert found == {
        "United States": "U.S.",
        "Ukraine": "Ukraine",
        "Russia": "Russia",
        "North Korea": "North Korea",
        "NATO": "NATO",
        "CSIS": "Center for Strategic and International Studies",
        "Rob Lee": "Rob Lee",
    }


def test_drop_reports_each_removal_with_a_reason(seed_text: str) -> None:
    _, report = ground(_reply(), seed_text)

    assert [(d.kind, d.reason) for d in report.dropped] == [
        ("claim", "not found: no sentence says this (best overlap 0.25)"),  # "war" of 4
        ("actor", "name not found in the article"),
        ("quote", "quote not found in the article"),
        ("quote", "quote not found in the article"),
        ("quote", "quote not found in the article"),
        ("expert", "speaker not named near the quote"),
    ]
    assert report.dropped[1].text == "Mike Brown"
    assert report.dropped[2].text == (
        'Mike Brown: "This is a turning point for the whole of Europe."'
    )


def test_report_counts_what_was_checked_and_verified(seed_text: str) -> None:
    _, report = ground(_reply(), seed_text)

    # 3 claims, 8 actors, 6 quotes, the lede's one sentence and one open question.
    assert (report.policy, report.checked, report.verified) == ("drop", 19, 13)
    assert report.rate == pytest.approx(13 / 19)


def test_flag_keeps_everything_and_marks_the_unverified(seed_text: str) -> None:
    reply = _reply()

    grounded, report = ground(reply, seed_text, policy="flag")

    assert [e.quote for e in grounded.quoted_experts] == [e.quote for e in reply.quoted_experts]
    assert [a.name for a in grounded.actors] == [a.name for a in reply.actors]
    marks = [e.evidence.verified for e in grounded.quoted_experts if e.evidence]
    assert marks == [False, False, False, True, False, True]
    wrong_speaker = grounded.quoted_experts[4].evidence
    assert wrong_speaker is not None
    assert wrong_speaker.note == "speaker not named near the quote"
    assert wrong_speaker.start == seed_text.index(NATO_QUOTE)
    assert len(report.dropped) == 6 and report.verified == 13


def test_off_returns_the_content_unchanged_and_checks_nothing(seed_text: str) -> None:
    reply = _reply()

    grounded, report = ground(reply, seed_text, policy="off")

    assert grounded == reply and grounded is not reply
    assert (report.policy, report.checked, report.verified, report.dropped) == ("off", 0, 0, [])
    assert report.rate is None


def test_ground_does_not_change_its_input(seed_text: str) -> None:
    reply = _reply()
    before = reply.model_dump()

    ground(reply, seed_text)

    assert reply.model_dump() == before
    assert all(e.evidence is None for e in reply.quoted_experts)


def test_lede_and_open_questions_pass_through_unchecked(seed_text: str) -> None:
    grounded, _ = ground(_reply(), seed_text)

    assert grounded.lede == "The U.S. will not limit Ukraine's use of its weapons."
    assert grounded.open_questions == ["Will North Korea send weapons?"]


def test_failed_items_lists_what_a_re_ask_should_fix(seed_text: str) -> None:
    _, report = ground(_reply(), seed_text, policy="flag")

    items = failed_items(report)

    assert items == report.dropped and items[0] is not report.dropped[0]
    assert all(isinstance(i, DroppedItem) for i in items)
    assert [i.kind for i in items] == ["claim", "actor", "quote", "quote", "quote", "expert"]


def test_failed_items_is_empty_when_everything_is_verified(seed_text: str) -> None:
    _, report = ground(_content(experts=(("Rob Lee", LEE_QUOTE),)), seed_text)

    assert failed_items(report) == []


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"policy": "keep"}, id="unknown-policy"),
        pytest.param({"claim_threshold": 1.5}, id="threshold-above-one"),
        pytest.param({"claim_threshold": -0.1}, id="negative-threshold"),
    ],
)
def test_wrong_arguments_raise_usage_error(arguments: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        ground(_content(), "Text.", **arguments)  # type: ignore[arg-type]


# ---- quotes: typography -------------------------------------------------------------------

ROE_ARTICLE = (
    "The storm hit the coast on Monday.\n"
    "Analyst Jane Roe said: \u201cWe can\u2019t wait \u2014 the winter\u2026 it is coming. "
    "Prepare now.\u201d\n"
    "The ministry did not answer."
)
ROE_START = ROE_ARTICLE.index("We can")
ROE_END = ROE_ARTICLE.index("coming") + len("coming")


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("We can\u2019t wait \u2014 the winter\u2026 it is coming.", id="exact"),
        pytest.param(
            '"We can\'t wait \u2014 the winter\u2026 it is coming."', id="straight-quotes"
        ),
        pytest.param(
            "We can\u2019t wait - the winter\u2026 it is coming.", id="hyphen-for-em-dash"
        ),
        pytest.param("We can\u2019t wait--the winter\u2026 it is coming.", id="double-hyphen"),
        pytest.param("We can\u2019t wait \u2014 the winter... it is coming.", id="three-dots"),
        pytest.param(
            "We can\u2019t wait \u2014\nthe winter\u2026 it\n  is coming.", id="line-breaks"
        ),
        pytest.param("WE CAN\u2019T WAIT \u2014 THE WINTER\u2026 IT IS COMING.", id="upper-case"),
        pytest.param(
            "We can\u2019t wait \u2014 the winter\u2026 it is coming", id="no-final-period"
        ),
        pytest.param(
            "\u201cWe can\u2019t wait \u2014 the winter\u2026 it is coming,\u201d", id="comma"
        ),
    ],
)
def test_real_quote_survives_every_normalization(quote: str) -> None:
    expert = _expert_check(ROE_ARTICLE, "Jane Roe", quote)

    assert expert.evidence is not None and expert.evidence.verified
    assert (expert.evidence.start, expert.evidence.end) == (ROE_START, ROE_END)
    assert expert.evidence.sentence == 2


def test_quote_with_a_changed_word_is_not_found() -> None:
    expert = _expert_check(ROE_ARTICLE, "Jane Roe", "We can\u2019t wait, the summer is coming.")

    assert expert.evidence is not None and not expert.evidence.verified
    assert expert.evidence.note == "quote not found in the article"
    assert expert.evidence.start is None


def test_quote_that_starts_inside_a_word_is_not_found() -> None:
    expert = _expert_check(ROE_ARTICLE, "Jane Roe", "an\u2019t wait")

    assert expert.evidence is not None and not expert.evidence.verified


# ---- quotes: excerpts joined with an ellipsis ----------------------------------------------

SPLIT_ARTICLE = (
    "Talks stalled on Friday.\n"
    "\u201cSupplies are running low,\u201d Rob Lee said, \u201cand the winter is near.\u201d\n"
    "Ann Poe, a diplomat, was more hopeful: \u201cThe roads will open again.\u201d"
)


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("Supplies are running low ... and the winter is near", id="three-dots"),
        pytest.param("Supplies are running low\u2026 and the winter is near.", id="ellipsis-char"),
        pytest.param("Supplies are running low [...] and the winter is near", id="bracketed"),
    ],
)
def test_excerpts_joined_by_an_ellipsis_are_verified_in_order(quote: str) -> None:
    expert = _expert_check(SPLIT_ARTICLE, "Rob Lee", quote)

    assert expert.evidence is not None and expert.evidence.verified
    start = SPLIT_ARTICLE.index("Supplies")
    end = SPLIT_ARTICLE.index("near") + len("near")
    assert (expert.evidence.start, expert.evidence.end) == (start, end)
    assert expert.evidence.note == "joined from 2 excerpts of the article"


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("and the winter is near ... Supplies are running low", id="out-of-order"),
        pytest.param("and the winter is near ... The roads will open again", id="two-paragraphs"),
        pytest.param("Supplies are running low ... near", id="one-word-excerpt"),
        pytest.param("Supplies are running low ... and spring is near", id="invented-excerpt"),
    ],
)
def test_excerpts_that_do_not_fit_together_are_not_verified(quote: str) -> None:
    expert = _expert_check(SPLIT_ARTICLE, "Rob Lee", quote)

    assert expert.evidence is not None and not expert.evidence.verified
    assert expert.evidence.note == "quote not found in the article"


def test_quote_with_a_leading_ellipsis_is_verified() -> None:
    expert = _expert_check(SPLIT_ARTICLE, "Rob Lee", "...running low")

    assert expert.evidence is not None and expert.evidence.verified
    assert expert.evidence.start == SPLIT_ARTICLE.index("running low")


# ---- quotes: who said them -----------------------------------------------------------------

QUOTE = "Supplies are running low"


@pytest.mark.parametrize(
    ("article", "name"),
    [
        pytest.param(
            "In a tweet, analyst Rob Lee noted the risk, stating, \u201cSupplies are running "
            "low.\u201d Others disagreed.",
            "Rob Lee",
            id="stating",
        ),
        pytest.param(
            "\u201cSupplies are running low,\u201d said Rob Lee, an analyst.",
            "Rob Lee",
            id="said-x",
        ),
        pytest.param("Rob Lee said: \u201cSupplies are running low.\u201d", "Rob Lee", id="x-said"),
        pytest.param(
            "Rob Lee spoke on Friday.\n\u201cSupplies are running low.\u201d Lee said.",
            "Rob Lee",
            id="quote-then-surname-said",
        ),
        pytest.param(
            "\u201cIt is bad,\u201d Lee said, \u201cSupplies are running low.\u201d",
            "Rob Lee",
            id="second-part-of-split-quote",
        ),
        pytest.param(
            "In a memo, Dr. Lee wrote:\n\n\u201cThe winter is near. Supplies are running low."
            "\u201d\n\nThe ministry did not reply.",
            "Dr. Rob Lee",
            id="block-quote",
        ),
        pytest.param(
            "Rob Lee wrote in his letter:\n\nThe winter is near. Supplies are running low.\n\n"
            "The ministry did not reply.",
            "Rob Lee",
            id="block-quote-without-marks",
        ),
        pytest.param(
            "\u201cSupplies are running low.\u201d\n\u2014 Rob Lee, analyst", "Rob Lee", id="byline"
        ),
    ],
)
def test_speaker_named_near_the_quote_is_verified(article: str, name: str) -> None:
    expert = _expert_check(article, name, QUOTE)

    assert expert.evidence is not None and expert.evidence.verified
    assert expert.evidence.start == article.index(QUOTE)


def test_speaker_named_at_the_start_of_a_long_quotation_is_near_its_end() -> None:
    filler = "The roads are closed and the trucks cannot pass. " * 8
    article = f"Rob Lee said: \u201c{filler}Supplies are running low.\u201d"

    assert article.index(QUOTE) > 300
    assert (
        _expert_check(article, "Rob Lee", QUOTE).evidence
        == _expert_check(article, "Lee", QUOTE).evidence
    )
    assert _expert_check(article, "Rob Lee", QUOTE).evidence.verified  # type: ignore[union-attr]


def test_real_quote_given_to_someone_named_elsewhere_is_wrong_attribution() -> None:
    article = (
        "Rob Lee opened the meeting.\n"
        + "Delegates argued about the budget for hours. " * 10
        + "\n\u201cSupplies are running low,\u201d said Ann Poe."
    )

    expert = _expert_check(article, "Rob Lee", QUOTE)

    assert expert.evidence is not None and not expert.evidence.verified
    assert expert.evidence.note == 'the article attributes the quote to "Ann Poe"'
    assert (expert.evidence.verdict, expert.evidence.article_words) == ("contradicted", "Ann Poe")
    assert expert.evidence.start == article.index(QUOTE)


def test_speaker_named_in_the_next_paragraph_is_not_near() -> None:
    article = "\u201cSupplies are running low,\u201d said Ann Poe.\nRob Lee disagreed with her."

    expert = _expert_check(article, "Rob Lee", QUOTE)

    assert expert.evidence is not None and not expert.evidence.verified


def test_name_inside_the_quoted_words_is_not_an_attribution() -> None:
    article = "Ann Poe said: \u201cRob Lee is wrong. Supplies are running low.\u201d"

    expert = _expert_check(article, "Rob Lee", QUOTE)

    assert expert.evidence is not None and not expert.evidence.verified


def test_speaker_missing_from_the_article_gets_its_own_reason() -> None:
    _, report = ground(
        _content(experts=(("Mike Brown", QUOTE),)),
        "Rob Lee said: \u201cSupplies are running low.\u201d",
    )

    assert [(d.kind, d.text, d.reason, d.verdict) for d in report.dropped] == [
        (
            "expert",
            'Mike Brown: "Supplies are running low"',
            'the article attributes the quote to "Rob Lee"',
            "contradicted",
        )
    ]


def test_speaker_missing_from_an_unattributed_quote_gets_its_own_reason() -> None:
    _, report = ground(
        _content(experts=(("Mike Brown", QUOTE),)),
        "The note on the door read: “Supplies are running low.”",
    )

    assert [d.reason for d in report.dropped] == [
        "speaker not named near the quote (name not found in the article)"
    ]


def test_quote_repeated_unattributed_is_verified_where_its_speaker_is_named() -> None:
    article = (
        "\u201cSupplies are running low\u201d is the line everyone repeats.\n"
        + "The convoy waited at the border for days. " * 8
        + "\nSpeaking on Friday, Rob Lee said: \u201cSupplies are running low.\u201d"
    )

    expert = _expert_check(article, "Rob Lee", QUOTE)

    assert expert.evidence is not None and expert.evidence.verified
    assert expert.evidence.start == article.rindex(QUOTE)


@pytest.mark.parametrize(
    ("name", "verified"),
    [
        pytest.param("Mike Lee", False, id="other-given-name"),
        pytest.param("R. Lee", True, id="initial"),
        pytest.param("Lee", True, id="surname-only"),
        pytest.param("Dr. Rob Lee", True, id="title"),
    ],
)
def test_surname_after_a_different_given_name_is_someone_else(name: str, verified: bool) -> None:
    article = "Analyst Rob Lee said: \u201cSupplies are running low.\u201d"

    grounded, _ = ground(
        _content(actors=((name, "person"),), experts=((name, QUOTE),)), article, policy="flag"
    )

    assert grounded.actors[0].evidence.verified is verified  # type: ignore[union-attr]
    assert grounded.quoted_experts[0].evidence.verified is verified  # type: ignore[union-attr]


def test_surname_of_another_person_next_to_the_quote_is_not_the_speaker() -> None:
    article = (
        "Rob Lee, an analyst, spoke first.\n"
        + "The convoy waited at the border for days. " * 8
        + "\n\u201cSupplies are running low,\u201d said Mike Lee, a trucker."
    )

    expert = _expert_check(article, "Rob Lee", QUOTE)

    assert expert.evidence is not None and not expert.evidence.verified
    assert expert.evidence.note == 'the article attributes the quote to "Mike Lee"'


def test_surname_in_lower_case_is_not_the_speaker() -> None:
    article = "A brown bear came by. \u201cSupplies are running low,\u201d a ranger said."

    assert not _expert_check(article, "Mike Brown", QUOTE).evidence.verified  # type: ignore[union-attr]


# ---- actors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "article", "mention"),
    [
        pytest.param("United States", "country", "Aid from the U.S. grew.", "U.S.", id="us-dots"),
        pytest.param("U.S.", "country", "The United States agreed.", "United States", id="us-long"),
        pytest.param("US", "country", "America agreed.", "America", id="america"),
        pytest.param("UK", "country", "Britain agreed.", "Britain", id="britain"),
        pytest.param("United Kingdom", "country", "The U.K. agreed.", "U.K.", id="uk"),
        pytest.param("UN", "organization", "The United Nations met.", "United Nations", id="un"),
        pytest.param("United Nations", "organization", "The UN met.", "UN", id="un-short"),
        pytest.param(
            "NATO",
            "organization",
            "The North Atlantic Treaty Organization met.",
            "North Atlantic Treaty Organization",
            id="nato-long",
        ),
        pytest.param(
            "North Atlantic Treaty Organization",
            "organization",
            "Nato met.",
            "Nato",
            id="nato-british",
        ),
        pytest.param("European Union", "organization", "The EU met.", "EU", id="eu"),
        pytest.param(
            "CSIS",
            "organization",
            "A study by the Center for Strategic and International Studies said so.",
            "Center for Strategic and International Studies",
            id="acronym-to-name",
        ),
        pytest.param(
            "Center for Strategic and International Studies",
            "organization",
            "A CSIS study said so.",
            "CSIS",
            id="name-to-acronym",
        ),
        pytest.param("Rob Lee", "person", "Lee wrote on Friday.", "Lee", id="surname"),
        pytest.param("Dr. Jane Roe", "person", "Jane Roe wrote.", "Jane Roe", id="title"),
        pytest.param("Jos\u00e9 Ramos", "person", "Jose Ramos wrote.", "Jose Ramos", id="accent"),
        pytest.param(
            "the Pentagon", "organization", "The Pentagon said.", "The Pentagon", id="the"
        ),
        pytest.param("Russia", "country", "Russia\u2019s army.", "Russia", id="possessive"),
    ],
)
def test_actor_named_in_any_usual_form_is_verified(
    name: str, kind: str, article: str, mention: str
) -> None:
    grounded, _ = ground(_content(actors=((name, kind),)), article, policy="flag")

    evidence = grounded.actors[0].evidence
    assert evidence is not None and evidence.verified
    assert article[evidence.start : evidence.end] == mention  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "kind", "article"),
    [
        pytest.param("Lee", "person", "The fleet sailed.", id="inside-a-word"),
        pytest.param("US", "country", "He told us so.", id="pronoun-us"),
        pytest.param("Mike Brown", "person", "A brown bear came.", id="lowercase-surname"),
        pytest.param("America", "country", "Trade with Latin America grew.", id="latin-america"),
        pytest.param("WHO", "organization", "Nobody knows who did it.", id="lowercase-acronym"),
        pytest.param("Mike Brown", "person", "Rob Lee wrote.", id="invented"),
    ],
)
def test_actor_not_named_is_not_verified(name: str, kind: str, article: str) -> None:
    grounded, report = ground(_content(actors=((name, kind),)), article)

    assert grounded.actors == []
    assert [(d.kind, d.text, d.reason, d.verdict) for d in report.dropped] == [
        ("actor", name, "name not found in the article", "not_found")
    ]


# ---- claims ----------------------------------------------------------------------------------

CLAIM_ARTICLE = (
    "Officials met in Geneva on Monday. "
    "They said the government imposes strict limits on the supply of weapons. "
    "The budget grew by 12 percent in 2022. "
    "Farmers protested outside. Their tractors blocked the main road."
)


def test_supported_claim_gets_its_sentence_and_score() -> None:
    grounded, _ = ground(
        _content(claims=("The budget grew by 12 percent in 2022.",)), CLAIM_ARTICLE
    )

    evidence = grounded.key_claims[0].evidence
    start = CLAIM_ARTICLE.index("The budget")
    assert evidence is not None and evidence.verified
    assert (evidence.start, evidence.end, evidence.sentence, evidence.score) == (
        start,
        start + len("The budget grew by 12 percent in 2022."),
        3,
        1.0,
    )


def test_claim_in_other_word_forms_is_supported() -> None:
    claim = "They said the government imposed strict limits on weapons supplies."

    grounded, _ = ground(_content(claims=(claim,)), CLAIM_ARTICLE)

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and evidence.verified and evidence.sentence == 2
    assert evidence.score == 1.0


def test_claim_spread_over_two_adjacent_sentences_is_supported() -> None:
    claim = "Farmers' tractors blocked the main road."

    grounded, _ = ground(_content(claims=(claim,)), CLAIM_ARTICLE)

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and evidence.verified
    assert CLAIM_ARTICLE[evidence.start : evidence.end] == (  # type: ignore[misc]
        "Farmers protested outside. Their tractors blocked the main road."
    )


def test_unsupported_claim_is_dropped_with_its_best_overlap() -> None:
    claim = "Mike Brown predicts the war ends before summer in Geneva."

    grounded, report = ground(_content(claims=(claim,)), CLAIM_ARTICLE)

    assert grounded.key_claims == []
    assert [(d.kind, d.text, d.reason, d.verdict) for d in report.dropped] == [
        ("claim", claim, "not found: no sentence says this (best overlap 0.14)", "not_found")
    ]


def test_claim_with_a_number_the_article_does_not_state_is_not_supported() -> None:
    claim = "The budget grew by 15 percent in 2022."

    grounded, report = ground(_content(claims=(claim,)), CLAIM_ARTICLE, policy="flag")

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and not evidence.verified and evidence.sentence == 3
    assert report.dropped[0].reason == (
        'contradicted: the article says "12" where the claim says "15"'
    )
    assert (evidence.claim_words, evidence.article_words, evidence.check) == ("15", "12", "number")


@pytest.mark.parametrize(
    ("threshold", "verified"),
    [pytest.param(0.5, True, id="half"), pytest.param(0.9, False, id="strict")],
)
def test_claim_threshold_sets_how_much_support_is_enough(threshold: float, verified: bool) -> None:
    claim = "Officials met in Geneva to discuss tariffs."  # 3 of 5 content words

    grounded, _ = ground(
        _content(claims=(claim,)), CLAIM_ARTICLE, policy="flag", claim_threshold=threshold
    )

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and evidence.verified is verified and evidence.score == 0.6


def test_everything_is_unverified_against_an_empty_article() -> None:
    content = _content(
        claims=("Talks stalled.",), actors=(("Rob Lee", "person"),), experts=(("Rob Lee", QUOTE),)
    )

    grounded, report = ground(content, "")

    assert (grounded.key_claims, grounded.actors, grounded.quoted_experts) == ([], [], [])
    assert (report.checked, report.verified) == (3, 0)


def test_claim_that_drops_the_articles_negation_is_not_supported(seed_text: str) -> None:
    claim = "U.S. officials will impose new restrictions on Ukraine's use of weapons."

    grounded, report = ground(_content(claims=(claim,)), seed_text, policy="flag")

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and not evidence.verified and evidence.sentence == 1
    assert report.dropped[0].reason == (
        'contradicted: the article says "not ... impose"; the claim does not'
    )


def test_not_only_in_the_article_is_not_a_negation(seed_text: str) -> None:
    claim = "Continued military support for Ukraine is crucial for its defense."

    grounded, _ = ground(_content(claims=(claim,)), seed_text)

    evidence = grounded.key_claims[0].evidence
    assert evidence is not None and evidence.verified and evidence.score == 1.0
    assert seed_text[evidence.start : evidence.end].startswith("This approach aligns")  # type: ignore[misc]


# ---- properties on the seed article ----------------------------------------------------------


@st.composite
def _seed_slice(draw: st.DrawFn) -> tuple[int, int]:
    first = draw(st.integers(0, len(SEED_WORDS) - 1))
    last = draw(st.integers(first, min(first + 40, len(SEED_WORDS) - 1)))
    return SEED_WORDS[first][0], SEED_WORDS[last][1]


SEED_FOLDED = normalize(SEED_TEXT)


@given(_seed_slice())
def test_any_whole_word_stretch_of_the_article_is_found_at_its_span(
    case: tuple[int, int],
) -> None:
    start, end = case

    span = find_normalized(SEED_TEXT[start:end], SEED_FOLDED)

    assert span is not None and span[0] <= start
    assert normalize(SEED_TEXT[span[0] : span[1]]).text == normalize(SEED_TEXT[start:end]).text
    folded = normalize(SEED_TEXT[start:end]).text
    if len(re.findall(rf"(?<!\w){re.escape(folded)}(?!\w)", SEED_FOLDED.text)) == 1:
        assert span == (start, end)  # said once in the article: found exactly there


LEE_WORDS = [m.group() for m in re.finditer(r"\S+", LEE_QUOTE)]


@given(st.integers(0, len(LEE_WORDS) - 2), st.integers(2, len(LEE_WORDS)))
def test_any_excerpt_of_a_real_quote_keeps_its_real_speaker(first: int, length: int) -> None:
    excerpt = " ".join(LEE_WORDS[first : first + length])

    grounded, _ = ground(_content(experts=(("Rob Lee", excerpt),)), SEED_TEXT)

    assert [e.quote for e in grounded.quoted_experts] == [excerpt]
    evidence = grounded.quoted_experts[0].evidence
    assert evidence is not None and evidence.sentence == 9


_FRAGMENTS = st.sampled_from(
    ["Rob Lee", "Lee", "Dr.", "", " ", "\u201c", "\u201d", '"', "...", "\u2026", "\u2014", "-",
     ":", "\n", "\n\n", "said", "US", "the", "U.S.", "2022", "not", ".", "CSIS", "Nato", "\u00e9"]
)  # fmt: skip
_TEXTS = st.lists(_FRAGMENTS, max_size=30).map(" ".join)


@given(
    text=_TEXTS,
    claims=st.lists(_TEXTS, max_size=3),
    names=st.lists(_TEXTS, max_size=3),
    quotes=st.lists(st.tuples(_TEXTS, _TEXTS), max_size=3),
    policy=st.sampled_from(["drop", "flag"]),
)
def test_ground_accepts_any_input_and_accounts_for_every_item(
    text: str,
    claims: list[str],
    names: list[str],
    quotes: list[tuple[str, str]],
    policy: str,
) -> None:
    content = _content(tuple(claims), tuple((n, "person") for n in names), tuple(quotes))

    grounded, report = ground(content, text, policy=policy)  # type: ignore[arg-type]

    items = grounded.key_claims + grounded.actors + grounded.quoted_experts  # type: ignore[operator]
    # The schema has already dropped empty and repeated items: count what it kept.
    given_items = len(content.key_claims) + len(content.actors) + len(content.quoted_experts)
    assert report.checked == given_items
    assert report.checked == report.verified + len(report.dropped)
    kept = len(items)
    assert kept == (report.checked if policy == "flag" else report.verified)
    for item in items:
        evidence = item.evidence
        assert evidence is not None
        if evidence.start is not None and evidence.end is not None:
            assert 0 <= evidence.start <= evidence.end <= len(text)


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        pytest.param(
            "U.S. Secretary-General Jens Stoltenberg", "Jens Stoltenberg", id="invented-title"
        ),
        pytest.param("Jens Stoltenberg", "Jens Stoltenberg", id="as-written"),
        pytest.param("United States", "United States", id="usual-long-form"),
        pytest.param("CSIS", "CSIS", id="acronym"),
    ],
)
def test_a_name_found_only_in_part_is_printed_as_the_article_writes_it(
    written: str, printed: str
) -> None:
    kind = "person" if "Jens" in written else "organization"
    content = SummaryContent(
        lede="x",
        actors=[Actor(name=written, kind=kind)],
        quoted_experts=[QuotedExpert(name=written, quote=NATO_QUOTE)] if kind == "person" else [],
    )
    grounded, _ = ground(content, SEED_TEXT)
    assert [a.name for a in grounded.actors] == [printed]
    assert [e.name for e in grounded.quoted_experts] == ([printed] if kind == "person" else [])


def test_each_quotation_of_an_expert_is_checked_on_its_own(seed_text: str) -> None:
    content = SummaryContent(
        lede="",
        quoted_experts=[
            QuotedExpert(name="Rob Lee", quotes=["Ukraine will win by spring", LEE_QUOTE]),
            QuotedExpert(name="Jens Stoltenberg", quotes=["Nobody said this at all"]),
        ],
    )
    dropped, report = ground(content, seed_text, policy="drop")
    assert [(e.name, e.quotes) for e in dropped.quoted_experts] == [("Rob Lee", [LEE_QUOTE])]
    assert dropped.quoted_experts[0].quote == LEE_QUOTE
    assert (report.checked, report.verified) == (3, 1)
    flagged, _ = ground(content, seed_text, policy="flag")
    lee = flagged.quoted_experts[0]
    assert [e.verified for e in lee.quote_evidence] == [False, True]
    assert lee.evidence is not None and not lee.evidence.verified
