"""The annex of Civil Parties of a case, as a judgment lists them: every Civil Party
admitted or provisionally admitted, by VSS number, with the lawyers who represent them
now. Read by the reports app; the rows are the user's scope of applications, and a page
or a file of them is audited with the case asked and the number of rows, never whom."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read
from vss.policy import Right
from vss.proceedings.models import Case

from .mandates import practising_mandates


@dataclass
class AnnexFilters:
    case_id: int | None = None


def annex_cases() -> QuerySet[Case]:
    """The cases an annex may be asked for: every case and trial segment, as the cases
    page lists them."""
    return Case.objects.order_by("number")


def filing_case_ids(case: Case) -> list[int]:
    """The cases whose applications make the Civil Parties of `case`: a trial segment's
    are those of the case it was severed from (002/01 and 002/02 list the Civil Parties
    of 002), and a case severed into segments that take applications themselves lists
    theirs (004: those of 004/01 and 004/02)."""
    segments = Case.objects.filter(parent=case, accepts_applications=True).values_list(
        "pk", flat=True
    )
    return sorted({case.filing_case_id, *segments})


def _may_read_annex(user: User, *, as_file: bool) -> bool:
    # A file carries the names out of VSS: it needs the right to export lists besides.
    rights = (
        (Right.VIEW_APPLICATIONS, Right.EXPORT_LISTS) if as_file else (Right.VIEW_APPLICATIONS,)
    )
    return policy.can_run_report(user, *rights)


def may_take_annex_file(user: User) -> bool:
    return _may_read_annex(user, as_file=True)


def annex_for_user(user: User, case: Case, *, as_file: bool = False) -> QuerySet[Application]:
    """The Civil Parties of the case in the user's scope, by VSS number, each with its
    practising lawyers (`annex_mandates`, read for a page or a chunk in one query)."""
    if not _may_read_annex(user, as_file=as_file):
        raise PermissionDenied
    civil_parties = Application.objects.filter(
        kind=ApplicationKind.CIVIL_PARTY,
        status__in=CIVIL_PARTIES,
        case_id__in=filing_case_ids(case),
    )
    mandates = practising_mandates().select_related("lawyer")
    return (
        policy.applications_in_scope(user, civil_parties)
        .select_related("applicant", "case")
        .prefetch_related(
            Prefetch(
                "representations",
                queryset=mandates.order_by("lawyer__family_name", "lawyer__given_name", "pk"),
                to_attr="annex_mandates",
            )
        )
        .order_by("vss_number", "id")
    )


def annex_counts_by_status(annex: QuerySet[Application]) -> dict[str, int]:
    """How many of the annex's rows are in each status, in one query."""
    rows = annex.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def annex_read(
    user: User,
    filters: AnnexFilters,
    *,
    label: str,
    shown: int,
    action: AuditAction | None = None,
) -> None:
    """A page or a file of the annex names its Civil Parties: audited with the case asked
    and the number of rows shown, never who they are."""
    audit_list_read(
        actor=user,
        object_type="applications.application",
        label=label,
        filters=filters,
        shown=shown,
        action=action,
    )
