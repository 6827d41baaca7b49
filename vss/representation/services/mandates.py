"""Mandates: a Civil Party given a lawyer of the list, the mandate ended, its power of
attorney filed. The lawyer is told of each mandate given or ended."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.core.validation import not_in_future
from vss.policy import Right
from vss.representation.audit_labels import representation_label

from ..models import ConflictOfInterest, Lawyer, LawyerStatus, Representation
from .notifications import notify_lawyer_of_mandate

# An application in one of these has ended: nobody is given a lawyer for it.
CLOSED_STATUSES = frozenset(
    {Status.WITHDRAWN, Status.DECEASED, Status.CASE_TERMINATED, Status.REJECTION_UPHELD}
)


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
    if lawyer.status != LawyerStatus.RECOGNISED:
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
        label=representation_label(lawyer=lawyer, application=application),
        changes=new_values(values),
    )
    notify_lawyer_of_mandate(representation=representation, started=True)
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
        label=representation_label(
            lawyer=representation.lawyer, application=representation.application
        ),
        changes={
            "ended_on": {"old": None, "new": ended_on.isoformat()},
            "end_reason": {"old": "", "new": reason},
        },
    )
    notify_lawyer_of_mandate(representation=representation, started=False)
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
        label=representation_label(
            lawyer=representation.lawyer, application=representation.application
        ),
        changes={
            "power_of_attorney_sha256": {
                "old": None,
                "new": representation.power_of_attorney_sha256,
            }
        },
    )
    return representation
