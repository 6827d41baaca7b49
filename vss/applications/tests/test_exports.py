"""The list of applications as a file: the same rows as the list with its filters, each
applicant named as the page names them to the user, audited with the filters and the
number of rows, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import User
from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.exports import export_response, exported
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db


def _application(family_name: str, *, status=Status.RECEIVED, **person):
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    applicant = PersonFactory.create(family_name_latin=family_name, **person)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=applicant), case=case, status=status
    )


def _csv(client: Client, query: str = "") -> list[list[str]]:
    return exported(client, "applications", "csv", query)


def _xlsx(client: Client, query: str = "") -> list[list[object]]:
    return exported(client, "applications", "xlsx", query)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def protected():
    return _application(
        "HIDDEN", given_name_latin="Person", is_protected=True, pseudonym="Witness K-7"
    )


def _applicants(rows: list[list]) -> list[str]:
    return [str(row[1]) for row in rows[1:]]


def test_a_protected_applicant_is_exported_as_the_page_shows_them(protected, intake, chief):
    for read in (_csv, _xlsx):
        assert _applicants(read(_signed_in(intake))) == ["Witness K-7"]
        assert _applicants(read(_signed_in(chief))) == [
            protected.applicant.name_km + " (HIDDEN Person)"
        ]


def test_the_export_is_the_list_with_its_filters(intake):
    received = _application("RECEIVED")
    _application("DRAFT", status=Status.DRAFT)
    rows = _csv(_signed_in(intake), "status=received")
    assert [row[0] for row in rows[1:]] == [received.vss_number]
    assert "RECEIVED" in rows[1][1]


def test_the_export_is_audited_with_its_filters_and_its_rows(intake):
    _application("ONE")
    _application("TWO")
    _csv(_signed_in(intake), "q=VSS-&status=received")
    entry = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).get()
    assert (entry.actor, entry.object_type) == (intake, "applications.application")
    assert "csv" in entry.object_label
    assert entry.changes["status"]["new"] == "received"
    assert entry.changes["query"]["new"] == "VSS-"
    assert entry.changes["shown"]["new"] == 2


def test_a_name_that_would_start_a_formula_is_exported_as_text(chief):
    _application('=HYPERLINK("http://x","SOK")', family_name_km="", given_name_km="")
    assert _applicants(_csv(_signed_in(chief)))[0].startswith("'=HYPERLINK")
    assert _applicants(_xlsx(_signed_in(chief)))[0].startswith("'=HYPERLINK")


def test_the_export_speaks_the_users_language_and_keeps_khmer_script(chief):
    application = _application("SOK")
    client = _signed_in(chief)
    client.cookies["django_language"] = "km"
    rows = _csv(client)
    with translation.override("km"):
        header, status = translation.gettext("VSS number"), str(Status.RECEIVED.label)
    assert header != "VSS number" and rows[0][0] == header
    assert rows[1][4] == status
    assert application.applicant.name_km in rows[1][1]


def test_filters_that_do_not_read_send_back_to_the_list(intake):
    response = export_response(_signed_in(intake), "applications", "csv", "received_from=nonsense")
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:list") + "?received_from=nonsense"
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_the_list_offers_the_export_of_what_it_shows_to_those_who_may_take_it(intake, outreach):
    page = _signed_in(intake).get(reverse("applications:list"), {"status": "received"}).text
    assert f'action="{reverse("exports:start")}?status=received"' in page
    assert 'name="list" value="applications"' in page
    assert 'name="format" value="csv"' in page and 'name="format" value="xlsx"' in page
    assert (
        reverse("exports:start") not in _signed_in(outreach).get(reverse("applications:list")).text
    )


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_runs_a_fixed_number_of_queries(export_format, intake):
    client = _signed_in(intake)

    def export() -> int:
        with CaptureQueriesContext(connection) as queries:
            exported(client, "applications", export_format)
        return len(queries)

    for i in range(3):
        _application(
            f"FEW{i}", is_protected=i % 2 == 0, pseudonym=f"Witness F{i}" if i % 2 == 0 else ""
        )
    few = export()
    for i in range(30):
        _application(
            f"MANY{i}", is_protected=i % 2 == 0, pseudonym=f"Witness M{i}" if i % 2 == 0 else ""
        )
    assert export() == few
