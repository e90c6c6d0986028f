"""One structured call to a chat model: the only place briefer talks to the network.

The conversation logic is written once, as a generator that yields requests and receives
their outcomes; :func:`call_structured` and :func:`acall_structured` drive it with a sync or
an async client. It negotiates the structured-output mode a server supports, validates the
reply against a pydantic model, re-asks with the validation error, retries once with more
room when the reply is cut off, and sums token usage over every attempt.

Transport failures (429, 5xx, timeouts) are left to the openai SDK's own retries
(``OpenAI(max_retries=...)``, which honour Retry-After); what still fails becomes a
:class:`~briefer.errors.ModelAPIError`.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, cast

from pydantic import BaseModel, ValidationError

from briefer.errors import (
    ContextOverflowError,
    ModelAPIError,
    ModelError,
    ModelOutputError,
    RefusalError,
    TruncatedOutputError,
    UnsupportedFormatError,
)
from briefer.response_schema import shared_response_schema
from briefer.schema import Usage

__all__ = [
    "MODES",
    "Mode",
    "ModeSetting",
    "StructuredResult",
    "acall_structured",
    "call_structured",
    "extract_json",
    "forget_modes",
]

Mode = Literal["json_schema", "json_object", "prompt"]
ModeSetting = Literal["auto", "json_schema", "json_object", "prompt"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "prompt")

T = TypeVar("T", bound=BaseModel)
Message = dict[str, Any]
MessagesFor = Callable[[Mode], list[Message]]

# Status codes with which servers refuse a response_format they do not support: llama-cpp-python
# answers 500, others 400 or 422. In auto mode these move on to the next mode.
_FORMAT_REFUSAL_STATUS = {400, 422, 500, 501}
_CONTEXT_OVERFLOW = re.compile(
    r"context[_ ]length|context window|maximum context|exceeds? the (?:model's )?context|"
    r"too many tokens|prompt is too long|requested \d+ tokens",
    re.IGNORECASE,
)

_mode_memory: weakref.WeakKeyDictionary[object, dict[str, Mode]] = weakref.WeakKeyDictionary()


def forget_modes() -> None:
    """Forget which mode worked for each client and model (the next call negotiates again)."""
    _mode_memory.clear()


@dataclass(frozen=True)
class StructuredResult(Generic[T]):
    """A validated reply and what it took to get it."""

    value: T
    usage: Usage
    attempts: int
    """Requests sent to the model, re-asks and retries included."""
    mode: Mode
    raw: str
    """The text of the reply that validated."""
    cached: bool = False


@dataclass(frozen=True)
class _Request:
    kwargs: dict[str, Any]
    probe: bool = False
    """A first try of a mode the server may refuse: not worth the SDK's retries."""


def _create(client: Any, request: _Request) -> Any:
    # llama-cpp-python refuses json_schema with HTTP 500, which the SDK would retry with
    # backoff before auto mode could move on; a probe goes out once. Only for the SDK's own
    # clients: with_options on a wrapper (tracing, recording) would go around the wrapper.
    if request.probe:
        import openai

        if isinstance(client, openai.OpenAI | openai.AsyncOpenAI):
            return client.with_options(max_retries=0).chat.completions.create
    return client.chat.completions.create


