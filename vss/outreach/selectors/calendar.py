"""The calendar: a month of court dates and events, for all cases or one, as the user's
scope shows them; and the public calendar, read without signing in, of the public court
dates and events alone. Neither names a person: a date, a kind, a title, a case and a
place, so neither is a read of personal data."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.proceedings.models import Case

from ..models import CourtDate, Event, EventStatus

# A public calendar reaches so far ahead, and back.
PUBLIC_MONTHS_AHEAD = 12
PUBLIC_MONTHS_BACK = 3


@dataclass(frozen=True)
class Month:
    first: datetime.date

    @classmethod
    def of(cls, text: str | None) -> "Month":
        """The month a query gives as YYYY-MM, else this month."""
        try:
            day = datetime.datetime.strptime(text or "", "%Y-%m").date()
        except ValueError:
            day = timezone.localdate()
        if not 1900 < day.year < 2200:
            day = timezone.localdate()
        return cls(day.replace(day=1))

    @property
    def next(self) -> "Month":
        return Month((self.first + datetime.timedelta(days=32)).replace(day=1))

    @property
    def previous(self) -> "Month":
        return Month((self.first - datetime.timedelta(days=1)).replace(day=1))

    @property
    def code(self) -> str:
        return f"{self.first:%Y-%m}"

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        def start(day: datetime.date) -> datetime.datetime:
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        return start(self.first), start(self.next.first)


@dataclass
class CalendarDay:
    day: datetime.date
    court_dates: list[CourtDate]
    events: list[Event]


def _cases_of(case: Case | None) -> Q:
    """A case's calendar holds its segments' dates and those of the case it was severed
    from: its Civil Parties follow both."""
    if case is None:
        return Q()
    return Q(pk=case.pk) | Q(parent=case.pk) | Q(sub_cases=case.pk)


def calendar_case(user: User, case_id: int | None) -> Case | None:
    policy.require_right(user, Right.VIEW_CALENDAR)
    if case_id is None:
        return None
    return get_object_or_404(Case, pk=case_id)


def calendar_cases() -> QuerySet[Case]:
    return Case.objects.order_by("number")


def _by_day(court_dates: list[CourtDate], events: list[Event]) -> list[CalendarDay]:
    days: dict[datetime.date, CalendarDay] = {}
    for court_date in court_dates:
        day = timezone.localdate(court_date.starts_at)
        days.setdefault(day, CalendarDay(day, [], [])).court_dates.append(court_date)
    for event in events:
        day = timezone.localdate(event.starts_at)
        days.setdefault(day, CalendarDay(day, [], [])).events.append(event)
    return [days[day] for day in sorted(days)]


def _court_dates(month: Month, case: Case | None) -> QuerySet[CourtDate]:
    start, end = month.bounds()
    dates = CourtDate.objects.filter(
        archived_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    ).select_related("case")
    if case is not None:
        dates = dates.filter(case__in=Case.objects.filter(_cases_of(case)))
    return dates.order_by("starts_at", "pk")


def _events(month: Month, case: Case | None) -> QuerySet[Event]:
    start, end = month.bounds()
    events = Event.objects.filter(
        archived_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    ).select_related("village")
    if case is not None:
        events = events.filter(cases__in=Case.objects.filter(_cases_of(case)))
    return events.prefetch_related(
        Prefetch("cases", queryset=Case.objects.order_by("number"))
    ).order_by("starts_at", "pk")


def calendar_for_user(user: User, month: Month, case: Case | None) -> list[CalendarDay]:
    """The month's court dates and the events the user may see, day by day; a user who
    reads no events (a lawyer) finds the court dates alone."""
    policy.require_right(user, Right.VIEW_CALENDAR)
    dates = policy.court_dates_in_scope(user, _court_dates(month, case))
    events = policy.events_in_scope(user, _events(month, case)).distinct()
    return _by_day(list(dates), list(events))


def public_calendar(month: Month) -> list[CalendarDay]:
    """The month's public court dates and public events not cancelled, within a year
    ahead and a few months back."""
    earliest, latest = public_month_bounds()
    if not earliest.first <= month.first <= latest.first:
        return []
    dates = _court_dates(month, None).filter(is_public=True)
    events = (
        _events(month, None)
        .filter(is_public=True)
        .exclude(status=EventStatus.CANCELLED)
        .only(
            "pk",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "title_km",
            "title_en",
            "title_fr",
            "village",
        )
    )
    return _by_day(list(dates), list(events))


def public_month_bounds() -> tuple[Month, Month]:
    today = Month(timezone.localdate().replace(day=1))
    earliest, latest = today, today
    for _step in range(PUBLIC_MONTHS_BACK):
        earliest = earliest.previous
    for _step in range(PUBLIC_MONTHS_AHEAD):
        latest = latest.next
    return earliest, latest


def court_date_get_for_user(user: User, pk: int) -> CourtDate:
    """A court date in the user's scope (else 404), to edit, announce or archive."""
    policy.require_right(user, Right.VIEW_CALENDAR)
    return get_object_or_404(
        policy.court_dates_in_scope(user, CourtDate.objects.select_related("case")), pk=pk
    )


def court_dates_due_for_user(
    user: User, due_from: datetime.date | None, due_to: datetime.date | None
) -> QuerySet[CourtDate]:
    """The court dates within the period (either end open) of the calendar the user may
    read (none without its right), the soonest first."""
    dates = policy.court_dates_in_scope(
        user, CourtDate.objects.filter(archived_at__isnull=True)
    ).select_related("case")
    if due_from is not None:
        dates = dates.filter(starts_at__date__gte=due_from)
    if due_to is not None:
        dates = dates.filter(starts_at__date__lte=due_to)
    return dates.order_by("starts_at", "pk")
