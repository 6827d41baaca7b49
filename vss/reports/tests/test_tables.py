"""The pages every table report gets from its declaration (vss/reports/tables.py), met
through the report of pending decisions on the case of conftest.py: the page filtered by
GET with its totals, the PDF drawn in the request or in the background, the spreadsheet,
and the audit of each read with its filters and its number of rows."""

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.exports.models import ExportJob, JobStatus
from vss.exports.registry import ExportRows, list_export
from vss.reports.tables import table_reports
from vss.testing.exports import exported, job_id
from vss.testing.pdf import pdf_text, reads_back

from .conftest import PENDING_PROTECTED_LATIN, PENDING_PSEUDONYM, filed

pytestmark = pytest.mark.django_db

PAGE = "reports:pending-decisions"
PDF = "reports:pending-decisions_pdf"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reads(user) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(actor=user, object_type="applications.application").order_by("pk")
    )


def test_the_page_shows_the_totals_and_a_page_of_the_table(pending_world, chief):
    response = _signed_in(chief).get(reverse(PAGE), {"case": pending_world.pk})
    assert response.status_code == 200
    assert [cells[0] for cells in response.context["cells"]] == [
        "VSS-002-00004",
        "VSS-002-00005",
        "VSS-002-00002",
        "VSS-002-00001",
    ]
    assert [(str(t.label), t.value) for t in response.context["totals"]] == [
        ("Waiting for a decision", 3),
        ("Late filings", 2),
        ("Late filings accepted", 1),
    ]
    page = response.content.decode()
    assert f"{reverse(PDF)}?case={pending_world.pk}" in page
    assert 'name="list" value="pending-decisions"' in page


def test_numbers_are_aligned_right_and_numbers_dates_and_references_kept_on_one_line(
    pending_world, chief
):
    response = _signed_in(chief).get(reverse(PAGE), {"case": pending_world.pk})
    head = dict(response.context["head"])
    assert head["Days waiting"] == "number"
    first = response.context["table"][0]
    kinds = {text: kind for text, kind in first}
    assert kinds["VSS-002-00004"] == "word"
    table = response.context["table"]
    assert {row[3][1] for row in table} == {"date"}
    assert {row[4][1] for row in table if row[4][0]} == {"number"}
    page = response.content.decode()
    assert '<td class="number">' in page and '<td class="date">' in page


def test_the_page_is_paginated(pending_world, chief):
    response = _signed_in(chief).get(reverse(PAGE), {"page": 2})
    assert response.status_code == 200
    assert response.context["cells"] == []


def test_the_reports_page_lists_the_report(chief):
    assert reverse(PAGE) in _signed_in(chief).get(reverse("reports:index")).content.decode()


def test_filters_that_do_not_read_come_back_with_their_message_and_no_rows(pending_world, chief):
    response = _signed_in(chief).get(reverse(PAGE), {"waiting_over_days": "many"})
    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()
    assert "cells" not in response.context
    assert _reads(chief) == []
    pdf = _signed_in(chief).get(reverse(PDF), {"case": "nine"})
    assert pdf.status_code == 302
    assert pdf["Location"] == f"{reverse(PAGE)}?case=nine"


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_it_answers_get_only(url, chief):
    assert _signed_in(chief).post(reverse(url)).status_code == 405


def test_the_page_reads_as_many_queries_whatever_its_rows(pending_world, chief):
    client = _signed_in(chief)
    client.get(reverse(PAGE))
    before = _queries(client)
    for number in range(10, 20):
        filed(pending_world, f"000{number}", Status.RECEIVED, number)
    assert _queries(client) == before


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse(PAGE))
    assert response.status_code == 200
    return len(read)


def test_the_pdf_names_the_filters_the_totals_and_the_rows_masked(pending_world, intake, chief):
    for user, named in ((chief, True), (intake, False)):
        response = _signed_in(user).get(reverse(PDF), {"case": pending_world.pk})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        text = pdf_text(response.content)
        assert reads_back("Pending decisions and late filings", text)
        assert reads_back("Case 002", text)
        assert reads_back("Waiting for a decision 3", text)
        assert reads_back("VSS-002-00005", text)
        assert not reads_back("VSS-003-00007", text)
        assert reads_back(PENDING_PSEUDONYM, text) is not named
        assert reads_back(PENDING_PROTECTED_LATIN, text) is named


def test_the_pdf_is_drawn_in_khmer(pending_world, chief):
    response = _signed_in(chief).get(reverse(PDF), HTTP_ACCEPT_LANGUAGE="km")
    text = pdf_text(response.content)
    assert reads_back("តាកែវ", text)
    assert reads_back("សុខ ជា", text)
    assert not reads_back("Takeo", text)


