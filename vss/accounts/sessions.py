"""Sessions that end after a while idle: the session's expiry (SESSION_COOKIE_AGE, the
idle time) is moved forward by saving it again, but at most once a minute, so that a page
costs no write of its session while its user is busy."""

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

# How stale the expiry may grow before a request renews it: the idle time is honoured
# to within this much.
RENEW_AFTER_SECONDS = 60
STAMP = "vss_session_renewed_at"


def stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Receiver of user_logged_in: a new session starts with its full idle time."""
    request.session[STAMP] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only an existing session: a visitor who has not signed in gets none from here.
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(STAMP, 0) >= RENEW_AFTER_SECONDS:
                session[STAMP] = now
        return response
