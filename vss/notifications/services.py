"""Telling users that something happened to a record they work on: a row per recipient
in VSS, and an email once the change that caused it is committed."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from vss.accounts.models import User

from .messages import worded
from .models import Notification
from .tasks import email_notifications

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 300


def notify(
    *,
    recipients: Iterable[User],
    kind: str = "",
    params: Mapping[str, Any] | None = None,
    message: str = "",
    url: str = "",
) -> list[Notification]:
    """One notification per recipient (each user once). A notification of a registered kind
    (vss/notifications/messages.py) is worded whenever it is read, in the reader's language;
    its text in the recipient's own language is written too, for the email and as the
    fallback. Parameters name records (VSS number, case), never a person whose identity may
    be protected; `message` alone is a text written once, in one language."""
    unique = {user.pk: user for user in recipients if user.is_active}
    if not unique:
        return []
    values = dict(params or {})
    rows = []
    for user in unique.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text = worded(kind, values, message) if kind else message
        rows.append(
            Notification(
                recipient=user, message=text[:MESSAGE_LENGTH], kind=kind, params=values, url=url
            )
        )
    notifications = Notification.objects.bulk_create(rows)
    to_email = [n.pk for n in notifications if n.recipient.email]
    if to_email:
        # A rolled-back change must not be announced: the email waits for the commit.
        transaction.on_commit(lambda: email_notifications.enqueue(notification_ids=to_email))
    return notifications


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise ValueError("a user marks only their own notifications")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
