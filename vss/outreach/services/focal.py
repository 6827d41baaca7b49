"""Every write about focal persons: a Civil Party appointed for a village, the materials
handed to them, the signed receipt list they bring back, and the archiving of each. Each
function checks the user's right, writes in one transaction and audits the write in it,
by ids and dates: a person's name never enters the log through these entries."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, check_version, new_values
from vss.core.validation import not_in_future
from vss.geo.models import Village
from vss.people.models import Person
from vss.policy import Right

from ..models import Event, FocalPerson, MaterialHandover, ReceiptScan


@dataclass(frozen=True)
class CheckedScan:
    """A signed list as judged by `check_upload`: `upload` is what the check kept (a
    photo drawn again from its pixels), never the bytes as they came."""

    upload: File
    checked: CheckedUpload
    # Where the file was kept aside between two attempts at the form: emptied once stored.
    staged_path: str = ""


def _required(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def is_civil_party(person: Person) -> bool:
    return Application.objects.filter(applicant=person, status__in=CIVIL_PARTIES).exists()


# --- focal persons --------------------------------------------------------------------------


@transaction.atomic
def focal_person_appoint(
    *,
    user: User,
    person: Person,
    village: Village | None = None,
    appointed_on: datetime.date,
    note: str = "",
) -> FocalPerson:
    """Name a Civil Party focal person for a village (their own unless another is
    given). One person holds one current appointment."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.archived_at is not None or not is_civil_party(person):
        raise ValidationError({"person": _("Only a Civil Party can be a focal person.")})
    village = village or person.village
    if village is None:
        raise ValidationError(
            {"village": _("This Civil Party has no village on file: choose the village served.")}
        )
    not_in_future(appointed_on, "appointed_on")
    if FocalPerson.objects.filter(person=person, archived_at__isnull=True).exists():
        raise ValidationError({"person": _("This Civil Party is already a focal person.")})
    focal = FocalPerson.objects.create(
        person=person,
        village=village,
        appointed_on=appointed_on,
        note=note.strip(),
        created_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=focal,
        changes=new_values(
            {
                "person": person.pk,
                "village": village.pk,
                "appointed_on": appointed_on.isoformat(),
                "note": focal.note,
            }
        ),
    )
    return focal


@transaction.atomic
def focal_person_archive(*, user: User, focal_person: FocalPerson, reason: str) -> FocalPerson:
    """End an appointment. Materials still out with the focal person are settled first
    (their list returned, or the handover archived with its reason), so that no list due
    back is left without anyone answering for it."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    focal = FocalPerson.objects.select_for_update().get(pk=focal_person.pk)
    if focal.archived_at is not None:
        raise ValidationError(_("This was already archived."))
    if focal.handovers.filter(receipt_returned_on__isnull=True, archived_at__isnull=True).exists():
        raise ValidationError(
            _(
                "This focal person still holds materials whose signed list has not come "
                "back: record its return, or archive the handover, first."
            )
        )
    focal.archived_at = timezone.now()
    focal.archived_by = user
    focal.archive_reason = _required(reason, "reason", _("Say why it is archived."))
    focal.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=focal,
        changes=new_values(
            {"archived_at": focal.archived_at.isoformat(), "archive_reason": focal.archive_reason}
        ),
    )
    return focal


# --- handovers of materials -----------------------------------------------------------------


@transaction.atomic
def handover_record(
    *,
    user: User,
    focal_person: FocalPerson,
    materials: str,
    copies: int,
    handed_on: datetime.date,
    receipt_due_on: datetime.date,
    event: Event | None = None,
) -> MaterialHandover:
    """Materials handed to a focal person, and the date their signed list is due back:
    the recording officer answers for it and finds it in their work queue once overdue."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    focal = FocalPerson.objects.select_for_update().get(pk=focal_person.pk)
    if focal.archived_at is not None:
        raise ValidationError(_("This focal person's appointment has ended."))
    if copies < 1:
        raise ValidationError({"copies": _("Hand over at least one copy.")})
    not_in_future(handed_on, "handed_on")
    if receipt_due_on < handed_on:
        raise ValidationError(
            {
                "receipt_due_on": _(
                    "The signed list cannot be due before the materials were handed over."
                )
            }
        )
    handover = MaterialHandover.objects.create(
        focal_person=focal,
        event=event,
        materials=_required(materials, "materials", _("Say what was handed over.")),
        copies=copies,
        handed_on=handed_on,
        receipt_due_on=receipt_due_on,
        officer=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=handover,
        changes=new_values(
            {
                "focal_person": focal.pk,
                "event": event.pk if event else None,
                "materials": handover.materials,
                "copies": copies,
                "handed_on": handed_on.isoformat(),
                "receipt_due_on": receipt_due_on.isoformat(),
            }
        ),
    )
    return handover


