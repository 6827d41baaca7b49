"""Sign-in lockouts: the audit entry of each one, and which usernames are locked now.

django-axes counts the failures and refuses the sign-in; VSS's own log is where the
auditor reads that it happened."""

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from .models import User


def audit_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    """Receiver of axes' user_locked_out: one entry per lockout, about the account when the
    username is one (the address is in the entry's own column)."""
    username = (username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        label=username,
        changes={"locked_out": {"old": False, "new": True}},
    )


def locked_usernames(usernames: list[str]) -> set[str]:
    """Those of `usernames` that have failed too often within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since)
        .values("username")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in failures}
