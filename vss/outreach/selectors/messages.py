"""Reads of the messages sent to people: a person's history, beside their contact log,
and the messages that failed or bounced. Each read is audited: a history names whom it
is about, a list of failures how many rows it showed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.audit.labels import audit_label
from vss.audit.services import audit_list_read, audit_read
from vss.people.models import Person
from vss.policy import Right

from ..audit_labels import FAILED_MESSAGES, MESSAGES_OF_PERSON
from ..models import Message, MessageStatus

if TYPE_CHECKING:
    from vss.accounts.models import User

# What the person's page shows of the history before it links to the whole of it.
HISTORY_ON_PAGE = 10
NOT_DELIVERED = (MessageStatus.FAILED, MessageStatus.BOUNCED)


def _history(user: User, person: Person) -> QuerySet[Message]:
    return policy.messages_in_scope(
        user,
        Message.objects.filter(person=person).only(
            "pk",
            "kind",
            "channel",
            "language",
            "status",
            "detail",
            "address",
            "created_at",
            "sent_at",
            "status_at",
            "person_id",
        ),
    ).order_by("-created_at", "-id")


def messages_read(user: User, person: Person, *, shown: int) -> None:
    audit_read(
        actor=user,
        object_type="outreach.message",
        obj=person,
        label=audit_label(MESSAGES_OF_PERSON, person=person.pk),
        shown=shown,
    )


def latest_messages_of(user: User, person: Person) -> list[Message] | None:
    """The newest messages to a person the caller found in the user's scope, for the
    person's page (whose read of the person is audited, as for the contact log beside
    them); None for a user who may not read messages."""
    if not policy.has_right(user, Right.VIEW_MESSAGES):
        return None
    return list(_history(user, person)[: HISTORY_ON_PAGE + 1])


def person_for_history(user: User, pk: int) -> Person:
    policy.require_right(user, Right.VIEW_MESSAGES)
    return get_object_or_404(policy.people_in_scope(user, Person.objects.all()), pk=pk)


def history_of(user: User, person: Person) -> QuerySet[Message]:
    """Every message to the person, newest first (the page audits what it showed)."""
    return _history(user, person)


@dataclass
class FailedFilters:
    status: str = ""


def failed_messages(user: User, filters: FailedFilters) -> QuerySet[Message]:
    """Messages that never reached their person, newest first."""
    policy.require_right(user, Right.SEND_MESSAGES)
    statuses = [filters.status] if filters.status in NOT_DELIVERED else list(NOT_DELIVERED)
    return (
        policy.messages_in_scope(user, Message.objects.filter(status__in=statuses))
        .select_related("person", "subscriber", "job")
        .order_by("-status_at", "-id")
    )


def failed_messages_read(user: User, filters: FailedFilters, *, shown: int) -> None:
    audit_list_read(
        actor=user,
        object_type="outreach.message",
        label=audit_label(FAILED_MESSAGES),
        filters=filters,
        shown=shown,
    )
