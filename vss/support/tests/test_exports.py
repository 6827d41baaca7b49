"""The list of referrals as a file (vss.exports): its page's rows with its filters, each
person named as the page names them to the user (a protected person by pseudonym to
intake), in CSV and XLSX."""

import datetime

import pytest
from django.test import Client

from vss.accounts.models import User
from vss.audit.models import AuditAction, AuditEntry
from vss.support.models import ReferralStatus, ServiceType
from vss.testing.exports import exported
from vss.testing.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_referrals_name_people_as_the_page_does(intake, chief, export_format):
    person = PersonFactory.create(
        family_name_latin="HIDDEN", is_protected=True, pseudonym="Witness K-7"
    )
    ReferralFactory.create(consent__person=person, service=ServiceType.TESTIMONIAL_THERAPY)
    ReferralFactory.create(
        status=ReferralStatus.CLOSED, closed_on=datetime.date(2024, 9, 1), closure_reason="Done"
    )
    query = "status=open"
    by_intake = exported(_signed_in(intake), "referrals", export_format, query)
    assert [row[1] for row in by_intake[1:]] == ["Witness K-7"]
    assert by_intake[1][3] == str(ServiceType.TESTIMONIAL_THERAPY.label)
    by_chief = exported(_signed_in(chief), "referrals", export_format, query)
    assert "HIDDEN" in by_chief[1][1]
    entries = AuditEntry.objects.filter(object_type="support.referral").exclude(
        action=AuditAction.VIEW
    )
    assert {entry.changes["shown"]["new"] for entry in entries} == {1}
    assert all(entry.changes["status"]["new"] == "open" for entry in entries)
