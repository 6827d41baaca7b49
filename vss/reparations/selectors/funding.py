"""Reads of the programme's money: what each project needs, has secured and has received,
through the policy's scope of projects (a donor reads only the projects it funds, and of
their pledges only its own: `policy.can_see_pledge`). The programme's figures are read
from the totals the funding services keep on each project, summed by the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, DecimalField, F, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind
from vss.policy import Right
from vss.reparations.models import (
    BudgetLine,
    Category,
    Payment,
    Pledge,
    Project,
    ProjectStatus,
)

if TYPE_CHECKING:
    from vss.accounts.models import User

# The statuses from which the officer moves a project to Funded.
BEFORE_FUNDED = frozenset({ProjectStatus.IDEA, ProjectStatus.DESIGNED, ProjectStatus.FUNDRAISING})
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
# What is still to be found, never below zero: funding beyond one project's budget does
# not fill another's gap.
GAP = Greatest(F("budget_usd") - F("secured_usd"), Value(Decimal(0), output_field=MONEY))
TOTALS = {
    "budget": Sum("budget_usd"),
    "secured": Sum("secured_usd"),
    "received": Sum("received_usd"),
    "gap": Sum(GAP, output_field=MONEY),
}


def funded_projects_for_donor(user: User) -> QuerySet[Project]:
    """The projects a donor's organisation funds, with their kept totals, for its home page."""
    return policy.projects_in_scope(user, Project.objects.all()).only(
        "reference",
        "title_km",
        "title_en",
        "title_fr",
        "status",
        "budget_usd",
        "secured_usd",
        "received_usd",
    )


def _scoped(user: User) -> QuerySet[Project]:
    """The user's projects as a plain queryset: the scope's joins (to pledges, partners)
    would count a project once per joined row in a sum."""
    return Project.objects.filter(pk__in=policy.projects_in_scope(user, Project.objects.all()))


@dataclass(frozen=True)
class FundingOverview:
    # The projects, the largest gap first, for the page to show a page of at a time: a
    # programme of a thousand projects is not one table.
    projects: QuerySet[Project]
    by_category: list[dict]
    by_case: list[dict]
    total: dict


def funding_overview(user: User) -> FundingOverview:
    """Per project (a query for the page to slice), per category and per case (a project
    of two cases in each), and the whole programme (each project once): a fixed number of
    queries however many projects."""
    projects = _scoped(user)
    return FundingOverview(
        projects=(
            projects.annotate(gap=GAP)
            .order_by("-gap", "reference")
            .only(
                "reference",
                "title_km",
                "title_en",
                "title_fr",
                "category",
                "status",
                "budget_usd",
                "secured_usd",
                "received_usd",
            )
        ),
        by_category=[
            {**row, "label": Category(row["category"]).label}
            for row in projects.values("category")
            .annotate(projects=Count("pk"), **TOTALS)
            .order_by("category")
        ],
        by_case=list(
            projects.filter(cases__isnull=False)
            .values("cases__number")
            .annotate(projects=Count("pk"), **TOTALS)
            .order_by("cases__number")
        ),
        total=projects.aggregate(projects=Count("pk"), **TOTALS),
    )


def project_for_funding(user: User, pk: int) -> Project:
    return get_object_or_404(policy.projects_in_scope(user, Project.objects.all()), pk=pk)


@dataclass
class ProjectFunding:
    project: Project
    lines: list[BudgetLine]
    archived_lines: list[BudgetLine]
    # The pledges the user may see, each with its payments; the others are only counted
    # in the project's totals.
    pledges: list[Pledge] = field(default_factory=list)
    hidden_pledges: int = 0

    may_manage: bool = False

    @property
    def fully_funded(self) -> bool:
        return self.project.budget_usd > 0 and self.project.secured_usd >= self.project.budget_usd

    @property
    def to_be_moved_to_funded(self) -> bool:
        """Funded in full but not yet moved: the officer's move, never an automatic one
        (the workflow's FUNDED comes after the officer has checked the pledges)."""
        return self.may_manage and self.fully_funded and self.project.status in BEFORE_FUNDED


def funding_of_project(user: User, project: Project) -> ProjectFunding:
    """A project's budget lines, its pledges and payments as the user may see them, and
    its kept totals."""
    pledges = list(
        project.pledges.select_related("donor").prefetch_related(
            Prefetch("payments", queryset=Payment.objects.order_by("received_on", "pk"))
        )
    )
    visible = [pledge for pledge in pledges if policy.can_see_pledge(user, pledge)]
    lines = list(project.budget_lines.select_related("archived_by"))
    return ProjectFunding(
        project=project,
        lines=[line for line in lines if line.archived_at is None],
        archived_lines=[line for line in lines if line.archived_at is not None],
        pledges=visible,
        hidden_pledges=len(pledges) - len(visible),
        may_manage=policy.has_right(user, Right.MANAGE_PROJECTS),
    )


def pledge_for_user(user: User, pk: int) -> Pledge:
    projects = policy.projects_in_scope(user, Project.objects.all())
    return get_object_or_404(Pledge.objects.select_related("project"), pk=pk, project__in=projects)


def budget_line_for_user(user: User, pk: int) -> BudgetLine:
    projects = policy.projects_in_scope(user, Project.objects.all())
    return get_object_or_404(
        BudgetLine.objects.select_related("project"), pk=pk, project__in=projects
    )


def donors(user: User) -> QuerySet[Organisation]:
    """The donors the reparations officer keeps."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    return Organisation.objects.filter(kind=OrganisationKind.DONOR).order_by("name")


def donor_for_edit(user: User, pk: int) -> Organisation:
    return get_object_or_404(donors(user), pk=pk)
