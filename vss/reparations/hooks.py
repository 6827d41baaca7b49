"""What reparations adds to the apps below it, registered from its AppConfig.ready():
its record types in the audit log and the wordings of its labels."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section

from . import audit_labels
from .demo import ReparationsDemo
from .selectors.funding import funded_projects_for_donor


def register() -> None:
    if audit_labels.WORDINGS:
        register_label_wordings(*audit_labels.WORDINGS)
    register_record_types(
        70,
        ("reparations.project", _("Reparation project")),
        ("reparations.projectstatuschange", _("Project status change")),
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
        ("reparations.beneficiarycount", _("People reached")),
        ("reparations.participation", _("Civil Party taking part")),
        ("reparations.evaluation", _("Evaluation")),
    )
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
    # After the lawyers' (the Lead Co-Lawyers request the projects) and support's steps.
    demo_steps.register(500, ReparationsDemo)
