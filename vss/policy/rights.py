"""The rights a role can hold. Which role holds which is decided in the role table
(vss.policy.roles) alone."""

from enum import StrEnum


class Right(StrEnum):
    VIEW_APPLICATIONS = "view_applications"
    ENTER_FORMS = "enter_forms"
    EDIT_FORMS = "edit_forms"
    RECORD_INTAKE = "record_intake"
    DECIDE = "decide"
    OVERRIDE_DEADLINE = "override_deadline"
    SEE_PROTECTED_IDENTITIES = "see_protected_identities"
    DOWNLOAD_DOCUMENTS = "download_documents"
    EXPORT_LISTS = "export_lists"
    VIEW_PEOPLE = "view_people"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_CASES = "manage_cases"
    REVIEW_DUPLICATES = "review_duplicates"
    DECIDE_DUPLICATES = "decide_duplicates"
    RUN_MATCHING = "run_matching"
    VIEW_REPRESENTATION = "view_representation"
    MANAGE_LAWYERS = "manage_lawyers"
    MANAGE_REPRESENTATION = "manage_representation"
    OVERRIDE_CONFLICT = "override_conflict"
    WORK_FOR_CLIENTS = "work_for_clients"
    REFER_SUPPORT = "refer_support"
    VIEW_SUPPORT = "view_support"
    RECORD_SUPPORT = "record_support"
    READ_HEALTH_NOTES = "read_health_notes"
    LOG_CONTACTS = "log_contacts"
    MANAGE_ACCOUNTS = "manage_accounts"
