"""What representation adds to the apps below it, registered from its AppConfig.ready():
its record types in the audit log, its menu entries and the lawyer's work-queue section,
its column on the cases page, the demo step, Rule 23ter in the application workflow, the lawyers told of their clients' moves (and the wording of those notifications), the
application page's panels of lawyers and of notes on the file, and the conflicts of
interest that follow a person on a merge."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications import status_hooks
from vss.applications.models import Application
from vss.applications.panels import application_panels
from vss.applications.printing import ReceiptContact, register_receipt_contacts
from vss.applications.workflow import NEEDS_LAWYER_AFTER_CLOSING_ORDER
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.exports.registry import register_list_export
from vss.notifications.messages import register_message_kind
from vss.people.merging import MovedRows, register_moved_rows
from vss.policy import Right
from vss.proceedings.columns import CaseColumns, case_columns

from . import audit_labels
from .demo import RepresentationDemo
from .exports import CLIENTS_EXPORT, LAWYERS_EXPORT, WITHOUT_LAWYER_EXPORT
from .forms import ClientNoteForm, ConflictForm, RepresentationAddForm
from .models import ConflictOfInterest
from .selectors import (
    application_representation_for_user,
    client_notes_for_detail,
    figures,
    is_represented,
    lead_co_lawyers_by_case,
    may_see_application_representation,
    practising_lawyers_of,
    rule_23ter_applies,
)
from .services import notify_lawyers_of_status_change
from .services.notifications import MESSAGE_KINDS

REPRESENTATION_PANEL = "representation"
CLIENT_NOTES_PANEL = "client_notes"


def rule_23ter_refusal(
    *, application: Application, to_status: str, decided_on: datetime.date
) -> str | None:
    """Rule 23ter: from the Closing Order, a Civil Party goes to the judges only with a lawyer."""
    closing_order = application.case.closing_order_on
    if (
        closing_order is None
        or to_status not in NEEDS_LAWYER_AFTER_CLOSING_ORDER
        or not rule_23ter_applies(application, decided_on)
        or is_represented(application)
    ):
        return None
    return gettext(
        "Rule 23ter: from the Closing Order of %(case)s (%(date)s) a Civil Party must be "
        "represented by a lawyer. Add a lawyer from the list to this application first."
    ) % {"case": application.case, "date": date_format(closing_order)}


def lawyers_on_receipt(application: Application) -> list[ReceiptContact]:
    """The applicant's lawyers, on the acknowledgement of receipt, in its language."""
    khmer = get_language() == "km"
    return [
        ReceiptContact(
            role=gettext("Your lawyer"),
            name=lawyer.name_km if khmer and lawyer.name_km else str(lawyer),
            details=[line for line in (lawyer.legal_team, lawyer.phone, lawyer.email) if line],
        )
        for lawyer in practising_lawyers_of(application)
    ]


def representation_panel(user: User, application: Application) -> dict[str, object]:
    panel = application_representation_for_user(user, application)
    if panel.can_manage:
        panel.add_form = RepresentationAddForm(prefix="rep", can_override=panel.can_override)
        panel.conflict_form = ConflictForm(prefix="conflict")
    return {"representation": panel}


def client_notes_panel(
    user: User, application: Application, form: ClientNoteForm | None = None
) -> dict[str, object]:
    """The notes on the file, with a form for whoever may write one: `form` is the one a
    view draws again with what was typed and why it was not saved."""
    client_notes = client_notes_for_detail(user, application)
    if client_notes.can_write:
        client_notes.form = form if form is not None else ClientNoteForm(prefix="note")
    return {"client_notes": client_notes}


def register() -> None:
    figures.register_kept_figures()
    register_label_wordings(*audit_labels.WORDINGS)
    for export in (LAWYERS_EXPORT, WITHOUT_LAWYER_EXPORT, CLIENTS_EXPORT):
        register_list_export(export)
    # What the services write into the audit log's changes beyond the models' fields.
    register_change_labels(
        "representation.civilpartygroup",
        {
            "conflict_override_reason": _("reason for overriding the conflict of interest"),
            "conflicts_overridden": _("conflicts of interest overridden"),
            "end_other_mandates": _("end the other mandates"),
            "members_added": _("members added"),
            "other_mandates_ended": _("other mandates ended"),
        },
    )
    register_change_labels("representation.lawyer", {"decided_on": _("decided on")})
    register_change_labels("representation.representation", {"conflict": _("conflict of interest")})
    register_record_types(
        50,
        ("representation.lawyer", _("Civil Party Lawyer")),
        ("representation.lawyerdocument", _("Lawyer's document")),
        ("representation.leadcolawyerappointment", _("Lead Co-Lawyer appointment")),
        ("representation.representation", _("Representation")),
        ("representation.conflictofinterest", _("Conflict of interest")),
        ("representation.civilpartygroup", _("Civil Party group")),
        ("representation.clientnote", _("Note on a file")),
    )

    reads_representation = policy.holds_right(Right.VIEW_REPRESENTATION)
    for entry in (
        MenuEntry(
            "representation:my_clients", _("My clients"), 30, visible=policy.is_lawyer_account
        ),
        MenuEntry("representation:group_cases", _("Groups"), 60, visible=reads_representation),
        MenuEntry("representation:lawyer_list", _("Lawyers"), 80, visible=reads_representation),
        MenuEntry(
            "representation:without_lawyer",
            _("Without a lawyer"),
            90,
            visible=policy.holds_right(Right.MANAGE_REPRESENTATION),
        ),
        MenuEntry(
            "representation:lawyer_caseload",
            _("My caseload"),
            100,
            visible=policy.practises_as_lawyer,
            url_args=lambda user: [policy.lawyer_id_of(user)],
        ),
    ):
        register_menu_entry(entry)
    register_home_section(
        HomeSection(
            "representation:my_clients",
            "representation/_home_my_clients.html",
            10,
            visible=policy.practises_as_lawyer,
        )
    )
    # After the applications: lawyers for their Civil Parties.
    demo_steps.register(300, RepresentationDemo)
    case_columns.register(
        CaseColumns(
            name="lead_co_lawyers",
            order=20,
            header_template="representation/case_columns/_leads_header.html",
            cell_template="representation/case_columns/_leads.html",
            # Whoever sees the cases sees who leads their Civil Parties.
            shown=lambda user: True,
            values=lead_co_lawyers_by_case,
        )
    )
    status_hooks.register_status_check(rule_23ter_refusal)
    status_hooks.register_status_listener(notify_lawyers_of_status_change)
    for kind, wording in MESSAGE_KINDS.items():
        register_message_kind(kind, wording)
    register_receipt_contacts(lawyers_on_receipt)
    application_panels.register(
        Panel(
            name=REPRESENTATION_PANEL,
            template="representation/_application_representation.html",
            order=10,
            shown=may_see_application_representation,
            context=representation_panel,
        )
    )
    application_panels.register(
        Panel(
            name=CLIENT_NOTES_PANEL,
            template="representation/_client_notes.html",
            order=20,
            shown=policy.can_read_client_notes,
            context=client_notes_panel,
        )
    )
    # The key names the rows in the merges on record: it does not change.
    register_moved_rows(MovedRows(key="conflicts", model=ConflictOfInterest))
