"""Signing up for the newsletter from the public site, confirmed by a link sent to the
address given (double opt-in). Nothing but that link goes to an address until its holder
opens it, and the page answers the same whether the address was known, already signed
up, or asked for too often, so the form tells no one who reads the newsletter."""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, new_values
from vss.outreach.models import MessageChannel, MessageKind, Subscriber
from vss.outreach.services.sending import (
    Content,
    job_queue,
    job_start,
    new_stop_token,
    subscribers_write,
)

from .applying import online_actor
from .throttling import Limit, attempt_allowed

# Long enough for a message read days later in a village without signal.
CONFIRM_LIFETIME = datetime.timedelta(days=14)
# However many ask, an address gets a few links a day: the form cannot flood a phone.
PER_ADDRESS = Limit(action="newsletter-address", attempts=3, window=datetime.timedelta(days=1))
PER_CONNECTION = Limit(action="newsletter-ip", attempts=10, window=datetime.timedelta(hours=1))


class Asked(enum.Enum):
    # Said for every address: a link is on its way unless the address already reads
    # the newsletter or had its links for the day.
    TAKEN = "taken"
    LIMITED = "limited"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def confirm_url(token: str) -> str:
    return settings.VSS_BASE_URL.rstrip("/") + reverse("portal:newsletter_confirm", args=[token])


def _address_field(channel: str) -> str:
    return "email" if channel == MessageChannel.EMAIL else "phone"


def _find_or_add(*, channel: str, address: str, language: str) -> Subscriber:
    field = _address_field(channel)
    subscriber = Subscriber.objects.select_for_update().filter(**{field: address}).first()
    if subscriber is not None:
        return subscriber
    try:
        # A savepoint: two sign-ups of one new address at once meet the unique
        # constraint, and the second takes the row the first made.
        with transaction.atomic():
            subscriber = Subscriber.objects.create(
                channel=channel, language=language, stop_token=new_stop_token(), **{field: address}
            )
    except IntegrityError:
        return Subscriber.objects.select_for_update().get(**{field: address})
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=subscriber,
        changes=new_values({"channel": channel, field: address, "language": language}),
    )
    return subscriber


def _confirmation(token: str) -> Content:
    return Content(
        subject=_("Confirm your sign-up for the newsletter"),
        body=_(
            "Someone, perhaps you, asked for the newsletter of the Victims Support Section "
            "at this address. To receive it, open %(url)s and confirm. If you did not ask, "
            "do nothing: you will receive nothing more."
        )
        % {"url": confirm_url(token)},
    )


def _send_link(subscriber: Subscriber, *, language: str) -> None:
    token = secrets.token_urlsafe(24)
    # Kept out of the audited values: a digest is no value for anyone to read.
    subscriber.confirm_digest = _digest(token)
    subscriber.save(update_fields=["confirm_digest"])
    audited_update(
        subscriber, actor=None, values={"language": language, "confirm_sent_at": timezone.now()}
    )
    job = job_start(label=f"newsletter confirmation {subscriber.pk}", user=online_actor())
    subscribers_write(
        job=job,
        kind=MessageKind.CONFIRMATION,
        subscribers=Subscriber.objects.filter(pk=subscriber.pk),
        content=lambda language, channel: _confirmation(token),
        key=f"confirm:{subscriber.confirm_digest[:32]}",
    )
    job_queue(job)


@transaction.atomic
def subscriber_sign_up(
    *, channel: str, address: str, language: str, ip_address: str | None
) -> Asked:
    """Sends a confirmation link to the address, unless it already reads the newsletter
    or has had its links for the day. `address` is an email in lower case or a phone as
    `phone_normalised` gives it."""
    if not attempt_allowed(limit=PER_CONNECTION, subject=ip_address or ""):
        return Asked.LIMITED
    if not attempt_allowed(limit=PER_ADDRESS, subject=f"{channel}:{address}"):
        return Asked.TAKEN
    subscriber = _find_or_add(channel=channel, address=address, language=language)
    if subscriber.confirmed_at is not None and subscriber.stopped_at is None:
        return Asked.TAKEN
    _send_link(subscriber, language=language)
    return Asked.TAKEN


def subscriber_to_confirm(token: str) -> Subscriber | None:
    """The sign-up a link confirms: sent less than CONFIRM_LIFETIME ago, not yet used."""
    if not token:
        return None
    return Subscriber.objects.filter(
        confirm_digest=_digest(token),
        confirm_sent_at__gte=timezone.now() - CONFIRM_LIFETIME,
    ).first()


@transaction.atomic
def subscriber_confirm(*, token: str) -> bool:
    """Confirms the sign-up the link was sent for; a link used, replaced by a newer one
    or too old confirms nothing. Answers whether it confirmed."""
    found = subscriber_to_confirm(token)
    if found is None:
        return False
    subscriber = Subscriber.objects.select_for_update().get(pk=found.pk)
    if subscriber.confirm_digest != _digest(token):
        return False
    subscriber.confirm_digest = ""
    subscriber.save(update_fields=["confirm_digest"])
    audited_update(
        subscriber, actor=None, values={"confirmed_at": timezone.now(), "stopped_at": None}
    )
    return True
