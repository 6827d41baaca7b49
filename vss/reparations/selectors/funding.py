"""Reads of the programme's money: what each project needs, has secured and has received,
through the policy's scope of projects (a donor reads only the projects it funds, and of
their pledges only its own: `policy.can_see_pledge`). The programme's figures are read
from the totals the funding services keep on each project, summed by the database; the
report of funding per donor and project (vss.reports) from the pledges and payments
themselves, a donor's account reading its own organisation's only
(`policy.pledges_in_scope`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind
from vss.policy import Right
from vss.proceedings.models import Case
from vss.reparations.models import (
    BudgetLine,
    Category,
    Payment,
    Pledge,
    Project,
    ProjectStatus,
)
from vss.reparations.money import CENT, in_usd, unpaid

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


@dataclass(frozen=True)
class DonorFundingFilters:
    """The pledges of projects of one case (and of its trial segments), of one donor, or
    of every one."""

    case_id: int | None = None
    donor_id: int | None = None


@dataclass(frozen=True)
class DonorProjectFunding:
    """What one donor gave one project, in US dollars (the programme's currency, each
    pledge at its rate of the day it was made, each payment at its own): pledged (the
    pledges not cancelled), received (every payment, a cancelled pledge's too), and
    outstanding (what is still to come of the pledges not cancelled). Received and
    outstanding add up to what the donor secured for the project; the project's budget
    and gap are the whole project's, every donor's together."""

    donor: Organisation
    project: Project
    # The pledges not cancelled in the donor's own currencies: {"EUR": 50000.00}.
    pledged_in: dict[str, Decimal]
    pledged: Decimal
    received: Decimal
    outstanding: Decimal

    @property
    def budget(self) -> Decimal:
        return self.project.budget_usd

    @property
    def gap(self) -> Decimal:
        return max(self.project.budget_usd - self.project.secured_usd, Decimal(0)).quantize(CENT)


@dataclass(frozen=True)
class DonorFundingTotals:
    donors: int
    projects: int
    pledged: Decimal
    received: Decimal
    outstanding: Decimal
    # Each project once, however many donors fund it.
    budget: Decimal
    gap: Decimal


def may_read_donor_funding(user: User) -> bool:
    """The Section's readers of figures who read the programme, every donor's pledges; a
    donor's account, its own organisation's."""
    return policy.can_run_scoped_report(user, Right.VIEW_PROJECTS, outside=policy.acts_for_donor)


def _pledges_for_report(user: User, filters: DonorFundingFilters) -> QuerySet[Pledge]:
    if not may_read_donor_funding(user):
        raise PermissionDenied
    projects = policy.projects_in_scope(user, Project.objects.all())
    if filters.case_id is not None:
        case = get_object_or_404(Case, pk=filters.case_id)
        projects = projects.filter(cases__in=Case.objects.filter(Q(pk=case.pk) | Q(parent=case)))
    pledges = policy.pledges_in_scope(
        user, Pledge.objects.filter(project__in=projects.values("pk"))
    )
    if filters.donor_id is not None:
        pledges = pledges.filter(donor_id=filters.donor_id)
    return pledges


PLEDGE_FIGURES = (
    "donor_id",
    "project_id",
    "currency",
    "amount",
    "usd_rate",
    "amount_usd",
    "cancelled_at",
    "paid",
    "paid_usd",
)


def _no_money() -> dict[str, Any]:
    zero = Decimal(0)
    return {"pledged_in": {}, "pledged": zero, "received": zero, "outstanding": zero}


def donor_funding_for_user(user: User, filters: DonorFundingFilters) -> list[DonorProjectFunding]:
    """Each donor and project the user may read the pledges of, by donor and project
    reference, in three queries however many pledges and payments. Each pledge's
    outstanding part is converted to the cent on its own, as the project's secured total
    counts it (vss.reparations.money), so a project's donors' received and outstanding
    add up to its secured total to the cent."""
    pledges = list(
        _pledges_for_report(user, filters)
        .annotate(paid=Sum("payments__amount"), paid_usd=Sum("payments__amount_usd"))
        .values(*PLEDGE_FIGURES)
        .order_by()
    )
    donors = Organisation.objects.in_bulk({pledge["donor_id"] for pledge in pledges})
    projects = Project.objects.only(
        "reference", "title_km", "title_en", "title_fr", "budget_usd", "secured_usd"
    ).in_bulk({pledge["project_id"] for pledge in pledges})
    figures: dict[tuple[int, int], dict[str, Any]] = {}
    for pledge in pledges:
        row = figures.setdefault((pledge["donor_id"], pledge["project_id"]), _no_money())
        row["received"] += pledge["paid_usd"] or Decimal(0)
        if pledge["cancelled_at"] is not None:
            continue
        currency = pledge["currency"]
        row["pledged_in"][currency] = row["pledged_in"].get(currency, Decimal(0)) + pledge["amount"]
        row["pledged"] += pledge["amount_usd"]
        rest = unpaid(pledge["amount"], pledge["paid"] or Decimal(0))
        row["outstanding"] += in_usd(rest, pledge["usd_rate"])
    rows = [
        DonorProjectFunding(
            donor=donors[donor_id],
            project=projects[project_id],
            pledged_in=dict(sorted(row["pledged_in"].items())),
            # To the cent, as every amount is kept, whatever the database's sums return.
            pledged=row["pledged"].quantize(CENT),
            received=row["received"].quantize(CENT),
            outstanding=row["outstanding"].quantize(CENT),
        )
        for (donor_id, project_id), row in figures.items()
    ]
    return sorted(rows, key=lambda row: (row.donor.name.casefold(), row.project.reference))


def donor_funding_totals(user: User, filters: DonorFundingFilters) -> DonorFundingTotals:
    """The report's sums: of its rows, and of its projects' budgets and gaps, each
    project once."""
    rows = donor_funding_for_user(user, filters)
    projects = {row.project.pk: row for row in rows}
    return DonorFundingTotals(
        donors=len({row.donor.pk for row in rows}),
        projects=len(projects),
        pledged=sum((row.pledged for row in rows), Decimal(0)),
        received=sum((row.received for row in rows), Decimal(0)),
        outstanding=sum((row.outstanding for row in rows), Decimal(0)),
        budget=sum((row.budget for row in projects.values()), Decimal(0)),
        gap=sum((row.gap for row in projects.values()), Decimal(0)),
    )


def donors_for_report(user: User) -> QuerySet[Organisation]:
    """The donors the report may be filtered by: those whose pledges the user reads."""
    pledges = policy.pledges_in_scope(user, Pledge.objects.all())
    return Organisation.objects.filter(
        kind=OrganisationKind.DONOR, pk__in=pledges.values("donor_id")
    ).order_by("name")
