"""The funding pages as each persona meets them: everyone who reads projects opens the
funding page (their own projects' figures); a project's funding within their scope; only
the officer and the Chief keep donors and record lines, pledges and payments."""

import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import Organisation
from vss.reparations.models import Pledge, Project
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.factories import (
    BudgetLineFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {**dict.fromkeys(PERSONAS, 200), "auditor": 403, "intermediary": 403}
# A lawyer who leads no case sees no project.
PROJECT_READERS = {**READERS, "lawyer": 404}
MANAGERS = {**dict.fromkeys(PERSONAS, 403), "chief": 200, "reparations": 200}
WRITERS = {**dict.fromkeys(PERSONAS, 403), "chief": 302, "reparations": 302}

GET_MATRIX = AccessMatrix(
    {
        "reparations:funding": READERS,
        "reparations:project_funding": PROJECT_READERS,
        "reparations:donor_list": MANAGERS,
        "reparations:donor_edit": MANAGERS,
    }
)
POST_MATRIX = AccessMatrix(
    {
        "reparations:budget_line_add": WRITERS,
        "reparations:budget_line_archive": WRITERS,
        "reparations:pledge_add": WRITERS,
        "reparations:payment_add": WRITERS,
        "reparations:pledge_cancel": WRITERS,
        "reparations:donor_list": WRITERS,
        "reparations:donor_edit": WRITERS,
    }
)


@dataclass
class World:
    project: Project
    pledge: Pledge


@pytest.fixture
def world(partner, donor, lead_co_lawyer) -> World:
    """A project of Case 002/02 (the Lead Co-Lawyer's), implemented by the partner and
    funded by the donor."""
    project = ProjectFactory.create()
    ProjectPartnerFactory.create(project=project, organisation=partner.organisation)
    BudgetLineFactory.create(project=project, amount_usd=Decimal("50000.00"))
    pledge = PledgeFactory.create(project=project, donor=donor.organisation)
    return World(project=project, pledge=pledge)


def _url(world: World, row: str) -> str:
    name = row
    if name in ("reparations:funding", "reparations:donor_list"):
        return reverse(name)
    if name == "reparations:donor_edit":
        return reverse(name, args=[world.pledge.donor_id])
    if name in ("reparations:payment_add",):
        return reverse(name, args=[world.pledge.pk])
    if name == "reparations:pledge_cancel":
        return reverse(name, args=[PledgeFactory.create(project=world.project).pk])
    if name == "reparations:budget_line_archive":
        return reverse(name, args=[BudgetLineFactory.create(project=world.project).pk])
    return reverse(name, args=[world.project.pk])


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda row: _url(world, row)) == GET_MATRIX


NAMES = itertools.count()


def _body(world: World, attempt: Attempt) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    n = next(NAMES)
    bodies: dict[str, dict[str, object]] = {
        "reparations:budget_line_add": {"line-description": "Stupa", "line-amount_usd": "100.00"},
        "reparations:budget_line_archive": {
            f"archive-{attempt.url.split('/')[-3]}-reason": "Counted twice"
        },
        "reparations:pledge_add": {
            "pledge-donor": world.pledge.donor_id,
            "pledge-currency": "EUR",
            "pledge-amount": "1000.00",
            "pledge-pledged_on": today,
            "pledge-usd_rate": "1.0834567891",
        },
        "reparations:payment_add": {
            f"pay-{world.pledge.pk}-amount": "10.00",
            f"pay-{world.pledge.pk}-received_on": today,
            f"pay-{world.pledge.pk}-usd_rate": "1",
            f"pay-{world.pledge.pk}-rate_source": "Bank's advice",
        },
        "reparations:pledge_cancel": {f"cancel-{attempt.url.split('/')[-3]}-reason": "Withdrawn"},
        "reparations:donor_list": {"name": f"Donor {n}"},
        "reparations:donor_edit": {"name": f"Germany (BMZ/GIZ) {n}", "acronym": "BMZ"},
    }
    return bodies[attempt.row]


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, world):
    met = answers(
        request,
        POST_MATRIX,
        lambda row: _url(world, row),
        method="post",
        data=lambda attempt: _body(world, attempt),
    )
    assert met == POST_MATRIX


def test_a_donor_sees_its_own_pledges_and_only_the_count_of_others(request, world, other_donor):
    PledgeFactory.create(project=world.project, donor=other_donor.organisation, amount=Decimal(7))
    page = signed_in(request, "donor").get(
        reverse("reparations:project_funding", args=[world.project.pk])
    )
    text = page.content.decode()
    assert str(world.pledge.donor) in text
    assert "SDC" not in text
    assert 'class="hint"' in text  # the other donor's pledge is counted, not shown
    officer = signed_in(request, "reparations").get(
        reverse("reparations:project_funding", args=[world.project.pk])
    )
    assert "SDC" in officer.content.decode()


def test_the_funding_page_reads_in_constant_queries(request, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(request, "reparations")
    client.get(reverse("reparations:funding"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reparations:funding"))
    for _ in range(5):
        PledgeFactory.create(project=ProjectFactory.create())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reparations:funding"))
    assert len(many) == len(few)


def test_a_refused_form_comes_back_with_what_was_typed(request, world):
    response = signed_in(request, "reparations").post(
        reverse("reparations:pledge_add", args=[world.project.pk]),
        {
            "pledge-donor": world.pledge.donor_id,
            "pledge-currency": "USD",
            "pledge-amount": "12.34",
            "pledge-pledged_on": timezone.localdate().isoformat(),
            "pledge-usd_rate": "1.5",
        },
    )
    assert response.status_code == 400
    assert "12.34" in response.content.decode()
    assert Organisation.objects.filter(pk=world.pledge.donor_id).exists()
