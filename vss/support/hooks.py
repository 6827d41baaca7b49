"""What support adds to the apps below it, registered from its AppConfig.ready(): its
record types in the audit log, its menu entry and work-queue sections, the demo step, the
person page's panel of psychosocial support and contacts, and the consents, referrals
and contacts that follow a person on a merge."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.exports.registry import register_list_export
from vss.people.merging import Followers, MovedRows, register_moved_rows
from vss.people.models import Person
from vss.people.panels import person_panels
from vss.policy import Right

from . import audit_labels, figures
from .demo import SupportDemo
from .exports import REFERRALS_EXPORT
from .models import Consent, Contact, Referral
from .selectors import follow_ups_due, open_referrals_for_partner
from .views.person import person_support_context


def may_see_person_support(user: User, person: Person) -> bool:
    """Whoever reads referrals, refers people or logs contacts."""
    return any(
        policy.has_right(user, right)
        for right in (Right.VIEW_SUPPORT, Right.REFER_SUPPORT, Right.LOG_CONTACTS)
    )


def referrals_on_consents_going_back(survivor_id: int, moved: Mapping[str, Any]) -> set[int]:
    """A referral rests on a consent of the person referred: one made after a merge on a
    consent given on the record folded in goes back with it on an unmerge."""
    return set(
        Referral.objects.filter(
            person_id=survivor_id, consent_id__in=moved.get("consents", [])
        ).values_list("pk", flat=True)
    )


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    figures.register_kept_figures()
    register_list_export(REFERRALS_EXPORT)
    # What the services write into the audit log's changes beyond the models' fields.
    register_change_labels("support.consent", {"referrals_closed": _("referrals closed")})
    register_change_labels(
        "support.healthnote",
        {"notes_read": _("notes read"), "session_outcomes_read": _("session outcomes read")},
    )
    register_record_types(
        60,
        ("support.consent", _("Consent")),
        ("support.referral", _("Referral")),
        ("support.supportsession", _("Support session")),
        ("support.healthnote", _("Health note")),
        ("support.contact", _("Contact")),
    )

    register_menu_entry(
        MenuEntry(
            "support:referral_list",
            _("Referrals"),
            110,
            visible=policy.holds_right(Right.VIEW_SUPPORT),
        )
    )
    # A partner has no applications to work on: its queue is its referrals, with its
    # follow-ups beside them; everyone else who keeps a contact log sees the
    # follow-ups below the applications.
    register_home_section(
        HomeSection(
            "support:open_referrals",
            "support/_home_referrals.html",
            30,
            visible=policy.acts_for_partner,
            context=lambda user: {
                "open_referrals": open_referrals_for_partner(user),
                "follow_ups": follow_ups_due(user),
            },
        )
    )
    logs_contacts = policy.holds_right(Right.LOG_CONTACTS)
    register_home_section(
        HomeSection(
            "support:follow_ups",
            "support/_follow_ups.html",
            40,
            visible=lambda user: logs_contacts(user) and not policy.acts_for_partner(user),
            context=lambda user: {"follow_ups": follow_ups_due(user)},
        )
    )
    # After representation: contacts for the lawyer's clients.
    demo_steps.register(400, SupportDemo)
    person_panels.register(
        Panel(
            name="support",
            template="support/_person_support.html",
            order=10,
            shown=may_see_person_support,
            context=person_support_context,
        )
    )
    # The keys name the rows in the merges on record: they do not change.
    register_moved_rows(MovedRows(key="consents", model=Consent))
    register_moved_rows(
        MovedRows(
            key="referrals",
            model=Referral,
            followers=Followers(
                audit_key="referrals_following_consent", rows=referrals_on_consents_going_back
            ),
        )
    )
    register_moved_rows(MovedRows(key="contacts", model=Contact))
