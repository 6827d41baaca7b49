"""The programme's funding for the Section's figures (vss.reports): each project's budget,
what is secured (pledged) and received, and its gap, from the totals the funding services
keep on it; the whole programme in one sum."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.reparations.models import Project

from .funding import GAP, TOTALS


@dataclass(frozen=True)
class Funding:
    budget: Decimal
    secured: Decimal
    received: Decimal
    gap: Decimal


@dataclass(frozen=True)
class ProgrammeFunding:
    # The projects with the largest gaps first, as many as asked.
    projects: list[tuple[Project, Funding]]
    total: Funding
    project_count: int


def _money(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def programme_funding(
    user: User, *, case_ids: tuple[int, ...] | None, largest_gaps: int
) -> ProgrammeFunding:
    """Every project (of these cases, when given), in two queries: the projects with the
    largest gaps, and the sum of all."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    projects: QuerySet[Project] = Project.objects.all()
    if case_ids is not None:
        # A project of two cases is counted once.
        projects = Project.objects.filter(
            pk__in=Project.objects.filter(cases__in=case_ids).values("pk")
        )
    largest = projects.annotate(gap=GAP).order_by("-gap", "reference")[:largest_gaps]
    total = projects.aggregate(count=Count("pk"), **TOTALS)
    return ProgrammeFunding(
        projects=[
            (
                project,
                Funding(project.budget_usd, project.secured_usd, project.received_usd, project.gap),
            )
            for project in largest
        ],
        total=Funding(
            _money(total["budget"]),
            _money(total["secured"]),
            _money(total["received"]),
            _money(total["gap"]),
        ),
        project_count=total["count"],
    )
