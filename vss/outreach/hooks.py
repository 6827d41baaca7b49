"""What outreach adds to the apps below it, registered from its AppConfig.ready(): its
record types in the audit log, the rows that follow a person into a merge, its menu
entries, its work-queue sections, its panel on a person's page and its demo step. Each
area of outreach registers its own from a function below."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_record_types
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.people.merging import MovedRows, register_excluded_relation, register_moved_rows
from vss.policy import has_right
from vss.policy.rights import Right

from . import audit_labels
from .models import ContactPreference, FocalPerson, Invitation, Message
from .selectors import focal as focal_selectors


def register_messages() -> None:
    register_record_types(
        75,
        ("outreach.contactpreference", _("Contact preference")),
        ("outreach.subscriber", _("Subscriber")),
    )
    # The keys name the rows in the merges on record: they do not change.
    register_moved_rows(MovedRows(key="messages", model=Message))
    register_excluded_relation(
        ContactPreference,
        "person",
        reason=(
            "One per person: the record kept keeps its own way of being reached, and the "
            "record folded in keeps its own (a stop asked under it stays on record)."
        ),
    )


def register_events() -> None:
    register_moved_rows(MovedRows(key="focal_roles", model=FocalPerson))
    register_excluded_relation(
        Invitation,
        "person",
        reason=(
            "An invitation, a check-in and an allowance are recorded under the record the "
            "person was invited as; the two records may both have been invited to one "
            "event, and one person holds one invitation per event."
        ),
    )


def register_choosing() -> None:
    from vss.core.panels import Panel

    from .sections import event_sections
    from .selectors.choosing import event_for_invitation_section

    register_record_types(
        75,
        ("outreach.draw", _("Draw")),
        ("outreach.invitation", _("Invitation")),
        ("outreach.companion", _("Companion")),
    )
    event_sections.register(
        Panel(
            name="invitations",
            template="outreach/choosing/_section.html",
            order=10,
            shown=lambda user, event: has_right(user, Right.VIEW_EVENTS),
            context=event_for_invitation_section,
        )
    )


def register_focal() -> None:
    register_label_wordings(*audit_labels.FOCAL_WORDINGS)
    register_record_types(
        76,
        ("outreach.focalperson", _("Focal person")),
        ("outreach.materialhandover", _("Handover of materials")),
        ("outreach.receiptscan", _("Signed receipt list")),
    )
    register_menu_entry(
        MenuEntry(
            "outreach:focal_list", _("Focal persons"), 135, visible=policy.can_see_focal_persons
        )
    )
    # The officer who handed the materials over answers for their signed list.
    register_home_section(
        HomeSection(
            "outreach:focal_overdue",
            "outreach/focal/_home_overdue.html",
            36,
            visible=lambda user: (
                policy.has_right(user, Right.MANAGE_EVENTS) and policy.can_see_focal_persons(user)
            ),
            context=lambda user: {"overdue_handovers": focal_selectors.overdue_handovers(user)},
        )
    )


def register() -> None:
    register_messages()
    register_events()
    register_choosing()
    register_focal()
