"""Outreach's reach for the Section's figures (vss.reports): the events held and the
people who came to them, by kind of event, and the messages sent, by kind of message;
each one GROUP BY, naming no one; and the report of events and attendance (vss.reports),
each event with the people invited, coming and checked in, which a partner reads of the
events it co-organises."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, DateField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.people.models import Sex
from vss.policy import Right
from vss.proceedings.models import Case
from vss.tallies.registry import kept_rows, register_kept_figure
from vss.tallies.selectors import kept_counts, months_of

from ..models import (
    AllowanceCurrency,
    Event,
    EventStatus,
    InvitationStatus,
    Message,
    MessageStatus,
)


@dataclass(frozen=True)
class Reach:
    """What the figures count: of these cases (every case when None), within the period
    (either end open): events by the day they started, messages by the day they left."""

    case_ids: tuple[int, ...] | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass(frozen=True)
class EventsHeld:
    kind: str
    events: int
    people: int


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _within(field: str, reach: Reach) -> Q:
    period = Q()
    if reach.since:
        period &= Q(**{f"{field}__gte": _day_start(reach.since)})
    if reach.until:
        period &= Q(**{f"{field}__lt": _day_start(reach.until + datetime.timedelta(days=1))})
    return period


def _events(reach: Reach) -> QuerySet[Event]:
    events = Event.objects.filter(archived_at__isnull=True, status=EventStatus.HELD)
    if reach.case_ids is not None:
        events = events.filter(pk__in=Event.objects.filter(cases__in=reach.case_ids).values("pk"))
    return events.filter(_within("starts_at", reach))


def events_held_by_kind(user: User, reach: Reach) -> list[EventsHeld]:
    """The events held (not archived) and the people checked in at them, by kind."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    rows = (
        _events(reach)
        .values("kind")
        .annotate(
            events=Count("pk", distinct=True),
            people=Count(
                "invitations", filter=Q(invitations__attended_at__isnull=False), distinct=True
            ),
        )
        .order_by()
    )
    return [EventsHeld(row["kind"], row["events"], row["people"]) for row in rows]


# The messages sent, kept by count (vss.tallies) by the month they left and their kind:
# those about an application or a court date under its case; those about an event under
# none, their value "event:kind", since an event may be of several cases (a message is
# about one thing at most: `message_about_one_thing`).
MESSAGES = "outreach.messages"
EVENT_MESSAGES = "outreach.event-messages"


def _sent_month() -> TruncMonth:
    return TruncMonth("sent_at", output_field=DateField())


def message_rows() -> QuerySet[Any]:
    return kept_rows(
        Message.objects.filter(status=MessageStatus.SENT, event__isnull=True),
        case=Coalesce("application__case_id", "court_date__case_id"),
        month=_sent_month(),
        value="kind",
        n=Count("pk"),
    )


def event_message_rows() -> QuerySet[Any]:
    return kept_rows(
        Message.objects.filter(status=MessageStatus.SENT, event__isnull=False),
        month=_sent_month(),
        value=Concat(Cast("event_id", output_field=CharField()), Value(":"), "kind"),
        n=Count("pk"),
    )


def register_kept_figures() -> None:
    register_kept_figure(MESSAGES, message_rows)
    register_kept_figure(EVENT_MESSAGES, event_message_rows)


