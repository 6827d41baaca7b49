"""The lists of representation as files (vss.exports): the lawyers, the Civil Parties
without a lawyer and a lawyer's clients hold the rows and cells of their pages, with
their filters, in CSV and XLSX, and each export is audited with its filters and rows."""

import datetime

import pytest
from django.test import Client

from vss.accounts.models import User
from vss.applications.models import ApplicationKind, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.representation.models import LawyerStatus
from vss.testing.exports import exported
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    LawyerFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db
FORMATS = ["csv", "xlsx"]


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case():
    return CaseFactory.create(number="002/02", closing_order_on=datetime.date(2010, 9, 15))


def _civil_party(case, family_name: str, **person):
    applicant = PersonFactory.create(family_name_latin=family_name, **person)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=applicant),
        case=case,
        kind=ApplicationKind.CIVIL_PARTY,
        status=Status.ADMITTED,
    )


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_lawyers_as_their_list_shows_them(intake, case, export_format):
    busy = LawyerFactory.create(family_name="KONG", given_name="Pisey")
    RepresentationFactory.create(application=_civil_party(case, "SOK"), lawyer=busy)
    LawyerFactory.create(family_name="TY", status=LawyerStatus.SUSPENDED)
    rows = exported(_signed_in(intake), "lawyers", export_format, "status=recognised")
    header = [str(cell) for cell in rows[0]]
    assert [row[0] for row in rows[1:]] == ["KONG Pisey"]
    assert str(rows[1][header.index("Current clients")]) == "1"


def test_a_lawyers_name_that_would_start_a_formula_is_written_as_text(intake):
    LawyerFactory.create(family_name="=HYPERLINK", given_name="x")
    assert exported(_signed_in(intake), "lawyers")[1][0].startswith("'=HYPERLINK")


@pytest.mark.parametrize("export_format", FORMATS)
def test_the_civil_parties_without_a_lawyer(legal, case, export_format):
    alone = _civil_party(case, "ALONE")
    RepresentationFactory.create(application=_civil_party(case, "REPRESENTED"))
    rows = exported(_signed_in(legal), "without-a-lawyer", export_format, f"case={case.pk}")
    assert [row[0] for row in rows[1:]] == [alone.vss_number]
    assert "ALONE" in rows[1][1]
    entry = AuditEntry.objects.get(
        action__in=[AuditAction.DOWNLOAD, AuditAction.EXPORT],
        object_type="applications.application",
    )
    assert entry.changes["case_id"]["new"] == case.pk
    assert entry.changes["shown"]["new"] == 1


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_lawyer_takes_their_own_clients_named_even_when_protected(
    lawyer, other_lawyer, case, export_format
):
    client = _civil_party(case, "HIDDEN", is_protected=True, pseudonym="Witness K-7")
    RepresentationFactory.create(application=client, lawyer=lawyer.lawyer)
    RepresentationFactory.create(
        application=_civil_party(case, "OTHER"), lawyer=other_lawyer.lawyer
    )
    rows = exported(_signed_in(lawyer), "my-clients", export_format)
    assert [row[1] for row in rows[1:]] == [client.vss_number]
    assert "HIDDEN" in rows[1][0] and "Witness" not in rows[1][0]
