"""Quotations in every house style, and every way papers say who said them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.offline import summarize_offline
from briefer.offline._quotes import find_quotes
from briefer.quotes import scan_quotations

SAID = "we will not give up on this plan"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"“{SAID},” she said.", id="curly-double"),
        pytest.param(f'"{SAID}," she said.', id="straight-double"),
        pytest.param(f"‘{SAID},’ she said.", id="curly-single"),
        pytest.param(f"'{SAID},' she said.", id="straight-single"),
        pytest.param(f"''{SAID},'' she said.", id="two-apostrophes"),
        pytest.param(f"``{SAID},'' she said.", id="backticks"),
        pytest.param(f"« {SAID} », she said.", id="guillemets-spaced"),
        pytest.param(f"«{SAID}», she said.", id="guillemets"),
        pytest.param(f"»{SAID}«, she said.", id="reversed-guillemets"),
        pytest.param(f"„{SAID}“, she said.", id="low-high"),
        pytest.param(f"”{SAID},” she said.", id="swedish"),
    ],
)
def test_every_quotation_style_is_found(text: str) -> None:
    assert [q.text for q in find_quotes(text)] == [SAID]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        pytest.param(
            "‘It is what my gran said, “We don’t talk about it”, and I wanted to know why,’ "
            "she said.",
            ["It is what my gran said, “We don’t talk about it”, and I wanted to know why"],
            id="double-inside-single",
        ),
        pytest.param(
            "“The State calls it a ‘reasonable safeguard,’ but it is not,” the judge wrote.",
            ["The State calls it a ‘reasonable safeguard,’ but it is not"],
            id="single-inside-double",
        ),
        pytest.param(
            "'I'm gutted, and I can't sing for six months,' he wrote on Danny's page.",
            ["I'm gutted, and I can't sing for six months"],
            id="apostrophes-inside-single-quotes",
        ),
        pytest.param(
            "The workers’ union said ‘the workers’ rights matter to us all’ today.",
            ["the workers’ rights matter to us all"],
            id="plural-possessive-inside",
        ),
        pytest.param(
            "In the '90s he said 'this is a long quote here' to them.",
            ["this is a long quote here"],
            id="decade-apostrophe-before",
        ),
        pytest.param("The workers' union and the drivers' club met on Tuesday.", [], id="none"),
    ],
)
def test_nested_marks_and_apostrophes(text: str, quotes: list[str]) -> None:
    assert [q.text for q in find_quotes(text)] == quotes


@given(st.text(alphabet=st.sampled_from(list("ab '’‘\"“”„«»`\n.,")), max_size=80))
def test_scanner_spans_stay_inside_their_paragraph(text: str) -> None:
    paragraphs = [(0, len(text))]
    for q in scan_quotations(text, paragraphs):
        start, end = q.inner
        assert q.para_start <= q.open_at < start <= end <= q.end <= q.para_end


def _experts(text: str) -> list[tuple[str, list[str]]]:
    return [(e.name, e.quotes) for e in summarize_offline(text).quoted_experts]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param(
            "Maria Lopez runs the port. “We are ready for the ships,” Lopez said.",
            "Maria Lopez",
            id="surname-said",
        ),
        pytest.param(
            "“We are ready for the ships,” said Maria Lopez, a port manager.",
            "Maria Lopez",
            id="said-name-appositive",
        ),
        pytest.param(
            "Maria Lopez told reporters: “We are ready for the ships.”",
            "Maria Lopez",
            id="told-colon",
        ),
        pytest.param(
            "“We are ready for the ships,” according to Maria Lopez.",
            "Maria Lopez",
            id="according-to-after",
        ),
        pytest.param(
            "“We are ready for the ships,” Maria Lopez, a manager at the Port of Veld, told "
            "Reuters.",
            "Maria Lopez",
            id="told-after-long-appositive",
        ),
        pytest.param(
            "Sen. Maria Lopez, D-N.M., wrote the bill. “We are ready for the ships,” the "
            "senator said.",
            "Maria Lopez",
            id="the-senator",
        ),
        pytest.param(
            "Education Secretary Maria Lopez urged talks. “We are ready for the ships,” said "
            "the education secretary.",
            "Maria Lopez",
            id="said-the-title",
        ),
        pytest.param(
            "Timothy J. Sloan resigned. ''We are ready for the ships,'' Mr. Sloan said.",
            "Timothy J. Sloan",
            id="mr-surname-resolves-to-full-name",
        ),
    ],
)
def test_attribution_forms(text: str, name: str) -> None:
    [(found, quotes)] = _experts(text)
    assert (found, [q.rstrip(".") for q in quotes]) == (name, ["We are ready for the ships"])


def test_a_title_nobody_named_holds_leaves_the_quote_unattributed() -> None:
    text = (
        "Maria Lopez runs the port. A spokesperson for the ministry disagreed. "
        "“We are not ready for the ships,” the spokesperson said."
    )
    assert _experts(text) == []


def test_each_person_gets_up_to_three_quotations_in_order() -> None:
    text = "\n".join(
        f"“This is quotation number {n} of many,” Maria Lopez said." for n in range(1, 6)
    )
    assert _experts(text) == [
        ("Maria Lopez", [f"This is quotation number {n} of many" for n in range(1, 4)])
    ]


def test_block_quote_over_paragraphs_goes_to_the_speaker_who_introduced_it() -> None:
    text = (
        "Treasury Secretary John Mbatia spoke on television. He said:\n\n"
        '"We have listened to the people of this country.\n\n'
        '"This government will not balance its books on their backs."\n'
    )
    [(name, quotes)] = _experts(text)
    assert name == "John Mbatia"
    assert quotes == [
        "We have listened to the people of this country.",
        "This government will not balance its books on their backs.",
    ]


def test_one_person_is_one_actor_under_every_name_and_title() -> None:
    text = (
        "Timothy J. Sloan, the chief executive of Harwell Bank, resigned on Tuesday. "
        "C.E.O. Tim Sloan had led the bank for years. Mr. Sloan said little. "
        "Senator Elizabeth Marlow, Democrat of Massachusetts, welcomed it. "
        "The California Democrat Ro Khanna-Patel agreed."
    )
    actors = {a.name: a for a in summarize_offline(text).actors}
    people = [n for n, a in actors.items() if a.kind == "person"]
    assert sorted(people) == ["Elizabeth Marlow", "Ro Khanna-Patel", "Timothy J. Sloan"]
    assert actors["Elizabeth Marlow"].role == "Senator, Democrat of Massachusetts"
    assert "California Democrat" not in actors


def test_an_affiliation_keeps_its_campus() -> None:
    text = (
        "Rachel Ortiz, a hydrologist at the University of California, Davis, said the wells "
        "were failing. “We have been pumping more than nature puts back,” Ortiz said."
    )
    [expert] = summarize_offline(text).quoted_experts
    assert expert.affiliation == "a hydrologist at the University of California, Davis"
