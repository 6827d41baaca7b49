"""The one place that decides who may do what to which record.

Two questions, answered separately: does the user's role hold the *right* (no: 403), and
is the record inside the user's *scope* (no: 404, so that the existence of a record is
not revealed to someone who may not see it).

Each layer asks one of them:
- services check rights: a write begins with `require_right` or a `can_*` test of the
  record, and refuses with 403 whoever the caller;
- selectors check scope: a read of a protected record goes through an `*_in_scope`
  function, so a record outside it is not found;
- views check neither: they ask the policy only for the flags that tell a template what
  to offer (`has_right`, `can_*`).

The rights are in `rights`, the role table in `roles`, identity display in `identity`;
each domain has its own module whose scopes are tables from role to scope function
(`scope.in_scope`): a new app adds a module and rows, not branches. Callers use the names
re-exported here.

The policy reads the models of the domains it decides for (import-linter allows it that
and nothing else of theirs), inside its functions: those domains' own modules import the
policy, so an import at the top of a policy module would run in a circle.
"""

from .accounts import accounts_in_scope, requires_second_factor, role_requires_second_factor
from .applications import (
    allowed_transitions,
    applications_in_scope,
    can_add_document,
    can_edit_form,
    can_read_client_notes,
    can_write_client_note,
    filing_organisation_of_scope,
    forms_in_scope,
    led_civil_parties_of_scope,
    may_accept_late,
    sees_every_application,
    sees_every_civil_party_of,
)
from .contacts import can_log_contact, contact_authors, contact_people, contacts_in_scope
from .identity import (
    can_download_files_of,
    can_see_identity,
    display_name,
    display_names_together,
    free_text,
    identities_hidden_together,
    kin_named,
    protected_names_stamp,
    protected_people_known_to,
)
from .matching import (
    duplicate_pairs_hidden_from,
    duplicate_pairs_in_scope,
    person_merges_in_scope,
)
from .outreach import (
    can_record_attendance,
    can_see_focal_persons,
    court_dates_in_scope,
    events_in_scope,
    focal_persons_in_scope,
    handovers_in_scope,
    invitations_in_scope,
    messages_in_scope,
    newsletters_in_scope,
    send_jobs_in_scope,
)
from .people import people_in_scope
from .portal import (
    can_edit_public_content,
    can_issue_receipt,
    can_send_device_forms,
    device_forms_in_scope,
)
from .reparations import (
    can_read_project_documents,
    can_report_progress,
    can_request_in_claim,
    can_see_claim_requests,
    can_see_participants,
    can_see_partner_contacts,
    can_see_pledge,
    lead_case_ids,
    may_be_project_officer,
    pledges_in_scope,
    project_officers,
    projects_in_scope,
    proposals_in_scope,
    tally_cases_in_scope,
)
from .reports import can_run_report, can_run_scoped_report, can_view_statistics
from .representation import (
    can_download_power_of_attorney,
    can_work_for_client,
    lawyer_id_of,
    lawyers_in_scope,
    practises_as_lawyer,
    require_caseload_access,
    sees_every_lawyer,
)
from .rights import Right
from .roles import (
    ROLE_RIGHTS,
    acts_for_donor,
    acts_for_intermediary,
    acts_for_partner,
    has_right,
    holds_right,
    is_lawyer_account,
    lawyer_accounts,
    require_right,
)
from .support import can_read_health_notes, can_record_support, referrals_in_scope

__all__ = [
    "ROLE_RIGHTS",
    "Right",
    "accounts_in_scope",
    "acts_for_donor",
    "acts_for_intermediary",
    "acts_for_partner",
    "allowed_transitions",
    "applications_in_scope",
    "can_add_document",
    "can_download_files_of",
    "can_download_power_of_attorney",
    "can_edit_form",
    "can_edit_public_content",
    "can_issue_receipt",
    "can_log_contact",
    "can_read_client_notes",
    "can_read_health_notes",
    "can_read_project_documents",
    "can_record_attendance",
    "can_record_support",
    "can_report_progress",
    "can_request_in_claim",
    "can_run_report",
    "can_run_scoped_report",
    "can_see_claim_requests",
    "can_see_focal_persons",
    "can_see_identity",
    "can_see_participants",
    "can_see_partner_contacts",
    "can_see_pledge",
    "can_send_device_forms",
    "can_view_statistics",
    "can_work_for_client",
    "can_write_client_note",
    "contact_authors",
    "contact_people",
    "contacts_in_scope",
    "court_dates_in_scope",
    "device_forms_in_scope",
    "display_name",
    "display_names_together",
    "duplicate_pairs_hidden_from",
    "duplicate_pairs_in_scope",
    "events_in_scope",
    "filing_organisation_of_scope",
    "focal_persons_in_scope",
    "forms_in_scope",
    "free_text",
    "handovers_in_scope",
    "has_right",
    "holds_right",
    "identities_hidden_together",
    "invitations_in_scope",
    "is_lawyer_account",
    "kin_named",
    "lawyer_accounts",
    "lawyer_id_of",
    "lawyers_in_scope",
    "lead_case_ids",
    "led_civil_parties_of_scope",
    "may_accept_late",
    "may_be_project_officer",
    "messages_in_scope",
    "newsletters_in_scope",
    "people_in_scope",
    "person_merges_in_scope",
    "pledges_in_scope",
    "practises_as_lawyer",
    "project_officers",
    "projects_in_scope",
    "proposals_in_scope",
    "protected_names_stamp",
    "protected_people_known_to",
    "referrals_in_scope",
    "require_caseload_access",
    "require_right",
    "requires_second_factor",
    "role_requires_second_factor",
    "sees_every_application",
    "sees_every_civil_party_of",
    "sees_every_lawyer",
    "send_jobs_in_scope",
    "tally_cases_in_scope",
]
