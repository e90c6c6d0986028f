"""Batch API files: the input lines briefer writes, the output lines providers give back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefer.brief import (
    BatchRequest,
    BatchStore,
    custom_id_for,
    import_results,
    read_results,
    read_results_file,
    request_lines,
    write_requests,
)
from briefer.errors import UsageError

BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 10}
ID = custom_id_for(BODY)
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "{}"},
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


def line(**record: Any) -> str:
    return json.dumps({"id": "batch_req_1", "custom_id": ID, "error": None, **record})


def test_the_same_body_gets_the_same_custom_id_whatever_the_key_order() -> None:
    reordered = {"max_tokens": 10, "messages": BODY["messages"], "model": "m"}
    assert custom_id_for(reordered) == ID
    assert custom_id_for({**BODY, "max_tokens": 11}) != ID


def test_input_lines_are_in_the_batch_api_format() -> None:
    (text,) = request_lines([BatchRequest(ID, BODY)])
    assert json.loads(text) == {
        "custom_id": ID,
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": BODY,
    }


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(
            {"response": {"status_code": 200, "request_id": "r", "body": COMPLETION}},
            id="openai",
        ),
        pytest.param(
            {
                "response": {
                    "status_code": 200,
                    "body": {**COMPLETION, "prompt_filter_results": [{"prompt_index": 0}]},
                }
            },
            id="azure",
        ),
        pytest.param({"response": COMPLETION}, id="early-vllm"),
    ],
)
def test_replies_are_read_from_every_providers_output(record: dict[str, Any]) -> None:
    read = read_results([line(**record)])
    assert read.skipped == []
    (result,) = read.results
    assert result.custom_id == ID and result.status == 200
    assert result.reply is not None and result.reply["choices"][0]["message"]["content"] == "{}"


@pytest.mark.parametrize(
    ("record", "error"),
    [
        pytest.param(
            {"response": {"status_code": 500, "body": {"error": {"message": "boom"}}}},
            "HTTP 500: boom",
            id="status",
        ),
        pytest.param(
            {"response": None, "error": {"code": "batch_expired", "message": "too late"}},
            "batch_expired: too late",
            id="expired",
        ),
        pytest.param(
            {"response": {"status_code": 200, "body": {"choices": "no"}}},
            "not a chat.completion",
            id="not-a-completion",
        ),
    ],
)
def test_failed_requests_are_read_as_errors(record: dict[str, Any], error: str) -> None:
    (result,) = read_results([line(**record)]).results
    assert result.reply is None and error in str(result.error)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("not json", "not JSON", id="not-json"),
        pytest.param("[1, 2]", "not a JSON object", id="array"),
        pytest.param("[" * 100_000 + "]" * 100_000, "not JSON", id="nested-deep"),
        pytest.param(json.dumps({"custom_id": "request-1"}), "not a request", id="foreign-id"),
        pytest.param(json.dumps({"custom_id": ID}), "neither", id="empty"),
        pytest.param(line(response={"body": COMPLETION}), "status_code", id="no-status"),
        pytest.param(" " * 17_000_000, None, id="blank-huge"),
        pytest.param('{"custom_id": "' + "x" * 17_000_000 + '"}', "longer", id="huge"),
    ],
)
def test_unreadable_lines_are_skipped_with_a_reason(text: str, reason: str | None) -> None:
    read = read_results([text])
    assert read.results == []
    if reason is None:
        assert read.skipped == []
    else:
        (skipped,) = read.skipped
        assert skipped.startswith("line 1: ") and reason in skipped


@given(st.text(max_size=200))
def test_any_line_is_a_result_or_a_reason_never_an_error(text: str) -> None:
    read = read_results([text])
    assert len(read.results) + len(read.skipped) <= 1


def test_an_import_stores_replies_and_counts_failures(tmp_path: Path) -> None:
    ok = line(response={"status_code": 200, "body": COMPLETION})
    other = custom_id_for({**BODY, "max_tokens": 5})
    failed = json.dumps(
        {"custom_id": other, "response": None, "error": {"code": "x", "message": "y"}}
    )
    with BatchStore(tmp_path / "s.sqlite3") as store:
        counts = import_results(store, read_results([ok, failed, "junk"]))
        assert (counts.replies, counts.errors, len(counts.skipped)) == (1, 1, 1)
        reply = store.reply(ID)
        assert reply is not None and reply["usage"]["total_tokens"] == 4
        assert store.failure(other) == (1, None, "x: y")
        import_results(store, read_results([failed]))
        assert store.failure(other) == (2, None, "x: y")


def test_a_reply_after_a_failure_replaces_it(tmp_path: Path) -> None:
    failed = line(response={"status_code": 503, "body": {"error": {"message": "busy"}}})
    ok = line(response={"status_code": 200, "body": COMPLETION})
    with BatchStore(tmp_path / "s.sqlite3") as store:
        import_results(store, read_results([failed]))
        assert store.failure(ID) is not None
        import_results(store, read_results([ok]))
        assert store.reply(ID) is not None
        assert store.failure(ID) is None


def test_a_results_file_that_is_not_text_is_a_usage_error(tmp_path: Path) -> None:
    binary = tmp_path / "results.jsonl"
    binary.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(UsageError, match="cannot read the batch results"):
        read_results_file(binary)


def test_the_batch_file_is_written_whole_and_never_over_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "batch.jsonl"
    write_requests(target, [BatchRequest(ID, BODY)])
    assert [json.loads(t)["custom_id"] for t in target.read_text().splitlines()] == [ID]
    assert [p.name for p in tmp_path.iterdir()] == ["batch.jsonl"]
    with pytest.raises(UsageError, match="not a regular file"):
        write_requests(tmp_path, [BatchRequest(ID, BODY)])


def test_the_state_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "state.sqlite3"
    BatchStore(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
