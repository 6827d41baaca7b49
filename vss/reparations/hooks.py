"""What reparations adds to the apps below it, registered from its AppConfig.ready():
its record types in the audit log and the wordings of its labels, its menu entry, its
work-queue sections and the sections of a project's page."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.policy import Right, has_right, holds_right
from vss.tallies.registry import register_kept_figure

from . import audit_labels
from .demo import ReparationsDemo
from .sections import project_sections
from .selectors import consultation as consultation_selectors
from .selectors import implementation
from .selectors.funding import funded_projects_for_donor, funding_of_project
from .selectors.projects import projects_awaiting_approval, projects_awaiting_officer
from .views.projects import about_context, lifecycle_context


def _everyone_who_sees_the_project(user: object, project: object) -> bool:
    # The page itself is found through the user's scope: whoever reaches it reads these.
    return True


def register_projects() -> None:
    # A move of the lifecycle is audited on the project: what it carried beside the status;
    # and a read of the list, with the case it was filtered by.
    register_change_labels(
        "reparations.project",
        {
            "case": _("case"),
            "happened_on": _("date of the move"),
            "reason": _("reason"),
            "underfunded_reason": _("reason for requesting it underfunded"),
            "chamber": _("chamber"),
            "document_number": _("court document number"),
        },
    )
    register_change_labels("reparations.projectdocument", {"status_change": _("move")})
    register_menu_entry(
        MenuEntry(
            "reparations:project_list",
            _("Reparations"),
            115,
            visible=policy.holds_right(Right.VIEW_PROJECTS),
        )
    )
    register_home_section(
        HomeSection(
            "reparations:projects_awaiting_approval",
            "reparations/projects/_home_approval.html",
            60,
            visible=policy.holds_right(Right.APPROVE_CLAIMS),
            context=lambda user: {"projects_awaiting_approval": projects_awaiting_approval(user)},
        )
    )
    register_home_section(
        HomeSection(
            "reparations:projects_awaiting_officer",
            "reparations/projects/_home_awaiting.html",
            61,
            visible=policy.holds_right(Right.MANAGE_PROJECTS),
            context=lambda user: {"projects_awaiting_you": projects_awaiting_officer(user)},
        )
    )
    project_sections.register(
        Panel(
            name="about",
            template="reparations/projects/_section_about.html",
            order=10,
            shown=_everyone_who_sees_the_project,
            context=about_context,
        )
    )
    project_sections.register(
        Panel(
            name="lifecycle",
            template="reparations/projects/_section_lifecycle.html",
            order=20,
            shown=_everyone_who_sees_the_project,
            context=lifecycle_context,
        )
    )


def register() -> None:
    if audit_labels.WORDINGS:
        register_label_wordings(*audit_labels.WORDINGS)
    register_projects()
    register_record_types(
        70,
        ("reparations.project", _("Reparation project")),
        ("reparations.projectpartner", _("Implementing partner")),
        ("reparations.projectdocument", _("Project document")),
        ("reparations.budgetline", _("Budget line")),
        ("reparations.claimrequest", _("Request in the claim")),
        ("reparations.pledge", _("Pledge")),
        ("reparations.payment", _("Payment")),
        ("reparations.proposal", _("Reparation proposal")),
        ("reparations.proposaltheme", _("Theme of proposals")),
        ("reparations.proposaltag", _("Proposal tag")),
        ("reparations.milestone", _("Milestone")),
        ("reparations.progressreport", _("Progress report")),
        ("reparations.progressattachment", _("Report attachment")),
        ("reparations.participation", _("Civil Party taking part")),
        ("reparations.evaluation", _("Evaluation")),
    )
    # The donors the reparations officer keeps are organisations.
    register_record_types(71, ("accounts.organisation", _("Organisation")))
    # A donor has no applications to work on: its home is the projects it funds.
    register_home_section(
        HomeSection(
            "reparations:funded_projects",
            "reparations/funding/_home_donor.html",
            30,
            visible=policy.acts_for_donor,
            context=lambda user: {"funded_projects": funded_projects_for_donor(user)},
        )
    )
    register_menu_entry(
        MenuEntry(
            "reparations:funding",
            _("Funding"),
            120,
            visible=policy.holds_right(Right.VIEW_PROJECTS),
        )
    )
    # Funding: the totals for everyone who reads the project, the pledges as the policy
    # shows them (vss.policy.can_see_pledge).
    project_sections.register(
        Panel(
            name="funding",
            template="reparations/funding/_section.html",
            order=30,
            shown=lambda user, project: policy.has_right(user, Right.VIEW_PROJECTS),
            context=lambda user, project: {"funding": funding_of_project(user, project)},
        )
    )
    # After the lawyers' (the Lead Co-Lawyers request the projects) and support's steps.
    demo_steps.register(500, ReparationsDemo)
    register_change_labels("reparations.progressreport", {"people_reached": _("people reached")})

    # Implementation: milestones, reports and the people reached; the Civil Parties who
    # took part, for those the policy shows them to; the evaluation once completed.
    project_sections.register(
        Panel(
            name="implementation",
            template="reparations/implementation/_section_implementation.html",
            order=40,
            shown=lambda user, project: True,
            context=lambda user, project: {
                "implementation": implementation.implementation_of(user, project)
            },
        )
    )
    project_sections.register(
        Panel(
            name="participants",
            template="reparations/implementation/_section_participants.html",
            order=50,
            shown=policy.can_see_participants,
            context=implementation.participants_section,
        )
    )
    project_sections.register(
        Panel(
            name="evaluation",
            template="reparations/implementation/_section_evaluation.html",
            order=60,
            shown=implementation.shows_evaluation,
            context=lambda user, project: {
                "evaluation_section": implementation.evaluation_of(user, project)
            },
        )
    )
    register_home_section(
        HomeSection(
            "reparations:overdue_milestones",
            "reparations/implementation/_home_overdue.html",
            35,
            visible=policy.holds_right(Right.MANAGE_PROJECTS),
            context=lambda user: {"overdue_milestones": implementation.overdue_milestones(user)},
        )
    )
    register_consultation()


def register_consultation() -> None:
    register_kept_figure(
        consultation_selectors.ANSWERED_FIGURE, consultation_selectors.answered_rows
    )
    register_kept_figure(consultation_selectors.THEMED_FIGURE, consultation_selectors.themed_rows)
    register_record_types(71, ("reparations.proposalimport", _("Bringing in of VIF wishes")))
    register_change_labels(
        "reparations.proposal",
        {"tags_added": _("tag added"), "answered_by_added": _("now answered by")},
    )
    register_change_labels("reparations.proposaltheme", {"answered_by_added": _("now answered by")})
    # One entry, "Consultation", on the page each user starts from: the proposals for
    # the Section's staff who read them, the tally for those who read counts only (a
    # Lead Co-Lawyer).
    register_menu_entry(
        MenuEntry(
            "reparations:proposal_list",
            _("Consultation"),
            116,
            visible=holds_right(Right.VIEW_PROPOSALS),
        )
    )
    register_menu_entry(
        MenuEntry(
            "reparations:tally",
            _("Consultation"),
            116,
            visible=lambda user: (
                has_right(user, Right.VIEW_TALLIES) and not has_right(user, Right.VIEW_PROPOSALS)
            ),
        )
    )
    project_sections.register(
        Panel(
            name="consultation",
            template="reparations/consultation/_project_proposals.html",
            order=70,
            shown=consultation_selectors.may_see_project_proposals,
            context=lambda user, project: {
                "consultation": consultation_selectors.project_proposals(user, project),
                "categories": consultation_selectors.category_labels(),
                "provinces": consultation_selectors.provinces_by_code(),
            },
        )
    )
