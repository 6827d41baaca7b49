"""The writes about focal persons: who may make them, what they refuse, what the audit log
keeps of them, and that a stale form does not write over another officer's save."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from vss.applications.models import Status
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.models import FocalPerson, MaterialHandover
from vss.outreach.services import focal as services
from vss.testing.constants import PDF
from vss.testing.factories import (
    ApplicationFactory,
    EventFactory,
    FocalPersonFactory,
    MaterialHandoverFactory,
    PersonFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LEAFLETS = {"materials": "Leaflets", "copies": 5, "handed_on": TODAY, "receipt_due_on": TODAY}


def _civil_party(status: str = Status.ADMITTED):
    return ApplicationFactory.create(status=status).applicant


def _scan() -> services.CheckedScan:
    checked = check_upload(SimpleUploadedFile("list.pdf", PDF))
    assert checked.file is not None
    return services.CheckedScan(upload=checked.file, checked=checked)


def _record_return(user, handover, *, version, receipts_signed=2, returned_on=TODAY):
    return services.handover_return_record(
        user=user,
        handover=handover,
        returned_on=returned_on,
        receipts_signed=receipts_signed,
        scan=_scan(),
        version=version,
    )


@pytest.fixture
def handover():
    return MaterialHandoverFactory.create()


def _entries(obj, action: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
        )
    )


# --- appointing -----------------------------------------------------------------------------


def test_an_outreach_officer_appoints_a_civil_party_for_their_own_village(outreach):
    person = _civil_party()
    focal = services.focal_person_appoint(user=outreach, person=person, appointed_on=TODAY)
    assert (focal.person, focal.village_id, focal.created_by) == (
        person,
        person.village_id,
        outreach,
    )
    [entry] = _entries(focal, AuditAction.CREATE)
    assert entry.changes["person"] == {"old": None, "new": person.pk}
    assert entry.changes["village"] == {"old": None, "new": person.village_id}


def test_another_village_may_be_served(outreach):
    other = VillageFactory.create(code="12010102", name_en="Phum 2", name_km="ភូមិ ២")
    focal = services.focal_person_appoint(
        user=outreach, person=_civil_party(), village=other, appointed_on=TODAY
    )
    assert focal.village == other


@pytest.mark.parametrize("persona", ["intake", "legal", "reparations", "partner", "auditor"])
def test_only_those_who_run_events_appoint(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.focal_person_appoint(user=user, person=_civil_party(), appointed_on=TODAY)
    assert not FocalPerson.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED])
def test_only_a_civil_party_is_appointed(outreach, status):
    with pytest.raises(ValidationError) as refused:
        services.focal_person_appoint(
            user=outreach, person=_civil_party(status), appointed_on=TODAY
        )
    assert "person" in refused.value.message_dict


def test_a_person_with_no_application_is_not_appointed(outreach):
    with pytest.raises(ValidationError):
        services.focal_person_appoint(
            user=outreach, person=PersonFactory.create(), appointed_on=TODAY
        )


def test_one_current_appointment_per_person(outreach):
    person = _civil_party()
    services.focal_person_appoint(user=outreach, person=person, appointed_on=TODAY)
    with pytest.raises(ValidationError, match="already a focal person"):
        services.focal_person_appoint(user=outreach, person=person, appointed_on=TODAY)
    # And the database holds it, whatever path a write takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        FocalPerson.objects.create(
            person=person, village=person.village, appointed_on=TODAY, created_by=outreach
        )


def test_an_appointment_is_not_dated_in_the_future(outreach):
    with pytest.raises(ValidationError) as refused:
        services.focal_person_appoint(
            user=outreach, person=_civil_party(), appointed_on=TODAY + DAY
        )
    assert "appointed_on" in refused.value.message_dict


# --- ending an appointment ------------------------------------------------------------------


def test_an_appointment_ends_with_its_reason_and_the_person_may_be_appointed_again(outreach):
    focal = services.focal_person_appoint(user=outreach, person=_civil_party(), appointed_on=TODAY)
    services.focal_person_archive(user=outreach, focal_person=focal, reason="Moved to Thailand")
    focal.refresh_from_db()
    assert (focal.archived_by, focal.archive_reason) == (outreach, "Moved to Thailand")
    [entry] = _entries(focal, AuditAction.ARCHIVE)
    assert entry.changes["archive_reason"]["new"] == "Moved to Thailand"
    again = services.focal_person_appoint(user=outreach, person=focal.person, appointed_on=TODAY)
    assert again.pk != focal.pk


def test_an_appointment_ends_only_with_a_reason_and_once(outreach):
    focal = FocalPersonFactory.create()
    with pytest.raises(ValidationError):
        services.focal_person_archive(user=outreach, focal_person=focal, reason="  ")
    services.focal_person_archive(user=outreach, focal_person=focal, reason="Died")
    with pytest.raises(ValidationError, match="already archived"):
        services.focal_person_archive(user=outreach, focal_person=focal, reason="Died")


def test_an_appointment_does_not_end_while_a_signed_list_is_awaited(outreach, handover):
    with pytest.raises(ValidationError, match="signed list"):
        services.focal_person_archive(
            user=outreach, focal_person=handover.focal_person, reason="Moved"
        )
    services.handover_archive(user=outreach, handover=handover, reason="Lost", version=0)
    services.focal_person_archive(user=outreach, focal_person=handover.focal_person, reason="Moved")


def test_ending_an_appointment_needs_the_right(intake):
    with pytest.raises(PermissionDenied):
        services.focal_person_archive(
            user=intake, focal_person=FocalPersonFactory.create(), reason="Moved"
        )


# --- handovers ------------------------------------------------------------------------------


def test_a_handover_is_recorded_for_the_officer_who_made_it(outreach):
    focal = FocalPersonFactory.create()
    event = EventFactory.create()
    handover = services.handover_record(
        user=outreach,
        focal_person=focal,
        materials=" Newsletter no. 12 ",
        copies=40,
        handed_on=TODAY - DAY,
        receipt_due_on=TODAY + 13 * DAY,
        event=event,
    )
    assert (handover.officer, handover.materials, handover.event) == (
        outreach,
        "Newsletter no. 12",
        event,
    )
    [entry] = _entries(handover, AuditAction.CREATE)
    assert entry.changes["copies"] == {"old": None, "new": 40}
    assert entry.changes["event"] == {"old": None, "new": event.pk}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"copies": 0}, "copies"),
        ({"materials": " "}, "materials"),
        ({"handed_on": TODAY + DAY, "receipt_due_on": TODAY + 2 * DAY}, "handed_on"),
        ({"handed_on": TODAY, "receipt_due_on": TODAY - DAY}, "receipt_due_on"),
    ],
)
def test_a_handover_refuses_what_cannot_be(outreach, fields, field):
    values = {**LEAFLETS, "receipt_due_on": TODAY + DAY, **fields}
    with pytest.raises(ValidationError) as refused:
        services.handover_record(user=outreach, focal_person=FocalPersonFactory.create(), **values)
    assert field in refused.value.message_dict
    assert not MaterialHandover.objects.exists()


def test_no_handover_to_a_focal_person_whose_appointment_ended(outreach):
    focal = FocalPersonFactory.create(archived_at=timezone.now(), archive_reason="Moved")
    with pytest.raises(ValidationError, match="ended"):
        services.handover_record(
            user=outreach,
            focal_person=focal,
            **LEAFLETS,
        )


def test_a_handover_needs_the_right(legal):
    with pytest.raises(PermissionDenied):
        services.handover_record(
            user=legal,
            focal_person=FocalPersonFactory.create(),
            **LEAFLETS,
        )


# --- the signed list ------------------------------------------------------------------------


def test_the_signed_list_is_recorded_with_its_scan(outreach, chief):
    handover = MaterialHandoverFactory.create(officer=chief)
    _record_return(outreach, handover, version=0, receipts_signed=28)
    handover.refresh_from_db()
    assert (handover.receipt_returned_on, handover.receipts_signed, handover.version) == (
        TODAY,
        28,
        1,
    )
    [scan] = handover.scans.all()
    assert (scan.content_type, scan.uploaded_by, scan.original_name) == (
        "application/pdf",
        outreach,
        "list.pdf",
    )
    [update] = _entries(handover, AuditAction.UPDATE)
    assert update.changes["receipts_signed"] == {"old": None, "new": 28}
    assert update.changes["version"] == {"old": 0, "new": 1}
    assert _entries(scan, AuditAction.CREATE)


def test_a_return_on_a_form_opened_before_another_officers_is_refused(outreach, chief, handover):
    _record_return(chief, handover, version=0, receipts_signed=20)
    with pytest.raises(StaleEdit) as stale:
        _record_return(outreach, handover, version=0, receipts_signed=30)
    assert stale.value.current_version == 1
    assert "Signatures: 20" in stale.value.messages[0]
    handover.refresh_from_db()
    assert handover.receipts_signed == 20
    assert handover.scans.count() == 1


def test_a_return_is_recorded_once(outreach, handover):
    _record_return(outreach, handover, version=0)
    with pytest.raises(ValidationError, match="already recorded"):
        _record_return(outreach, handover, version=1)


@pytest.mark.parametrize(
    ("returned_on", "signed", "field"),
    [
        (TODAY + DAY, 5, "returned_on"),
        (TODAY - 30 * DAY, 5, "returned_on"),
        (TODAY, 31, "receipts_signed"),
    ],
)
def test_a_return_refuses_what_cannot_be(outreach, returned_on, signed, field):
    handover = MaterialHandoverFactory.create(copies=30)
    with pytest.raises(ValidationError) as refused:
        _record_return(
            outreach, handover, version=0, receipts_signed=signed, returned_on=returned_on
        )
    assert field in refused.value.message_dict
    assert not handover.scans.exists()


def test_a_return_needs_the_right(partner, handover):
    with pytest.raises(PermissionDenied):
        _record_return(partner, handover, version=0)


def test_an_archived_handover_takes_no_return(outreach, handover):
    services.handover_archive(user=outreach, handover=handover, reason="Twice", version=0)
    with pytest.raises(ValidationError, match="archived"):
        _record_return(outreach, handover, version=1)


def test_a_handover_is_archived_with_its_reason_from_the_version_it_was_read_at(outreach, handover):
    _record_return(outreach, handover, version=0)
    with pytest.raises(StaleEdit):
        services.handover_archive(user=outreach, handover=handover, reason="Twice", version=0)
    services.handover_archive(user=outreach, handover=handover, reason="Twice", version=1)
    handover.refresh_from_db()
    assert (handover.archive_reason, handover.archived_by, handover.version) == (
        "Twice",
        outreach,
        2,
    )
    [entry] = _entries(handover, AuditAction.ARCHIVE)
    assert entry.changes["archive_reason"]["new"] == "Twice"
