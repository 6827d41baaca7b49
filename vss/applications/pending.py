"""Applications waiting for a decision, and filings received after their case's deadline,
as the standard report of pending decisions reads them (vss.reports): through the
reader's scope of applications, with how long each has waited since the Section received
its form, and for a late filing whether the lateness was accepted and by whom."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.proceedings import models as proceedings
from vss.tallies.registry import kept_rows
from vss.tallies.selectors import kept_counts

from .figures import cases_counted_with
from .models import Application
from .workflow import AWAITING_DECISION


@dataclass(frozen=True)
class PendingFilters:
    case_id: int | None = None
    late_only: bool = False
    # Only the applications still waiting that have waited longer than this many days.
    waiting_over_days: int | None = None


def _pending(user: User, filters: PendingFilters, today: datetime.date) -> QuerySet[Application]:
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    applications = policy.applications_in_scope(user, Application.objects.all()).filter(
        Q(status__in=AWAITING_DECISION) | Q(is_late=True)
    )
    if filters.case_id:
        applications = applications.filter(case_id__in=_filed_in(filters.case_id))
    if filters.late_only:
        applications = applications.filter(is_late=True)
    if filters.waiting_over_days is not None:
        cutoff = today - datetime.timedelta(days=filters.waiting_over_days)
        applications = applications.filter(status__in=AWAITING_DECISION, received_on__lt=cutoff)
    return applications


def pending_decisions_for_user(
    user: User, filters: PendingFilters, *, today: datetime.date | None = None
) -> QuerySet[Application]:
    """The longest waiting first; an undated form last."""
    today = today or timezone.localdate()
    return (
        _pending(user, filters, today)
        .select_related("applicant", "case", "form", "deadline_override_by")
        # The rows are sorted whole before the page is cut: the form's long columns, which
        # the report does not show, would make the sort four times wider.
        .defer("form__account", "form__reparation_wishes", "form__signature")
        # The form's date as kept on the application, which an index holds in this order.
        .order_by(F("received_on").asc(nulls_last=True), "vss_number", "id")
    )


@dataclass(frozen=True)
class PendingCounts:
    waiting: int
    late: int
    late_accepted: int


# The applications waiting for a decision or filed late, by case, status and lateness,
# kept by count (vss.tallies): at a million applicants the report's totals counted 80,000
# of them at each request.
PENDING_FIGURE = "applications.pending"
ON_TIME, LATE, LATE_ACCEPTED = "on-time", "late", "late-accepted"


def pending_figure_rows() -> QuerySet[Any]:
    lateness = Case(
        When(Q(is_late=True) & ~Q(deadline_override_reason=""), then=Value(LATE_ACCEPTED)),
        When(is_late=True, then=Value(LATE)),
        default=Value(ON_TIME),
    )
    return kept_rows(
        Application.objects.filter(Q(status__in=AWAITING_DECISION) | Q(is_late=True)),
        case="case_id",
        status="status",
        value=lateness,
        n=Count("id"),
    )


def pending_counts_are_kept(user: User, filters: PendingFilters) -> bool:
    """Whether the report's totals are read as last counted: for a reader of the whole
    registry, unless they ask how long the applications have waited, which a count kept
    by status cannot tell."""
    return policy.sees_every_application(user) and filters.waiting_over_days is None


def _filed_in(case_id: int) -> tuple[int, ...]:
    # A trial segment's applications were filed in the case it was severed from; a case
    # severed into segments that take applications counts theirs too.
    case = proceedings.Case.objects.filter(pk=case_id).first()
    return tuple(cases_counted_with(case)) if case is not None else (case_id,)


def _kept_pending_counts(filters: PendingFilters) -> PendingCounts:
    rows = kept_counts(
        PENDING_FIGURE,
        case_ids=_filed_in(filters.case_id) if filters.case_id else None,
        by=("status", "value"),
    )
    if filters.late_only:
        rows = [row for row in rows if row["value"] != ON_TIME]
    return PendingCounts(
        waiting=sum(row["counted"] for row in rows if row["status"] in AWAITING_DECISION),
        late=sum(row["counted"] for row in rows if row["value"] in (LATE, LATE_ACCEPTED)),
        late_accepted=sum(row["counted"] for row in rows if row["value"] == LATE_ACCEPTED),
    )


def pending_decision_counts(
    user: User, filters: PendingFilters, *, today: datetime.date | None = None
) -> PendingCounts:
    """The report's totals, of every row and not one page: as last counted for a reader
    of the whole registry (`pending_counts_are_kept`), otherwise in one query."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    if pending_counts_are_kept(user, filters):
        return _kept_pending_counts(filters)
    counts = _pending(user, filters, today or timezone.localdate()).aggregate(
        waiting=Count("pk", filter=Q(status__in=AWAITING_DECISION)),
        late=Count("pk", filter=Q(is_late=True)),
        late_accepted=Count("pk", filter=Q(is_late=True) & ~Q(deadline_override_reason="")),
    )
    return PendingCounts(**counts)


def is_waiting(application: Application) -> bool:
    return application.status in AWAITING_DECISION


def days_waiting(application: Application, today: datetime.date) -> int | None:
    received = application.form.received_on
    if not is_waiting(application) or received is None:
        return None
    return (today - received).days
