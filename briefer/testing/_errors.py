"""The openai SDK's own error types, built as a server would cause them, for FakeClient scripts."""

from __future__ import annotations

from typing import Any

__all__ = [
    "bad_request_error",
    "connection_error",
    "is_retryable",
    "rate_limit_error",
    "server_error",
    "timeout_error",
]


def _http_module() -> Any:
    # The SDK's errors take request/response objects of the HTTP library it is built on.
    import openai._exceptions as sdk_exceptions

    module = getattr(sdk_exceptions, "httpx2", None) or getattr(sdk_exceptions, "httpx", None)
    if module is None:  # pragma: no cover - an SDK built on another HTTP library
        raise RuntimeError("cannot find the HTTP library the openai SDK uses")
    return module


def _request() -> Any:
    return _http_module().Request("POST", "http://fake.invalid/v1/chat/completions")


def _response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return _http_module().Response(status, json=body, headers=headers or {}, request=_request())


def rate_limit_error(
    retry_after: float = 1.0,
    message: str = "Rate limit reached",
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Exception:
    """openai.RateLimitError (HTTP 429) with a Retry-After header.

    ``code="insufficient_quota"`` is OpenAI's answer to an exhausted quota, which no wait
    cures; ``headers`` adds others (``x-ratelimit-*``).
    """
    import openai

    body = {"error": {"message": message, "type": "rate_limit_error", "code": code}}
    response = _response(429, body, {"retry-after": str(retry_after), **(headers or {})})
    return openai.RateLimitError(message, response=response, body=body)


def server_error(status: int = 500, message: str = "Internal server error") -> Exception:
    """openai.InternalServerError (5xx), as a server that fails or refuses a format raises."""
    import openai

    body = {"error": {"message": message, "type": "server_error"}}
    return openai.InternalServerError(message, response=_response(status, body), body=body)


def bad_request_error(message: str = "Bad request", status: int = 400) -> Exception:
    """openai.BadRequestError (400) or UnprocessableEntityError (422)."""
    import openai

    body = {"error": {"message": message, "type": "invalid_request_error"}}
    error_type = openai.UnprocessableEntityError if status == 422 else openai.BadRequestError
    return error_type(message, response=_response(status, body), body=body)


def timeout_error() -> Exception:
    """openai.APITimeoutError, as the SDK raises when a request runs past its timeout."""
    import openai

    return openai.APITimeoutError(_request())


def connection_error(message: str = "Connection refused") -> Exception:
    """openai.APIConnectionError, as for a server that is down."""
    import openai

    return openai.APIConnectionError(message=message, request=_request())


def is_retryable(error: BaseException) -> bool:
    """True for what ``openai.OpenAI`` retries: 408, 409, 429, 5xx, timeouts, lost connections."""
    if getattr(error, "_fake_refusal", False):
        return False
    if {c.__name__ for c in type(error).__mro__} & {"APITimeoutError", "APIConnectionError"}:
        return True
    status = getattr(error, "status_code", None)
    return isinstance(status, int) and (status in (408, 409, 429) or status >= 500)
