"""Key claims: salient, one fact each, trimmed of boilerplate, still the article's words."""

from __future__ import annotations

import pytest

from briefer.offline import summarize_offline
from briefer.offline._cuts import KEPT, lede_facts
from briefer.offline._facts import facts_of
from briefer.text import Sentence, find_normalized, normalize


def _facts(text: str) -> list[str]:
    return [f.text for f in facts_of(Sentence(1, 0, len(text), text))]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        pytest.param(
            "At least 40 ships were waiting offshore by Monday afternoon, officials said.",
            "At least 40 ships were waiting offshore by Monday afternoon.",
            id="officials-said",
        ),
        pytest.param(
            "The walkout cost the ports $40 million on its first day, the association said "
            "in a statement.",
            "The walkout cost the ports $40 million on its first day.",
            id="said-in-a-statement",
        ),
        pytest.param(
            "Police said the man had been arrested on suspicion of attempted robbery.",
            "The man had been arrested on suspicion of attempted robbery.",
            id="police-said-first",
        ),
        pytest.param(
            "The strike would cost the ports $40 million a day, the association said.",
            "The strike would cost the ports $40 million a day, the association said.",
            id="prediction-keeps-its-source",
        ),
        pytest.param(
            "The ports will stay closed until Friday, Maria Lopez said.",
            "The ports will stay closed until Friday, Maria Lopez said.",
            id="named-source-kept",
        ),
    ],
)
def test_generic_attribution_is_trimmed_where_the_meaning_stays(sentence: str, claim: str) -> None:
    assert _facts(sentence) == [claim]


def test_two_clauses_joined_by_a_semicolon_are_two_claims() -> None:
    text = (
        "The union represents 4,000 dockworkers at the three ports; the employers' group "
        "represents eleven shipping lines and terminal operators."
    )
    assert _facts(text) == [
        "The union represents 4,000 dockworkers at the three ports",
        "the employers' group represents eleven shipping lines and terminal operators.",
    ]


ARTICLE = """Dockworkers walk out at three ports

By JANE DOE

Scroll down for video

Thousands of dockworkers walked off the job at three Gulf Coast ports on Monday, halting \
grain shipments in a dispute over automated cranes.

Share this article

The strike began at 6 a.m. after talks with the employers broke down late Sunday, \
officials said.

At least 40 ships were waiting offshore by Monday afternoon, according to the Coast Guard.

Grain traders warned that a long stoppage could push up prices for corn shipped to Asia.

The union said it was ready to return to the table at any time.
"""


def test_claims_carry_the_ledes_news_cut_to_one_fact_never_its_sentence_or_furniture() -> None:
    summary = summarize_offline(ARTICLE.split("\n", 1)[1], title=ARTICLE.split("\n")[0])
    assert summary.lede.startswith("Thousands of dockworkers walked off the job")
    claims = [c.text for c in summary.key_claims]
    assert (
        claims[0]
        == "Thousands of dockworkers walked off the job at three Gulf Coast ports on Monday"
    )
    assert summary.lede not in claims and summary.lede.rstrip(".") not in claims
    assert "The strike began at 6 a.m. after talks with the employers broke down late Sunday." in (
        claims
    )
    assert not any("Scroll down" in c or "Share this" in c or "JANE DOE" in c for c in claims)


@pytest.mark.parametrize(
    ("sentence", "facts"),
    [
        pytest.param(
            "Ministers have been accused of abandoning their pledge to build 300,000 homes a "
            "year in England after new figures showed completions fell to their lowest level "
            "since 2016.",
            [
                "Ministers have been accused of abandoning their pledge to build 300,000 homes a "
                "year in England",
                "new figures showed completions fell to their lowest level since 2016",
            ],
            id="main-and-subordinate-clause",
        ),
        pytest.param(
            "Timothy J. Sloan, the chief executive of Harwell Bank, resigned on Tuesday, five "
            "months after regulators found that employees had opened a million accounts.",
            [
                "Timothy J. Sloan, the chief executive of Harwell Bank, resigned on Tuesday",
                "regulators found that employees had opened a million accounts",
            ],
            id="time-phrase-goes-with-the-clause-after",
        ),
        pytest.param(
            "Kenya's government suspended a planned increase in fuel taxes on Friday after "
            "three days of protests in which at least four people were killed.",
            ["Kenya's government suspended a planned increase in fuel taxes on Friday"],
            id="a-phrase-after-after-is-no-claim",
        ),
        pytest.param(
            "Train drivers at eight rail companies have voted overwhelmingly to strike in a "
            "long-running dispute over pay, the union Aslef has announced.",
            [],
            id="leaving-out-who-said-it-is-no-cut",
        ),
        pytest.param(
            "A blood test detected pancreatic cancer up to three years before patients "
            "developed symptoms, according to a study published on Monday.",
            [],
            id="years-before-stays-whole",
        ),
        pytest.param(
            "Brazilian oil company Petronorte is preparing to sell four of its refineries for "
            "about $4 billion, three people said, as it seeks to cut debt and focus on oil.",
            [
                "Brazilian oil company Petronorte is preparing to sell four of its refineries "
                "for about $4 billion, three people said"
            ],
            id="a-clause-opening-with-a-pronoun-is-no-claim",
        ),
        pytest.param(
            "The city council approved the budget on Tuesday after a debate.",
            [],
            id="a-cut-keeping-most-of-the-sentence-is-the-sentence",
        ),
    ],
)
def test_a_lede_sentence_gives_its_clauses_never_itself(sentence: str, facts: list[str]) -> None:
    cuts = lede_facts(Sentence(1, 0, len(sentence), sentence))
    assert [c.text for c in cuts] == facts
    for cut in cuts:
        assert sentence[cut.start : cut.end] == cut.text
        assert len(cut.text.split()) <= KEPT * len(sentence.split())


def test_every_claim_is_found_word_for_word_in_the_article() -> None:
    folded = normalize(ARTICLE)
    for claim in summarize_offline(ARTICLE).key_claims:
        assert find_normalized(claim.text, folded) is not None, claim.text
