"""The Lead Co-Lawyers of a case: one national and one international seat, each held by
one lawyer of the list at a time."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.core.validation import not_in_future
from vss.policy import Right
from vss.proceedings.models import Case

from ..models import Lawyer, LawyerStatus, LeadCoLawyerAppointment
from ..selectors.lead_co_lawyers import current_lead_co_lawyers


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
    if lawyer.status != LawyerStatus.RECOGNISED:
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
        label=f"{case.number}: {lawyer}",
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
        label=f"{appointment.case.number}: {appointment.lawyer}",
        changes={
            "ended_on": {"old": None, "new": ended_on.isoformat()},
            "end_reason": {"old": "", "new": reason},
        },
    )
    return appointment
