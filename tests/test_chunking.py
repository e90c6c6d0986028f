from __future__ import annotations

from pathlib import Path

import pytest
import tiktoken
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefer.chunking import Chunk, split_text
from briefer.errors import UsageError
from briefer.tokens import TokenCounter, token_counter

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_9257439dfe81132e.txt"
CL100K = token_counter()

_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)  # tiktoken's o200k_base pre-tokenizer
_GPT2_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def _counter_with_pattern(name: str, pattern: str) -> TokenCounter:
    # The o200k and gpt2 files are not available offline; their pre-tokenizers over cl100k's
    # merges exercise the same joins (additive for o200k's pattern, re-counted for gpt2's).
    encoding = tiktoken.Encoding(
        name=name,
        pat_str=pattern,
        mergeable_ranks=CL100K.encoding._mergeable_ranks,
        special_tokens={},
    )
    return TokenCounter(encoding=encoding, model=None)


COUNTERS = [
    pytest.param(CL100K, id="cl100k"),
    pytest.param(_counter_with_pattern("o200k-pattern", _O200K_PATTERN), id="o200k-pattern"),
    pytest.param(_counter_with_pattern("gpt2-pattern", _GPT2_PATTERN), id="gpt2-pattern"),
]

_pieces = st.one_of(
    st.sampled_from(
        [" ", "  ", "\n", "\n\n", "\r\n", "\t", ". ", "! ", "? ", "\u3002", "/", "\u201c", "\u201d"]
    ),
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.text("abcdefghij", min_size=1, max_size=8),
    st.text("abc", min_size=40, max_size=300),  # a word longer than most budgets
    st.text("\u4e00\u4e8c\u4e09\u56db\u6587\u5b57", min_size=1, max_size=60),  # CJK, no spaces
    st.text("\U0001f600\U0001f916\u2764\ufe0f\u00e9", min_size=1, max_size=20),  # emoji, marks
)
texts = st.lists(_pieces, max_size=40).map("".join)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_exact_and_within(chunks: list[Chunk], text: str, budget: int, counter: TokenCounter):
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert c.text == text[c.start : c.end]
        assert c.text
        assert c.tokens == counter.count(c.text)
        assert c.tokens <= budget


@pytest.mark.parametrize("counter", COUNTERS)
@given(text=texts, max_tokens=st.integers(4, 64))
@PROPERTY
def test_chunks_rejoin_to_the_text_and_fit_the_budget(
    counter: TokenCounter, text: str, max_tokens: int
) -> None:
    chunks = split_text(text, max_tokens=max_tokens, counter=counter)

    assert "".join(c.text for c in chunks) == text
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:], strict=False))
    if text:
        assert chunks[0].start == 0 and chunks[-1].end == len(text)
    _assert_exact_and_within(chunks, text, max_tokens, counter)


@pytest.mark.parametrize("counter", COUNTERS)
@given(text=texts, max_tokens=st.integers(5, 64), data=st.data())
@PROPERTY
def test_overlapping_chunks_cover_the_text_and_fit_the_budget(
    counter: TokenCounter, text: str, max_tokens: int, data: st.DataObject
) -> None:
    overlap = data.draw(st.integers(1, max_tokens - 1), label="overlap")

    chunks = split_text(text, max_tokens=max_tokens, counter=counter, overlap=overlap)

    _assert_exact_and_within(chunks, text, max_tokens, counter)
    if text:
        assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert before.start < after.start <= before.end < after.end
        repeated = counter.count(text[after.start : before.end])
        assert repeated <= overlap + 2  # "about" N: re-encoding the edge may shift a token


def test_paragraph_break_is_preferred_over_a_fuller_chunk() -> None:
    first = "The council met on Monday. It approved the budget.\n\n"
    second = "Critics said the vote was rushed. They plan to appeal."
    budget = CL100K.count(first + "Critics said the vote was rushed.")

    chunks = split_text(first + second, max_tokens=budget)

    assert [c.text for c in chunks] == [first, second]


def test_sentence_end_is_preferred_over_a_word_break() -> None:
    first = "The council met on Monday."
    second = " Critics said the vote was rushed by the mayor."
    budget = CL100K.count(second)  # room for the first sentence and half the second

    chunks = split_text(first + second, max_tokens=budget)

    assert [c.text for c in chunks] == [first, second]


