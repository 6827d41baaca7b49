"""The work queue on the home page: what needs the user's attention now."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.services import audit_read

from .audit_labels import WORK_QUEUE
from .models import Application, Status, StatusChange

QUEUE_LENGTH = 20
# "Recent" changes are those of the last days: the newest are read from the changes' index
# back to this date and no further. A scope whose applications last changed years ago (a
# Lead Co-Lawyer's Civil Parties) otherwise walked every change of the registry since.
RECENT_DAYS = 90


@dataclass
class WorkQueue:
    awaiting_receipt: list[Application]
    incomplete: list[Application]
    due_soon: list[Application]
    recent_changes: list[StatusChange]
    recent_days: int = RECENT_DAYS


def _in_scope(user: User) -> QuerySet[Application]:
    return policy.applications_in_scope(
        user, Application.objects.select_related("applicant", "case")
    )


def work_queue_for_user(user: User, today: datetime.date | None = None) -> WorkQueue:
    today = today or timezone.localdate()
    days = settings.VSS_APPLICATION_DEADLINE_DAYS
    # A case's deadline is its notice date plus `days`; it falls in the next `days` days
    # when the notice was given between `days` days ago and today.
    # The scope is worked out once (vss.policy.applications_in_scope may read it first).
    in_scope = _in_scope(user)
    due_soon = in_scope.filter(
        status__in=[Status.DRAFT, Status.INCOMPLETE],
        case__investigation_closed_on__gte=today - datetime.timedelta(days=days),
        case__investigation_closed_on__lte=today,
    )
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    recent = StatusChange.objects.filter(at__gte=since, application__in=in_scope).select_related(
        "application__applicant", "application__case", "actor"
    )
    queue = WorkQueue(
        awaiting_receipt=list(
            in_scope.filter(status=Status.DRAFT).order_by("created_at", "id")[:QUEUE_LENGTH]
        ),
        incomplete=list(
            in_scope.filter(status=Status.INCOMPLETE).order_by("status_changed_at")[:QUEUE_LENGTH]
        ),
        due_soon=list(due_soon.order_by("case__investigation_closed_on", "id")[:QUEUE_LENGTH]),
        recent_changes=list(recent.order_by("-at", "-id")[:QUEUE_LENGTH]),
    )
    shown = {
        "awaiting_receipt": len(queue.awaiting_receipt),
        "incomplete": len(queue.incomplete),
        "due_soon": len(queue.due_soon),
        "recent_changes": len(queue.recent_changes),
    }
    if any(shown.values()):  # the home page then names the applicants
        audit_read(
            actor=user,
            object_type="applications.application",
            label=audit_label(WORK_QUEUE),
            asked=shown,
            shown=sum(shown.values()),
        )
    return queue
