"""The llm stage: one structured call to a chat model, the only place briefer calls a model.

:func:`call_structured` and :func:`acall_structured` negotiate the structured-output mode,
validate the reply against a pydantic model, re-ask with the validation error, retry once with
more room when the reply is cut off, and sum usage over every attempt; failures are typed
:class:`~briefer.errors.ModelError` subclasses. :class:`CallSettings` carries what every call
of a run shares; :class:`Ledger` counts what calls cost; :func:`observe_calls` watches calls
as they happen (progress, tracing); the client and cache seams are ``Protocol`` types.
:func:`deadline_http_client` gives the SDK a total deadline per request.
"""

from __future__ import annotations

from briefer.llm._call import acall_structured, call_structured
from briefer.llm._conversation import Message, MessagesFor, StructuredResult
from briefer.llm._deadline import (
    ReplyTooLargeError,
    async_deadline_http_client,
    deadline_http_client,
)
from briefer.llm._json import extract_json
from briefer.llm._ledger import Ledger
from briefer.llm._limiter import RateLimiter, RateStatus
from briefer.llm._modes import forget_modes
from briefer.llm._observe import (
    CallEvent,
    CallObserver,
    EventKind,
    add_call_observer,
    calls_about,
    observe_calls,
    remove_call_observer,
    report_waiting,
)
from briefer.llm._protocols import AsyncChatClient, ChatClient, ReplyCache
from briefer.llm._ratelimits import RateHeaders, parse_duration, read_rate_headers
from briefer.llm._schema import response_schema, shared_response_schema
from briefer.llm._settings import MODES, CallSettings, Mode, ModeSetting

__all__ = [
    "AsyncChatClient",
    "CallEvent",
    "CallObserver",
    "CallSettings",
    "ChatClient",
    "EventKind",
    "Ledger",
    "MODES",
    "Message",
    "MessagesFor",
    "Mode",
    "ModeSetting",
    "RateHeaders",
    "RateLimiter",
    "RateStatus",
    "ReplyCache",
    "ReplyTooLargeError",
    "StructuredResult",
    "acall_structured",
    "add_call_observer",
    "async_deadline_http_client",
    "call_structured",
    "calls_about",
    "deadline_http_client",
    "extract_json",
    "forget_modes",
    "observe_calls",
    "parse_duration",
    "read_rate_headers",
    "remove_call_observer",
    "report_waiting",
    "response_schema",
    "shared_response_schema",
]
