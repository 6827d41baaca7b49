"""The focal persons' pages as an officer meets them: the list by place, the search that
finds whom to appoint, the signed list's upload judged by its content, the overdue lists
at the boundary of their date, and the audit of every read that names someone."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import FocalPerson
from vss.outreach.selectors import focal as selectors
from vss.testing.clients import signed_in
from vss.testing.constants import PDF, PNG
from vss.testing.factories import (
    ApplicationFactory,
    DistrictFactory,
    FocalPersonFactory,
    MaterialHandoverFactory,
    PersonFactory,
    VillageFactory,
)

from .focal_world import focal_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _focal_persons(count: int, officer) -> None:
    for _ in range(count):
        MaterialHandoverFactory.create(
            focal_person=FocalPersonFactory.create(created_by=officer),
            officer=officer,
            receipt_due_on=TODAY - DAY,
        )


# --- the list -------------------------------------------------------------------------------


def test_the_list_reads_the_same_number_of_queries_however_many_rows(request, outreach):
    client = signed_in(request, "outreach")
    url = reverse("outreach:focal_list")
    _focal_persons(2, outreach)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _focal_persons(6, outreach)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 8
    assert len(more) == len(few)


def test_the_list_counts_the_lists_awaited_and_late_and_is_audited(request, outreach):
    world = focal_world(outreach)
    MaterialHandoverFactory.create(
        focal_person=world.focal, officer=outreach, receipt_due_on=TODAY - DAY
    )
    response = signed_in(request, "outreach").get(reverse("outreach:focal_list"))
    [row] = response.context["page"].object_list
    assert (row.awaiting, row.late) == (2, 1)
    entry = AuditEntry.objects.filter(object_type="outreach.focalperson").latest("pk")
    assert (entry.action, entry.object_label) == (AuditAction.VIEW, "list of focal persons")
    assert entry.changes["shown"]["new"] == 1


def test_the_list_filters_by_province_district_and_village(request, outreach):
    here = FocalPersonFactory.create()
    elsewhere_district = DistrictFactory.create(
        code="1202", name_en="Chamkar Mon", name_km="ចំការមន"
    )
    village = VillageFactory.create(
        code="12020101",
        name_en="Phum Tuol",
        name_km="ភូមិទួល",
        commune__code="120201",
        commune__district=elsewhere_district,
    )
    there = FocalPersonFactory.create(village=village)
    client = signed_in(request, "chief")

    def shown(**query: str) -> set[int]:
        page = client.get(reverse("outreach:focal_list"), query).context["page"]
        return {f.pk for f in page.object_list}

    assert shown() == {here.pk, there.pk}
    assert shown(province="12") == {here.pk, there.pk}
    assert shown(district="1202") == {there.pk}
    assert shown(village="12010101") == {here.pk}
    assert shown(state="archived") == set()


def test_a_protected_focal_person_is_listed_by_pseudonym(request, outreach):
    person = PersonFactory.create(is_protected=True, pseudonym="CP-17", family_name_latin="HIDDEN")
    FocalPersonFactory.create(person=person)
    intake = signed_in(request, "intake").get(reverse("outreach:focal_list"))
    assert "CP-17" in intake.text
    assert "HIDDEN" not in intake.text


# --- appointing -----------------------------------------------------------------------------


def test_the_search_offers_the_civil_parties_matching_and_is_audited(request, outreach):
    found = ApplicationFactory.create(
        status=Status.ADMITTED,
        form__applicant=PersonFactory.create(family_name_latin="KEO", given_name_latin="Sitha"),
    ).applicant
    # Not a Civil Party: never offered.
    ApplicationFactory.create(
        status=Status.DRAFT,
        form__applicant=PersonFactory.create(family_name_latin="KEO", given_name_latin="Dara"),
    )
    response = signed_in(request, "outreach").get(
        reverse("outreach:focal_candidates"), {"query": "Keo"}
    )
    assert [c.person for c in response.context["candidates"]] == [found]
    assert f'value="{found.pk}"' in response.text
    entry = AuditEntry.objects.filter(action=AuditAction.SEARCH).latest("pk")
    assert entry.changes["query"]["new"] == "Keo"
    assert entry.changes["shown"]["new"] == 1


def test_the_appointment_form_lists_no_one_until_a_name_is_typed(request, outreach):
    ApplicationFactory.create(status=Status.ADMITTED)
    response = signed_in(request, "outreach").get(reverse("outreach:focal_appoint"))
    assert response.context["candidates"] == []
    assert 'name="person"' not in response.text


def test_a_civil_party_found_and_chosen_is_appointed(request, outreach):
    person = ApplicationFactory.create(status=Status.ADMITTED).applicant
    client = signed_in(request, "outreach")
    searched = client.post(reverse("outreach:focal_appoint"), {"query": "Sok", "search": "1"})
    assert searched.status_code == 200
    assert [c.person for c in searched.context["candidates"]] == [person]
    response = client.post(
        reverse("outreach:focal_appoint"),
        {"query": "Sok", "person": person.pk, "appointed_on": TODAY.isoformat(), "note": "Kind"},
    )
    focal = FocalPerson.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("outreach:focal_detail", args=[focal.pk])
    assert (focal.person, focal.note) == (person, "Kind")


def test_an_appointment_without_a_choice_is_refused_with_what_was_typed(request, outreach):
    ApplicationFactory.create(status=Status.ADMITTED)
    response = signed_in(request, "outreach").post(
        reverse("outreach:focal_appoint"),
        {"query": "Sok", "appointed_on": TODAY.isoformat(), "note": "Typed note"},
    )
    assert response.status_code == 400
    assert "Typed note" in response.text
    assert len(response.context["candidates"]) == 1
    assert not FocalPerson.objects.exists()


def test_a_person_who_is_no_civil_party_cannot_be_posted(request, outreach):
    person = ApplicationFactory.create(status=Status.DRAFT).applicant
    response = signed_in(request, "outreach").post(
        reverse("outreach:focal_appoint"),
        {"query": "Sok", "person": person.pk, "appointed_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert not FocalPerson.objects.exists()


# --- the signed list ------------------------------------------------------------------------


def _return(client, handover, file, **fields):
    data = {
        "returned_on": TODAY.isoformat(),
        "receipts_signed": "12",
        "version": str(handover.version),
        **fields,
    }
    if file is not None:
        data["file"] = file
    return client.post(reverse("outreach:focal_handover_return", args=[handover.pk]), data)


@pytest.mark.parametrize(
    "file",
    [
        SimpleUploadedFile("list.pdf", EXECUTABLE),
        SimpleUploadedFile("list.jpg", b"", "image/jpeg"),
        None,
    ],
    ids=["a-program-named-pdf", "empty", "no-file"],
)
def test_an_upload_that_is_no_scan_is_refused_and_nothing_saved(request, outreach, file):
    handover = MaterialHandoverFactory.create(officer=outreach)
    response = _return(signed_in(request, "outreach"), handover, file, receipts_signed="17")
    assert response.status_code == 400
    assert 'value="17"' in response.text
    handover.refresh_from_db()
    assert handover.receipt_returned_on is None
    assert not handover.scans.exists()


def test_a_photo_of_the_list_is_kept_and_downloaded_under_the_audit(request, outreach):
    handover = MaterialHandoverFactory.create(officer=outreach)
    client = signed_in(request, "outreach")
    response = _return(client, handover, SimpleUploadedFile("Phum 1 list.png", PNG))
    assert response.status_code == 302
    [scan] = handover.scans.all()
    download = signed_in(request, "legal").get(
        reverse("outreach:focal_receipt_download", args=[scan.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    # Offered under the handover's number, not the name it came with.
    assert "Phum" not in download["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="outreach.receiptscan", object_id=str(scan.pk)
    ).exists()


def test_a_refusal_for_something_else_keeps_the_checked_file(request, outreach):
    handover = MaterialHandoverFactory.create(officer=outreach, copies=10)
    client = signed_in(request, "outreach")
    refused = _return(client, handover, SimpleUploadedFile("list.pdf", PDF), receipts_signed="11")
    assert refused.status_code == 400
    staged = refused.context["form"].data["staged"]
    assert staged
    response = _return(client, handover, None, receipts_signed="10", staged=staged)
    assert response.status_code == 302
    assert handover.scans.count() == 1


def test_a_stale_return_form_is_shown_again_from_the_version_now_saved(request, outreach):
    handover = MaterialHandoverFactory.create(officer=outreach)
    client = signed_in(request, "outreach")
    assert _return(client, handover, SimpleUploadedFile("a.pdf", PDF)).status_code == 302
    stale = _return(client, handover, SimpleUploadedFile("b.pdf", PDF), version="0")
    assert stale.status_code == 400
    assert "Someone else saved this record" in stale.text
    assert stale.context["form"].data["version"] == "1"


# --- overdue --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "returned", "overdue"),
    [
        (TODAY - DAY, None, True),
        (TODAY, None, False),
        (TODAY + DAY, None, False),
        (TODAY - 10 * DAY, TODAY - DAY, False),
    ],
    ids=["due-yesterday", "due-today", "due-tomorrow", "returned-late"],
)
def test_a_list_is_overdue_once_its_date_has_passed_unreturned(outreach, due, returned, overdue):
    handover = MaterialHandoverFactory.create(
        officer=outreach,
        handed_on=TODAY - 20 * DAY,
        receipt_due_on=due,
        receipt_returned_on=returned,
        receipts_signed=3 if returned else None,
    )
    assert selectors.is_overdue(handover) is overdue
    assert (handover in selectors.overdue_handovers(outreach)) is overdue
    assert (handover in selectors.overdue_handover_list_for_user(outreach)) is overdue


def test_the_work_queue_holds_the_officers_own_overdue_lists(request, outreach, chief):
    mine = MaterialHandoverFactory.create(officer=outreach, receipt_due_on=TODAY - DAY)
    MaterialHandoverFactory.create(
        focal_person__person=PersonFactory.create(),
        officer=chief,
        receipt_due_on=TODAY - DAY,
    )
    archived = MaterialHandoverFactory.create(
        focal_person__person=PersonFactory.create(),
        officer=outreach,
        receipt_due_on=TODAY - DAY,
        archived_at=timezone.now(),
        archive_reason="Lost",
    )
    assert selectors.overdue_handovers(outreach) == [mine]
    home = signed_in(request, "outreach").get(reverse("core:home"))
    assert "overdue-signed-lists" in home.text
    assert f"#handover-{mine.pk}" in home.text
    assert f"#handover-{archived.pk}" not in home.text
    # Those who hand nothing over have no such section.
    assert selectors.overdue_handovers(request.getfixturevalue("intake")) is None


def test_the_overdue_list_reads_the_same_number_of_queries_however_many_rows(request, outreach):
    client = signed_in(request, "chief")
    url = reverse("outreach:focal_overdue")
    _focal_persons(2, outreach)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _focal_persons(5, outreach)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 7
    assert len(more) == len(few)
    entry = AuditEntry.objects.filter(object_type="outreach.materialhandover").latest("pk")
    assert entry.changes["shown"]["new"] == 7


def test_the_detail_page_shows_the_handovers_and_is_audited(request, outreach):
    world = focal_world(outreach)
    response = signed_in(request, "reparations").get(
        reverse("outreach:focal_detail", args=[world.focal.pk])
    )
    assert response.status_code == 200
    assert reverse("outreach:focal_receipt_download", args=[world.scan.pk]) in response.text
    # A reader who runs no events is offered no form.
    assert reverse("outreach:focal_handover_add", args=[world.focal.pk]) not in response.text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="outreach.focalperson", object_id=str(world.focal.pk)
    ).exists()
