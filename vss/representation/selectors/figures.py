"""Counts of representation for the Section's figures (vss.reports): the Civil Parties
with and without a practising lawyer, and the lawyers' caseloads, each in one GROUP BY;
the lawyers are named as on the public list of the bar, their clients never."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from vss.accounts.models import User
from vss.applications.figures import ApplicationSelection, selected_applications
from vss.applications.workflow import CIVIL_PARTIES
from vss.proceedings.models import Case

from ..models import Lawyer, Representation
from .mandates import practising_mandates


@dataclass(frozen=True)
class Representedness:
    case: Case
    with_lawyer: int
    without_lawyer: int


def civil_parties_by_representation(
    user: User, selection: ApplicationSelection
) -> list[Representedness]:
    """Per case, its Civil Parties (provisional or admitted) with a practising lawyer now
    and without one, whether or not Rule 23ter requires one yet."""
    rows = (
        selected_applications(user, selection)
        .filter(status__in=CIVIL_PARTIES)
        .annotate(represented=Exists(practising_mandates().filter(application=OuterRef("pk"))))
        .values("case_id", "represented")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[bool, int]] = {}
    for row in rows:
        counts.setdefault(row["case_id"], {})[row["represented"]] = row["n"]
    cases = Case.objects.in_bulk(counts)
    return sorted(
        (
            Representedness(cases[pk], by.get(True, 0), by.get(False, 0))
            for pk, by in counts.items()
        ),
        key=lambda row: row.case.number,
    )


def caseloads_of_busiest_lawyers(
    user: User, selection: ApplicationSelection, *, top: int
) -> list[tuple[Lawyer, int]]:
    """The `top` lawyers with the most current mandates among the selected applications,
    most first."""
    applications = selected_applications(user, selection)
    mandates = Representation.objects.filter(ended_on__isnull=True)
    if selection != ApplicationSelection():
        # Every mandate has its application: when every application is counted, matching
        # them against all of them would only cost a scan of the applications (most of a
        # second at a million).
        mandates = mandates.filter(application__in=applications.values("pk"))
    rows = mandates.values("lawyer_id").annotate(n=Count("id")).order_by("-n", "lawyer_id")[:top]
    counts = [(row["lawyer_id"], row["n"]) for row in rows]
    lawyers = Lawyer.objects.in_bulk([pk for pk, _n in counts])
    return [(lawyers[pk], n) for pk, n in counts]
