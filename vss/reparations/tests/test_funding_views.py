"""The officer's funding pages at work: each form saves and goes back to the project's
funding, and a refused one comes back with what was typed and why."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import Organisation, OrganisationKind
from vss.reparations.models import BudgetLine, Payment, Pledge
from vss.testing.clients import signed_in
from vss.testing.factories import BudgetLineFactory, PledgeFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat


@pytest.fixture
def officer(request, reparations):
    return signed_in(request, "reparations")


@pytest.fixture
def project():
    return ProjectFactory.create()


def _funding(project) -> str:
    return reverse("reparations:project_funding", args=[project.pk])


def test_the_officer_adds_a_line_a_pledge_and_a_payment(officer, project):
    donor = Organisation.objects.create(name="Australia (DFAT)", kind=OrganisationKind.DONOR)
    response = officer.post(
        reverse("reparations:budget_line_add", args=[project.pk]),
        {"line-description": "Counsellors' fees", "line-amount_usd": "12000.00"},
    )
    assert response["Location"] == _funding(project)
    response = officer.post(
        reverse("reparations:pledge_add", args=[project.pk]),
        {
            "pledge-donor": donor.pk,
            "pledge-currency": "AUD",
            "pledge-amount": "20000.00",
            "pledge-pledged_on": TODAY(),
            "pledge-usd_rate": "0.6543210987",
        },
    )
    assert response["Location"] == _funding(project)
    pledge = Pledge.objects.get(project=project)
    response = officer.post(
        reverse("reparations:payment_add", args=[pledge.pk]),
        {
            f"pay-{pledge.pk}-amount": "5000.00",
            f"pay-{pledge.pk}-received_on": TODAY(),
            f"pay-{pledge.pk}-usd_rate": "0.66",
            f"pay-{pledge.pk}-rate_source": "Reserve Bank of Australia",
        },
    )
    assert response["Location"] == _funding(project)
    project.refresh_from_db()
    assert project.budget_usd == Decimal("12000.00")
    assert project.received_usd == Decimal("3300.00")
    page = officer.get(_funding(project)).content.decode()
    assert "Australia (DFAT)" in page and "0.6543210987" in page and "Reserve Bank" in page
    # Secured beyond the budget: the page says the officer may move the project on.
    assert 'class="hint"' in page


def test_a_refused_payment_comes_back_with_what_was_typed(officer, project):
    pledge = PledgeFactory.create(project=project)
    response = officer.post(
        reverse("reparations:payment_add", args=[pledge.pk]),
        {
            f"pay-{pledge.pk}-amount": "250.75",
            f"pay-{pledge.pk}-received_on": TODAY(),
            f"pay-{pledge.pk}-usd_rate": "1.2",
            f"pay-{pledge.pk}-rate_source": "Bank",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="250.75"' in page and 'role="alert"' in page
    assert not Payment.objects.exists()


def test_a_cancellation_opened_before_a_payment_is_refused_on_the_page(officer, project):
    pledge = PledgeFactory.create(project=project)
    opened = pledge.version
    Pledge.objects.filter(pk=pledge.pk).update(version=opened + 1)
    response = officer.post(
        reverse("reparations:pledge_cancel", args=[pledge.pk]),
        {f"cancel-{pledge.pk}-reason": "Withdrawn", f"cancel-{pledge.pk}-version": opened},
    )
    assert response.status_code == 400
    assert Pledge.objects.get(pk=pledge.pk).cancelled_at is None
    response = officer.post(
        reverse("reparations:pledge_cancel", args=[pledge.pk]),
        {f"cancel-{pledge.pk}-reason": "Withdrawn", f"cancel-{pledge.pk}-version": opened + 1},
    )
    assert response["Location"] == _funding(project)
    assert Pledge.objects.get(pk=pledge.pk).cancel_reason == "Withdrawn"


def test_a_line_is_archived_only_with_a_reason(officer, project):
    line = BudgetLineFactory.create(project=project)
    url = reverse("reparations:budget_line_archive", args=[line.pk])
    assert officer.post(url, {f"archive-{line.pk}-reason": " "}).status_code == 400
    assert officer.post(url, {f"archive-{line.pk}-reason": "Twice"}).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).archive_reason == "Twice"
    project.refresh_from_db()
    assert project.budget_usd == 0


def test_the_officer_keeps_the_donors(officer):
    response = officer.post(reverse("reparations:donor_list"), {"name": "European Union"})
    assert response["Location"] == reverse("reparations:donor_list")
    union = Organisation.objects.get(name="European Union", kind=OrganisationKind.DONOR)
    again = officer.post(reverse("reparations:donor_list"), {"name": "european union"})
    assert again.status_code == 400 and 'value="european union"' in again.content.decode()
    response = officer.post(
        reverse("reparations:donor_edit", args=[union.pk]),
        {"name": "European Union (EU)", "name_km": "សហភាពអឺរ៉ុប", "acronym": "EU"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=union.pk).acronym == "EU"
    assert "European Union (EU)" in officer.get(reverse("reparations:donor_list")).text


def test_an_organisation_that_is_no_donor_is_not_edited_as_one(officer):
    partner = Organisation.objects.create(name="TPO", kind=OrganisationKind.PARTNER)
    assert officer.get(reverse("reparations:donor_edit", args=[partner.pk])).status_code == 404


def test_the_projects_page_draws_the_funding_section_for_the_officer_and_the_donor(
    request, officer, donor, project
):
    BudgetLineFactory.create(project=project, amount_usd=Decimal("100.00"))
    PledgeFactory.create(project=project, donor=donor.organisation, amount=Decimal("40.00"))
    for client in (officer, signed_in(request, "donor")):
        page = client.get(reverse("reparations:project_detail", args=[project.pk])).text
        assert 'id="funding"' in page
        assert _funding(project) in page
        assert "60.00" in page  # the gap the kept totals leave


def test_the_overview_shows_the_projects_a_page_at_a_time_the_largest_gap_first(officer):
    from vss.core.pagination import PAGE_SIZE
    from vss.reparations.models import Project

    projects = ProjectFactory.create_batch(PAGE_SIZE + 3)
    for rank, project in enumerate(projects):
        # Kept totals set directly: the page reads them, the services are tested apart.
        Project.objects.filter(pk=project.pk).update(budget_usd=Decimal(1000 + rank))
    largest, smallest = projects[-1], projects[0]

    first = officer.get(reverse("reparations:funding")).content.decode()
    second = officer.get(reverse("reparations:funding") + "?page=2").content.decode()

    def rows(page: str) -> int:
        return len(re.findall(r'href="/reparations/projects/\d+/funding/"', page))

    assert rows(first) == PAGE_SIZE
    assert first.index(largest.reference) < first.index(projects[-2].reference)
    assert smallest.reference not in first
    assert smallest.reference in second and rows(second) == 3
    assert f"{PAGE_SIZE + 3} results" in first
    # The figures by category and in all still count every project.
    assert f"<dd>{PAGE_SIZE + 3}</dd>" in first
