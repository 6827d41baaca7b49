"""Who is acting and from where, for the audit entries written while a request runs."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""  # made by the server
    client_request_id: str = ""  # what the client or a proxy called the request, if anything


_OUTSIDE_REQUESTS = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("vss_request_context", default=None)


def current() -> RequestContext:
    """The request being served, or an empty context for commands and background jobs."""
    return _current.get() or _OUTSIDE_REQUESTS


def bind(context: RequestContext):  # type: ignore[no-untyped-def]
    return _current.set(context)


def reset(token) -> None:  # type: ignore[no-untyped-def]
    _current.reset(token)
