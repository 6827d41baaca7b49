from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from vss.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request past the login middleware: every view but login and health checks."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
