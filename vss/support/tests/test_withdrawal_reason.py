"""Withdrawing a consent ends the referrals resting on it: the record must say how and to
whom the person withdrew it, in the form and in the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.support import services
from vss.support.models import ReferralStatus
from vss.testing.clients import signed_in
from vss.testing.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("note", ["", "  "])
def test_the_service_refuses_a_withdrawal_without_its_note(outreach, note):
    referral = ReferralFactory.create()
    with pytest.raises(ValidationError, match="how and to whom"):
        services.consent_withdraw(
            actor=outreach, consent=referral.consent, withdrawn_on=timezone.localdate(), note=note
        )
    referral.consent.refresh_from_db()
    referral.refresh_from_db()
    assert referral.consent.withdrawn_on is None
    assert referral.status == ReferralStatus.OPEN


def test_the_form_asks_for_the_note_and_keeps_the_date_typed(request):
    referral = ReferralFactory.create()
    entries = AuditEntry.objects.exclude(action=AuditAction.VIEW).count()
    typed = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = signed_in(request, "outreach").post(
        reverse("support:consent_withdraw", args=[referral.consent_id]),
        {"withdrawn_on": typed, "note": ""},
    )
    assert response.status_code == 400
    assert "Say how and to whom the person withdrew their consent." in response.text
    assert f'value="{typed}"' in response.text
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_on is None
    assert AuditEntry.objects.exclude(action=AuditAction.VIEW).count() == entries