def call_structured(
    client: Any,
    *,
    model: str,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    mode: ModeSetting = "auto",
    max_output_tokens: int = 1024,
    temperature: float | None = None,
    max_reasks: int = 2,
    reask: Callable[[str], str] | None = None,
    schema_name: str | None = None,
    cache: Any | None = None,
    cache_salt: str = "",
) -> StructuredResult[T]:
    """Ask ``client`` for a reply that validates as ``output_type``.

    Args:
        client: ``openai.OpenAI`` or anything with the same ``chat.completions.create``.
        model: the model name sent to the server.
        messages: the messages, or a function of the mode that builds them (so the schema
            can go into the prompt in modes where the server does not enforce it).
        output_type: the pydantic model the reply must validate as.
        mode: ``auto`` negotiates json_schema, then json_object, then prompt.
        max_output_tokens: the reply's token limit (doubled once if the reply is cut off).
        temperature: sampling temperature, or None for the server's default.
        max_reasks: how many times to re-ask after an invalid reply.
        reask: builds the re-ask message from the error text.
        schema_name: the name given to the schema in json_schema mode.
        cache: a :class:`briefer.cache.ResponseCache`, or None.
        cache_salt: extra text for the cache key (template hashes).

    Raises:
        ModelError: a subclass saying what failed, with attempts and usage attached.
    """
    conversation = _conversation(
        client,
        model=model,
        messages=messages,
        output_type=output_type,
        mode=mode,
        max_output_tokens=max_output_tokens,
        temperature=temperature,
        max_reasks=max_reasks,
        reask=reask,
        schema_name=schema_name,
        cache=cache,
        cache_salt=cache_salt,
    )
    outcome: object = None
    while True:
        try:
            request = conversation.send(outcome)
        except StopIteration as done:
            return cast(StructuredResult[T], done.value)
        try:
            outcome = _create(client, request)(**request.kwargs)
        except Exception as exc:  # the conversation decides which failures it can handle
            outcome = exc


async def acall_structured(
    client: Any,
    *,
    model: str,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    mode: ModeSetting = "auto",
    max_output_tokens: int = 1024,
    temperature: float | None = None,
    max_reasks: int = 2,
    reask: Callable[[str], str] | None = None,
    schema_name: str | None = None,
    cache: Any | None = None,
    cache_salt: str = "",
) -> StructuredResult[T]:
    """The async twin of :func:`call_structured`, for ``openai.AsyncOpenAI`` and alike."""
    conversation = _conversation(
        client,
        model=model,
        messages=messages,
        output_type=output_type,
        mode=mode,
        max_output_tokens=max_output_tokens,
        temperature=temperature,
        max_reasks=max_reasks,
        reask=reask,
        schema_name=schema_name,
        cache=cache,
        cache_salt=cache_salt,
    )
    outcome: object = None
    while True:
        try:
            request = conversation.send(outcome)
        except StopIteration as done:
            return cast(StructuredResult[T], done.value)
        try:
            outcome = await _create(client, request)(**request.kwargs)
        except Exception as exc:
            outcome = exc


