"""Closing a referral on a page opened before a session or the ceremony was recorded is
refused: the closing says how far the referral has come now, and keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.support import services
from vss.support.models import Referral, ReferralStatus, ServiceType, SessionKind
from vss.testing.clients import signed_in
from vss.testing.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(partner) -> Referral:
    return ReferralFactory.create(
        partner=partner.organisation,
        service=ServiceType.COUNSELLING,
        referred_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def _close(referral: Referral) -> str:
    return reverse("support:referral_close", args=[referral.pk])


def test_the_closing_form_sends_the_version_it_was_opened_on(request, referral):
    page = signed_in(request, "partner").get(reverse("support:referral_detail", args=[referral.pk]))
    assert 'type="hidden" name="version" value="0"' in page.text


def test_a_closing_opened_before_a_session_was_recorded_is_refused(request, partner, referral):
    opened = referral.version
    services.session_record(
        actor=partner,
        referral=referral,
        kind=SessionKind.SESSION,
        held_on=timezone.localdate(),
        attended=True,
        outcome="CONFIDENTIAL-OUTCOME",
    )
    entries = AuditEntry.objects.exclude(action=AuditAction.VIEW).count()
    response = signed_in(request, "partner").post(
        _close(referral),
        {
            "closed_on": timezone.localdate().isoformat(),
            "reason": "Moved to Battambang",
            "version": opened,
        },
    )
    assert response.status_code == 400
    page = response.text
    assert "Someone else saved this record after you opened it" in page
    assert "Sessions held: 1" in page
    # The refusal tells how far the referral has come, never what a session said.
    refusal = str(response.context["closure_form"].non_field_errors())
    assert "Sessions held: 1" in refusal and "CONFIDENTIAL-OUTCOME" not in refusal
    assert "Moved to Battambang" in page
    assert response.context["closure_form"].data["version"] == str(opened + 1)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN
    assert AuditEntry.objects.exclude(action=AuditAction.VIEW).count() == entries

    # Once checked, the form shown again closes it.
    again = signed_in(request, "partner").post(
        _close(referral), dict(response.context["closure_form"].data.items())
    )
    assert again.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED


def test_a_closing_without_its_version_is_refused(request, referral):
    response = signed_in(request, "partner").post(
        _close(referral), {"closed_on": timezone.localdate().isoformat(), "reason": "Done"}
    )
    assert response.status_code == 400
    assert "This form was sent incomplete" in response.text
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN
