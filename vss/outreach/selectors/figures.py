"""Outreach's reach for the Section's figures (vss.reports): the events held and the
people who came to them, by kind of event, and the messages sent, by kind of message;
each one GROUP BY, naming no one."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from ..models import Event, EventStatus, Message, MessageStatus


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


def messages_sent_by_kind(user: User, reach: Reach) -> dict[str, int]:
    """The messages sent, by kind; for cases, those about one of their applications,
    events or court dates."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    messages = Message.objects.filter(status=MessageStatus.SENT).filter(_within("sent_at", reach))
    if reach.case_ids is not None:
        about_the_cases = Message.objects.filter(
            Q(application__case__in=reach.case_ids)
            | Q(event__cases__in=reach.case_ids)
            | Q(court_date__case__in=reach.case_ids)
        )
        messages = messages.filter(pk__in=about_the_cases.values("pk"))
    rows = messages.values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}
