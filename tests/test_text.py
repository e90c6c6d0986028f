from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.text import find_all_normalized, find_normalized, normalize, split_sentences


def test_normalize_folds_typography_space_and_case() -> None:
    folded = normalize("He said:\n\u201cIt\u2019s  OVER\u2026\u201d")

    assert folded.text == 'he said: "it\'s over..."'


def test_normalize_maps_every_folded_character_back_to_its_offset() -> None:
    text = "A\u2014b  \u201cC\u201d"
    folded = normalize(text)

    assert folded.text == 'a-b "c"'
    assert [text[i] for i in folded.offsets] == ["A", "\u2014", "b", " ", "\u201c", "C", "\u201d"]


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param("war \u2014 peace", id="spaced-em-dash"),
        pytest.param("war\u2014peace", id="em-dash"),
        pytest.param("war - peace", id="spaced-hyphen"),
        pytest.param("war--peace", id="double-hyphen"),
        pytest.param("war \u2013 peace", id="en-dash"),
    ],
)
def test_every_dash_spelling_folds_alike(variant: str) -> None:
    assert normalize(variant).text == "war-peace"


def test_normalize_drops_accents_soft_hyphens_and_zero_width_spaces() -> None:
    assert normalize("Jos\u00e9 Zelen\u00adskyy\u200b").text == "jose zelenskyy"


def test_find_normalized_returns_the_span_in_the_original_text() -> None:
    text = "Officials said \u201cwe will not\nimpose limits.\u201d"

    span = find_normalized('"We will not impose limits"', normalize(text))

    assert span == (16, 41)
    assert text[16:41] == "we will not\nimpose limits"


def test_find_normalized_does_not_match_inside_a_word() -> None:
    folded = normalize("The fleet sailed. Rob Lee wrote.")

    assert find_normalized("Lee", folded) == (22, 25)
    assert find_normalized("lee", normalize("The fleet sailed.")) is None


def test_find_all_normalized_lists_every_whole_word_occurrence() -> None:
    folded = normalize("Russia, Russian, RUSSIA.")

    assert find_all_normalized("russia", folded) == [(0, 6), (17, 23)]


def test_find_normalized_of_only_punctuation_is_none() -> None:
    assert find_normalized('".,"', normalize("Anything at all.")) is None


_WORDS = ["war", "Peace", "Lee", "fleet", "U.S.", "it\u2019s", "caf\u00e9", "2022", "a", "NATO"]
_GAPS = [" ", "  ", "\n", " \u2014 ", "-", ", ", ". ", "\u201c", "\u201d ", "\u2026 "]


@st.composite
def _article_and_slice(draw: st.DrawFn) -> tuple[str, int, int]:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
    gaps = draw(st.lists(st.sampled_from(_GAPS), min_size=len(words), max_size=len(words)))
    text = "".join(w + g for w, g in zip(words, gaps, strict=True))
    tokens = [m.span() for m in re.finditer(r"\w+", text)]
    first = draw(st.integers(0, len(tokens) - 1))
    last = draw(st.integers(first, len(tokens) - 1))
    return text, tokens[first][0], tokens[last][1]


@given(_article_and_slice())
def test_any_whole_word_substring_is_found_at_a_matching_span(
    case: tuple[str, int, int],
) -> None:
    text, start, end = case
    folded = normalize(text)

    span = find_normalized(text[start:end], folded)

    assert span is not None
    assert span[0] <= start  # the first occurrence, which may be this one
    assert normalize(text[span[0] : span[1]]).text == normalize(text[start:end]).text
    assert span in find_all_normalized(text[start:end], folded)
    assert (start, end) in find_all_normalized(text[start:end], folded)


def test_seed_article_substrings_are_found_where_they_are(seed_text: str) -> None:
    folded = normalize(seed_text)
    start = seed_text.index("Rob Lee highlighted")

    assert find_normalized("rob lee HIGHLIGHTED", folded) == (start, start + 19)


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One. Two! Three?", ["One.", "Two!", "Three?"], id="terminal-marks"),
        pytest.param("Mr. Lee left. Dr. Ng came.", ["Mr. Lee left.", "Dr. Ng came."], id="titles"),
        pytest.param("The U.S. Army won.", ["The U.S. Army won."], id="us-mid-sentence"),
        pytest.param(
            "Aid came from the U.S. The talks ended.",
            ["Aid came from the U.S.", "The talks ended."],
            id="us-ends-sentence",
        ),
        pytest.param(
            "\u201cWe will win.\u201d She left.",
            ["\u201cWe will win.\u201d", "She left."],
            id="closing-quote",
        ),
        pytest.param(
            "\u201cWhy?\u201d he asked.", ["\u201cWhy?\u201d he asked."], id="quote-goes-on"
        ),
        pytest.param("Title\nBody one. Body two.", ["Title", "Body one.", "Body two."], id="line"),
        pytest.param(
            "A line that is\nwrapped here. Next.",
            ["A line that is\nwrapped here.", "Next."],
            id="hard-wrapped",
        ),
        pytest.param("One.\n\n\nTwo.", ["One.", "Two."], id="blank-lines"),
        pytest.param(
            "J. R. Smith won in 2022. Then.", ["J. R. Smith won in 2022.", "Then."], id="init"
        ),
        pytest.param(
            "Floods hit Jaén. Hospitals shut.", ["Floods hit Jaén.", "Hospitals shut."], id="accent"
        ),
        pytest.param(
            "Talks in Zürich ended. São Paulo voted. Then Łódź.",
            ["Talks in Zürich ended.", "São Paulo voted.", "Then Łódź."],
            id="non-ascii-words",
        ),
        pytest.param("Ms. Ó. Brien left.", ["Ms. Ó. Brien left."], id="accented-initial"),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\u201c\u201dMr")), max_size=60))
def test_sentences_are_in_order_and_cover_every_word(text: str) -> None:
    sentences = split_sentences(text)

    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))
    for before, after in zip(sentences, sentences[1:], strict=False):
        assert before.end <= after.start
    for s in sentences:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip()
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())


@given(
    st.text(
        alphabet=st.sampled_from(list("ab c-\n\t—–“”‘’…é ß\u00adZ.")) | st.characters(),
        max_size=60,
    )
)
def test_the_fast_normalize_path_agrees_with_the_character_loop(text: str) -> None:
    from briefer.text import _normalize_slow

    fast, slow = normalize(text), _normalize_slow(text)
    assert (fast.text, fast.offsets) == (slow.text, slow.offsets)
