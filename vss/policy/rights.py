"""The rights a role can hold. Which role holds which is decided in the role table
(vss.policy.roles) alone."""

from enum import StrEnum


class Right(StrEnum):
    VIEW_APPLICATIONS = "view_applications"
    ENTER_FORMS = "enter_forms"
    # Legacy spreadsheets of forms, written thousands at a time: held by those who enter
    # forms for the whole Section (not an intermediary, whose scope is its own forms, yet
    # whose file would be checked against the whole registry).
    IMPORT_APPLICATIONS = "import_applications"
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
    # Reparations: the programme's projects, the consultation behind them, claims.
    VIEW_PROJECTS = "view_projects"
    MANAGE_PROJECTS = "manage_projects"
    APPROVE_CLAIMS = "approve_claims"
    REQUEST_IN_CLAIM = "request_in_claim"
    REPORT_PROGRESS = "report_progress"
    VIEW_PARTICIPANTS = "view_participants"
    VIEW_PROPOSALS = "view_proposals"
    RECORD_PROPOSALS = "record_proposals"
    VIEW_TALLIES = "view_tallies"
    # Outreach: events and who comes to them, court dates, messages to people.
    VIEW_EVENTS = "view_events"
    MANAGE_EVENTS = "manage_events"
    RECORD_ATTENDANCE = "record_attendance"
    VIEW_CALENDAR = "view_calendar"
    MANAGE_COURT_DATES = "manage_court_dates"
    SEND_MESSAGES = "send_messages"
    VIEW_MESSAGES = "view_messages"
    MANAGE_CONTACT_PREFERENCES = "manage_contact_preferences"
    # The portal
    EDIT_PUBLIC_CONTENT = "edit_public_content"
    # The Section's figures (counts, charts, the map) and its standard reports: what each
    # report shows is bounded further by the rights it names (vss/policy/reports.py).
    VIEW_STATISTICS = "view_statistics"
