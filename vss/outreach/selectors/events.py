"""Reads of events through the policy's scope (an event outside it is not found): the
list and its choices, an event's page and the officer's upcoming events. An event's own
record names no victim (its officer is staff, its co-organisers organisations): the list
is still audited by one entry, as partners read it too; who is invited is read, and
audited, by the sections that show them."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import Organisation, User
from vss.audit.labels import audit_label
from vss.audit.services import audit_list_read
from vss.policy import ROLE_RIGHTS, Right
from vss.proceedings.models import Case

from ..audit_labels import EVENTS_LIST
from ..models import CourtDate, Event, EventStatus
from ..services.events import CO_ORGANISING_KINDS

UPCOMING_DAYS = 30
QUEUE_LENGTH = 50


@dataclass
class EventFilters:
    kind: str = ""
    case: int | None = None
    status: str = ""
    starts_from: datetime.date | None = None
    starts_until: datetime.date | None = None


def _in_scope(user: User, events: QuerySet[Event]) -> QuerySet[Event]:
    policy.require_right(user, Right.VIEW_EVENTS)
    return policy.events_in_scope(user, events)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def event_list_for_user(user: User, filters: EventFilters) -> QuerySet[Event]:
    events = (
        Event.objects.filter(archived_at__isnull=True)
        .select_related("officer", "village")
        .prefetch_related(Prefetch("cases", queryset=Case.objects.order_by("number")))
    )
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.case:
        events = events.filter(cases=filters.case)
    if filters.status:
        events = events.filter(status=filters.status)
    if filters.starts_from:
        events = events.filter(starts_at__gte=_day_start(filters.starts_from))
    if filters.starts_until:
        until = filters.starts_until + datetime.timedelta(days=1)
        events = events.filter(starts_at__lt=_day_start(until))
    # A filter on cases may meet an event once per case: each event once.
    return _in_scope(user, events).distinct().order_by("-starts_at", "-pk")


def event_list_read(user: User, filters: EventFilters, *, shown: int) -> None:
    audit_list_read(
        actor=user,
        object_type="outreach.event",
        label=audit_label(EVENTS_LIST),
        filters=filters,
        shown=shown,
    )


def event_get_for_user(user: User, pk: int) -> Event:
    """An event in the user's scope (else 404), for its page or an action on it."""
    return get_object_or_404(
        _in_scope(
            user,
            Event.objects.select_related(
                "officer",
                "created_by",
                "archived_by",
                "court_date__case",
                "village__commune__district__province",
            ),
        ),
        pk=pk,
    )


def cases_of_events() -> QuerySet[Case]:
    return Case.objects.order_by("number")


def court_dates_to_attend() -> QuerySet[CourtDate]:
    """The court dates an event may take people to: those on record, soonest first."""
    return CourtDate.objects.filter(archived_at__isnull=True).select_related("case")


def event_officers() -> QuerySet[User]:
    """Those who may be in charge of an event: the active users of a role that runs them."""
    roles = [role for role, rights in ROLE_RIGHTS.items() if Right.MANAGE_EVENTS in rights]
    return User.objects.filter(role__in=roles, is_active=True).order_by("username")


def partner_organisations() -> QuerySet[Organisation]:
    """The organisations that may co-organise an event (services.events)."""
    return Organisation.objects.filter(kind__in=CO_ORGANISING_KINDS).order_by("name")


@dataclass
class About:
    cases: list[Case]
    co_organisers: list[Organisation]


def about(user: User, event: Event) -> About:
    return About(
        cases=list(event.cases.order_by("number")),
        co_organisers=list(event.co_organisers.order_by("name")),
    )


def upcoming_events_of_officer(user: User) -> list[Event]:
    """The events the user is in charge of that start in the next 30 days."""
    if not policy.has_right(user, Right.MANAGE_EVENTS):
        return []
    now = timezone.now()
    events = Event.objects.filter(
        officer=user,
        archived_at__isnull=True,
        status=EventStatus.PLANNED,
        starts_at__gte=now,
        starts_at__lt=now + datetime.timedelta(days=UPCOMING_DAYS),
    )
    # Titles, dates and places: no one's personal data, no read entry.
    return list(_in_scope(user, events).order_by("starts_at", "pk")[:QUEUE_LENGTH])
