"""An export written in the background: its page shows the rows written and polls while
the worker writes, then offers the file to its requester; the rows are masked by the
rights the requester held when asking, and a job whose requester's rights changed, or
that failed, says so; the request, the file made and its download are each audited; old
files are deleted."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.core import workers
from vss.exports import writing
from vss.exports.models import ExportJob, Failure, JobStatus
from vss.exports.services import export_jobs_expire
from vss.exports.storage import export_path
from vss.testing.exports import export_response, file_rows, job_id
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory.create(number="004/02", investigation_closed_on=None)


def _application(case, family_name: str, **person):
    applicant = PersonFactory.create(family_name_latin=family_name, **person)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=applicant), case=case, status=Status.RECEIVED
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queued(client: Client, export_format: str = "xlsx", query: str = "") -> ExportJob:
    """A job asked for and left waiting for the worker (its commit never comes)."""
    url = reverse("exports:start") + (f"?{query}" if query else "")
    response = client.post(url, {"list": "applications", "format": export_format})
    return ExportJob.objects.get(pk=job_id(response))


def test_a_waiting_job_polls_its_page_and_shows_no_file(case, intake):
    _application(case, "SOK")
    client = _client(intake)
    job = _queued(client)
    page = client.get(reverse("exports:job_detail", args=[job.pk])).text
    assert f'hx-get="{reverse("exports:job_detail", args=[job.pk])}"' in page
    assert 'value="0"' in page and "0 of 1" in page
    assert reverse("exports:job_download", args=[job.pk]) not in page
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_the_page_follows_the_rows_written(case, intake):
    for i in range(4):
        _application(case, f"ROW{i}")
    client = _client(intake)
    job = _queued(client)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, written=1)
    part = client.get(reverse("exports:job_detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert part.text.lstrip().startswith('<section id="export-progress"')
    assert 'value="25"' in part.text and "1 of 4" in part.text and "hx-get" in part.text


def test_the_rows_written_are_counted_with_their_thousands_grouped(case, intake):
    _application(case, "ROW0")
    client = _client(intake)
    job = _queued(client)
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, written=1250, total=3852)
    page = client.get(reverse("exports:job_detail", args=[job.pk])).text
    assert "1,250 of 3,852" in page


def test_the_worker_writes_its_progress_on_the_job(case, intake, monkeypatch):
    for i in range(5):
        _application(case, f"ROW{i}")
    job = _queued(_client(intake))
    monkeypatch.setattr(writing, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr("vss.core.exports.PROGRESS_ROWS", 2)
    seen: list[int] = []
    update = writing._Progress.__call__

    def spying(self, written: int) -> None:
        update(self, written)
        seen.append(ExportJob.objects.get(pk=self.job_id).written)

    monkeypatch.setattr(writing._Progress, "__call__", spying)
    writing.write_export_now(job.pk)
    assert seen == [2, 4, 5]
    job.refresh_from_db()
    assert (job.status, job.written, job.progress) == (JobStatus.DONE, 5, 1.0)


def test_a_finished_job_offers_its_file_to_its_requester(case, intake):
    application = _application(case, "SOK")
    client = _client(intake)
    response = export_response(client, "applications", "xlsx")
    job = ExportJob.objects.get(pk=job_id(response))
    assert (job.status, job.total, job.written) == (JobStatus.DONE, 1, 1)
    page = client.get(reverse("exports:job_detail", args=[job.pk])).text
    assert "hx-get" not in page and 'value="100"' in page
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="applications.xlsx"'
    assert download["Cache-Control"] == "no-store"
    rows = file_rows(b"".join(download.streaming_content), "xlsx")
    assert rows[1][0] == application.vss_number
    # Outside the web root, for the service's user alone.
    path = export_path(job.file_name)
    assert path.parent.name == "exports" and path.stat().st_mode & 0o777 == 0o600


def test_a_long_csv_is_written_in_the_background(case, intake, settings):
    settings.VSS_EXPORT_STREAM_ROWS = 2
    for i in range(3):
        _application(case, f"ROW{i}")
    client = _client(intake)
    response = export_response(client, "applications", "csv")
    job = ExportJob.objects.get(pk=job_id(response))
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert len(file_rows(b"".join(download.streaming_content), "csv")) == 4


def test_the_request_the_file_and_its_download_are_audited(case, intake):
    _application(case, "ONE")
    _application(case, "TWO")
    client = _client(intake)
    job = ExportJob.objects.get(
        pk=job_id(export_response(client, "applications", "xlsx", "q=VSS-&status=received"))
    )
    asked = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="exports.exportjob")
    assert (asked.actor, asked.object_id) == (intake, str(job.pk))
    assert asked.changes["params"]["new"] == {"q": ["VSS-"], "status": ["received"]}
    assert asked.changes["total"]["new"] == 2
    made = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (made.actor, made.object_type) == (intake, "applications.application")
    assert "xlsx" in made.object_label
    assert made.changes["status"]["new"] == "received"
    assert made.changes["query"]["new"] == "VSS-"
    assert made.changes["shown"]["new"] == 2
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()
    client.get(reverse("exports:job_download", args=[job.pk]))
    taken = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert (taken.actor, taken.object_type, taken.object_id) == (
        intake,
        "exports.exportjob",
        str(job.pk),
    )
    assert taken.changes["written"]["new"] == 2


def test_rows_are_masked_by_the_requesters_rights(case, intake, chief):
    _application(case, "HIDDEN", is_protected=True, pseudonym="Witness K-7")
    for user, shown in ((intake, "Witness K-7"), (chief, "HIDDEN")):
        response = export_response(_client(user), "applications", "xlsx")
        job = ExportJob.objects.get(pk=job_id(response))
        download = _client(user).get(reverse("exports:job_download", args=[job.pk]))
        rows = file_rows(b"".join(download.streaming_content), "xlsx")
        assert shown in rows[1][1]
        assert "HIDDEN" not in rows[1][1] or user == chief


@pytest.mark.parametrize("change", ["role", "deactivated"])
def test_a_requester_whose_rights_changed_gets_no_file(case, intake, change):
    _application(case, "HIDDEN", is_protected=True, pseudonym="Witness K-7")
    client = _client(intake)
    job = _queued(client)
    if change == "role":
        intake.role = Role.LEGAL  # who sees protected identities
        intake.save(update_fields=["role"])
    else:
        intake.is_active = False
        intake.save(update_fields=["is_active"])
    writing.write_export_now(job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure, job.file_name) == (
        JobStatus.FAILED,
        Failure.RIGHTS_CHANGED,
        "",
    )
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
    if change == "role":
        page = client.get(reverse("exports:job_detail", args=[job.pk])).text
        assert str(Failure.RIGHTS_CHANGED.label).replace("'", "&#x27;") in page


def test_a_failed_job_says_so(case, intake, monkeypatch):
    _application(case, "SOK")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(writing, "write_xlsx", broken)
    client = _client(intake)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = _queued(client)
    job.refresh_from_db()
    assert (job.status, job.failure) == (JobStatus.FAILED, Failure.ERROR)
    assert "disk full" in job.error
    page = client.get(reverse("exports:job_detail", args=[job.pk])).text
    assert str(Failure.ERROR.label) in page and "hx-get" not in page
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_a_job_is_written_once(case, intake):
    _application(case, "SOK")
    job = _queued(_client(intake))
    writing.write_export_now(job.pk)
    first = ExportJob.objects.get(pk=job.pk).file_name
    writing.write_export_now(job.pk)
    assert ExportJob.objects.get(pk=job.pk).file_name == first
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_file_is_written_in_the_language_of_the_request(case, intake):
    _application(case, "SOK")
    client = _client(intake)
    client.cookies["django_language"] = "km"
    job = ExportJob.objects.get(pk=job_id(export_response(client, "applications", "xlsx")))
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    rows = file_rows(b"".join(download.streaming_content), "xlsx")
    with translation.override("km"):
        assert rows[0][0] == translation.gettext("VSS number") != "VSS number"


def test_files_are_deleted_a_day_after_they_were_made(case, intake):
    _application(case, "SOK")
    client = _client(intake)
    job = ExportJob.objects.get(pk=job_id(export_response(client, "applications", "xlsx")))
    path = export_path(job.file_name)
    assert export_jobs_expire() == 0 and path.exists()
    ExportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert export_jobs_expire() == 1
    job.refresh_from_db()
    assert (job.status, job.file_name, path.exists()) == (JobStatus.EXPIRED, "", False)
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404
    assert "hx-get" not in client.get(reverse("exports:job_detail", args=[job.pk])).text


def test_the_command_deletes_old_files(case, intake):
    _application(case, "SOK")
    client = _client(intake)
    job = ExportJob.objects.get(pk=job_id(export_response(client, "applications", "xlsx")))
    ExportJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(hours=25)
    )
    out = io.StringIO()
    call_command("expire_exports", stdout=out)
    assert out.getvalue().strip() == "1 export files deleted"
    assert not export_path(job.file_name).exists()


def test_a_job_left_running_by_a_worker_that_died_is_written_by_the_next(case, intake, monkeypatch):
    _application(case, "SOK")
    job = _queued(_client(intake))
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    half_written = export_path(f"{job.pk}.partial")
    half_written.parent.mkdir(parents=True, exist_ok=True)
    half_written.write_bytes(b"half")

    writing.write_export_now(job.pk)  # a second task beside a live worker leaves it be
    assert ExportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING

    monkeypatch.setattr(workers, "resumed", lambda: True)
    writing.write_export_now(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and export_path(job.file_name).is_file()
    assert not half_written.exists()
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1
