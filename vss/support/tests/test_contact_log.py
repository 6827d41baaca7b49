"""Who reads which entries of a person's contact log."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.testing.factories import ContactFactory, ReferralFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(lawyer, partner, other_partner):
    person = RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant
    ReferralFactory.create(partner=partner.organisation, consent__person=person)
    ReferralFactory.create(partner=other_partner.organisation, consent__person=person)
    return person


@pytest.fixture
def log(person, outreach, lawyer, partner, other_partner):
    return {
        name: ContactFactory.create(
            person=person, contacted_by=user, summary=f"SUMMARY-BY-{name.upper()}"
        )
        for name, user in (
            ("outreach", outreach),
            ("lawyer", lawyer),
            ("partner", partner),
            ("other_partner", other_partner),
        )
    }


@pytest.mark.parametrize(
    ("reader", "sees"),
    [
        ("chief", {"outreach", "lawyer", "partner", "other_partner"}),
        ("reparations", {"outreach", "lawyer", "partner", "other_partner"}),
        ("lawyer", {"outreach", "lawyer"}),
        ("partner", {"outreach", "partner"}),
        ("other_partner", {"outreach", "other_partner"}),
    ],
)
def test_each_reads_staff_entries_and_its_own(request, person, log, reader, sees):
    client = Client()
    client.force_login(request.getfixturevalue(reader))
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for name in log:
        assert (f"SUMMARY-BY-{name.upper()}" in body) == (name in sees), name


def test_the_log_is_newest_first(request, person, outreach):
    import datetime

    old = ContactFactory.create(
        person=person, contacted_by=outreach, happened_on=datetime.date(2024, 1, 1)
    )
    new = ContactFactory.create(
        person=person, contacted_by=outreach, happened_on=datetime.date(2025, 1, 1)
    )
    client = Client()
    client.force_login(outreach)
    contacts = client.get(reverse("people:detail", args=[person.pk])).context["support"].contacts
    assert contacts == [new, old]
