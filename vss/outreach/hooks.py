"""What outreach adds to the apps below it, registered from its AppConfig.ready(): its
record types in the audit log, the rows that follow a person into a merge, its menu
entries, its work-queue sections, its panel on a person's page and its demo step. Each
area of outreach registers its own from a function below."""

from anymail.signals import tracking
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.applications import status_hooks
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.home import HomeSection, register_home_section
from vss.core.menu import MenuEntry, register_menu_entry
from vss.core.panels import Panel
from vss.notifications.messages import register_message_kind
from vss.people.merging import (
    MergeRule,
    MovedRows,
    register_excluded_relation,
    register_merge_rule,
    register_moved_rows,
)
from vss.people.panels import person_panels
from vss.policy import Right, has_right

from . import audit_labels
from .demo import OutreachDemo
from .models import ContactPreference, FocalPerson, Invitation, Message
from .sections import event_sections
from .selectors import day_sections
from .selectors import figures as outreach_figures
from .selectors import focal as focal_selectors
from .selectors.events import upcoming_events_of_officer
from .services.calendar import COURT_DATE_NOTICE, word_court_date
from .services.case_messages import tell_applicant_of_status_change
from .services.delivery import email_event_received
from .services.preferences import preferences_merge, preferences_unmerge
from .views.events import about_context
from .views.preferences import may_see_reach, person_reach_context


def register_messages() -> None:
    register_label_wordings(*audit_labels.MESSAGES_WORDINGS)
    register_record_types(
        75,
        ("outreach.contactpreference", _("Contact preference")),
        ("outreach.subscriber", _("Subscriber")),
        ("outreach.message", _("Message")),
    )
    register_change_labels(
        "outreach.contactpreference", {"resumed_because": _("why the messages resume")}
    )
    register_menu_entry(
        MenuEntry(
            "outreach:failed_messages",
            _("Messages not delivered"),
            125,
            visible=policy.holds_right(Right.SEND_MESSAGES),
        )
    )
    # The applicant is told of their application's moves; their lawyers are told by
    # representation's own listener.
    status_hooks.register_status_listener(tell_applicant_of_status_change)
    # The email provider's bounces and deliveries, read by django-anymail's webhook.
    tracking.connect(email_event_received, dispatch_uid="outreach.email_event_received")
    # Beside the contact log (support's panel, order 10).
    person_panels.register(
        Panel(
            name="reach",
            template="outreach/messages/_person_reach.html",
            order=12,
            shown=may_see_reach,
            context=person_reach_context,
        )
    )
    # The keys name the rows in the merges on record: they do not change.
    register_moved_rows(MovedRows(key="messages", model=Message))
    register_merge_rule(
        MergeRule(
            key="contact_preference",
            model=ContactPreference,
            reason=(
                "One per person: the record kept takes the folded record's way of being "
                "reached when it has none, and a stop asked under either record holds for "
                "the person kept."
            ),
            merge=preferences_merge,
            unmerge=preferences_unmerge,
        )
    )


def _whoever_sees_the_event(user: object, event: object) -> bool:
    # The page itself is found through the user's scope: whoever reaches it reads this.
    return True


def register_events() -> None:
    register_record_types(76, ("outreach.event", _("Outreach event")))
    register_label_wordings(*audit_labels.EVENTS_WORDINGS)
    register_menu_entry(
        MenuEntry(
            "outreach:event_list", _("Outreach"), 121, visible=policy.holds_right(Right.VIEW_EVENTS)
        )
    )
    register_home_section(
        HomeSection(
            "outreach:upcoming_events",
            "outreach/events/_home_upcoming.html",
            62,
            visible=policy.holds_right(Right.MANAGE_EVENTS),
            context=lambda user: {"upcoming_events": upcoming_events_of_officer(user)},
        )
    )
    event_sections.register(
        Panel(
            name="about",
            template="outreach/events/_section_about.html",
            # Before every other area's section.
            order=1,
            shown=_whoever_sees_the_event,
            context=about_context,
        )
    )
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
    # The list's filter of current or archived focal persons, as its read is logged.
    register_change_labels("outreach.focalperson", {"state": _("focal persons shown")})
    register_record_types(
        76,
        ("outreach.focalperson", _("Focal person")),
        ("outreach.materialhandover", _("Handover of materials")),
        ("outreach.receiptscan", _("Signed receipt list")),
    )
    register_menu_entry(
        MenuEntry(
            "outreach:focal_list", _("Focal persons"), 124, visible=policy.can_see_focal_persons
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


def register_calendar() -> None:
    register_record_types(76, ("outreach.courtdate", _("Court date")))
    # What an announcement did beside stamping the date announced.
    register_change_labels(
        "outreach.courtdate",
        {"messages_written": _("messages written"), "lawyers_notified": _("lawyers told")},
    )
    register_message_kind(COURT_DATE_NOTICE, word_court_date)
    register_menu_entry(
        MenuEntry(
            "outreach:calendar", _("Calendar"), 122, visible=policy.holds_right(Right.VIEW_CALENDAR)
        )
    )


def register_newsletters() -> None:
    register_record_types(
        76,
        ("outreach.newsletter", _("Newsletter")),
        ("outreach.newsletterreach", _("Count of a newsletter's readers")),
        ("outreach.sendjob", _("Send")),
    )
    for printed_of in ("outreach.newsletter", "outreach.sendjob"):
        register_change_labels(printed_of, {"printed": _("printed"), "language": _("language")})
    register_label_wordings(*audit_labels.SENDS_WORDINGS)
    register_menu_entry(
        MenuEntry(
            "outreach:newsletter_list",
            _("Newsletters"),
            123,
            visible=policy.holds_right(Right.SEND_MESSAGES),
        )
    )


def register_day() -> None:
    register_label_wordings(*audit_labels.DAY_WORDINGS)
    register_record_types(
        76,
        ("outreach.pickuppoint", _("Pick-up point")),
        ("outreach.vehicle", _("Vehicle")),
        ("outreach.accommodation", _("Place to stay")),
    )
    event_sections.register(
        Panel(
            name="logistics",
            template="outreach/day/_section_logistics.html",
            order=30,
            shown=lambda user, event: policy.has_right(user, Right.VIEW_EVENTS),
            context=day_sections.logistics_context,
        )
    )
    event_sections.register(
        Panel(
            name="attendance",
            template="outreach/day/_section_attendance.html",
            order=40,
            shown=lambda user, event: policy.has_right(user, Right.VIEW_EVENTS),
            context=day_sections.attendance_context,
        )
    )


def register_demo() -> None:
    # After reparations (500): it reads the Civil Parties, the accounts and the cases.
    demo_steps.register(600, OutreachDemo)


def register() -> None:
    outreach_figures.register_kept_figures()
    register_messages()
    register_events()
    register_choosing()
    register_focal()
    register_calendar()
    register_newsletters()
    register_day()
    register_demo()
