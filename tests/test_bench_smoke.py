"""The benchmark code still runs: every measurement on a tiny input, with no timing asserted."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    chunkers,
    corpus,
    offline_speed,
    overhead,
    run,
    startup,
    stub_server,
    throughput,
)
from briefer.brief import group_stories  # noqa: E402
from briefer.schema import Article  # noqa: E402

PEER_MODULES = {
    "semchunk": "semchunk",
    "chonkie RecursiveChunker": "chonkie",
    "chonkie TokenChunker": "chonkie",
    "langchain RecursiveCharacterTextSplitter": "langchain_text_splitters",
}


@pytest.fixture(autouse=True)
def _restore_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # The bench sets these process-wide; the test run must get them back as they were.
    for var in ("NO_PROXY", "no_proxy", "TIKTOKEN_CACHE_DIR"):
        monkeypatch.setenv(var, "")
    chunkers.offline_tiktoken_cache(tmp_path / "tiktoken")
    yield


@pytest.fixture(scope="module")
def server() -> Iterator[throughput.StubServer]:
    with throughput.StubServer(delay=0.0, max_seconds=120) as stub:
        yield stub


def _docs() -> list[str]:
    return corpus.documents(corpus.generate_articles(6, paragraphs=(2, 4)), target_chars=2_000)


def test_generated_corpus_is_the_same_for_the_same_seed() -> None:
    first = corpus.generate_articles(4)
    assert first == corpus.generate_articles(4)
    assert len({a.text for a in first}) == 4


def test_distinct_articles_are_each_their_own_story() -> None:
    articles = [Article(text=a.text, title=a.title) for a in corpus.distinct_articles(12)]
    assert len(group_stories(articles)) == 12


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        pytest.param("He left.", False, id="full-stop"),
        pytest.param('"We stay," she said. "Not now."', False, id="closing-quote"),
        pytest.param("Will it rain? \n", False, id="question-then-space"),
        pytest.param("The ministry said the", True, id="mid-sentence"),
    ],
)
def test_mid_sentence_check(chunk: str, expected: bool) -> None:
    assert chunkers.ends_mid_sentence(chunk) is expected


def test_mid_line_counts_only_cuts_inside_a_paragraph() -> None:
    doc = "Headline\n\nOne sentence. Two words here.\n"
    assert (
        chunkers.count_mid_line(doc, ["Headline\n\n", "One sentence. Two", " words here.\n"]) == 1
    )


@pytest.mark.parametrize("name", list(chunkers.CHUNKERS))
def test_each_chunker_is_measured(name: str) -> None:
    module = PEER_MODULES.get(name)
    if module is not None and importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (bench/requirements.txt)")
    docs = _docs()
    result = chunkers.measure_chunker(name, 64, docs, baseline=1.0, runs=1)
    assert result.chunks >= len(docs)
    if name == "briefer.split_text":
        assert result.over_budget == 0


def test_budget_round_robin_measures_every_chunker() -> None:
    baseline, results = chunkers.measure_budget(["briefer.split_text"], 64, _docs(), runs=2)
    assert baseline > 0
    assert [(r.name, r.over_budget) for r in results] == [("briefer.split_text", 0)]


def test_split_text_profile_lists_the_chunking_module() -> None:
    assert "briefer/chunking.py" in chunkers.profile_briefer(_docs(), 64)


def test_stub_server_tells_top_lines_from_summaries() -> None:
    brief = {"response_format": {"json_schema": {"schema": {"properties": {"top_lines": {}}}}}}
    assert stub_server.wants_top_lines(brief)
    summary = {"messages": [{"role": "user", "content": "no fence here"}]}
    assert set(stub_server.reply_content(summary)) >= {"lede", "key_claims"}


@pytest.mark.parametrize("is_async", [False, True], ids=["OpenAI", "AsyncOpenAI"])
def test_brief_throughput_runs_against_the_stub(
    server: throughput.StubServer, is_async: bool
) -> None:
    result = throughput.measure_brief(server, 5, concurrency=4, is_async=is_async)
    assert (result.stories, result.requests) == (5, 6)


def test_sequential_loop_runs_against_the_stub(server: throughput.StubServer) -> None:
    result = throughput.measure_sequential(server, 2)
    assert (result.calls, result.requests) == (2, 2)


def test_second_brief_with_the_same_cache_sends_no_requests(
    server: throughput.StubServer,
) -> None:
    result = throughput.measure_cache(server, 3, concurrency=2)
    assert (result.first_requests, result.second_requests) == (4, 0)
    assert result.second_cached_calls == 4


def test_overhead_counts_the_article_once(seed_text: str) -> None:
    result = overhead.measure_overhead("seed", seed_text)
    assert (result.chunks, result.calls) == (1, 1)
    assert result.chunk_prompt_tokens == result.prompt_tokens
    assert result.template_tokens > 0 and result.schema_tokens > 0


def test_startup_times_each_command() -> None:
    results = startup.measure_startup(1, warmup=0, names=["python -c pass"])
    assert [r.name for r in results] == ["python -c pass"]


def test_offline_speed_counts_articles() -> None:
    texts = [a.text for a in corpus.generate_articles(2, paragraphs=(2, 3))]
    assert offline_speed.measure_offline(texts, runs=1).articles == 2


def test_the_brief_quality_parts_report_their_figures(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    assert run.main(["--only", "sections", "--only", "discrepancies", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 11. Sections (offline classifier)" in text and "| test | 32 |" in text
    assert "## 12. Where sources disagree" in text and "precision" in text


def test_quick_run_writes_a_report(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    assert run.main(["--quick", "--only", "overhead", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 3. Token overhead" in text and "- Machine: " in text


def test_story_section_scores_the_old_and_new_grouping(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    assert run.main(["--quick", "--only", "stories", "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 9. Story grouping" in text and "| dev | one day |" in text
