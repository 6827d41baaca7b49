"""The programme's funding as each reader is shown it: gaps by project, category and
case from the kept totals (a project of two cases in each case's row, once in the whole),
a project's pledges as the policy lets a reader see them, and the section on a project's
page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from vss.accounts.models import OrganisationKind
from vss.reparations.models import Category, ProjectStatus
from vss.reparations.sections import project_sections
from vss.reparations.selectors.funding import funding_of_project, funding_overview
from vss.testing.factories import (
    BudgetLineFactory,
    CaseFactory,
    OrganisationFactory,
    PaymentFactory,
    PledgeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def _project(cases, category, budget, pledged):
    project = ProjectFactory.create(cases=cases, category=category)
    BudgetLineFactory.create(project=project, amount_usd=Decimal(budget))
    if pledged:
        PledgeFactory.create(project=project, amount=Decimal(pledged))
    project.refresh_from_db()
    return project


def test_gaps_by_category_and_case_count_a_shared_project_in_each_case_once_in_all(
    reparations,
):
    first, second = CaseFactory.create(number="002/01"), CaseFactory.create(number="002/02")
    both = _project([first, second], Category.REMEMBRANCE, "1000.00", "400.00")
    one = _project([second], Category.REMEMBRANCE, "500.00", "600.00")
    other = _project([first], Category.EDUCATION, "300.00", None)

    overview = funding_overview(reparations)

    by_case = {row["cases__number"]: row for row in overview.by_case}
    assert by_case["002/01"]["budget"] == both.budget_usd + other.budget_usd
    assert by_case["002/02"]["budget"] == both.budget_usd + one.budget_usd
    assert by_case["002/01"]["projects"] == by_case["002/02"]["projects"] == 2
    # Funding beyond one project's budget does not fill another's gap.
    assert by_case["002/02"]["gap"] == both.budget_usd - both.secured_usd
    by_category = {row["category"]: row for row in overview.by_category}
    assert by_category[Category.REMEMBRANCE]["secured"] == both.secured_usd + one.secured_usd
    assert by_category[Category.EDUCATION]["gap"] == other.budget_usd
    assert overview.total["projects"] == 3
    assert overview.total["budget"] == sum(p.budget_usd for p in (both, one, other))
    assert overview.total["gap"] == sum(p.gap_usd for p in (both, one, other))


def test_a_donor_reads_the_figures_of_the_projects_it_funds_only(donor, reparations):
    funded = ProjectFactory.create()
    PledgeFactory.create(project=funded, donor=donor.organisation)
    ProjectFactory.create()
    assert [p.pk for p in funding_overview(donor).projects] == [funded.pk]
    assert funding_overview(donor).total["projects"] == 1
    assert funding_overview(reparations).total["projects"] == 2


def test_a_donor_sees_its_own_pledges_the_officer_all_a_partner_none(donor, reparations, partner):
    project = ProjectFactory.create()
    own = PledgeFactory.create(project=project, donor=donor.organisation)
    sdc = OrganisationFactory.create(name="Switzerland (SDC)", kind=OrganisationKind.DONOR)
    other = PledgeFactory.create(project=project, donor=sdc)
    assert funding_of_project(donor, project).pledges == [own]
    assert funding_of_project(donor, project).hidden_pledges == 1
    assert funding_of_project(reparations, project).pledges == [own, other]
    assert funding_of_project(partner, project).pledges == []


def _read_funding(user, project) -> int:
    with CaptureQueriesContext(connection) as queries:
        funding = funding_of_project(user, project)
        for pledge in funding.pledges:
            list(pledge.payments.all())
    return len(queries)


def test_a_projects_funding_reads_in_constant_queries(reparations):
    project = ProjectFactory.create()
    PaymentFactory.create(pledge=PledgeFactory.create(project=project))
    BudgetLineFactory.create(project=project)
    few = _read_funding(reparations, project)
    for _ in range(4):
        PaymentFactory.create(pledge=PledgeFactory.create(project=project))
        BudgetLineFactory.create(project=project)
    assert _read_funding(reparations, project) == few


def test_the_section_on_a_projects_page_hints_at_funded_when_the_budget_is_reached(
    reparations,
):
    project = ProjectFactory.create()
    BudgetLineFactory.create(project=project, amount_usd=Decimal("1000.00"))
    PledgeFactory.create(project=project, amount=Decimal("999.99"))
    project.refresh_from_db()
    shown = project_sections.shown_to(reparations, project)["funding"]
    assert not shown.context["funding"].fully_funded
    PledgeFactory.create(project=project, amount=Decimal("0.01"))
    project.refresh_from_db()
    shown = project_sections.shown_to(reparations, project)["funding"]
    assert shown.context["funding"].fully_funded
    assert shown.context["funding"].to_be_moved_to_funded
    page = render_to_string(shown.template, shown.context)
    assert 'class="hint"' in page
    assert project.status == "idea"  # not moved by itself


def test_the_hint_is_the_officers_and_only_until_the_project_is_funded(reparations, donor):
    project = ProjectFactory.create()
    BudgetLineFactory.create(project=project, amount_usd=Decimal("10.00"))
    PledgeFactory.create(project=project, donor=donor.organisation, amount=Decimal("10.00"))
    project.refresh_from_db()
    assert funding_of_project(reparations, project).to_be_moved_to_funded
    assert not funding_of_project(donor, project).to_be_moved_to_funded
    project.status = ProjectStatus.FUNDED
    assert not funding_of_project(reparations, project).to_be_moved_to_funded


def test_the_section_is_not_shown_to_a_role_that_reads_no_project(auditor):
    assert "funding" not in project_sections.shown_to(auditor, ProjectFactory.create())
