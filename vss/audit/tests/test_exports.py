"""The audit log as a file for the auditor (vss.exports): the entries of its page with
its filters, what they say of a protected person masked as the page masks it."""

import pytest
from django.test import Client

from vss.audit.models import AuditAction, AuditEntry
from vss.audit.selectors import MASK
from vss.people.services import PersonData, person_create
from vss.testing.exports import exported

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_auditor_takes_the_log_masked_as_the_page(auditor, intake, export_format):
    person = person_create(
        actor=intake,
        data=PersonData(family_name_latin="CHHUON", birth_year=1937, is_protected=True),
    )
    rows = exported(_signed_in(auditor), "audit-log", export_format, "object_type=people.person")
    assert len(rows) == 2
    text = " ".join(str(cell) for cell in rows[1])
    assert person.pseudonym in text and MASK in text
    assert "CHHUON" not in text and "1937" not in text
    assert rows[1][1] == "intake"
    entry = AuditEntry.objects.get(
        action__in=[AuditAction.DOWNLOAD, AuditAction.EXPORT], object_type="audit.auditentry"
    )
    assert entry.changes["object_type"]["new"] == "people.person"
    assert entry.changes["shown"]["new"] == 1
