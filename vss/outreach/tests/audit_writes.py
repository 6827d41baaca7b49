"""Every kind of audit entry outreach's services write, written once each for the
auditor's log test (vss/audit/tests/test_every_entry_is_shown.py). Each area of outreach
adds its writes here, and the entries they make to OUTREACH_WRITTEN."""

from django.utils import timezone

from vss.audit.models import AuditAction as A
from vss.outreach.models import MessageChannel, Subscriber
from vss.outreach.services import preferences
from vss.testing.factories import ContactPreferenceFactory

OUTREACH_WRITTEN = {
    (A.UPDATE, "outreach.contactpreference"),
    (A.UPDATE, "outreach.subscriber"),
}


def _messages() -> None:
    preference = ContactPreferenceFactory.create()
    preferences.messages_stop(token=preference.stop_token, how="link")
    subscriber = Subscriber.objects.create(
        channel=MessageChannel.EMAIL,
        email="reader@example.org",
        confirmed_at=timezone.now(),
        stop_token="subscriber-token",
    )
    preferences.messages_stop(token=subscriber.stop_token, how="link")


def outreach_writes(*, outreach, chief, partner, case) -> None:
    _messages()
