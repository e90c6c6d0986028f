"""Structured-output modes: what each asks of the server, and what worked for a client."""

from __future__ import annotations

import weakref
from typing import Any

from pydantic import BaseModel

from briefer.llm._schema import shared_response_schema
from briefer.llm._settings import Mode

__all__ = ["forget_modes", "remember_mode", "remembered_mode", "response_format", "token_param"]

_mode_memory: weakref.WeakKeyDictionary[object, dict[str, Mode]] = weakref.WeakKeyDictionary()


def forget_modes() -> None:
    """Forget which mode worked for each client and model (the next call negotiates again)."""
    _mode_memory.clear()


def response_format(mode: Mode, output_type: type[BaseModel], name: str) -> dict[str, Any] | None:
    if mode == "json_schema":
        return {
            "type": "json_schema",
            "json_schema": {
                "name": name,
                "strict": True,
                "schema": shared_response_schema(output_type, strict=True),
            },
        }
    if mode == "json_object":
        # llama.cpp's server and vLLM read "schema" here and constrain decoding to it.
        return {"type": "json_object", "schema": shared_response_schema(output_type, strict=False)}
    return None


def token_param(client: object) -> str:
    # OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens);
    # local servers know max_tokens.
    base_url = str(getattr(client, "base_url", "") or "")
    if "api.openai.com" in base_url or ".openai.azure.com" in base_url:
        return "max_completion_tokens"
    return "max_tokens"


def remembered_mode(client: object, model: str) -> Mode | None:
    try:
        return _mode_memory.get(client, {}).get(model)
    except TypeError:  # a client that cannot be weakly referenced: negotiate every time
        return None


def remember_mode(client: object, model: str, mode: Mode) -> None:
    try:
        _mode_memory.setdefault(client, {})[model] = mode
    except TypeError:
        pass
