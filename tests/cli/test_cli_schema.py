"""``briefer schema``: the schema sent to the model, and the schemas `-f json` output meets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support import BRIEF_DAY, SEED

from briefer import Briefer
from briefer.articles import read_articles
from briefer.render import render_brief, render_summary
from briefer.testing import FakeClient

VALIDATOR = jsonschema.Draft202012Validator


def briefer_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def published(kind: str) -> dict[str, Any]:
    result = briefer_cli("schema", "--kind", kind)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def check(document: str, kind: str) -> None:
    VALIDATOR(published(kind), format_checker=VALIDATOR.FORMAT_CHECKER).validate(
        json.loads(document)
    )


@pytest.mark.parametrize("kind", ["response", "top-lines", "summary", "brief"])
def test_every_kind_is_a_valid_json_schema(kind: str) -> None:
    VALIDATOR.check_schema(published(kind))


def test_the_default_is_the_schema_sent_to_the_model() -> None:
    schema = published("response")
    assert briefer_cli("schema").stdout == json.dumps(schema, indent=2) + "\n"
    assert set(schema["properties"]) == {
        "lede",
        "key_claims",
        "actors",
        "quoted_experts",
        "open_questions",
        "section",
    }


def test_the_output_schema_has_what_the_model_never_writes() -> None:
    summary = published("summary")
    assert {"title", "metadata", "source"} <= set(summary["properties"])
    assert "evidence" in summary["$defs"]["Claim"]["properties"]
    assert "evidence" not in json.dumps(published("response"))


def test_summarize_json_from_the_cli_validates() -> None:
    result = briefer_cli("summarize", str(SEED), "--offline", "-f", "json", "-q")
    check(result.stdout, "summary")


def test_brief_json_from_the_cli_validates(tmp_path: Path) -> None:
    day = tmp_path / "day"
    day.mkdir()
    for source in sorted(BRIEF_DAY.iterdir())[:8]:
        (day / source.name).write_bytes(source.read_bytes())
    (day / "broken.txt").write_bytes(b"\x00\x01 not text")  # listed under not_included
    result = briefer_cli("brief", str(day), "--offline", "-f", "json", "-q")
    assert json.loads(result.stdout)["not_included"]
    check(result.stdout, "brief")


@pytest.mark.parametrize("grounding", ["drop", "flag", "off"])
def test_model_summaries_and_briefs_in_json_validate(grounding: Any) -> None:
    briefer = Briefer(client=FakeClient(), model="fake", grounding=grounding)
    articles = read_articles([BRIEF_DAY]).articles[:6]
    check(render_summary(briefer.summarize(articles[0]), "json"), "summary")
    check(render_brief(briefer.brief(articles), "json"), "brief")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d.pop("metadata"), id="missing-field"),
        pytest.param(lambda d: d.update(surprise=1), id="unknown-field"),
        pytest.param(lambda d: d["key_claims"].append({"text": 5}), id="wrong-type"),
    ],
)
def test_output_that_drifts_from_the_schema_is_caught(damage: Any) -> None:
    data = json.loads(briefer_cli("summarize", str(SEED), "--offline", "-f", "json", "-q").stdout)
    damage(data)
    with pytest.raises(jsonschema.ValidationError):
        check(json.dumps(data), "summary")


def test_loose_applies_only_to_the_schemas_sent_to_the_model() -> None:
    assert "maxLength" in briefer_cli("schema", "--loose").stdout
    result = briefer_cli("schema", "--kind", "summary", "--loose")
    assert (result.returncode, len(result.stderr.splitlines())) == (2, 1)
