"""The lawyer's side of representation: who a lawyer's clients are, the cases whose
consolidated group they lead, and the notes on their clients' files."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.audit.labels import audit_label
from vss.audit.services import audit_list_read
from vss.policy import Right
from vss.representation.audit_labels import CLIENTS_LIST

from ..models import ClientNote, LeadCoLawyerAppointment, Representation
from .lead_co_lawyers import current_lead_mandates


@dataclass
class ClientFilters:
    case_id: int | None = None
    status: str = ""


def _practising_lawyer_id(user: User) -> int:
    """The lawyer's list entry; anyone else (VSS staff have the lawyers list) is refused."""
    policy.require_right(user, Right.WORK_FOR_CLIENTS)
    lawyer_id = policy.lawyer_id_of(user)
    if lawyer_id is None:
        raise PermissionDenied
    return lawyer_id


def client_list_for_lawyer(user: User, filters: ClientFilters) -> QuerySet[Representation]:
    """The lawyer's current mandates, each with its application, applicant and case."""
    representations = Representation.objects.filter(
        lawyer_id=_practising_lawyer_id(user), ended_on__isnull=True
    ).select_related("application__applicant", "application__case")
    if filters.case_id:
        representations = representations.filter(application__case_id=filters.case_id)
    if filters.status:
        representations = representations.filter(application__status=filters.status)
    return representations.order_by(
        "application__case__number", "application__vss_number", "application_id"
    )


def lead_mandates_of(user: User) -> list[LeadCoLawyerAppointment]:
    """The cases whose consolidated group the lawyer leads as a Lead Co-Lawyer."""
    return list(current_lead_mandates(_practising_lawyer_id(user)))


@dataclass
class ClientNotes:
    notes: list[ClientNote]
    can_write: bool
    # The form to write one, for those who may: the panel's context in hooks.py gives it.
    form: Form | None = None


def client_notes_for_detail(user: User, application: Application) -> ClientNotes:
    """The notes section of an application's page, for a user who may read the notes
    (`policy.can_read_client_notes`: not an intermediary, nor a Lead Co-Lawyer reading
    someone else's client)."""
    notes = list(
        ClientNote.objects.filter(application=application)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
    return ClientNotes(notes=notes, can_write=policy.can_write_client_note(user, application))


def client_application_for_note(user: User, pk: int) -> Application:
    """An application in scope (else 404) to whose file the user may write a note (else
    403: a Lead Co-Lawyer reads the rest of the consolidated group without writing)."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    application = get_object_or_404(
        policy.applications_in_scope(user, Application.objects.select_related("case")), pk=pk
    )
    if not policy.can_write_client_note(user, application):
        raise PermissionDenied
    return application


def client_list_read(user: User, filters: ClientFilters, *, shown: int) -> None:
    """A page of a lawyer's clients names them: audited as one read of the list."""
    audit_list_read(
        actor=user,
        object_type="representation.representation",
        label=audit_label(CLIENTS_LIST),
        filters=filters,
        shown=shown,
    )
