"""The annex of Civil Parties of a case: on a small case written here by hand (three
admitted Civil Parties, one of them protected, one provisionally admitted, one rejected,
and their lawyers), the page, the PDF and the spreadsheet list the same rows by VSS
number, name a protected person by pseudonym to whoever may not see her identity, and
are audited with the case and their number of rows, never a name."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.exports.models import ExportJob, JobStatus
from vss.testing.exports import export_response, exported, job_id
from vss.testing.factories import CaseFactory
from vss.testing.pdf import pdf_text, reads_back

from .conftest import PROTECTED_KM, PROTECTED_LATIN, PSEUDONYM, civil_party

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client: Client, case, **query) -> str:
    response = client.get(reverse("reports:annex"), {"case": case.pk, **query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_annex_lists_the_civil_parties_by_vss_number_with_province_and_lawyers(
    annex_case, chief
):
    response = _signed_in(chief).get(reverse("reports:annex"), {"case": annex_case.pk})
    rows = response.context["rows"]
    assert [row.vss_number for row in rows] == [
        "VSS-002-00001",
        "VSS-002-00002",
        "VSS-002-00003",
        "VSS-002-00004",
    ]
    first, protected, third, provisional = rows
    assert (first.name_km, first.name_latin) == ("កែវ សុផល", "KEO Sophal")
    assert first.province == "Takeo"
    assert first.lawyers == "HONG Kimsuon; WERNER Silke"
    # A suspended lawyer represents nobody; an ended mandate is over.
    assert (third.lawyers, provisional.lawyers) == ("", "")
    assert (protected.province, protected.pseudonym) == ("Kampot", PSEUDONYM)
    assert provisional.province == ""
    assert [row.provisional for row in rows] == [False, False, False, True]
    counts = response.context["counts"]
    assert (counts.admitted, counts.provisional, counts.total) == (3, 1, 4)


def test_a_trial_segment_lists_the_civil_parties_of_the_case_it_was_severed_from(annex_case, chief):
    segment = annex_case.sub_cases.get()
    response = _signed_in(chief).get(reverse("reports:annex"), {"case": segment.pk})
    assert len(response.context["rows"]) == 4


def test_a_case_severed_into_segments_that_took_applications_lists_theirs(chief):
    case = CaseFactory.create(number="004", accepts_applications=False)
    first = CaseFactory.create(number="004/01", parent=case)
    second = CaseFactory.create(number="004/02", parent=case)
    civil_party(first, "00001", Status.ADMITTED)
    civil_party(second, "00002", Status.ADMITTED)
    response = _signed_in(chief).get(reverse("reports:annex"), {"case": case.pk})
    assert [row.vss_number for row in response.context["rows"]] == [
        "VSS-002-00001",
        "VSS-002-00002",
    ]


def test_the_page_is_paginated(annex_case, chief):
    response = _signed_in(chief).get(reverse("reports:annex"), {"case": annex_case.pk, "page": 2})
    assert response.context["rows"] == []


def test_a_protected_civil_party_is_shown_by_pseudonym_without_the_right(annex_case, intake, chief):
    seen_by_intake = _page(_signed_in(intake), annex_case)
    assert PSEUDONYM in seen_by_intake
    assert PROTECTED_KM not in seen_by_intake and PROTECTED_LATIN not in seen_by_intake
    seen_by_chief = _page(_signed_in(chief), annex_case)
    assert PROTECTED_KM in seen_by_chief and PROTECTED_LATIN in seen_by_chief


def test_the_pdf_names_the_protected_civil_party_only_to_the_chief(annex_case, intake, chief):
    url = reverse("reports:annex_pdf")
    for user, named in ((chief, True), (intake, False)):
        response = _signed_in(user).get(url, {"case": annex_case.pk})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        text = pdf_text(response.content)
        assert reads_back("Case 002", text)
        assert reads_back("VSS-002-00004", text)
        assert reads_back("សុផល", text)
        assert reads_back(PSEUDONYM, text)
        assert reads_back(PROTECTED_KM, text) is named
        assert reads_back(PROTECTED_LATIN, text) is named


def test_the_pdf_is_drawn_in_khmer(annex_case, chief):
    response = _signed_in(chief).get(
        reverse("reports:annex_pdf"), {"case": annex_case.pk}, HTTP_ACCEPT_LANGUAGE="km"
    )
    text = pdf_text(response.content)
    assert reads_back("តាកែវ", text)
    assert not reads_back("Takeo", text)


def test_an_annex_too_long_for_a_pdf_is_sent_back_to_its_page(annex_case, chief, monkeypatch):
    monkeypatch.setattr("vss.reports.annex.PDF_ROWS", 3)
    response = _signed_in(chief).get(reverse("reports:annex_pdf"), {"case": annex_case.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('reports:annex')}?case={annex_case.pk}"
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_an_annex_too_long_to_draw_while_waiting_offers_its_pdf_in_the_background(
    annex_case, chief, monkeypatch
):
    monkeypatch.setattr("vss.reports.annex.PDF_ROWS", 3)
    page = _page(_signed_in(chief), annex_case)
    assert reverse("reports:annex_pdf") not in page
    assert 'name="list" value="civil-party-annex"' in page
    assert 'name="format" value="pdf"' in page
    monkeypatch.setattr("vss.reports.annex.PDF_JOB_ROWS", 3)
    page = _page(_signed_in(chief), annex_case)
    assert 'name="format" value="pdf"' not in page
    assert "is not drawn as a PDF" in page


def test_the_annex_drawn_in_the_background_is_the_same_annex_masked_for_its_reader(
    annex_case, intake, chief
):
    for user, named in ((chief, True), (intake, False)):
        client = _signed_in(user)
        response = export_response(client, "civil-party-annex", "pdf", f"case={annex_case.pk}")
        job = ExportJob.objects.get(pk=job_id(response))
        assert (job.status, job.total, job.written) == (JobStatus.DONE, 4, 4)
        download = client.get(reverse("exports:job_download", args=[job.pk]))
        assert download["Content-Type"] == "application/pdf"
        text = pdf_text(b"".join(download.streaming_content))
        assert reads_back("Case 002", text)
        assert reads_back("4 Civil Parties: 3 admitted, 1 provisionally admitted.", text)
        assert reads_back("VSS-002-00004", text)
        assert reads_back(PSEUDONYM, text)
        assert reads_back(PROTECTED_LATIN, text) is named
        entry = AuditEntry.objects.get(actor=user, action=AuditAction.EXPORT)
        assert entry.object_label == "export of the annex of Civil Parties (pdf)"
        assert entry.changes["shown"]["new"] == 4


def test_the_spreadsheet_has_the_same_rows_masked_and_escaped(annex_case, intake, chief):
    rows = exported(_signed_in(intake), "civil-party-annex", "xlsx", f"case={annex_case.pk}")
    assert rows[0] == [
        "VSS number",
        "Name (Khmer)",
        "Name (Latin)",
        "Pseudonym",
        "Province",
        "Lawyers",
        "Status",
    ]
    assert [row[0] for row in rows[1:]] == [
        "VSS-002-00001",
        "VSS-002-00002",
        "VSS-002-00003",
        "VSS-002-00004",
    ]
    protected = rows[2]
    assert protected[1:5] == [None, None, PSEUDONYM, "Kampot"]
    # A name a spreadsheet would run as a formula is written as text.
    assert rows[3][2] == "'=HYPERLINK Evil"
    assert rows[4][6] == "Provisional Civil Party"
    by_chief = exported(_signed_in(chief), "civil-party-annex", "xlsx", f"case={annex_case.pk}")
    assert by_chief[2][1:3] == [f"សួន {PROTECTED_KM}", f"SUON {PROTECTED_LATIN}"]


def test_an_export_of_no_case_goes_back_to_the_page(chief):
    response = _signed_in(chief).post(
        reverse("exports:start"), {"list": "civil-party-annex", "format": "xlsx"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:annex"))


def _reads(user) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(actor=user, object_type="applications.application").order_by("pk")
    )


def test_each_page_and_file_is_audited_with_its_case_and_rows_and_no_name(annex_case, chief):
    client = _signed_in(chief)
    _page(client, annex_case)
    client.get(reverse("reports:annex_pdf"), {"case": annex_case.pk})
    exported(client, "civil-party-annex", "xlsx", f"case={annex_case.pk}")
    page, pdf, xlsx = _reads(chief)
    assert page.object_label == "annex of Civil Parties"
    assert pdf.object_label == "export of the annex of Civil Parties (pdf)"
    assert xlsx.object_label == "export of the annex of Civil Parties (xlsx)"
    assert (page.action, pdf.action, xlsx.action) == (
        AuditAction.VIEW,
        AuditAction.DOWNLOAD,
        AuditAction.EXPORT,
    )
    for entry in (page, pdf, xlsx):
        assert entry.changes["case_id"]["new"] == annex_case.pk
        assert entry.changes["shown"]["new"] == 4
        written = str(entry.changes) + entry.object_label
        for name in ("KEO", "Sophal", "SUON", PROTECTED_LATIN, PROTECTED_KM, PSEUDONYM):
            assert name not in written


def test_the_page_without_a_case_lists_the_cases_and_audits_nothing(annex_case, chief):
    response = _signed_in(chief).get(reverse("reports:annex"))
    assert f"?case={annex_case.pk}" in response.content.decode()
    assert _reads(chief) == []


def test_a_case_that_does_not_exist_is_said_so_and_comes_back(chief):
    response = _signed_in(chief).get(reverse("reports:annex"), {"case": "99999"})
    assert response.status_code == 200
    assert "There is no such case" in response.content.decode()
    assert _reads(chief) == []
    response = _signed_in(chief).get(reverse("reports:annex_pdf"), {"case": "nine"})
    assert response.status_code == 302


def test_the_reports_page_lists_the_annex(chief):
    assert (
        reverse("reports:annex") in _signed_in(chief).get(reverse("reports:index")).content.decode()
    )
