"""Emails of notifications, sent by the django-tasks worker so that a slow or absent
mail server never holds up the page that caused them."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification


@task()
def email_notifications(notification_ids: list[int]) -> int:
    """Email each notification not yet emailed to a recipient with an address; each is
    marked as soon as its own message is accepted, so a retry after a failure half-way
    sends no one the same message twice."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("id")
    )
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            with translation.override(notification.recipient.language or settings.LANGUAGE_CODE):
                body = notification.text
                subject = _("VSS: %(message)s") % {"message": " ".join(body.split())[:120]}
            if notification.url:
                body += "\n\n" + settings.VSS_BASE_URL.rstrip("/") + notification.url
            EmailMessage(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.recipient.email],
                connection=connection,
            ).send()
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent
