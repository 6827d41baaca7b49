"""Access-aware reads of representation: lawyers, Lead Co-Lawyer seats, conflicts of
interest, mandates, groups and the consolidated group, caseloads, and a lawyer's clients.
Each list is read in a fixed number of queries, whatever its length. Callers use the
names re-exported here."""

from .caseloads import Caseload, CountRow, caseload_counts, lawyer_caseload_for_user
from .clients import (
    ClientFilters,
    ClientNotes,
    client_application_for_note,
    client_list_for_lawyer,
    client_notes_for_detail,
    lead_mandates_of,
)
from .conflicts import conflict_application_for_manager, conflict_get_for_manager, conflicts_with
from .groups import (
    GroupingFilters,
    cases_with_group_counts,
    civil_parties_of,
    consolidated_case_for_user,
    consolidated_members,
    group_get_for_user,
    group_members,
    grouping_selection,
    groups_of_case,
    with_current_representation,
)
from .lawyers import (
    LawyerFilters,
    lawyer_current_client_count,
    lawyer_document_get_for_user,
    lawyer_get_for_manager,
    lawyer_get_for_user,
    lawyer_list_for_user,
)
from .lead_co_lawyers import (
    CaseLeads,
    case_lead_co_lawyers_for_user,
    current_lead_co_lawyers,
    current_lead_mandates,
    lead_appointment_get_for_manager,
    lead_co_lawyers_by_case,
)
from .mandates import (
    RepresentationPanel,
    WithoutLawyerFilters,
    application_get_for_manager,
    application_representation_for_user,
    civil_parties_without_lawyer,
    is_represented,
    may_see_application_representation,
    power_of_attorney_get_for_user,
    representation_get_for_manager,
    rule_23ter_applies,
)

__all__ = [
    "CaseLeads",
    "Caseload",
    "ClientFilters",
    "ClientNotes",
    "CountRow",
    "GroupingFilters",
    "LawyerFilters",
    "RepresentationPanel",
    "WithoutLawyerFilters",
    "application_get_for_manager",
    "application_representation_for_user",
    "case_lead_co_lawyers_for_user",
    "caseload_counts",
    "cases_with_group_counts",
    "civil_parties_of",
    "civil_parties_without_lawyer",
    "client_application_for_note",
    "client_list_for_lawyer",
    "client_notes_for_detail",
    "conflict_application_for_manager",
    "conflict_get_for_manager",
    "conflicts_with",
    "consolidated_case_for_user",
    "consolidated_members",
    "current_lead_co_lawyers",
    "current_lead_mandates",
    "group_get_for_user",
    "group_members",
    "grouping_selection",
    "groups_of_case",
    "is_represented",
    "lawyer_caseload_for_user",
    "lawyer_current_client_count",
    "lawyer_document_get_for_user",
    "lawyer_get_for_manager",
    "lawyer_get_for_user",
    "lawyer_list_for_user",
    "lead_appointment_get_for_manager",
    "lead_co_lawyers_by_case",
    "lead_mandates_of",
    "may_see_application_representation",
    "power_of_attorney_get_for_user",
    "representation_get_for_manager",
    "rule_23ter_applies",
    "with_current_representation",
]