def _conversation(
    client: Any,
    *,
    model: str,
    messages: list[Message] | MessagesFor,
    output_type: type[T],
    mode: ModeSetting,
    max_output_tokens: int,
    temperature: float | None,
    max_reasks: int,
    reask: Callable[[str], str] | None,
    schema_name: str | None,
    cache: Any | None,
    cache_salt: str,
) -> Generator[_Request, object, StructuredResult[T]]:
    usage = Usage()
    attempts = 0
    remembered = _remembered_mode(client, model) if mode == "auto" else None
    if mode != "auto":
        candidates: list[Mode] = [mode]
    else:
        start = MODES.index(remembered) if remembered else 0
        candidates = list(MODES[start:])
    name = schema_name or _snake(output_type.__name__)
    token_param = _token_param(client)

    def fail(error_type: type[ModelError], message: str, **extra: Any) -> ModelError:
        return error_type(message, attempts=attempts, usage=usage, mode=current, **extra)

    current: Mode = candidates[0]
    for index, current in enumerate(candidates):
        is_last_mode = index == len(candidates) - 1
        base = messages(current) if callable(messages) else list(messages)
        convo = [dict(m) for m in base]  # never mutate the caller's messages
        limit = max_output_tokens
        reasks_left = max_reasks
        truncation_retried = False
        while True:
            kwargs: dict[str, Any] = {"model": model, "messages": convo, token_param: limit}
            if temperature is not None:
                kwargs["temperature"] = temperature
            response_format = _response_format(current, output_type, name)
            if response_format is not None:
                kwargs["response_format"] = response_format
            key = _cache_key(cache, client, kwargs, cache_salt)
            cached = cache.get(key) if key and cache is not None else None
            if cached is not None:
                response = _completion_from_dict(cached)
                was_cached = True
            else:
                attempts += 1
                probe = mode == "auto" and not is_last_mode and current != "prompt"
                outcome = yield _Request(kwargs, probe=probe and remembered is None)
                if isinstance(outcome, Exception):
                    if not _is_api_failure(outcome):
                        raise outcome  # a bug or a misconfigured client, not a model failure
                    if _is_format_refusal(outcome, current) and mode == "auto" and not is_last_mode:
                        break  # this server refuses the mode: try the next one
                    raise _api_error(outcome, current, attempts, usage, mode) from outcome
                response = outcome
                was_cached = False
                usage = usage + _usage_of(response)
            if not response.choices or response.choices[0].message is None:
                # Some local servers answer an overloaded or broken request with no choice.
                if reasks_left <= 0:
                    raise fail(ModelOutputError, "the server sent a reply with no message")
                reasks_left -= 1
                continue
            choice = response.choices[0]
            message = choice.message
            refusal = getattr(message, "refusal", None)
            if refusal or choice.finish_reason == "content_filter":
                raise fail(
                    RefusalError,
                    f"the model refused: {refusal or 'content filter'}",
                    refusal=refusal or "content_filter",
                )
            content = message.content or ""
            if choice.finish_reason == "length":
                if not truncation_retried:
                    truncation_retried = True
                    limit *= 2
                    continue
                raise fail(
                    TruncatedOutputError,
                    f"the reply was cut off at the output limit of {limit} tokens; "
                    "raise max_output_tokens or use a model that stops sooner",
                    max_output_tokens=limit,
                )
            try:
                value = output_type.model_validate(extract_json(content))
            except (ValueError, ValidationError) as exc:
                error = _describe(exc)
                if reasks_left <= 0:
                    raise fail(
                        ModelOutputError,
                        f"the reply was not valid after {max_reasks} re-asks: {error}",
                        last_reply=content,
                    ) from exc
                reasks_left -= 1
                convo = [
                    *convo,
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": (reask or _default_reask)(error)},
                ]
                continue
            if key and cache is not None and not was_cached:
                cache.put(key, response.model_dump(mode="json"))
            if mode == "auto":
                _remember_mode(client, model, current)
            return StructuredResult(
                value=value,
                usage=usage,
                attempts=attempts,
                mode=current,
                raw=content,
                cached=was_cached,
            )
    # Only reached when the last mode in the list was refused, which auto never allows.
    raise UnsupportedFormatError(
        "the server refused every structured-output mode",
        attempts=attempts,
        usage=usage,
        mode=current,
    )


