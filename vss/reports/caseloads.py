"""The report of lawyers' caseloads: each lawyer with the Civil Parties they represent now,
by case and in all, the groups whose common lawyer they are, and whether they may practise
(a suspended or withdrawn lawyer's Civil Parties are those to give another lawyer). The
lawyers are named as the list of the bar names them; no Civil Party is."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.exports import Column, choice_cell
from vss.policy import Right
from vss.representation import selectors
from vss.representation.audit_labels import CASELOADS_REPORT
from vss.representation.models import LawyerKind, LawyerStatus
from vss.representation.selectors import CaseloadsFilters, LawyerCaseload

from .tables import ReportFilters, TableReport, Total, case_filter


def may_run(user: User) -> bool:
    return policy.can_run_report(user, Right.VIEW_REPRESENTATION)


class CaseloadsForm(ReportFilters):
    case = case_filter()

    def filters(self) -> CaseloadsFilters:
        case = self.cleaned_data.get("case") if self.is_bound and self.is_valid() else None
        return CaseloadsFilters(case_id=case.pk if case is not None else None)


def _practising(row: LawyerCaseload) -> str:
    if row.practising:
        return str(_("Yes"))
    return str(_("No: %(status)s") % {"status": choice_cell(LawyerStatus, row.lawyer.status)})


def _by_case(row: LawyerCaseload) -> str:
    return "; ".join(f"{number}: {n}" for number, n in row.by_case)


def _groups(row: LawyerCaseload) -> str:
    return "; ".join(f"{group} ({group.case.number})" for group in row.groups)


COLUMNS = [
    Column(_("Lawyer"), lambda row: str(row.lawyer)),
    Column(_("Name in Khmer"), lambda row: row.lawyer.name_km),
    Column(_("National or international"), lambda row: choice_cell(LawyerKind, row.lawyer.kind)),
    Column(_("Practising"), _practising),
    Column(_("Civil Parties by case"), _by_case),
    Column(_("Civil Parties in all"), lambda row: row.civil_parties),
    Column(_("Groups"), _groups),
]


def totals(user: User, filters: Any, rows: Sequence[LawyerCaseload]) -> list[Total]:
    figures = selectors.lawyer_caseloads_totals(user, filters, rows)
    return [
        Total(_("Lawyers"), figures.lawyers),
        Total(_("Practising"), figures.practising),
        Total(_("Civil Parties represented"), figures.civil_parties),
        Total(_("Mandates"), figures.mandates),
    ]


REPORT = TableReport(
    name="caseloads",
    title=_("Lawyers' caseloads"),
    summary=_(
        "Each lawyer with the Civil Parties they represent now, by case and in all, their "
        "groups, and whether they may practise."
    ),
    order=40,
    may_run=may_run,
    filter_form=CaseloadsForm,
    rows=selectors.lawyer_caseloads_for_user,
    columns=COLUMNS,
    audit_label=CASELOADS_REPORT,
    object_type="representation.lawyer",
    filename="lawyers-caseloads",
    totals=totals,
    counted=lambda user, _filters: selectors.caseloads_are_kept(user),
    counted_note=_(
        "Civil Parties as counted at %(moment)s; the lawyers and their groups as they are now."
    ),
)
