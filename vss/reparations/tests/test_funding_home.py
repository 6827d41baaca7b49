"""A donor's home page: the projects its organisation funds, with their kept totals, and
no other donor's."""

from decimal import Decimal

import pytest
from django.urls import reverse

from vss.testing.clients import signed_in
from vss.testing.factories import BudgetLineFactory, OrganisationFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def test_a_donor_sees_on_its_home_the_projects_it_funds_and_no_other(request, donor):
    funded = BudgetLineFactory.create(amount_usd=Decimal("25000.00")).project
    PledgeFactory.create(project=funded, donor=donor.organisation, amount=Decimal("10000.00"))
    other = PledgeFactory.create(
        donor=OrganisationFactory.create(name="Switzerland (SDC)", acronym="SDC", kind="donor")
    ).project
    cancelled = PledgeFactory.create(donor=donor.organisation)
    cancelled.cancelled_at = cancelled.recorded_at
    cancelled.save(update_fields=["cancelled_at"])

    page = signed_in(request, "donor").get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 200
    text = page.content.decode()
    assert f">{funded.reference}</a> {funded.title_en}" in text
    assert f'href="{reverse("reparations:project_detail", args=[funded.pk])}"' in text
    assert "25,000.00" in text and "15,000.00" in text  # budget, and the gap left
    assert other.reference not in text
    assert cancelled.project.reference not in text


def test_a_donor_that_funds_nothing_is_told_so(request, donor):
    page = signed_in(request, "donor").get(reverse("core:home"))
    assert page.status_code == 200
    assert 'class="empty"' in page.content.decode()
