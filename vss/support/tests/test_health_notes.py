"""Health and counselling texts: read only by the referral's partner and the Chief, every
read audited, and never copied into the audit log."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditEntry
from vss.support import services
from vss.support.models import ServiceType, SessionKind
from vss.testing.factories import ReferralFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
NOTE = "NOTE-TEXT flashbacks at night"
OUTCOME = "OUTCOME-TEXT spoke about the prison"


@pytest.fixture
def referral(partner):
    today = timezone.localdate()
    referral = ReferralFactory.create(
        partner=partner.organisation,
        service=ServiceType.TESTIMONIAL_THERAPY,
        referred_on=today - 30 * DAY,
        consent__given_on=today - 31 * DAY,
    )
    services.session_record(
        actor=partner,
        referral=referral,
        kind=SessionKind.SESSION,
        held_on=today - 20 * DAY,
        attended=True,
        outcome=OUTCOME,
    )
    services.health_note_add(actor=partner, referral=referral, text=NOTE)
    return referral


def _get(user, referral) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("support:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _note_reads(user, referral) -> int:
    return AuditEntry.objects.filter(
        actor=user, action="view", object_type="support.healthnote", object_id=str(referral.pk)
    ).count()


@pytest.mark.parametrize("name", ["partner", "chief"])
def test_readers_see_the_texts_and_each_read_is_audited(request, referral, name):
    user = request.getfixturevalue(name)
    for reads in (1, 2):
        body = _get(user, referral)
        assert NOTE in body
        assert OUTCOME in body
        assert _note_reads(user, referral) == reads
    entry = AuditEntry.objects.filter(actor=user, object_type="support.healthnote").first()
    assert entry is not None
    assert entry.object_label == f"health notes of referral {referral.pk}"
    assert NOTE not in str(entry.changes)


@pytest.mark.parametrize("name", ["intake", "legal", "outreach"])
def test_other_readers_see_dates_and_attendance_only(request, referral, name):
    user = request.getfixturevalue(name)
    body = _get(user, referral)
    assert NOTE not in body
    assert OUTCOME not in body
    assert "1 session held" in body
    assert "public testimony ceremony pending" in body
    assert _note_reads(user, referral) == 0
    # The read of the referral itself is audited all the same.
    assert AuditEntry.objects.filter(
        actor=user, action="view", object_type="support.referral", object_id=str(referral.pk)
    ).exists()


def test_the_audit_log_never_holds_the_texts(referral, partner, chief, auditor):
    _get(partner, referral)
    _get(chief, referral)
    everything = " ".join(f"{e.object_label} {e.changes}" for e in AuditEntry.objects.all())
    assert "NOTE-TEXT" not in everything
    assert "OUTCOME-TEXT" not in everything
    client = Client()
    client.force_login(auditor)
    log = client.get(reverse("audit:list")).content.decode()
    assert "NOTE-TEXT" not in log
    assert "OUTCOME-TEXT" not in log
    assert services.WITHHELD in log


def test_the_partner_writes_notes_from_the_page(referral, partner):
    client = Client()
    client.force_login(partner)
    url = reverse("support:note_add", args=[referral.pk])
    assert client.post(url, {"text": "Second note"}).status_code == 302
    assert referral.health_notes.count() == 2
    assert client.post(url, {"text": ""}).status_code == 400


def test_the_reason_a_referral_closed_is_read_like_a_note(request, referral, partner) -> None:
    """ "Admitted to hospital" is health information: the audit log withholds it, and so
    does the page for those who may not read notes."""
    services.referral_close(
        actor=partner,
        referral=referral,
        closed_on=timezone.localdate(),
        reason="CLOSURE-TEXT admitted to hospital",
        without_ceremony=True,
    )
    assert "CLOSURE-TEXT" in _get(partner, referral)
    for name in ("intake", "outreach"):
        page = _get(request.getfixturevalue(name), referral)
        assert "CLOSURE-TEXT" not in page
        assert "Closed" in page
