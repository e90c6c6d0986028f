"""Names as papers outside the US wire styles write them: surname first, honorifics after the
first mention, post-nominal letters, long titles with "of the", county and building names."""

from __future__ import annotations

import pytest

from briefer.offline import summarize_offline
from briefer.offline._names import find_names


def _people(text: str) -> list[str]:
    return sorted(e.name for e in find_names(text).entities.values() if e.kind == "person")


def _experts(text: str) -> list[str]:
    return [e.name for e in summarize_offline(text).quoted_experts]


@pytest.mark.parametrize(
    ("full", "later"),
    [
        pytest.param("Chua Wei Ling", "Ms Chua", id="chinese-surname-first"),
        pytest.param("Lim Soo Keng", "Prof Lim", id="prof-surname-first"),
        pytest.param("Goh Boon Hock", "Mr Goh", id="mr-surname-first"),
        pytest.param("Farah Ismail", "Dr Farah", id="malay-given-name"),
        pytest.param("Angela Rowley", "Ms Rowley", id="western-surname-last"),
    ],
)
def test_an_honorific_and_one_name_later_is_the_person_named_in_full(full: str, later: str) -> None:
    text = (
        f"The scheme was announced by {full} on Monday. "
        f"“Many older workers cannot afford to stop earning,” said {later}."
    )
    assert _experts(text) == [full]
    assert _people(text) == [full]


def test_a_title_with_its_object_before_a_name_stays_off_the_name() -> None:
    text = (
        "Senior Minister of State for Manpower Chua Wei Ling said the scheme would help. "
        "“We want to take that worry away,” said Ms Chua."
    )
    assert _experts(text) == ["Chua Wei Ling"]


@pytest.mark.parametrize("letters", ["KC", "QC", "MP", "OBE"])
def test_post_nominal_letters_are_not_part_of_the_name(letters: str) -> None:
    text = (
        f"Prosecuting, Fiona Adeyinka {letters} told the jury he knew. "
        "“He chose not to act because acting would have cost him money,” Ms Adeyinka said."
    )
    assert _people(text) == ["Fiona Adeyinka"]
    assert _experts(text) == ["Fiona Adeyinka"]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param(
            "Also speaking, the Executive Secretary of the Kwara State Primary Health Care "
            "Development Agency, Alhaji Abdulrazaq Bello, urged residents to report abuse.",
            "Kwara State Primary Health Care Development Agency",
            id="executive-secretary-of-the",
        ),
        pytest.param(
            "The Chairman of the Nigeria Medical Association, Dr. Emeka Nwachukwu, agreed.",
            "Nigeria Medical Association",
            id="chairman-of-the",
        ),
        pytest.param(
            "The President of the Irish Traditional Music Archive, Seamus Kane, paid tribute.",
            "Irish Traditional Music Archive",
            id="president-of-the",
        ),
    ],
)
def test_a_title_of_a_body_lists_the_body_and_the_person(text: str, body: str) -> None:
    entities = find_names(text).entities.values()
    assert body in [e.name for e in entities if e.kind == "organization"]
    assert len([e for e in entities if e.kind == "person"]) == 1


def test_according_to_him_is_the_person_just_named() -> None:
    text = (
        "Also speaking, Alhaji Abdulrazaq Bello urged residents to report health workers. "
        "According to him, “Any officer found collecting money will be sanctioned.”"
    )
    assert _experts(text) == ["Abdulrazaq Bello"]


@pytest.mark.parametrize(
    ("text", "not_a_person"),
    [
        pytest.param("She died at her home in Carna, Co Galway, on Sunday.", "Co Galway"),
        pytest.param("Janet's mother lived at Elmfield House for two years.", "Elmfield House"),
    ],
)
def test_counties_and_buildings_are_not_people(text: str, not_a_person: str) -> None:
    assert not_a_person not in _people(text)


def test_a_university_named_for_a_bay_is_a_body() -> None:
    text = "Researchers at the University of Kestrel Bay analysed the core."
    names = [e.name for e in find_names(text).entities.values() if e.kind == "organization"]
    assert names == ["University of Kestrel Bay"]


@pytest.mark.parametrize("role", ["Substitute", "Goalkeeper", "Striker"])
def test_a_players_position_opening_a_sentence_is_a_role(role: str) -> None:
    text = f"{role} Rory Blaine added a third in stoppage time."
    assert _people(text) == ["Rory Blaine"]


def test_a_given_name_alone_is_the_one_person_who_has_it() -> None:
    text = (
        "Nora Flanagan, the singer, has died aged 88. Flanagan toured Japan four times. "
        "She is survived by her son, Colm, and a sister. "
        "“Mam would have been embarrassed by all the fuss,” Colm Flanagan said."
    )
    assert _people(text) == ["Colm Flanagan", "Nora Flanagan"]


def test_a_player_named_after_his_position_is_a_person_though_called_by_first_name() -> None:
    text = (
        "Duffy said goalkeeper Tomasz Zielinski would have a scan on Monday. "
        "“Tomasz is tough, but I'm worried,” she said."
    )
    kinds = {e.name: e.kind for e in find_names(text).entities.values()}
    assert kinds["Tomasz Zielinski"] == "person"


@pytest.mark.parametrize(
    "text",
    [
        "“The waves are coming right over the sea wall,” Callum Reid reports.",
        "Callum Reid described the storm as “the worst I have seen here in years”.",
    ],
)
def test_reporting_and_describing_attribute_a_quote(text: str) -> None:
    assert _experts(text) == ["Callum Reid"]
