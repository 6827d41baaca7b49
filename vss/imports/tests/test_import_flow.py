"""A spreadsheet from upload to import: the dry run reads and checks every row, the
import writes every form in one go, and both are audited."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from vss.applications.models import Application, CrimeSuffered, Harm, Status, VictimInformationForm
from vss.audit.models import AuditAction, AuditEntry
from vss.imports import jobs, services
from vss.imports.models import BatchStatus, ImportBatch, ImportedForm, LikelyDuplicate, Stage
from vss.imports.rows import COLUMN_NAMES
from vss.imports.services import id_runs
from vss.imports.storage import import_path
from vss.people.models import Person, PersonName
from vss.proceedings.models import Case
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, PersonFactory, VillageFactory

from .kit import CASE, VILLAGE, confirm, csv_bytes, registry, row, upload, xlsx_bytes

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


def test_the_dry_run_reports_every_bad_row_and_saves_nothing(request):
    client = signed_in(request, "intake")
    rows = [row(), row(sex="x"), row(), row(case="999", harms="none")]
    batch = upload(client, csv_bytes(rows))
    assert (batch.status, batch.rows_total, batch.bad_rows) == (BatchStatus.CHECKED, 4, 2)
    assert sorted(batch.problems.values_list("row", "column")) == [
        (3, "sex"),
        (5, "case"),
        (5, "harms"),
    ]
    assert not batch.may_be_imported
    page = client.get(reverse("imports:detail", args=[batch.pk])).text
    assert reverse("imports:confirm", args=[batch.pk]) not in page
    assert page.count("<tr><td>") >= 3
    # Asked anyway, the import is refused.
    refused = confirm(client, batch)
    assert refused.status == BatchStatus.CHECKED
    assert not Person.objects.exists() and not VictimInformationForm.objects.exists()


def test_a_file_refused_as_a_whole_says_why(request):
    client = signed_in(request, "intake")
    batch = upload(client, b"colour,size\r\nred,2\r\n")
    assert batch.status == BatchStatus.FAILED
    assert "colour" in batch.failure
    page = client.get(reverse("imports:detail", args=[batch.pk])).text
    assert "colour" in page


def test_a_file_of_another_kind_is_refused_at_upload(request):
    client = signed_in(request, "intake")
    response = client.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.7 ...")},
    )
    assert response.status_code == 400
    assert "CSV" in response.text
    assert not ImportBatch.objects.exists()


def test_a_row_refused_at_import_time_leaves_nothing_saved(request, monkeypatch):
    """All or nothing: rows are written by chunks of one here, so the first rows are in
    the database when the last is refused (its case closed since the dry run)."""
    client = signed_in(request, "intake")
    monkeypatch.setattr(services, "CHUNK", 1)
    later = CaseFactory.create(number="004/01", investigation_closed_on=None)
    rows = [row(), row(given_name_latin="Dara"), row(case=later.number)]
    batch = upload(client, csv_bytes(rows))
    assert batch.may_be_imported
    Case.objects.filter(pk=later.pk).update(accepts_applications=False)
    batch = confirm(client, batch)
    assert batch.status == BatchStatus.FAILED
    assert "Nothing was imported" in batch.failure
    assert list(batch.problems.values_list("row", "column")) == [(4, "case")]
    assert batch.forms_created == 0
    assert not Person.objects.exists()
    assert not VictimInformationForm.objects.exists() and not Application.objects.exists()
    assert not ImportedForm.objects.exists()
    page = client.get(reverse("imports:detail", args=[batch.pk])).text
    assert "data-failure" in page and "004/01" in page


def test_a_failure_while_writing_leaves_nothing_saved(request, monkeypatch):
    client = signed_in(request, "intake")
    monkeypatch.setattr(services, "CHUNK", 1)
    original = services._write_chunk
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_write_chunk", failing)
    batch = upload(client, csv_bytes([row(), row(given_name_latin="Dara")]))
    # The worker records the task as failed; the import's page says so.
    batch = confirm(client, batch)
    assert batch.status == BatchStatus.FAILED and "nothing was saved" in batch.failure
    assert not Person.objects.exists() and not VictimInformationForm.objects.exists()


def test_a_file_changed_since_its_dry_run_is_not_imported(request):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    import_path(batch.file_name).write_bytes(csv_bytes([row(), row(given_name_latin="Dara")]))
    refused = confirm(client, batch)
    assert refused.status == BatchStatus.CHECKED
    assert not VictimInformationForm.objects.exists()
    messages = [
        str(m)
        for m in get_messages(client.get(reverse("imports:detail", args=[batch.pk])).wsgi_request)
    ]
    assert any("changed since its dry run" in m for m in messages)


def test_a_confirmation_for_another_file_than_the_one_checked_is_refused(request):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    assert confirm(client, batch, sha256="0" * 64).status == BatchStatus.CHECKED
    assert not VictimInformationForm.objects.exists()


def test_a_file_changed_after_the_import_was_asked_for_is_not_imported(request, intake):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.IMPORT_QUEUED, import_requested_by=intake
    )
    import_path(batch.file_name).write_bytes(csv_bytes([row(), row()]))
    done = jobs.import_now(batch.pk)
    assert done.status == BatchStatus.FAILED and "changed since its dry run" in done.failure
    assert not VictimInformationForm.objects.exists()


def test_likely_duplicates_in_the_registry_and_in_the_file_are_reported(request):
    registered = PersonFactory.create(
        family_name_km="ពេជ្រ",
        given_name_km="ធារ៉ា",
        family_name_latin="PECH",
        given_name_latin="Theara",
        sex="male",
        birth_year=1937,
        village=VillageFactory.create(code=VILLAGE),
    )
    client = signed_in(request, "intake")
    rows = [
        # Another romanisation of the registered man, born a year apart.
        row(
            family_name_km="",
            given_name_km="",
            family_name_latin="PICH",
            given_name_latin="Teara",
            sex="M",
            birth_year="1938",
        ),
        row(family_name_latin="SOK", given_name_latin="Chea", birth_year="1950"),
        # The second row again, typed in Khmer alone and in the western order.
        row(
            family_name_km="ជា",
            given_name_km="សុខ",
            family_name_latin="",
            given_name_latin="",
            birth_year="1951",
        ),
        # A namesake of the registered man, of another sex: not him.
        row(
            family_name_latin="PECH",
            given_name_latin="Theara",
            family_name_km="",
            given_name_km="",
            sex="F",
            birth_year="1937",
        ),
    ]
    batch = upload(client, csv_bytes(rows))
    assert batch.bad_rows == 0 and batch.duplicate_rows == 2
    found = set(batch.duplicates.values_list("row", "person_id", "other_row"))
    assert found == {(2, registered.pk, None), (4, None, 3)}
    page = client.get(reverse("imports:detail", args=[batch.pk])).text
    assert reverse("people:detail", args=[registered.pk]) in page
    assert "PECH" in page


def test_a_protected_person_is_not_named_in_the_report_to_who_may_not_see_them(request):
    protected = PersonFactory.create(
        family_name_latin="PECH",
        given_name_latin="Theara",
        family_name_km="ពេជ្រ",
        given_name_km="ធារ៉ា",
        sex="male",
        birth_year=1937,
        is_protected=True,
        pseudonym="PS-00042",
        village=VillageFactory.create(code=VILLAGE),
    )
    content = csv_bytes(
        [
            row(
                family_name_latin="PECH",
                given_name_latin="Theara",
                family_name_km="",
                given_name_km="",
                sex="M",
                birth_year="1937",
            )
        ]
    )
    intake_client = signed_in(request, "intake")
    batch = upload(intake_client, content)
    assert not batch.duplicates.exists()
    page = intake_client.get(reverse("imports:detail", args=[batch.pk])).text
    report = b"".join(
        intake_client.get(reverse("imports:report", args=[batch.pk])).streaming_content
    ).decode()
    for text in (page, report):
        assert "PS-00042" not in text and "ធារ៉ា" not in text
        assert reverse("people:detail", args=[protected.pk]) not in text

    chief_client = signed_in(request, "chief")
    chiefs = upload(chief_client, content)
    assert list(chiefs.duplicates.values_list("person_id", flat=True)) == [protected.pk]
    assert "ធារ៉ា" in chief_client.get(reverse("imports:detail", args=[chiefs.pk])).text


def test_the_page_polls_while_a_job_runs_and_says_where_it_is(request, intake):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    url = reverse("imports:detail", args=[batch.pk])
    htmx = {"HX-Request": "true"}
    states = [
        (BatchStatus.CHECK_QUEUED, "", 0, "background worker"),
        (BatchStatus.CHECKING, Stage.READING, 0, "Reading and checking the rows"),
        (BatchStatus.IMPORT_QUEUED, "", 0, "Waiting to be imported"),
        (BatchStatus.IMPORTING, Stage.WRITING, 1, "Writing the forms"),
    ]
    for status, stage, done, words in states:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=status, stage=stage, rows_done=done, rows_total=4
        )
        part = client.get(url, headers=htmx).text
        assert part.lstrip().startswith('<section id="import-progress"')
        assert f'hx-get="{url}"' in part and words in part
        assert f'value="{done * 25}"' in part
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.CHECKED, stage="", rows_done=1, rows_total=1
    )
    finished = client.get(url, headers=htmx)
    assert finished["HX-Refresh"] == "true"
    assert "hx-get" not in client.get(url).text


def test_each_step_is_in_the_audit_log(request, intake):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    client.get(reverse("imports:detail", args=[batch.pk]))
    confirm(client, batch)
    entries = AuditEntry.objects.filter(object_type="imports.importbatch", object_id=str(batch.pk))
    actions = sorted(entries.values_list("action", flat=True))
    assert actions == sorted(
        [AuditAction.CREATE, AuditAction.VIEW, AuditAction.STATUS_CHANGE, AuditAction.CREATE]
    )
    assert all(e.actor_id == intake.pk for e in entries)
    assert {e.object_label for e in entries} == {batch.reference}


def test_the_templates_carry_every_column_in_their_header(request):
    client = signed_in(request, "intake")
    text = b"".join(
        client.get(reverse("imports:template") + "?format=csv").streaming_content
    ).decode("utf-8-sig")
    assert text.strip().split(",") == list(COLUMN_NAMES)
    workbook = client.get(reverse("imports:template") + "?format=xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(workbook.streaming_content)), read_only=True
    ).worksheets[0]
    assert [cell for cell in next(sheet.iter_rows(values_only=True))] == list(COLUMN_NAMES)


def test_the_ids_an_import_created_are_logged_as_runs():
    assert id_runs([7, 3, 4, 5, 9, 10]) == ["3-5", "7", "9-10"]
    assert id_runs([]) == []


def _queries_of_the_report(client, batch, people) -> int:
    LikelyDuplicate.objects.bulk_create(
        LikelyDuplicate(batch=batch, row=2, person=p, reasons=["names", "birth_year"])
        for p in people
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("imports:detail", args=[batch.pk])).status_code == 200
    return len(queries)


def test_the_report_reads_the_registered_people_at_once_however_many(request):
    client = signed_in(request, "intake")
    one, many = (upload(client, csv_bytes([row()])) for _ in range(2))
    village = VillageFactory.create(code=VILLAGE)
    few = _queries_of_the_report(client, one, [PersonFactory.create(village=village)])
    more = _queries_of_the_report(
        client, many, [PersonFactory.create(village=village) for _ in range(6)]
    )
    assert more == few


def test_the_progress_of_a_job_is_kept_at_most_once_a_second(request, monkeypatch):
    client = signed_in(request, "intake")
    batch = upload(client, csv_bytes([row()]))
    progress = jobs._Progress(batch.pk)
    progress(5)
    batch.refresh_from_db()
    assert batch.rows_done == 1  # within the second: not written
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 0.0)
    progress(7)
    batch.refresh_from_db()
    assert batch.rows_done == 7
