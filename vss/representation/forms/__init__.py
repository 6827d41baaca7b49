"""Representation's forms, by subject. Callers use the names re-exported here."""

from .clients import ClientFilterForm, ClientNoteForm
from .conflicts import ConflictForm, LiftConflictForm
from .groups import (
    AddToGroupForm,
    ArchiveForm,
    ConfirmForm,
    GroupEditForm,
    GroupForm,
    GroupingForm,
)
from .lawyers import (
    LawyerDecisionForm,
    LawyerDocumentForm,
    LawyerFilterForm,
    LawyerForm,
    LinkAccountForm,
)
from .lead_co_lawyers import LeadAppointForm
from .mandates import EndForm, PowerOfAttorneyForm, RepresentationAddForm, WithoutLawyerFilterForm

__all__ = [
    "AddToGroupForm",
    "ArchiveForm",
    "ClientFilterForm",
    "ClientNoteForm",
    "ConfirmForm",
    "ConflictForm",
    "EndForm",
    "GroupEditForm",
    "GroupForm",
    "GroupingForm",
    "LawyerDecisionForm",
    "LawyerDocumentForm",
    "LawyerFilterForm",
    "LawyerForm",
    "LeadAppointForm",
    "LiftConflictForm",
    "LinkAccountForm",
    "PowerOfAttorneyForm",
    "RepresentationAddForm",
    "WithoutLawyerFilterForm",
]
