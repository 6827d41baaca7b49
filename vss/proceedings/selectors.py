from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind
from vss.applications.workflow import CIVIL_PARTIES
from vss.policy import Right
from vss.representation.models import LeadCoLawyerAppointment

from .models import Case


@dataclass
class CaseSummary:
    case: Case
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def civil_parties(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in CIVIL_PARTIES)


def case_summaries_for_user(user: User) -> list[CaseSummary]:
    """Every case with its applications counted by status, in two queries whatever the size."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    summaries = {
        case.pk: CaseSummary(case)
        for case in Case.objects.select_related("parent").prefetch_related(
            "charged_persons",
            Prefetch(
                "lead_co_lawyers",
                queryset=LeadCoLawyerAppointment.objects.filter(ended_on__isnull=True)
                .select_related("lawyer")
                .order_by("seat"),
                to_attr="current_lead_co_lawyers",
            ),
        )
    }
    counts = (
        policy.applications_in_scope(
            user, Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
        )
        .values("case_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        summaries[row["case_id"]].by_status[row["status"]] = row["n"]
    return list(summaries.values())


def case_get_for_user(user: User, pk: int, right: Right) -> Case:
    """A case for a page needing `right` (else 403). Cases are the court's public record:
    no scope narrows them, so only a case that does not exist is not found."""
    policy.require_right(user, right)
    return get_object_or_404(Case, pk=pk)
