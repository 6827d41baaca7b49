"""Writes to the list of lawyers, Lead Co-Lawyer appointments, conflicts of interest and
mandates. Each function runs in one transaction and writes its audit entry in it."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, diff, new_values, snapshot
from vss.core.validation import not_in_future
from vss.people.models import Person
from vss.policy import Right
from vss.proceedings.models import Case

from .models import (
    ConflictOfInterest,
    Lawyer,
    LawyerDocument,
    LawyerStatus,
    LawyerStatusChange,
    LeadCoLawyerAppointment,
    Representation,
)
from .selectors import current_lead_co_lawyers, current_lead_mandates

LS = LawyerStatus

# Which decision may follow which on a lawyer's place on the list.
LAWYER_DECISIONS: dict[str, tuple[str, ...]] = {
    LS.APPLIED: (LS.RECOGNISED, LS.REFUSED, LS.WITHDRAWN),
    LS.RECOGNISED: (LS.SUSPENDED, LS.WITHDRAWN),
    LS.SUSPENDED: (LS.RECOGNISED, LS.WITHDRAWN),
}

# An application in one of these has ended: nobody is given a lawyer for it.
CLOSED_STATUSES = frozenset(
    {Status.WITHDRAWN, Status.DECEASED, Status.CASE_TERMINATED, Status.REJECTION_UPHELD}
)

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


# --- the list of lawyers -----------------------------------------------------------------


@transaction.atomic
def lawyer_create(*, actor: User, data: LawyerData) -> Lawyer:
    """A lawyer's application to be on the list: it starts as applied."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    not_in_future(data.applied_on, "applied_on")
    if Lawyer.objects.filter(bar=data.bar, bar_number=data.bar_number).exists():
        raise _duplicate_bar_number()
    lawyer = Lawyer.objects.create(**asdict(data), status=LS.APPLIED, created_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=lawyer,
        label=str(lawyer),
        changes=diff({}, snapshot(lawyer, LAWYER_FIELDS)),
    )
    return lawyer


@transaction.atomic
def lawyer_update(*, actor: User, lawyer: Lawyer, data: LawyerData) -> Lawyer:
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
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
    audited_update(lawyer, actor=actor, values=asdict(data), label=str(lawyer))
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
            % {"status": LS(lawyer.status).label, "to": LS(to_status).label}
        )
    reason = reason.strip()
    if to_status != LS.RECOGNISED and not reason:
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


# --- Lead Co-Lawyers -----------------------------------------------------------------------


@transaction.atomic
def lead_co_lawyer_appoint(
    *,
    actor: User,
    case: Case,
    lawyer: Lawyer,
    seat: str,
    appointed_on: datetime.date,
) -> LeadCoLawyerAppointment:
    """One national and one international Lead Co-Lawyer per case at a time."""
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
    if lawyer.status != LS.RECOGNISED:
        raise ValidationError({"lawyer": _("Only a lawyer on the list can be a Lead Co-Lawyer.")})
    if lawyer.kind != seat:
        raise ValidationError(
            {
                "lawyer": _(
                    "The lawyer's kind does not match the seat: a national seat takes a "
                    "national lawyer, an international seat an international lawyer."
                )
            }
        )
    not_in_future(appointed_on, "appointed_on")
    if current_lead_co_lawyers(case).filter(seat=seat).exists():
        raise ValidationError(
            _("%(case)s already has a Lead Co-Lawyer in this seat: end that appointment first.")
            % {"case": case}
        )
    try:
        with transaction.atomic():
            appointment = LeadCoLawyerAppointment.objects.create(
                case=case, lawyer=lawyer, seat=seat, appointed_on=appointed_on, recorded_by=actor
            )
    except IntegrityError as error:
        # Two officers appointing at the same moment: the database keeps one seat.
        raise ValidationError(
            _("%(case)s already has a Lead Co-Lawyer in this seat: end that appointment first.")
            % {"case": case}
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=appointment,
        label=f"{case}: {lawyer}",
        changes=new_values(
            {
                "case": case.pk,
                "lawyer": lawyer.pk,
                "seat": seat,
                "appointed_on": appointed_on.isoformat(),
            }
        ),
    )
    return appointment


