"""A person's way of being reached, and their word to stop."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from ..models import ContactPreference, Subscriber


@transaction.atomic
def messages_stop(*, token: str, how: str) -> None:
    """Stops every message but those the person must receive by law (none today) to the
    holder of the token: a person's or a subscriber's. An unknown token answers 404, a
    token already used changes nothing."""
    now = timezone.now()
    preference = ContactPreference.objects.select_for_update().filter(stop_token=token).first()
    if preference is not None:
        if preference.stopped_at is None:
            preference.stopped_at, preference.stopped_how = now, how
            preference.version += 1
            preference.save(update_fields=["stopped_at", "stopped_how", "version", "updated_at"])
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=preference,
                changes={
                    "stopped_at": {"old": None, "new": now.isoformat()},
                    "stopped_how": {"old": "", "new": how},
                },
            )
        return
    subscriber = Subscriber.objects.select_for_update().filter(stop_token=token).first()
    if subscriber is None:
        raise Http404
    if subscriber.stopped_at is None:
        subscriber.stopped_at = now
        subscriber.save(update_fields=["stopped_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=subscriber,
            changes={"stopped_at": {"old": None, "new": now.isoformat()}},
        )
