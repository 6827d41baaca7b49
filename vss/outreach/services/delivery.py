"""What happened to a message after it left: the email provider's events (through
django-anymail's tracking signal) and the SMS gateway's delivery reports set a sent
message DELIVERED, BOUNCED or FAILED, found by the reference recorded when it was sent.
Each change is audited; the send's counts follow."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from ..models import Message, MessageChannel, MessageStatus, SendJob

logger = logging.getLogger(__name__)

# A report may come late or twice: what it says replaces only a status it can follow.
FOLLOWS = {
    MessageStatus.DELIVERED: {MessageStatus.SENDING, MessageStatus.SENT},
    MessageStatus.BOUNCED: {MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED},
    MessageStatus.FAILED: {MessageStatus.SENDING, MessageStatus.SENT},
}

# django-anymail's normalised event types, and the words an SMS gateway reports.
EMAIL_EVENTS = {
    "delivered": MessageStatus.DELIVERED,
    "bounced": MessageStatus.BOUNCED,
    "rejected": MessageStatus.BOUNCED,
    "failed": MessageStatus.FAILED,
}
SMS_REPORTS = {
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "rejected": MessageStatus.FAILED,
    "expired": MessageStatus.FAILED,
}


@transaction.atomic
def message_report_record(*, channel: str, reference: str, status: str, detail: str) -> bool:
    """Records what the provider reported of the message it knows by `reference`;
    answers whether a message changed. A reference VSS never recorded changes nothing."""
    if not reference:
        return False
    message = (
        Message.objects.select_for_update()
        .filter(channel=channel, gateway_reference=reference)
        .first()
    )
    if message is None:
        logger.info("A %s report about an unknown message %r", channel, reference)
        return False
    if message.status not in FOLLOWS.get(MessageStatus(status), set()):
        return False
    old_status, old_detail = message.status, message.detail
    message.status, message.detail, message.status_at = status, detail[:300], timezone.now()
    message.save(update_fields=["status", "detail", "status_at"])
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=message,
        changes={
            "status": {"old": old_status, "new": message.status},
            **(
                {"detail": {"old": old_detail, "new": message.detail}}
                if old_detail != message.detail
                else {}
            ),
        },
    )
    if message.job_id is not None:
        _recount(message.job_id)
    return True


def _recount(job_id: int) -> None:
    counts = dict(
        Message.objects.filter(job_id=job_id).values_list("status").annotate(n=Count("pk"))
    )
    SendJob.objects.filter(pk=job_id).update(
        sent=counts.get(MessageStatus.SENT, 0) + counts.get(MessageStatus.DELIVERED, 0),
        failed=counts.get(MessageStatus.FAILED, 0) + counts.get(MessageStatus.BOUNCED, 0),
    )


def email_event_received(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """django-anymail's `tracking` signal: a delivery, a bounce or a failure of an email."""
    status = EMAIL_EVENTS.get(event.event_type)
    if status is None:  # opened, clicked, deferred...: nothing that changes a status
        return
    detail = " ".join(
        str(part) for part in (event.reject_reason, event.description or event.mta_response) if part
    )
    message_report_record(
        channel=MessageChannel.EMAIL,
        reference=event.message_id or "",
        status=status,
        detail=detail,
    )