def messages_sent_by_kind(user: User, reach: Reach) -> dict[str, int]:
    """The messages sent, by kind; for cases, those about one of their applications,
    events or court dates. The reach runs in whole months."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    months = months_of(reach.since, reach.until)
    sent: dict[str, int] = {}
    for row in kept_counts(MESSAGES, case_ids=reach.case_ids, months=months, by=("value",)):
        sent[row["value"]] = sent.get(row["value"], 0) + row["counted"]
    events = None
    if reach.case_ids is not None:
        events = {
            str(pk)
            for pk in Event.objects.filter(cases__in=reach.case_ids).values_list("pk", flat=True)
        }
    for row in kept_counts(EVENT_MESSAGES, case_ids=None, months=months, by=("value",)):
        event, kind = row["value"].split(":", 1)
        if events is None or event in events:
            sent[kind] = sent.get(kind, 0) + row["counted"]
    return sent


@dataclass(frozen=True)
class EventsReportFilters:
    """The events of one case (and of its trial segments), of one kind, that started
    within a period (either end open)."""

    case_id: int | None = None
    kind: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def may_read_events_report(user: User) -> bool:
    """The Section's readers of figures who read events, every event; a partner's
    account, the events its organisation co-organises."""
    return policy.can_run_scoped_report(user, Right.VIEW_EVENTS, outside=policy.acts_for_partner)


def _report_events(user: User, filters: EventsReportFilters) -> QuerySet[Event]:
    """A plain queryset of the events in the user's scope: the scope's join to the
    co-organisers would count an invitation once per co-organiser in a sum."""
    if not may_read_events_report(user):
        raise PermissionDenied
    events = Event.objects.filter(archived_at__isnull=True)
    if filters.case_id is not None:
        case = get_object_or_404(Case, pk=filters.case_id)
        of_the_case = Case.objects.filter(Q(pk=case.pk) | Q(parent=case))
        events = events.filter(pk__in=Event.objects.filter(cases__in=of_the_case).values("pk"))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    events = events.filter(_within("starts_at", Reach(since=filters.since, until=filters.until)))
    return Event.objects.filter(pk__in=policy.events_in_scope(user, events).values("pk"))


CAME = Q(invitations__attended_at__isnull=False)
PROVINCE = Substr("invitations__person__village_id", 1, 2)


def _attendance(currency: str) -> Sum:
    return Sum(
        "invitations__allowance_amount",
        filter=CAME & Q(invitations__allowance_currency=currency),
    )


# What the report counts of each event's invitations: the people sent an invitation
# (whatever their reply), those who accepted, and those checked in on the day, by sex,
# the provinces of their villages today, and the allowances they were paid in each
# currency.
ATTENDANCE = {
    "invited": Count("invitations", filter=Q(invitations__invited_at__isnull=False)),
    "coming": Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
    "came": Count("invitations", filter=CAME),
    "women": Count("invitations", filter=CAME & Q(invitations__person__sex=Sex.FEMALE)),
    "men": Count("invitations", filter=CAME & Q(invitations__person__sex=Sex.MALE)),
    "provinces": Count(
        PROVINCE, filter=CAME & Q(invitations__person__village__isnull=False), distinct=True
    ),
    "allowances_khr": _attendance(AllowanceCurrency.KHR),
    "allowances_usd": _attendance(AllowanceCurrency.USD),
}


def events_report_for_user(user: User, filters: EventsReportFilters) -> QuerySet[Event]:
    """Each event in the user's scope with what the report counts of it (ATTENDANCE),
    the latest first: one query for the events and one for their cases, however many
    there are or came; no one is named."""
    return (
        _report_events(user, filters)
        .select_related("village")
        .prefetch_related(Prefetch("cases", queryset=Case.objects.order_by("number")))
        .annotate(**ATTENDANCE)
        .order_by("-starts_at", "-pk")
    )


@dataclass(frozen=True)
class EventsReportTotals:
    events: int
    invited: int
    coming: int
    came: int
    women: int
    men: int
    # The provinces reached by all the events together: one reached twice counts once.
    provinces: int
    allowances_khr: Decimal
    allowances_usd: Decimal
    budget_usd: Decimal


def events_report_totals(user: User, filters: EventsReportFilters) -> EventsReportTotals:
    """The report's sums in two queries: the events' budgets apart from their
    invitations, which would repeat each budget once per invitation."""
    events = _report_events(user, filters)
    counted = events.aggregate(events=Count("pk"), budget_usd=Sum("budget_usd"))
    attendance = events.aggregate(**ATTENDANCE)
    return EventsReportTotals(
        events=counted["events"],
        budget_usd=counted["budget_usd"] or Decimal(0),
        invited=attendance["invited"],
        coming=attendance["coming"],
        came=attendance["came"],
        women=attendance["women"],
        men=attendance["men"],
        provinces=attendance["provinces"],
        allowances_khr=attendance["allowances_khr"] or Decimal(0),
        allowances_usd=attendance["allowances_usd"] or Decimal(0),
    )
