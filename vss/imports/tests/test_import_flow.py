"""A spreadsheet from upload to import: the dry run reads and checks every row, the
import writes every form in one go, and both are audited."""

import pytest
from django.urls import reverse

from vss.applications.models import Application, CrimeSuffered, Harm, Status, VictimInformationForm
from vss.audit.models import AuditAction, AuditEntry
from vss.imports.models import BatchStatus, ImportedForm
from vss.imports.services import id_runs
from vss.people.models import Person, PersonName
from vss.testing.clients import signed_in

from .kit import CASE, confirm, csv_bytes, registry, row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _registry():
    registry()


def test_a_good_file_is_checked_then_imported_whole(request, intake):
    client = signed_in(request, "intake")
    rows = [
        row(),
        row(
            family_name_km="ចាន់",
            family_name_latin="CHAN",
            given_name_latin="Dara",
            given_name_km="តារា",
        ),
    ]
    batch = upload(client, csv_bytes(rows))
    assert batch.status == BatchStatus.CHECKED
    assert (batch.rows_total, batch.bad_rows) == (len(rows), 0)
    assert batch.checked_sha256 == batch.sha256
    assert not VictimInformationForm.objects.exists()

    batch = confirm(client, batch)
    assert batch.status == BatchStatus.IMPORTED, batch.failure
    assert batch.forms_created == len(rows)
    forms = VictimInformationForm.objects.all()
    assert forms.count() == len(rows)
    applications = Application.objects.filter(case__number=CASE)
    assert applications.count() == len(rows)
    assert set(applications.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(applications.values_list("province_code", flat=True)) == {"12"}
    assert CrimeSuffered.objects.count() == len(rows)
    assert Harm.objects.count() == 2 * len(rows)
    chan = Person.objects.get(family_name_latin="CHAN")
    assert chan.given_name_latin == "Dara" and chan.created_by == intake
    assert PersonName.objects.filter(person=chan).count() == 2
    assert sorted(ImportedForm.objects.values_list("row", flat=True)) == [2, 3]
    entry = AuditEntry.objects.get(
        object_type="imports.importbatch", action=AuditAction.CREATE, changes__has_key="forms"
    )
    assert entry.changes["forms"]["new"] == id_runs(forms.values_list("pk", flat=True))
    assert entry.changes["sha256"]["new"] == batch.sha256
    assert entry.changes["rows"]["new"] == len(rows)


def test_an_excel_workbook_is_read_as_a_csv_is(request):
    client = signed_in(request, "chief")
    header = list(row())
    batch = upload(client, xlsx_bytes([list(row().values())], header=header), name="legacy.xlsx")
    assert (batch.status, batch.rows_total, batch.bad_rows) == (BatchStatus.CHECKED, 1, 0)
    assert confirm(client, batch).status == BatchStatus.IMPORTED
    assert Person.objects.get().family_name_km == "សុខ"


def test_the_detail_page_shows_the_report_and_offers_the_import(request):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    page = client.get(reverse("imports:detail", args=[batch.pk])).text
    assert reverse("imports:confirm", args=[batch.pk]) in page
    assert batch.sha256 in page
