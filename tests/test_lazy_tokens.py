"""The tokenizer is loaded only when a count is needed, and counts stay exact."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from briefer.chunking import Chunk, split_text
from briefer.tokens import token_counter


def test_a_counter_loads_its_encoding_only_on_the_first_count() -> None:
    counter = token_counter("gpt-4o-mini")
    assert not counter.loaded
    assert counter.count("hello world") == 2
    assert counter.loaded


def test_text_within_the_budget_in_bytes_is_one_chunk_with_no_count_made() -> None:
    counter = token_counter()
    [chunk] = split_text("Storms closed three ports on Monday.", max_tokens=64, counter=counter)
    assert not counter.loaded
    assert chunk.tokens == token_counter().count("Storms closed three ports on Monday.")
    assert chunk == Chunk(0, chunk.text, 0, len(chunk.text), chunk.tokens)


def test_offline_summary_of_a_short_article_never_imports_tiktoken() -> None:
    code = (
        "import sys\n"
        "from briefer import Briefer\n"
        "from briefer.schema import Article\n"
        "Briefer(engine='offline').summarize(Article(text='The port reopened on Monday. ' * 40))\n"
        "print('tiktoken' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=1, max_size=300), budget=st.integers(min_value=8, max_value=120))
def test_every_chunk_count_is_exact_whether_made_early_or_late(text: str, budget: int) -> None:
    counter = token_counter()
    chunks = split_text(text, max_tokens=budget, counter=counter)
    assert "".join(c.text for c in chunks) == text
    for chunk in chunks:
        assert chunk.tokens == counter.count(chunk.text) <= budget