def test_a_report_too_long_for_a_pdf_in_the_request_offers_it_in_the_background(
    pending_world, chief, monkeypatch
):
    report = next(r for r in table_reports.registered() if r.name == "pending-decisions")
    monkeypatch.setitem(report.__dict__, "pdf_rows", 3)
    client = _signed_in(chief)
    response = client.get(reverse(PDF))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()
    page = client.get(reverse(PAGE)).content.decode()
    assert 'value="pdf"' in page
    assert reverse(PDF) not in page


def test_the_pdf_drawn_in_the_background_is_the_same_report(pending_world, intake):
    client = _signed_in(intake)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            f"{reverse('exports:start')}?case={pending_world.pk}",
            {"list": "pending-decisions", "format": "pdf"},
        )
    job = ExportJob.objects.get(pk=job_id(response))
    assert (job.status, job.total, job.written) == (JobStatus.DONE, 4, 4)
    detail = client.get(reverse("exports:job_detail", args=[job.pk])).content.decode()
    assert "Download the file" in detail
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    assert reads_back("Pending decisions and late filings", text)
    assert reads_back("VSS-002-00004", text)
    assert reads_back(PENDING_PSEUDONYM, text)
    assert not reads_back(PENDING_PROTECTED_LATIN, text)
    entry = AuditEntry.objects.get(actor=intake, action=AuditAction.EXPORT)
    assert entry.object_label == "export of the report of pending decisions and late filings (pdf)"
    assert entry.changes["shown"]["new"] == 4


def test_the_page_of_a_pdf_being_drawn_says_the_bar_stays_full_while_it_is(intake):
    job = ExportJob.objects.create(
        requested_by=intake,
        role=intake.role,
        list_name="pending-decisions",
        export_format="pdf",
        language="en",
        status=JobStatus.RUNNING,
        total=10,
        written=10,
    )
    page = _signed_in(intake).get(reverse("exports:job_detail", args=[job.pk])).content.decode()
    assert "the bar stays full while they are" in page


def test_a_background_pdf_beyond_its_bound_is_refused_with_a_message(
    pending_world, chief, monkeypatch
):
    monkeypatch.setitem(list_export("pending-decisions").__dict__, "pdf_rows", 2)
    client = _signed_in(chief)
    response = client.post(reverse("exports:start"), {"list": "pending-decisions", "format": "pdf"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(PAGE))
    assert "is not drawn" in client.get(response["Location"]).content.decode()
    assert not ExportJob.objects.exists()


def test_a_list_that_is_not_a_report_is_not_drawn_as_a_pdf(chief):
    response = _signed_in(chief).post(
        reverse("exports:start"), {"list": "applications", "format": "pdf"}
    )
    assert response.status_code == 404


def test_the_spreadsheet_has_the_same_rows_masked_and_escaped(pending_world, intake):
    rows = exported(_signed_in(intake), "pending-decisions", "xlsx")
    assert rows[0] == [
        "VSS number",
        "Applicant",
        "Case",
        "Received on",
        "Days waiting",
        "Status",
        "Late",
        "Lateness accepted by",
        "Province",
    ]
    assert [row[0] for row in rows[1:]] == [
        "VSS-002-00004",
        "VSS-002-00005",
        "VSS-002-00002",
        "VSS-003-00007",
        "VSS-002-00001",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["VSS-002-00002"][1] == PENDING_PSEUDONYM
    # A name a spreadsheet would run as a formula is written as text.
    assert by_number["VSS-003-00007"][1] == "'=CMD Evil"
    assert by_number["VSS-002-00005"][4] == 60
    assert by_number["VSS-002-00004"][4] is None


def test_rows_given_as_a_list_export_too():
    rows = ExportRows(rows=["a", "b"], columns=[], object_type="x", filters=None)
    assert (rows.count(), list(rows.read())) == (2, ["a", "b"])


def test_each_page_and_file_is_audited_with_its_filters_and_rows_and_no_name(pending_world, chief):
    client = _signed_in(chief)
    query = {"case": pending_world.pk, "late_only": "on"}
    client.get(reverse(PAGE), query)
    client.get(reverse(PDF), query)
    response = exported(client, "pending-decisions", "csv", f"case={pending_world.pk}&late_only=on")
    assert len(response) == 3
    page, pdf, csv = _reads(chief)
    assert page.object_label == "report of pending decisions and late filings"
    assert pdf.object_label == "export of the report of pending decisions and late filings (pdf)"
    assert csv.object_label == "export of the report of pending decisions and late filings (csv)"
    assert (page.action, pdf.action, csv.action) == (
        AuditAction.VIEW,
        AuditAction.DOWNLOAD,
        AuditAction.DOWNLOAD,
    )
    for entry in (page, pdf, csv):
        assert entry.changes["case_id"]["new"] == pending_world.pk
        assert entry.changes["late_only"]["new"] is True
        assert entry.changes["shown"]["new"] == 2
        written = str(entry.changes) + entry.object_label
        for name in ("SOK", "Chea", PENDING_PROTECTED_LATIN, PENDING_PSEUDONYM):
            assert name not in written
