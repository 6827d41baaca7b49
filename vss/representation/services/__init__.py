"""Writes to representation: the list of lawyers, Lead Co-Lawyer seats, conflicts of
interest, mandates, groups and the grouping tool, and notes on a client's file. Each
service runs in one transaction and writes its audit entry in it; the lawyers concerned
are told through `notifications`. Callers use the names re-exported here."""

from .clients import client_note_add
from .conflicts import conflict_declare, conflict_lift
from .groups import (
    MAX_MOVED_AT_ONCE,
    ConflictsBlock,
    GroupingResult,
    group_add_selected,
    group_archive,
    group_assign,
    group_create,
    group_update,
    selection_digest,
    selection_unchanged,
)
from .lawyers import (
    LawyerData,
    lawyer_create,
    lawyer_decide,
    lawyer_decisions_from,
    lawyer_document_add,
    lawyer_link_account,
    lawyer_update,
)
from .lead_co_lawyers import lead_co_lawyer_appoint, lead_co_lawyer_end
from .mandates import (
    PowerOfAttorney,
    power_of_attorney_attach,
    representation_add,
    representation_end,
)
from .notifications import (
    notify_lawyer_of_mandate,
    notify_lawyers_of_ended_mandates,
    notify_lawyers_of_new_clients,
    notify_lawyers_of_status_change,
)

__all__ = [
    "MAX_MOVED_AT_ONCE",
    "ConflictsBlock",
    "GroupingResult",
    "LawyerData",
    "PowerOfAttorney",
    "client_note_add",
    "conflict_declare",
    "conflict_lift",
    "group_add_selected",
    "group_archive",
    "group_assign",
    "group_create",
    "group_update",
    "lawyer_create",
    "lawyer_decide",
    "lawyer_decisions_from",
    "lawyer_document_add",
    "lawyer_link_account",
    "lawyer_update",
    "lead_co_lawyer_appoint",
    "lead_co_lawyer_end",
    "notify_lawyer_of_mandate",
    "notify_lawyers_of_ended_mandates",
    "notify_lawyers_of_new_clients",
    "notify_lawyers_of_status_change",
    "power_of_attorney_attach",
    "representation_add",
    "representation_end",
    "selection_digest",
    "selection_unchanged",
]
