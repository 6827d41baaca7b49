"""Telling users that something happened to a record they work on: a row per recipient
in VSS, and an email once the change that caused it is committed."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from vss.accounts.models import User

from .models import Notification
from .tasks import email_notifications

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length or 300


def notify(
    *, recipients: Iterable[User], message: Callable[[], str] | str, url: str = ""
) -> list[Notification]:
    """One notification per recipient (each user once). The caller words the message: it
    must name records (VSS number, case), never a person whose identity may be protected.
    Given as a function, it is worded in each recipient's own language."""
    unique = {user.pk: user for user in recipients if user.is_active}
    if not unique:
        return []
    rows = []
    for user in unique.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text = message() if callable(message) else message
        rows.append(Notification(recipient=user, message=text[:MESSAGE_LENGTH], url=url))
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
