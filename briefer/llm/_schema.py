"""The JSON Schema sent to a model, derived from the pydantic models in :mod:`briefer.schema`.

OpenAI's strict mode accepts a subset of JSON Schema: every property listed in ``required``,
``additionalProperties: false`` on every object, optional values as nullable, no defaults.
llama.cpp's and vLLM's grammar-constrained decoding accept the same document and also honour
``maxLength``, which keeps a small model from running on. References are inlined because not
every server resolves ``$ref``.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel

__all__ = ["response_schema", "shared_response_schema"]

# Keywords pydantic emits that strict mode rejects or that only cost tokens.
_DROP = {"title", "default", "examples"}


def response_schema(model: type[BaseModel], *, strict: bool = True) -> dict[str, Any]:
    """The JSON Schema a model must follow to produce ``model``, without internal fields.

    Args:
        model: a pydantic model class from :mod:`briefer.schema`.
        strict: drop keywords OpenAI's strict mode does not accept (``maxLength``).
    """
    return copy.deepcopy(shared_response_schema(model, strict=strict))


@cache
def shared_response_schema(model: type[BaseModel], *, strict: bool = True) -> dict[str, Any]:
    """The same schema, built once and shared: callers must not modify it."""
    raw = model.model_json_schema()
    defs = raw.pop("$defs", {})
    cleaned: dict[str, Any] = _clean(raw, defs, strict)
    return cleaned


def _clean(node: Any, defs: dict[str, Any], strict: bool) -> Any:
    if isinstance(node, list):
        return [_clean(item, defs, strict) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _clean(merged, defs, strict)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP or key == "internal" or (strict and key == "maxLength"):
            continue
        if key == "properties":
            out[key] = {
                name: _clean(prop, defs, strict)
                for name, prop in value.items()
                if not (isinstance(prop, dict) and prop.get("internal"))
            }
        else:
            out[key] = _clean(value, defs, strict)
    if out.get("type") == "object" and "properties" in out:
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    if "anyOf" in out and any(
        isinstance(o, dict) and o.get("type") == "null" for o in out["anyOf"]
    ):
        # Strict mode wants the length limit inside the string branch, not beside anyOf.
        extra = {k: out.pop(k) for k in ("maxLength",) if k in out}
        if extra:
            out["anyOf"] = [
                {**o, **extra} if o.get("type") == "string" else o for o in out["anyOf"]
            ]
    return out