@transaction.atomic
def lead_co_lawyer_end(
    *,
    actor: User,
    appointment: LeadCoLawyerAppointment,
    ended_on: datetime.date,
    reason: str,
) -> LeadCoLawyerAppointment:
    policy.require_right(actor, Right.MANAGE_LAWYERS)
    appointment = LeadCoLawyerAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.ended_on is not None:
        raise ValidationError(_("This appointment has already ended."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for ending the appointment.")})
    not_in_future(ended_on, "ended_on")
    if ended_on < appointment.appointed_on:
        raise ValidationError({"ended_on": _("The end cannot come before the appointment.")})
    appointment.ended_on = ended_on
    appointment.end_reason = reason
    appointment.save(update_fields=["ended_on", "end_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=appointment,
        label=str(appointment),
        changes={
            "ended_on": {"old": None, "new": ended_on.isoformat()},
            "end_reason": {"old": "", "new": reason},
        },
    )
    return appointment


# --- conflicts of interest -------------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *,
    actor: User,
    lawyer: Lawyer,
    person: Person,
    description: str,
    declared_on: datetime.date | None = None,
) -> ConflictOfInterest:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Describe the conflict.")})
    declared_on = declared_on or timezone.localdate()
    not_in_future(declared_on, "declared_on")
    if ConflictOfInterest.objects.filter(
        lawyer=lawyer, person=person, lifted_on__isnull=True
    ).exists():
        raise ValidationError(
            _("A conflict between this lawyer and this person is already declared.")
        )
    conflict = ConflictOfInterest.objects.create(
        lawyer=lawyer,
        person=person,
        description=description,
        declared_on=declared_on,
        declared_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=conflict,
        label=f"{lawyer} / person {person.pk}",
        changes=new_values({"lawyer": lawyer.pk, "person": person.pk, "description": description}),
    )
    return conflict


@transaction.atomic
def conflict_lift(
    *,
    actor: User,
    conflict: ConflictOfInterest,
    reason: str,
    lifted_on: datetime.date | None = None,
) -> ConflictOfInterest:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if conflict.lifted_on is not None:
        raise ValidationError(_("This conflict has already been lifted."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the conflict.")})
    lifted_on = lifted_on or timezone.localdate()
    not_in_future(lifted_on, "lifted_on")
    if lifted_on < conflict.declared_on:
        raise ValidationError(
            {"lifted_on": _("A conflict cannot be lifted before it was declared.")}
        )
    conflict.lifted_on = lifted_on
    conflict.lift_reason = reason
    conflict.lifted_by = actor
    conflict.save(update_fields=["lifted_on", "lift_reason", "lifted_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=conflict,
        label=f"{conflict.lawyer_id} / person {conflict.person_id}",
        changes={
            "lifted_on": {"old": None, "new": lifted_on.isoformat()},
            "lift_reason": {"old": "", "new": reason},
        },
    )
    return conflict


# --- mandates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerOfAttorney:
    upload: UploadedFile
    checked: CheckedUpload


def _put_power_of_attorney(representation: Representation, power: PowerOfAttorney) -> None:
    checked, upload = power.checked, power.upload
    representation.power_of_attorney_name = name_for_storage(
        upload, checked, default="power-of-attorney"
    )
    representation.power_of_attorney = upload  # type: ignore[assignment]
    representation.power_of_attorney_sha256 = checked.sha256


@transaction.atomic
def representation_add(
    *,
    actor: User,
    application: Application,
    lawyer: Lawyer,
    started_on: datetime.date,
    power_of_attorney: PowerOfAttorney | None = None,
    override_reason: str = "",
) -> Representation:
    """Give a Civil Party a lawyer from the list. A declared conflict of interest between
    the lawyer and the person refuses it, unless the Chief overrides it with a reason."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    lawyer = Lawyer.objects.get(pk=lawyer.pk)
    if application.kind != ApplicationKind.CIVIL_PARTY:
        raise ValidationError(_("A complaint is not represented: only Civil Parties have lawyers."))
    if application.status in CLOSED_STATUSES:
        raise ValidationError(
            _("This application is “%(status)s”: it can no longer be given a lawyer.")
            % {"status": Status(application.status).label}
        )
    if lawyer.status != LS.RECOGNISED:
        raise ValidationError(
            {"lawyer": _("Only a lawyer on the list can represent a Civil Party.")}
        )
    not_in_future(started_on, "started_on")
    if Representation.objects.filter(
        application=application, lawyer=lawyer, ended_on__isnull=True
    ).exists():
        raise ValidationError({"lawyer": _("This lawyer already represents this Civil Party.")})

    override_reason = override_reason.strip()
    conflict = (
        ConflictOfInterest.objects.filter(
            lawyer=lawyer, person_id=application.applicant_id, lifted_on__isnull=True
        )
        .order_by("-declared_on")
        .first()
    )
    if conflict is None:
        override_reason = ""
    elif not policy.has_right(actor, Right.OVERRIDE_CONFLICT):
        raise ValidationError(
            {
                "lawyer": _(
                    "A conflict of interest between %(lawyer)s and this person was declared on "
                    "%(date)s: %(description)s. Only the Chief of Section can give this mandate "
                    "despite it."
                )
                % {
                    "lawyer": lawyer,
                    "date": date_format(conflict.declared_on),
                    "description": conflict.description,
                }
            }
        )
    elif not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "A conflict of interest between %(lawyer)s and this person was declared on "
                    "%(date)s: %(description)s. Give the reason for overriding it."
                )
                % {
                    "lawyer": lawyer,
                    "date": date_format(conflict.declared_on),
                    "description": conflict.description,
                }
            }
        )

    representation = Representation(
        application=application,
        lawyer=lawyer,
        started_on=started_on,
        conflict_override_reason=override_reason,
        created_by=actor,
    )
    if power_of_attorney is not None:
        _put_power_of_attorney(representation, power_of_attorney)
    representation.save()
    values: dict[str, object] = {
        "application": application.pk,
        "lawyer": lawyer.pk,
        "started_on": started_on.isoformat(),
    }
    if representation.power_of_attorney_sha256:
        values["power_of_attorney_sha256"] = representation.power_of_attorney_sha256
    if conflict is not None:
        values["conflict"] = conflict.pk
        values["conflict_override_reason"] = override_reason
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=representation,
        label=f"{lawyer} for {application.vss_number or application.pk}",
        changes=new_values(values),
    )
    from .clients import tell_lawyer_of_mandate

    tell_lawyer_of_mandate(representation=representation, started=True)
    return representation


@transaction.atomic
def representation_end(
    *,
    actor: User,
    representation: Representation,
    ended_on: datetime.date,
    reason: str,
) -> Representation:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    representation = Representation.objects.select_for_update().get(pk=representation.pk)
    if representation.ended_on is not None:
        raise ValidationError(_("This mandate has already ended."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for ending the mandate.")})
    not_in_future(ended_on, "ended_on")
    if ended_on < representation.started_on:
        raise ValidationError({"ended_on": _("The mandate cannot end before it started.")})
    representation.ended_on = ended_on
    representation.end_reason = reason
    representation.ended_by = actor
    representation.save(update_fields=["ended_on", "end_reason", "ended_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=representation,
        label=str(representation),
        changes={
            "ended_on": {"old": None, "new": ended_on.isoformat()},
            "end_reason": {"old": "", "new": reason},
        },
    )
    from .clients import tell_lawyer_of_mandate

    tell_lawyer_of_mandate(representation=representation, started=False)
    return representation


@transaction.atomic
def power_of_attorney_attach(
    *, actor: User, representation: Representation, power_of_attorney: PowerOfAttorney
) -> Representation:
    """File the power of attorney of a current mandate that has none (one given by the
    grouping tool, or whose power came later). One already on file is never replaced:
    the signed power is evidence of the mandate."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    representation = Representation.objects.select_for_update().get(pk=representation.pk)
    if representation.ended_on is not None:
        raise ValidationError(_("This mandate has ended: its file can no longer be changed."))
    if representation.power_of_attorney:
        raise ValidationError(
            {
                "file": _(
                    "A power of attorney is already on file for this mandate; it is kept as "
                    "it is and not replaced."
                )
            }
        )
    _put_power_of_attorney(representation, power_of_attorney)
    representation.save(
        update_fields=[
            "power_of_attorney",
            "power_of_attorney_name",
            "power_of_attorney_sha256",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=representation,
        label=str(representation),
        changes={
            "power_of_attorney_sha256": {
                "old": None,
                "new": representation.power_of_attorney_sha256,
            }
        },
    )
    return representation
