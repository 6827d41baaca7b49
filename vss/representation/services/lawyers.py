"""The VSS list of Civil Party Lawyers: a lawyer's application to be on it, their record,
the decisions on their place, their documents and their account."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.audit.models import AuditAction
from vss.audit.services import (
    audit_record,
    audited_update,
    check_version,
    diff,
    new_values,
    snapshot,
)
from vss.core.validation import not_in_future
from vss.policy import Right

from ..models import Lawyer, LawyerDocument, LawyerStatus, LawyerStatusChange
from ..selectors.lead_co_lawyers import current_lead_mandates

# Which decision may follow which on a lawyer's place on the list.
LAWYER_DECISIONS: dict[str, tuple[str, ...]] = {
    LawyerStatus.APPLIED: (LawyerStatus.RECOGNISED, LawyerStatus.REFUSED, LawyerStatus.WITHDRAWN),
    LawyerStatus.RECOGNISED: (LawyerStatus.SUSPENDED, LawyerStatus.WITHDRAWN),
    LawyerStatus.SUSPENDED: (LawyerStatus.RECOGNISED, LawyerStatus.WITHDRAWN),
}

LAWYER_FIELDS = [
    "family_name",
    "given_name",
    "name_km",
    "kind",
    "bar",
    "bar_number",
    "languages",
    "legal_team",
    "email",
    "phone",
    "address",
    "applied_on",
]


@dataclass
class LawyerData:
    family_name: str
    given_name: str
    kind: str
    bar: str
    bar_number: str
    languages: str
    applied_on: datetime.date
    name_km: str = ""
    legal_team: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


def _duplicate_bar_number() -> ValidationError:
    return ValidationError(
        {"bar_number": _("A lawyer with this bar registration number is already on the list.")}
    )


@transaction.atomic
def lawyer_create(*, actor: User, data: LawyerData) -> Lawyer:
    """A lawyer's application to be on the list: it starts as applied."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    not_in_future(data.applied_on, "applied_on")
    if Lawyer.objects.filter(bar=data.bar, bar_number=data.bar_number).exists():
        raise _duplicate_bar_number()
    lawyer = Lawyer.objects.create(**asdict(data), status=LawyerStatus.APPLIED, created_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=lawyer,
        label=str(lawyer),
        changes=diff({}, snapshot(lawyer, LAWYER_FIELDS)),
    )
    return lawyer


@transaction.atomic
def lawyer_update(
    *, actor: User, lawyer: Lawyer, data: LawyerData, expected_version: int | None = None
) -> Lawyer:
    """Correct a lawyer's record. `expected_version` is the version the form was opened
    on: a save over a later one is refused (`StaleEdit`) before anything is checked."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    check_version(lawyer, expected_version)
    not_in_future(data.applied_on, "applied_on")
    if (
        Lawyer.objects.filter(bar=data.bar, bar_number=data.bar_number)
        .exclude(pk=lawyer.pk)
        .exists()
    ):
        raise _duplicate_bar_number()
    if data.kind != lawyer.kind and current_lead_mandates(lawyer).exists():
        raise ValidationError(
            {
                "kind": _(
                    "This lawyer holds a Lead Co-Lawyer seat of their present kind: end that "
                    "appointment first."
                )
            }
        )
    audited_update(
        lawyer,
        actor=actor,
        values=asdict(data),
        label=str(lawyer),
        expected_version=expected_version,
    )
    return lawyer


def lawyer_decisions_from(status: str) -> tuple[str, ...]:
    return LAWYER_DECISIONS.get(status, ())


@transaction.atomic
def lawyer_decide(
    *,
    actor: User,
    lawyer: Lawyer,
    to_status: str,
    decided_on: datetime.date | None = None,
    reason: str = "",
) -> LawyerStatusChange:
    """A decision on a lawyer's place on the list; every decision but recognition gives
    its reason."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if to_status not in lawyer_decisions_from(lawyer.status):
        raise ValidationError(
            _("A lawyer who is “%(status)s” cannot become “%(to)s”.")
            % {"status": LawyerStatus(lawyer.status).label, "to": LawyerStatus(to_status).label}
        )
    reason = reason.strip()
    if to_status != LawyerStatus.RECOGNISED and not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    decided_on = decided_on or timezone.localdate()
    not_in_future(decided_on, "decided_on")
    if decided_on < lawyer.applied_on:
        raise ValidationError(
            {"decided_on": _("The decision cannot come before the lawyer applied.")}
        )
    old_status = lawyer.status
    lawyer.status = to_status
    lawyer.save(update_fields=["status"])
    change = LawyerStatusChange.objects.create(
        lawyer=lawyer,
        from_status=old_status,
        to_status=to_status,
        decided_on=decided_on,
        reason=reason,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        obj=lawyer,
        label=str(lawyer),
        changes={
            "status": {"old": old_status, "new": to_status},
            **new_values({"decided_on": decided_on.isoformat(), "reason": reason}),
        },
    )
    return change


@transaction.atomic
def lawyer_document_add(
    *,
    actor: User,
    lawyer: Lawyer,
    kind: str,
    upload: UploadedFile,
    checked: CheckedUpload,
) -> LawyerDocument:
    """A document of the lawyer's file, already judged by check_upload; stored under a
    random name, its original name kept for the download."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    original = name_for_storage(upload, checked, default="document")
    document = LawyerDocument.objects.create(
        lawyer=lawyer,
        kind=kind,
        file=upload,
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        label=f"{lawyer}: {document.original_name}",
        changes=new_values({"lawyer": lawyer.pk, "kind": kind, "sha256": checked.sha256}),
    )
    return document


@transaction.atomic
def lawyer_link_account(*, actor: User, lawyer: Lawyer, user: User) -> Lawyer:
    """Give a lawyer their account: a user of the lawyer role, not already another
    lawyer's. Through it the lawyer sees their own clients only."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if not policy.is_lawyer_account(user) or not user.is_active:
        raise ValidationError(
            {"user": _("Only an active account of the lawyer role can be linked.")}
        )
    if lawyer.user_id is not None:
        raise ValidationError({"user": _("This lawyer already has an account.")})
    if Lawyer.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This account belongs to another lawyer.")})
    lawyer.user = user
    lawyer.save(update_fields=["user"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=lawyer,
        label=str(lawyer),
        changes={"user": {"old": None, "new": user.get_username()}},
    )
    return lawyer
