"""Outreach: the Section's staff read every event, and the outreach officers and the
Chief run them; a partner organisation sees, and checks people in at, only the events it
co-organises; a person's messages are read by those who read the person (a lawyer, their
clients'); court dates are the court's public calendar, read by everyone who works on a
case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vss.accounts.models import Role

from .people import people_in_scope
from .rights import Right
from .roles import has_right
from .scope import ScopeFunction, in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.outreach.models import (
        CourtDate,
        Event,
        FocalPerson,
        Invitation,
        MaterialHandover,
        Message,
        Newsletter,
        SendJob,
    )


def _co_organised(user: User, events: QuerySet[Event]) -> QuerySet[Event]:
    # A user of the partner role always has an organisation (a database constraint).
    return events.filter(co_organisers=user.organisation_id).distinct()


EVENT_SCOPE: dict[str, ScopeFunction[Event]] = {Role.PARTNER: _co_organised}


def events_in_scope(user: User, events: QuerySet[Event]) -> QuerySet[Event]:
    return in_scope(EVENT_SCOPE, user, events, right=Right.VIEW_EVENTS)


def _invitations_of_co_organised(
    user: User, invitations: QuerySet[Invitation]
) -> QuerySet[Invitation]:
    return invitations.filter(event__co_organisers=user.organisation_id)


INVITATION_SCOPE: dict[str, ScopeFunction[Invitation]] = {
    Role.PARTNER: _invitations_of_co_organised
}


def invitations_in_scope(user: User, invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    """Who is asked to the events the user sees: names, for those who organise them."""
    return in_scope(INVITATION_SCOPE, user, invitations, right=Right.VIEW_EVENTS)


def can_record_attendance(user: User, event: Event) -> bool:
    """Checking people in and paying allowances: the outreach officers and the Chief at
    any event, a partner's users at the events their organisation co-organises."""
    if not has_right(user, Right.RECORD_ATTENDANCE):
        return False
    if user.role != Role.PARTNER:
        return True
    # A partner's user always has an organisation (a database constraint).
    return event.co_organisers.filter(pk=user.organisation_id or 0).exists()


def court_dates_in_scope(user: User, dates: QuerySet[CourtDate]) -> QuerySet[CourtDate]:
    return in_scope({}, user, dates, right=Right.VIEW_CALENDAR)


def _none(user: User, records: QuerySet) -> QuerySet:
    return records.none()


# Focal persons are Civil Parties named in their villages: the Section's business, not a
# partner's, even one that co-organises an event with them.
FOCAL_SCOPE: dict[str, ScopeFunction[FocalPerson]] = {Role.PARTNER: _none}
HANDOVER_SCOPE: dict[str, ScopeFunction[MaterialHandover]] = {Role.PARTNER: _none}


def can_see_focal_persons(user: User) -> bool:
    """Whether the focal persons' pages are for the user at all: a role whose scope of
    them is empty is refused their pages rather than shown them empty."""
    return has_right(user, Right.VIEW_EVENTS) and FOCAL_SCOPE.get(user.role) is not _none


def focal_persons_in_scope(user: User, focal: QuerySet[FocalPerson]) -> QuerySet[FocalPerson]:
    return in_scope(FOCAL_SCOPE, user, focal, right=Right.VIEW_EVENTS)


def handovers_in_scope(
    user: User, handovers: QuerySet[MaterialHandover]
) -> QuerySet[MaterialHandover]:
    return in_scope(HANDOVER_SCOPE, user, handovers, right=Right.VIEW_EVENTS)


def _to_people_in_scope(user: User, messages: QuerySet[Message]) -> QuerySet[Message]:
    from vss.people.models import Person

    return messages.filter(person__in=people_in_scope(user, Person.objects.all()))


MESSAGE_SCOPE: dict[str, ScopeFunction[Message]] = {Role.LAWYER: _to_people_in_scope}


def messages_in_scope(user: User, messages: QuerySet[Message]) -> QuerySet[Message]:
    """A person's messages, read by whoever reads the person's page and holds the right."""
    return in_scope(MESSAGE_SCOPE, user, messages, right=Right.VIEW_MESSAGES)


def newsletters_in_scope(user: User, newsletters: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    return in_scope({}, user, newsletters, right=Right.SEND_MESSAGES)


def send_jobs_in_scope(user: User, jobs: QuerySet[SendJob]) -> QuerySet[SendJob]:
    return in_scope({}, user, jobs, right=Right.SEND_MESSAGES)
