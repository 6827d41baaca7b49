"""Counts of representation for the Section's figures (vss.reports): the Civil Parties
with and without a practising lawyer, and the lawyers' caseloads, kept by count
(vss.tallies) by case and month of receipt like the applications' figures; the
lawyers are named as on the public list of the bar, their clients never."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Choice
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet, Value, When
from django.db.models.functions import Cast, Concat, TruncMonth

from vss import policy
from vss.accounts.models import User
from vss.applications.figures import ApplicationSelection
from vss.applications.models import Application, ApplicationKind
from vss.applications.workflow import CIVIL_PARTIES
from vss.policy import Right
from vss.proceedings.models import Case
from vss.tallies.registry import kept_rows, register_kept_figure
from vss.tallies.selectors import kept_counts

from ..models import GroupMembership, Lawyer, Representation
from .mandates import practising_mandates

REPRESENTED = "representation.represented"
CASELOADS = "representation.caseloads"
GROUPED = "representation.grouped"
# The report of caseloads (vss.reports): the current mandates of Civil Parties by lawyer,
# and the Civil Parties with one at least, each once however many lawyers they have.
CIVIL_PARTY_MANDATES = "representation.civil_party_mandates"
CIVIL_PARTIES_REPRESENTED = "representation.civil_parties_represented"
MEMBERS = "representation.group_members"
CLIENTS = "representation.clients"
WITH, WITHOUT = "with", "without"
IN_A_GROUP, IN_NO_GROUP = "grouped", "ungrouped"


def represented_rows() -> QuerySet[Any]:
    """Civil Parties (provisional or admitted) with a practising lawyer now, and
    without one, whether or not Rule 23ter requires one yet."""
    represented = Exists(practising_mandates().filter(application=OuterRef("pk")))
    return kept_rows(
        Application.objects.filter(status__in=CIVIL_PARTIES),
        case="case_id",
        month=TruncMonth("form__received_on"),
        value=Choice(When(represented, then=Value(WITH)), default=Value(WITHOUT)),
        n=Count("id"),
    )


def caseload_rows() -> QuerySet[Any]:
    """The current mandates, by lawyer."""
    return kept_rows(
        Representation.objects.filter(ended_on__isnull=True),
        case="application__case_id",
        month=TruncMonth("application__form__received_on"),
        value=Cast("lawyer_id", output_field=CharField()),
        n=Count("id"),
    )


def grouped_rows() -> QuerySet[Any]:
    """Civil Parties (provisional or admitted) in a group now, and in none."""
    in_a_group = Exists(
        GroupMembership.objects.filter(application=OuterRef("pk"), ended_on__isnull=True)
    )
    return kept_rows(
        Application.objects.filter(status__in=CIVIL_PARTIES),
        case="case_id",
        value=Choice(When(in_a_group, then=Value(IN_A_GROUP)), default=Value(IN_NO_GROUP)),
        n=Count("id"),
    )


def civil_party_mandate_rows() -> QuerySet[Any]:
    """The current mandates of Civil Parties (provisional or admitted), by lawyer and by
    the case the Civil Party filed in."""
    return kept_rows(
        Representation.objects.filter(
            ended_on__isnull=True,
            application__kind=ApplicationKind.CIVIL_PARTY,
            application__status__in=CIVIL_PARTIES,
        ),
        case="application__case_id",
        value=Cast("lawyer_id", output_field=CharField()),
        n=Count("id"),
    )


def _status_and_province() -> Concat:
    return Concat(
        "application__status", Value(":"), "application__province_code", output_field=CharField()
    )


def status_and_province(kept_status: str) -> tuple[str, str]:
    """The application status and the province code ("" for none) MEMBERS and CLIENTS
    keep together as a row's status, so that a record's rows are read by its id alone."""
    status, _colon, province_code = kept_status.partition(":")
    return status, province_code


def group_members_rows() -> QuerySet[Any]:
    """The current members of each group (the value: its id) by status and province: a
    group's page counts its members from these when they are many."""
    return kept_rows(
        GroupMembership.objects.filter(ended_on__isnull=True),
        status=_status_and_province(),
        value=Cast("group_id", output_field=CharField()),
        n=Count("id"),
    )


def clients_rows() -> QuerySet[Any]:
    """Each lawyer's current clients (the value: the lawyer's id) by status and province,
    for the lawyer's caseload."""
    return kept_rows(
        Representation.objects.filter(ended_on__isnull=True),
        status=_status_and_province(),
        value=Cast("lawyer_id", output_field=CharField()),
        n=Count("id"),
    )


def civil_parties_represented_rows() -> QuerySet[Any]:
    """The Civil Parties (provisional or admitted) with a current mandate, of any lawyer."""
    mandated = Exists(
        Representation.objects.filter(application=OuterRef("pk"), ended_on__isnull=True)
    )
    return kept_rows(
        Application.objects.filter(
            mandated, kind=ApplicationKind.CIVIL_PARTY, status__in=CIVIL_PARTIES
        ),
        case="case_id",
        n=Count("id"),
    )


def register_kept_figures() -> None:
    register_kept_figure(REPRESENTED, represented_rows)
    register_kept_figure(CASELOADS, caseload_rows)
    register_kept_figure(GROUPED, grouped_rows)
    register_kept_figure(CIVIL_PARTY_MANDATES, civil_party_mandate_rows)
    register_kept_figure(CIVIL_PARTIES_REPRESENTED, civil_parties_represented_rows)
    register_kept_figure(MEMBERS, group_members_rows)
    register_kept_figure(CLIENTS, clients_rows)


def _kept(user: User, figure: str, selection: ApplicationSelection, by: tuple[str, ...]) -> Any:
    policy.require_right(user, Right.VIEW_STATISTICS)
    return kept_counts(figure, case_ids=selection.case_ids, months=selection.months, by=by)


@dataclass(frozen=True)
class Representedness:
    case: Case
    with_lawyer: int
    without_lawyer: int


def civil_parties_by_representation(
    user: User, selection: ApplicationSelection
) -> list[Representedness]:
    """Per case, its Civil Parties with a practising lawyer and without one."""
    counts: dict[int, dict[str, int]] = {}
    for row in _kept(user, REPRESENTED, selection, ("case_id", "value")):
        counts.setdefault(row["case_id"], {})[row["value"]] = row["counted"]
    cases = Case.objects.in_bulk(counts)
    return sorted(
        (
            Representedness(cases[pk], by.get(WITH, 0), by.get(WITHOUT, 0))
            for pk, by in counts.items()
        ),
        key=lambda row: row.case.number,
    )


def caseloads_of_busiest_lawyers(
    user: User, selection: ApplicationSelection, *, top: int
) -> list[tuple[Lawyer, int]]:
    """The `top` lawyers with the most current mandates among the selected applications,
    most first."""
    rows = _kept(user, CASELOADS, selection, ("value",))
    counts = sorted(
        ((int(row["value"]), row["counted"]) for row in rows), key=lambda c: (-c[1], c[0])
    )
    counts = counts[:top]
    lawyers = Lawyer.objects.in_bulk([pk for pk, _n in counts])
    return [(lawyers[pk], n) for pk, n in counts]
