"""Who is acting and from where, for the audit entries written while a request runs."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    request_id: str = ""


_current: ContextVar[RequestContext] = ContextVar("vss_request_context", default=RequestContext())


def current() -> RequestContext:
    return _current.get()


def bind(context: RequestContext):  # type: ignore[no-untyped-def]
    return _current.set(context)


def reset(token) -> None:  # type: ignore[no-untyped-def]
    _current.reset(token)
