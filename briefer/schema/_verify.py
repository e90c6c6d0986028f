"""The optional model check of claims (``verify="model"``): what the model is asked to fill."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from briefer.schema._common import MAX_CLAIMS, Model, Text, empty_list

__all__ = ["MAX_VERIFY_ITEMS", "ModelVerdict", "StatementCheck", "VerifyReply"]

MAX_VERIFY_ITEMS = MAX_CLAIMS + 8
"""Statements in one model check: every key claim and up to eight sentences of the lede."""

ModelVerdict = Literal["supported", "contradicted", "not_in_text"]


class StatementCheck(Model):
    """The model's verdict on one numbered statement."""

    id: int = Field(description="The number of the statement, as given.")
    verdict: ModelVerdict = Field(
        description="supported: the evidence says this. contradicted: the evidence says "
        "something else (another person, number, date, place, or the opposite). not_in_text: "
        "the evidence does not say it."
    )
    reason: Text = Field(
        default="",
        description="A short reason, quoting the words that decide it.",
        json_schema_extra={"maxLength": 200},
    )


def _first(limit: int) -> BeforeValidator:
    # A small model may repeat itself until it runs out of tokens: keep the first ones.
    def trim(items: Any) -> Any:
        return items[:limit] if isinstance(items, list) else items

    return BeforeValidator(trim)


class VerifyReply(Model):
    """The model check's reply: one verdict per statement."""

    checks: Annotated[list[StatementCheck], _first(MAX_VERIFY_ITEMS)] = Field(
        default_factory=empty_list,
        description="One verdict for each numbered statement, in order.",
        json_schema_extra={"maxItems": MAX_VERIFY_ITEMS},
    )