def extract_json(text: str) -> Any:
    """The JSON value in a reply: bare, inside a ``` fence, or the outermost {...} in prose.

    Raises:
        ValueError: when no JSON object can be found.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError("the reply was empty")
    # strict=False: grammar-constrained servers (llama.cpp) let raw line breaks into strings.
    try:
        return json.loads(stripped, strict=False)
    except json.JSONDecodeError as first_error:
        fenced = re.search(r"```(?:json|JSON)?\s*\n(.*?)```", stripped, re.DOTALL)
        if fenced:
            try:
                return json.loads(fenced.group(1), strict=False)
            except json.JSONDecodeError:
                pass
        decoder = json.JSONDecoder(strict=False)
        for start in (m.start() for m in re.finditer(r"\{", stripped)):
            try:
                value, _ = decoder.raw_decode(stripped, start)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                return value
        raise ValueError(f"the reply is not valid JSON ({first_error.msg})") from first_error


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:8]:
            where = ".".join(str(p) for p in err["loc"]) or "the object"
            parts.append(f"{where}: {err['msg']}")
        return "; ".join(parts)
    return str(exc)


def _default_reask(error: str) -> str:
    return (
        f"Your previous reply could not be used: {error}\n"
        "Reply again with only one JSON object that follows the schema exactly."
    )


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _response_format(mode: Mode, output_type: type[BaseModel], name: str) -> dict[str, Any] | None:
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


def _token_param(client: Any) -> str:
    # OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens);
    # local servers know max_tokens.
    base_url = str(getattr(client, "base_url", "") or "")
    if "api.openai.com" in base_url or ".openai.azure.com" in base_url:
        return "max_completion_tokens"
    return "max_tokens"


def _usage_of(response: Any) -> Usage:
    usage = getattr(response, "usage", None)
    if usage is None:
        return Usage()
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    completion = int(getattr(usage, "completion_tokens", 0) or 0)
    total = int(getattr(usage, "total_tokens", 0) or 0) or prompt + completion
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total)


def _is_api_failure(exc: Exception) -> bool:
    # Checked by name so that briefer does not import openai (or httpx) before a call.
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"OpenAIError", "HTTPError", "TimeoutException", "TimeoutError"})


def _status_of(exc: Exception) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _message_of(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            message = str(inner["message"])
        elif isinstance(body.get("detail"), str):
            message = body["detail"]
    return " ".join(str(message).split())[:300]


def _is_format_refusal(exc: Exception, mode: Mode) -> bool:
    status = _status_of(exc)
    if mode == "prompt" or status not in _FORMAT_REFUSAL_STATUS:
        return False
    return not _CONTEXT_OVERFLOW.search(_message_of(exc))


def _api_error(
    exc: Exception, mode: Mode, attempts: int, usage: Usage, setting: ModeSetting
) -> ModelError:
    status = _status_of(exc)
    message = _message_of(exc)
    kind = type(exc).__name__
    if _CONTEXT_OVERFLOW.search(message):
        return ContextOverflowError(
            f"the prompt does not fit the model's context window: {message}",
            status_code=status,
            attempts=attempts,
            usage=usage,
            mode=mode,
        )
    if setting != "auto" and mode != "prompt" and status in _FORMAT_REFUSAL_STATUS:
        return UnsupportedFormatError(
            f"the server refused response_format {mode} (HTTP {status}: {message}); "
            "try mode 'auto' or 'prompt'",
            attempts=attempts,
            usage=usage,
            mode=mode,
        )
    if kind == "APITimeoutError":
        text = "the model server did not answer in time (request timed out)"
    elif kind == "APIConnectionError":
        text = f"cannot reach the model server: {message}"
    elif status == 404:
        text = f"not found (HTTP 404): {message}; check the model name and base URL"
    elif status in (401, 403):
        text = f"the server refused the credentials (HTTP {status}): {message}"
    elif status == 429:
        text = f"rate limited (HTTP 429) after the SDK's retries: {message}"
    elif status is not None:
        text = f"the model server answered HTTP {status}: {message}"
    else:
        text = f"the model call failed ({kind}): {message}"
    return ModelAPIError(text, status_code=status, attempts=attempts, usage=usage, mode=mode)


def _remembered_mode(client: Any, model: str) -> Mode | None:
    try:
        return _mode_memory.get(client, {}).get(model)
    except TypeError:  # a client that cannot be weakly referenced: negotiate every time
        return None


def _remember_mode(client: Any, model: str, mode: Mode) -> None:
    try:
        _mode_memory.setdefault(client, {})[model] = mode
    except TypeError:
        pass


def _cache_key(cache: Any | None, client: Any, kwargs: dict[str, Any], salt: str) -> str | None:
    if cache is None:
        return None
    # Two servers may serve different models under one name: the address is part of the key.
    # Only the address: credentials never reach the cache.
    server = str(getattr(client, "base_url", "") or "")
    return cast(
        str,
        cache.key(
            model=kwargs["model"],
            messages=kwargs["messages"],
            response_format=kwargs.get("response_format"),
            template_hash=salt,
            extra={
                "server": server,
                **{k: v for k, v in kwargs.items() if k not in ("model", "messages")},
            },
        ),
    )


def _completion_from_dict(data: dict[str, Any]) -> Any:
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate(data)
