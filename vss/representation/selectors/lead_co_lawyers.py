"""Reads of the Lead Co-Lawyer seats: those held now, by case or by lawyer, and a case's
every appointment."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.proceedings.models import Case

from ..models import Lawyer, LeadCoLawyerAppointment


def _seats_held_now() -> QuerySet[LeadCoLawyerAppointment]:
    return (
        LeadCoLawyerAppointment.objects.filter(ended_on__isnull=True)
        .select_related("lawyer")
        .order_by("seat")
    )


def current_lead_co_lawyers(case: Case) -> QuerySet[LeadCoLawyerAppointment]:
    """The seats of the case's Lead Co-Lawyers held now, with their lawyers."""
    return _seats_held_now().filter(case=case)


@dataclass
class CaseLeads:
    """A case's Lead Co-Lawyers as the cases page shows them."""

    leads: list[LeadCoLawyerAppointment] = field(default_factory=list)
    # Appointments are made from the case's page of seats, for those who read representation.
    can_see_leads: bool = False


def lead_co_lawyers_by_case(user: User, cases: Sequence[Case]) -> dict[int, CaseLeads]:
    """The current Lead Co-Lawyers of every case of the cases page, in one query."""
    can_see_leads = policy.has_right(user, Right.VIEW_REPRESENTATION)
    by_case = {case.pk: CaseLeads(can_see_leads=can_see_leads) for case in cases}
    for appointment in _seats_held_now().filter(case__in=list(by_case)):
        by_case[appointment.case_id].leads.append(appointment)
    return by_case


def current_lead_mandates(lawyer: Lawyer | int) -> QuerySet[LeadCoLawyerAppointment]:
    """The cases whose consolidated group the lawyer leads, as seats they hold now."""
    return (
        LeadCoLawyerAppointment.objects.filter(lawyer=lawyer, ended_on__isnull=True)
        .select_related("case")
        .order_by("case__number")
    )


def lead_appointment_get_for_manager(user: User, pk: int) -> LeadCoLawyerAppointment:
    """A Lead Co-Lawyer's seat that the user ends (else 403)."""
    policy.require_right(user, Right.MANAGE_LAWYERS)
    return get_object_or_404(
        LeadCoLawyerAppointment.objects.filter(
            lawyer__in=policy.lawyers_in_scope(user, Lawyer.objects.all())
        ),
        pk=pk,
    )


def case_lead_co_lawyers_for_user(
    user: User, pk: int
) -> tuple[Case, list[LeadCoLawyerAppointment]]:
    """A case with every Lead Co-Lawyer appointment it has had, newest first."""
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    case = get_object_or_404(Case, pk=pk)
    appointments = list(
        LeadCoLawyerAppointment.objects.filter(case=case)
        .select_related("lawyer", "recorded_by")
        .order_by("ended_on", "seat", "-appointed_on", "-id")
    )
    return case, appointments
