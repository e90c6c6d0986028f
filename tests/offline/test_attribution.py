"""Who said it, in the forms papers use beyond "X said": follow-on quotes, pronouns that
mean the sentence's subject, unnamed speakers, reported clauses, judges and honorifics."""

from __future__ import annotations

import pytest

from briefer.offline import summarize_offline


def _experts(text: str) -> list[tuple[str, list[str]]]:
    return [
        (e.name, [q.rstrip(".") for q in e.quotes]) for e in summarize_offline(text).quoted_experts
    ]


@pytest.mark.parametrize(
    "attribution",
    [
        pytest.param("said Siobhan Carragher, whose husband died", id="said-name-relative"),
        pytest.param("Siobhan Carragher said", id="name-said"),
        pytest.param("said Siobhan Carragher", id="said-name"),
    ],
)
def test_a_quote_opening_the_next_sentence_is_the_same_speakers(attribution: str) -> None:
    text = (
        f"“They knew the bridge was failing,” {attribution}. “They had it in writing and "
        "they let people drive over it.”"
    )
    assert _experts(text) == [
        (
            "Siobhan Carragher",
            [
                "They knew the bridge was failing",
                "They had it in writing and they let people drive over it",
            ],
        )
    ]


def test_a_quote_after_a_short_attributed_one_is_the_same_speakers() -> None:
    text = (
        "Eamon Carragher, the brother of the driver, spoke outside. "
        "“Declan was 34,” he said. “He was only going to work that morning.”"
    )
    assert _experts(text) == [("Eamon Carragher", ["He was only going to work that morning"])]


def test_a_quote_after_an_unnamed_speakers_stays_unattributed() -> None:
    text = (
        "Maria Lopez runs the port. “The ships are late again today,” a spokesperson said. "
        "“We do not know when they will come.”"
    )
    assert _experts(text) == []


@pytest.mark.parametrize(
    "between",
    [
        pytest.param("whose mother Edith lived at Elmfield House for two years", id="relative"),
        pytest.param("who met Tom Brady in Leeds last year", id="relative-with-person"),
    ],
)
def test_she_said_means_the_subject_of_the_sentence_before(between: str) -> None:
    text = (
        f"Outside court, Janet Morrow, {between}, said the sentence could not undo the harm. "
        "“Six years is something but it is not enough,” she said."
    )
    assert _experts(text) == [("Janet Morrow", ["Six years is something but it is not enough"])]


@pytest.mark.parametrize(
    "unnamed",
    [
        "A spokeswoman for the union representing workers at Cerro Alto said talks continued.",
        "One council employee, who asked not to be named, said staff were told to keep quiet.",
        "But a source close to Gregor Lindqvist said the figures were wrong.",
    ],
)
def test_she_said_after_an_unnamed_subject_stays_unattributed(unnamed: str) -> None:
    text = (
        "Gregor Lindqvist, the chief executive, spoke to analysts on Tuesday. "
        f"{unnamed} “We are not against the company at all,” she said."
    )
    assert _experts(text) == []


def test_an_unnamed_noun_set_off_before_a_name_is_that_person() -> None:
    text = (
        "An analyst, Priya Raman, said the reset was big. “This is a significant reset,” she said."
    )
    assert _experts(text) == [("Priya Raman", ["This is a significant reset"])]


@pytest.mark.parametrize("verb", ["had treated", "was treating", "treated", "would treat"])
def test_a_name_opening_a_reported_clause_is_not_the_speaker(verb: str) -> None:
    text = (
        "Bernard Hollis, 62, was jailed. Sentencing him, Judge Anne Calloway said Hollis "
        f"{verb} the home “as a business first and a place of care second”."
    )
    assert _experts(text) == [("Anne Calloway", ["as a business first and a place of care second"])]


def test_the_judge_is_the_justice_who_sentenced() -> None:
    text = (
        "Sentencing him on Friday, Mr Justice Calloway gave him six years. "
        "“They were entitled to dignity and you gave them none,” the judge said."
    )
    [(name, _)] = _experts(text)
    assert name.endswith("Calloway")


@pytest.mark.parametrize(
    "opening",
    [
        "Hollis's barrister, Rupert Lang, said his client was ill.",
        "After a meeting with Bernard Hollis, Rupert Lang said his client was ill.",
        "Rupert Lang, who represents Bernard Hollis, said his client was ill.",
    ],
)
def test_she_said_skips_a_possessive_or_an_object_for_the_subject(opening: str) -> None:
    text = f"{opening} “He lost control of a business that grew beyond him,” he said."
    assert _experts(text) == [
        ("Rupert Lang", ["He lost control of a business that grew beyond him"])
    ]


@pytest.mark.parametrize(
    "naming",
    [
        "That was how Walter Grigsby, a lobsterman, described the decision.",
        "The words belong to Walter Grigsby, 71, who has fished here all his life.",
        "So says Walter Grigsby, whose family arrived in 1816.",
    ],
)
def test_a_quote_standing_alone_goes_to_the_person_the_next_paragraph_names(naming: str) -> None:
    text = f"The island voted on Tuesday.\n\n“It's the hardest vote I've ever cast.”\n\n{naming}\n"
    assert _experts(text) == [("Walter Grigsby", ["It's the hardest vote I've ever cast"])]


def test_a_quote_standing_alone_before_an_unrelated_paragraph_stays_unattributed() -> None:
    text = (
        "The island voted on Tuesday.\n\n“It's the hardest vote I've ever cast.”\n\n"
        "Walter Grigsby, a lobsterman, voted yes.\n"
    )
    assert _experts(text) == []
