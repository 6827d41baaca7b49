"""Pending decisions and late filings: the applications received and not yet decided, the
longest waiting first, with the days each has waited since its form was received, and the
filings received after their case's deadline, with whether the lateness was accepted and
by whom. Applicants are named as the reader may see them: a protected one by pseudonym."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications import pending
from vss.applications.models import Application, Status
from vss.applications.pending import PendingFilters
from vss.core.exports import Column
from vss.geo.selectors import provinces_by_code
from vss.policy import Right

from .audit_labels import PENDING_DECISIONS
from .tables import ReportFilters, TableReport, Total, case_filter


def may_run(user: User) -> bool:
    return policy.can_run_report(user, Right.VIEW_APPLICATIONS)


class PendingForm(ReportFilters):
    case = case_filter()
    late_only = forms.BooleanField(label=_("Late filings only"), required=False)
    waiting_over_days = forms.IntegerField(
        label=_("Waiting longer than (days)"), required=False, min_value=0, max_value=36_500
    )

    def filters(self) -> PendingFilters:
        if not self.is_bound or not self.is_valid():
            return PendingFilters()
        data = self.cleaned_data
        return PendingFilters(
            case_id=data["case"].pk if data["case"] else None,
            late_only=data["late_only"],
            waiting_over_days=data["waiting_over_days"],
        )


@dataclass(frozen=True)
class PendingRow:
    reference: str
    applicant: str
    case: str
    received_on: Any
    days_waiting: int | None
    status: str
    late: bool
    accepted_by: str
    province: str


def pending_rows(user: User, applications: list[Application]) -> list[PendingRow]:
    today = timezone.localdate()
    provinces = provinces_by_code()
    rows = []
    for application in applications:
        province = provinces.get(application.province_code)
        accepted = application.is_late and bool(application.deadline_override_reason)
        rows.append(
            PendingRow(
                reference=str(application),
                applicant=policy.display_name(user, application.applicant),
                case=application.case.number,
                received_on=application.form.received_on,
                days_waiting=pending.days_waiting(application, today),
                status=str(Status(application.status).label),
                late=application.is_late,
                accepted_by=str(application.deadline_override_by or "") if accepted else "",
                province=str(province) if province is not None else "",
            )
        )
    return rows


def totals(user: User, filters: PendingFilters, rows: object) -> list[Total]:
    counts = pending.pending_decision_counts(user, filters)
    return [
        Total(_("Waiting for a decision"), counts.waiting),
        Total(_("Late filings"), counts.late),
        Total(_("Late filings accepted"), counts.late_accepted),
    ]


REPORT = TableReport(
    name="pending-decisions",
    title=_("Pending decisions and late filings"),
    summary=_(
        "The applications received and not yet decided, the longest waiting first, and the "
        "filings received after their case's deadline, with whether the lateness was "
        "accepted and by whom."
    ),
    order=20,
    may_run=may_run,
    filter_form=PendingForm,
    rows=pending.pending_decisions_for_user,
    columns=[
        Column(_("VSS number"), lambda row: row.reference),
        Column(_("Applicant"), lambda row: row.applicant),
        Column(_("Case"), lambda row: row.case),
        Column(_("Received on"), lambda row: row.received_on),
        Column(_("Days waiting"), lambda row: row.days_waiting),
        Column(_("Status"), lambda row: row.status),
        Column(_("Late"), lambda row: row.late),
        Column(_("Lateness accepted by"), lambda row: row.accepted_by),
        Column(_("Province"), lambda row: row.province),
    ],
    audit_label=PENDING_DECISIONS,
    object_type="applications.application",
    filename="pending-decisions",
    prepare=pending_rows,
    totals=totals,
    counted=pending.pending_counts_are_kept,
    counted_note=_("Totals as counted at %(moment)s; the rows as they are now."),
    landscape=True,
    export_title=_("the pending decisions and late filings"),
)