def test_line_break_is_preferred_over_a_sentence_end() -> None:
    text = "Prices rose. Wages fell.\nThe bank held rates. Markets dipped."
    budget = CL100K.count("Prices rose. Wages fell.\nThe bank held rates.")

    chunks = split_text(text, max_tokens=budget)

    assert [c.text for c in chunks] == [
        "Prices rose. Wages fell.\n",
        "The bank held rates. Markets dipped.",
    ]


def test_words_are_packed_greedily_up_to_the_budget() -> None:
    chunks = split_text("alpha beta gamma delta epsilon", max_tokens=3)

    assert [(c.text, c.tokens) for c in chunks] == [("alpha beta gamma", 3), (" delta epsilon", 2)]


def test_seed_article_chunks_are_as_full_as_line_breaks_allow() -> None:
    text = SEED.read_text(encoding="utf-8")

    chunks = split_text(text, max_tokens=256)

    assert len(chunks) > 1
    for chunk, following in zip(chunks, chunks[1:], strict=False):
        next_line = following.text.partition("\n")[0]
        assert CL100K.count(chunk.text + next_line) > 256


def test_long_word_is_split_at_token_boundaries() -> None:
    word = "supercalifragilistic" * 50
    tokens = CL100K.encode(word)

    chunks = split_text(word, max_tokens=10)

    assert [c.text for c in chunks] == [
        CL100K.decode(tokens[i : i + 10]) for i in range(0, len(tokens), 10)
    ]


def test_token_split_never_cuts_inside_a_character() -> None:
    text = "\U0001f916\u00e9\u4e2d" * 400  # each character takes several bytes and tokens

    chunks = split_text(text, max_tokens=5)

    assert "".join(c.text for c in chunks) == text
    assert all("\ufffd" not in c.text and c.tokens <= 5 for c in chunks)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x" * 50_000, id="one-50k-word"),
        pytest.param("\u6587\u5b57\u306e\u5217" * 5_000, id="cjk-no-spaces"),
        pytest.param("\U0001f600\U0001f916\u2764\ufe0f" * 2_000, id="emoji"),
        pytest.param("\n" * 20_000, id="only-newlines"),
        pytest.param(" " * 20_000 + "end", id="long-space-run"),
    ],
)
@pytest.mark.parametrize("overlap", [0, 16])
def test_pathological_text_fits_the_budget_without_loss(text: str, overlap: int) -> None:
    chunks = split_text(text, max_tokens=64, overlap=overlap)

    _assert_exact_and_within(chunks, text, 64, CL100K)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    if overlap == 0:
        assert "".join(c.text for c in chunks) == text


def test_overlap_repeats_the_previous_chunk_from_a_word_start() -> None:
    text = "First sentence here. Second sentence follows it. Third one ends the text."

    chunks = split_text(text, max_tokens=8, overlap=3)

    assert [c.text for c in chunks] == [
        "First sentence here.",
        "sentence here. Second sentence follows it.",
        "follows it. Third one ends the",
        "one ends the text.",
    ]


def test_default_counter_is_the_bundled_cl100k() -> None:
    chunks = split_text("hello world", max_tokens=5)

    assert chunks == [Chunk(index=0, text="hello world", start=0, end=11, tokens=2)]


def test_empty_text_gives_no_chunks() -> None:
    assert split_text("", max_tokens=10) == []


def test_whitespace_stays_inside_the_chunks() -> None:
    text = "\n\n  Lead paragraph.  \n\n"

    chunks = split_text(text, max_tokens=100)

    assert [c.text for c in chunks] == [text]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"max_tokens": 0}, "max_tokens", id="zero-budget"),
        pytest.param({"max_tokens": -5}, "max_tokens", id="negative-budget"),
        pytest.param({"max_tokens": 2.5}, "max_tokens", id="float-budget"),
        pytest.param({"max_tokens": True}, "max_tokens", id="bool-budget"),
        pytest.param({"max_tokens": 10, "overlap": -1}, "overlap", id="negative-overlap"),
        pytest.param({"max_tokens": 10, "overlap": 10}, "overlap", id="overlap-equals-budget"),
        pytest.param({"max_tokens": 10, "overlap": 11}, "overlap", id="overlap-over-budget"),
    ],
)
def test_bad_arguments_raise_usage_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        split_text("Some text.", **kwargs)  # type: ignore[arg-type]


def test_non_string_text_raises_usage_error() -> None:
    with pytest.raises(UsageError, match="str"):
        split_text(b"bytes", max_tokens=10)  # type: ignore[arg-type]


def test_budget_smaller_than_one_character_raises_usage_error() -> None:
    with pytest.raises(UsageError, match="too small"):
        split_text("ok \U0001f916", max_tokens=2)
