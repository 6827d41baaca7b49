from decimal import Decimal

import pytest

from vss.testing.factories import (
    BudgetLineFactory,
    CaseFactory,
    ClaimRequestFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db


def test_a_project_is_made_with_its_case_partner_request_and_budget():
    project = ProjectFactory.create(cases=[CaseFactory.create(number="002/01")])
    partner = ProjectPartnerFactory.create(project=project)
    request = ClaimRequestFactory.create(project=project)
    BudgetLineFactory.create(project=project, amount_usd=Decimal("250.50"))
    BudgetLineFactory.create(project=project, amount_usd=Decimal("100.25"))

    project.refresh_from_db()
    assert [case.number for case in project.cases.all()] == ["002/01"]
    assert list(project.partners.all()) == [partner.organisation]
    assert request.case.number == "002/01"
    assert project.budget_usd == Decimal("350.75")


def test_projects_made_without_cases_are_of_case_002_02():
    first, second = ProjectFactory.create_batch(2)
    assert first.reference != second.reference
    assert [case.number for case in second.cases.all()] == ["002/02"]
