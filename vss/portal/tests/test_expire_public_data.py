"""The command cron runs so that the public site keeps nothing past its time: drafts
never sent, and counts of tries that limit nothing any more."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from vss.portal.models import OnlineDraft, Throttle
from vss.portal.services import applying
from vss.portal.services.throttling import Limit, attempt_count

pytestmark = pytest.mark.django_db

HOUR = Limit(action="test", attempts=5, window=datetime.timedelta(hours=1))


def test_it_wipes_old_drafts_and_forgets_old_counts_and_keeps_the_rest():
    old, _ = applying.draft_start(filer="victim", language="km")
    kept, _ = applying.draft_start(filer="relative", language="km")
    OnlineDraft.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    now = timezone.now()
    attempt_count(limit=HOUR, subject="10.0.0.1", now=now - datetime.timedelta(days=3))
    attempt_count(limit=HOUR, subject="10.0.0.1", now=now)

    out = StringIO()
    call_command("expire_public_data", stdout=out)

    assert out.getvalue().strip() == "1 unsent online forms wiped, 1 counts of tries forgotten"
    assert list(OnlineDraft.objects.all()) == [kept]
    assert Throttle.objects.count() == 1
    # The count of this hour still limits.
    assert attempt_count(limit=HOUR, subject="10.0.0.1", now=now) == 2
