"""Deadlines: what falls due, gathered from the apps that keep it, each read through its
own selector with the reader's scope: the last day to apply in each case taking
applications (proceedings), court dates (outreach's calendar), the signed lists focal
persons owe (outreach), reparation projects' milestones (reparations) and the follow-ups
of contacts (support). A reader meets only the kinds their rights open. A follow-up or a
signed list names a person: by pseudonym to whoever may not see a protected identity, as
are the names typed into a milestone's or a court date's title.

A hearing or a deadline passes, it is not overdue; a task (a list, a milestone, a
follow-up) not done by its date is."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vss import policy
from vss.accounts.models import User
from vss.core.exports import Column
from vss.core.forms import DateField
from vss.outreach.models import CourtDateKind
from vss.outreach.selectors.calendar import court_dates_due_for_user
from vss.outreach.selectors.focal import signed_lists_due_for_user
from vss.policy import Right
from vss.proceedings.selectors import application_deadlines
from vss.reparations.selectors.implementation import milestones_due_for_user
from vss.support.selectors import follow_ups_due_for_user

from .audit_labels import DEADLINES
from .tables import ReportFilters, TableReport, Total

DAY = datetime.timedelta(days=1)


class DueKind(models.TextChoices):
    APPLICATION_DEADLINE = "application_deadline", gettext_lazy("Deadline to apply")
    COURT_DATE = "court_date", gettext_lazy("Court date")
    SIGNED_LIST = "signed_list", gettext_lazy("Signed list from a focal person")
    MILESTONE = "milestone", gettext_lazy("Milestone of a reparation project")
    FOLLOW_UP = "follow_up", gettext_lazy("Follow-up of a contact")


@dataclass(frozen=True)
class DeadlineFilters:
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    overdue_only: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Due:
    on: datetime.date
    kind: DueKind
    what: str
    case: str
    in_charge: str
    overdue: bool


Period = tuple[datetime.date | None, datetime.date | None]


def _application_deadlines(user: User, period: Period, today: datetime.date) -> list[Due]:
    return [
        Due(
            on=case.application_deadline,  # type: ignore[arg-type]
            kind=DueKind.APPLICATION_DEADLINE,
            what=_("Last day to apply as a Civil Party"),
            case=case.number,
            in_charge="",
            overdue=False,
        )
        for case in application_deadlines(*period)
    ]


def _court_dates(user: User, period: Period, today: datetime.date) -> list[Due]:
    return [
        Due(
            on=timezone.localdate(date.starts_at),
            kind=DueKind.COURT_DATE,
            what=" · ".join(
                p
                for p in (str(CourtDateKind(date.kind).label), policy.free_text(user, date.title))
                if p
            ),
            case=date.case.number,
            in_charge="",
            overdue=False,
        )
        for date in court_dates_due_for_user(user, *period)
    ]


def _signed_lists(user: User, period: Period, today: datetime.date) -> list[Due]:
    return [
        Due(
            on=handover.receipt_due_on,
            kind=DueKind.SIGNED_LIST,
            what=_("From %(person)s, %(village)s")
            % {
                "person": policy.display_name(user, handover.focal_person.person),
                "village": handover.focal_person.village,
            },
            case="",
            in_charge=str(handover.officer),
            overdue=handover.receipt_due_on < today,
        )
        for handover in signed_lists_due_for_user(user, *period)
    ]


def _milestones(user: User, period: Period, today: datetime.date) -> list[Due]:
    return [
        Due(
            on=milestone.due_on,
            kind=DueKind.MILESTONE,
            # Typed by an officer, who may have named a protected person.
            what=f"{milestone.project.reference}: {policy.free_text(user, milestone.title)}",
            case=", ".join(case.number for case in milestone.project.cases.all()),
            in_charge=str(milestone.project.officer or ""),
            overdue=milestone.due_on < today,
        )
        for milestone in milestones_due_for_user(user, *period)
    ]


def _follow_ups(user: User, period: Period, today: datetime.date) -> list[Due]:
    return [
        Due(
            on=contact.follow_up_on,  # type: ignore[arg-type]
            kind=DueKind.FOLLOW_UP,
            what=_("Follow up with %(person)s")
            % {"person": policy.display_name(user, contact.person)},
            case="",
            in_charge=str(contact.follow_up_user),
            overdue=contact.follow_up_on < today,  # type: ignore[operator]
        )
        for contact in follow_ups_due_for_user(user, *period)
    ]


@dataclass(frozen=True)
class Source:
    kind: DueKind
    # Whether the reader's rights open this kind: the policy's test.
    opens: Callable[[User], bool]
    read: Callable[[User, Period, datetime.date], list[Due]]
    # A task is overdue once its date has passed undone; a date (a hearing) only passes.
    task: bool


SOURCES = (
    Source(DueKind.APPLICATION_DEADLINE, policy.can_view_statistics, _application_deadlines, False),
    Source(DueKind.COURT_DATE, policy.holds_right(Right.VIEW_CALENDAR), _court_dates, False),
    Source(DueKind.SIGNED_LIST, policy.can_see_focal_persons, _signed_lists, True),
    Source(DueKind.MILESTONE, policy.holds_right(Right.VIEW_PROJECTS), _milestones, True),
    Source(DueKind.FOLLOW_UP, policy.holds_right(Right.LOG_CONTACTS), _follow_ups, True),
)


def deadlines_for_user(
    user: User, filters: DeadlineFilters, *, today: datetime.date | None = None
) -> list[Due]:
    """Everything due in the period, the earliest first. Without a start, the tasks still
    undone whatever their date, and the dates from today on."""
    today = today or timezone.localdate()
    rows: list[Due] = []
    for source in SOURCES:
        if (filters.kind and filters.kind != source.kind) or not source.opens(user):
            continue
        if filters.overdue_only and not source.task:
            continue
        due_from, due_to = filters.due_from, filters.due_to
        if due_from is None and not source.task:
            due_from = today
        if filters.overdue_only:
            due_to = min(due_to, today - DAY) if due_to is not None else today - DAY
        rows += source.read(user, (due_from, due_to), today)
    order = {source.kind: number for number, source in enumerate(SOURCES)}
    return sorted(rows, key=lambda due: (due.on, order[due.kind], due.case, due.what))


def may_run(user: User) -> bool:
    return policy.can_run_report(user)


class DeadlinesForm(ReportFilters):
    due_from = DateField(label=gettext_lazy("Due from"), required=False)
    due_to = DateField(label=gettext_lazy("Due until"), required=False)
    overdue_only = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("Any")), *DueKind.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and start > end:
            raise ValidationError(gettext_lazy("The period ends before it starts."))
        return cleaned

    def filters(self) -> DeadlineFilters:
        if not self.is_bound or not self.is_valid():
            return DeadlineFilters()
        data = self.cleaned_data
        return DeadlineFilters(
            due_from=data["due_from"],
            due_to=data["due_to"],
            overdue_only=data["overdue_only"],
            kind=data["kind"],
        )


def totals(user: User, filters: DeadlineFilters, rows: Sequence[Due]) -> list[Total]:
    return [
        Total(gettext_lazy("Due"), len(rows)),
        Total(gettext_lazy("Overdue"), sum(1 for due in rows if due.overdue)),
    ]


REPORT = TableReport(
    name="deadlines",
    title=gettext_lazy("Deadlines"),
    summary=gettext_lazy(
        "What falls due: the deadlines to apply, court dates, the signed lists focal "
        "persons owe, reparation projects' milestones and follow-ups of contacts, with who "
        "is in charge and whether it is overdue."
    ),
    order=30,
    may_run=may_run,
    filter_form=DeadlinesForm,
    rows=deadlines_for_user,
    columns=[
        Column(gettext_lazy("Due on"), lambda due: due.on),
        Column(gettext_lazy("Kind"), lambda due: due.kind.label),
        Column(gettext_lazy("What"), lambda due: due.what),
        Column(gettext_lazy("Case"), lambda due: due.case),
        Column(gettext_lazy("In charge"), lambda due: due.in_charge),
        Column(gettext_lazy("Overdue"), lambda due: due.overdue),
    ],
    audit_label=DEADLINES,
    # The rows that name people are the follow-ups of contacts and the focal persons'.
    object_type="support.contact",
    filename="deadlines",
    totals=totals,
    export_title=gettext_lazy("the deadlines"),
)
