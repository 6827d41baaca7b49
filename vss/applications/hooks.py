"""What applications registers with the apps below it, from its AppConfig.ready(): its
record types and the identity masking of forms in the audit log, menu entries, work-
queue sections, the counts on the cases page, the demo step, and the rows that follow a
person through a merge."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import (
    register_change_labels,
    register_identity_masking,
    register_record_types,
)
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.exports.registry import register_list_export
from vss.people.merging import MovedRows, register_moved_rows
from vss.policy import Right
from vss.proceedings.columns import CaseColumns, case_columns
from vss.tallies.registry import register_kept_figure

from . import audit_labels, figures, pending
from .demo.generator import ApplicationsDemo
from .exports import APPLICATIONS_EXPORT
from .models import Application, Harm, VictimInformationForm
from .queues import work_queue_for_user
from .selectors import (
    CASE_TABLE_STATUSES,
    FORM_IDENTITY_FIELDS,
    civil_party_counts_by_case,
    civil_party_counts_counting,
    forms_of_protected_applicants_among,
)


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    figures.register_kept_figures()
    register_kept_figure(pending.PENDING_FIGURE, pending.pending_figure_rows)
    register_list_export(APPLICATIONS_EXPORT)
    # What the services and the reads of lists write into the audit log's changes beyond
    # the models' fields (the home page's queues by their headings).
    register_change_labels(
        "applications.application",
        {
            "group": _("group"),
            "lawyers": _("lawyers"),
            "applications": _("Applications"),
            "awaiting_receipt": _("Forms awaiting receipt"),
            "incomplete": _("Incomplete applications"),
            "due_soon": _("Deadline within 15 days"),
            "recent_changes": _("Recent changes"),
        },
    )
    register_change_labels(
        "applications.victiminformationform", {"crimes": _("crimes suffered"), "harms": _("harms")}
    )
    register_record_types(
        10,
        ("applications.application", _("Application")),
        ("applications.victiminformationform", _("Victim information form")),
        ("applications.supportingdocument", _("Supporting document")),
    )
    register_identity_masking(
        "applications.victiminformationform",
        fields=FORM_IDENTITY_FIELDS,
        protected_ids=forms_of_protected_applicants_among,
    )

    reads_applications = policy.holds_right(Right.VIEW_APPLICATIONS)
    register_menu_entry(
        MenuEntry("applications:list", _("Applications"), 20, visible=reads_applications)
    )
    register_menu_entry(
        MenuEntry(
            "applications:form_create",
            _("New VIF"),
            40,
            visible=policy.holds_right(Right.ENTER_FORMS),
        )
    )
    register_home_section(
        HomeSection(
            "applications:queues",
            "applications/_home_queues.html",
            20,
            visible=reads_applications,
            context=lambda user: {"queue": work_queue_for_user(user)},
        )
    )
    # Reads the queue the section above puts in the page.
    register_home_section(
        HomeSection(
            "applications:recent_changes",
            "applications/_home_recent_changes.html",
            50,
            visible=reads_applications,
        )
    )
    case_columns.register(
        CaseColumns(
            name="civil_party_counts",
            order=10,
            header_template="applications/case_columns/_counts_header.html",
            cell_template="applications/case_columns/_counts.html",
            shown=reads_applications,
            values=civil_party_counts_by_case,
            header={"shown_statuses": CASE_TABLE_STATUSES},
            note_template="applications/case_columns/_counts_note.html",
            note=civil_party_counts_counting,
        )
    )
    # Applicants, forms and applications: what the lawyers and support work from.
    demo_steps.register(200, ApplicationsDemo)
    # The keys name the rows in the merges on record: they do not change.
    register_moved_rows(MovedRows(key="forms", model=VictimInformationForm, field="applicant"))
    register_moved_rows(MovedRows(key="applications", model=Application, field="applicant"))
    register_moved_rows(MovedRows(key="harms", model=Harm, field="relative"))