def _locked(handover: MaterialHandover) -> MaterialHandover:
    return MaterialHandover.objects.select_for_update().get(pk=handover.pk)


def _stored_scan(user: User, handover: MaterialHandover, scan: CheckedScan) -> ReceiptScan:
    if scan.staged_path:
        staged_path = scan.staged_path
        transaction.on_commit(lambda: default_storage.delete(staged_path))
    stored = ReceiptScan.objects.create(
        handover=handover,
        original_name=name_for_storage(scan.upload, scan.checked, default="receipts"),
        file=scan.upload,
        content_type=scan.checked.content_type,
        size=scan.checked.size,
        sha256=scan.checked.sha256,
        uploaded_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=stored,
        changes=new_values({"handover": handover.pk, "sha256": stored.sha256}),
    )
    return stored


@transaction.atomic
def handover_return_record(
    *,
    user: User,
    handover: MaterialHandover,
    returned_on: datetime.date,
    receipts_signed: int,
    scan: CheckedScan,
    version: int | None,
) -> MaterialHandover:
    """The signed list is back: when, how many signed or put their thumbprint, and its
    scan or photo, already judged by its content. It leaves the overdue lists."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    handover = _locked(handover)
    if handover.archived_at is not None:
        raise ValidationError(_("This handover was archived."))
    check_version(handover, version)
    if handover.receipt_returned_on is not None:
        raise ValidationError(_("The signed list of this handover is already recorded."))
    not_in_future(returned_on, "returned_on")
    if returned_on < handover.handed_on:
        raise ValidationError(
            {"returned_on": _("The list cannot come back before the materials were handed over.")}
        )
    if receipts_signed < 0:
        raise ValidationError({"receipts_signed": _("A count of people cannot be negative.")})
    if receipts_signed > handover.copies:
        raise ValidationError(
            {
                "receipts_signed": _(
                    "More signatures than copies handed over (%(copies)s): check the count."
                )
                % {"copies": handover.copies}
            }
        )
    values: dict[str, Any] = {
        "receipt_returned_on": returned_on,
        "receipts_signed": receipts_signed,
    }
    audited_update(handover, actor=user, values=values, expected_version=version)
    _stored_scan(user, handover, scan)
    return handover


@transaction.atomic
def handover_archive(
    *, user: User, handover: MaterialHandover, reason: str, version: int | None
) -> MaterialHandover:
    """Take a handover off the lists (recorded by mistake, materials lost with the
    focal person's house): its list is no longer awaited."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    handover = _locked(handover)
    if handover.archived_at is not None:
        raise ValidationError(_("This was already archived."))
    check_version(handover, version)
    handover.archived_at = timezone.now()
    handover.archived_by = user
    handover.archive_reason = _required(reason, "reason", _("Say why it is archived."))
    handover.version += 1
    handover.save(update_fields=["archived_at", "archived_by", "archive_reason", "version"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=handover,
        changes=new_values(
            {
                "archived_at": handover.archived_at.isoformat(),
                "archive_reason": handover.archive_reason,
                "version": handover.version,
            }
        ),
    )
    return handover
