"""Check-ins sent from the tablet: each recorded once whatever is sent again, each
answered for alone, allowances paid in riel or dollars."""

import json
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Invitation, InvitationStatus
from vss.outreach.services import attendance
from vss.outreach.services.attendance import Allowance, CheckIn, Outcome
from vss.testing.clients import signed_in

from .day_world import day_world

pytestmark = pytest.mark.django_db


def _send(client, event, items):
    return client.post(
        reverse("outreach:check_in_send", args=[event.pk]),
        json.dumps({"check_ins": items}),
        content_type="application/json",
    )


def _item(invitation, key=None, **values):
    return {"key": str(key or uuid.uuid4()), "invitation": invitation.pk, **values}


def _check_in_entries(invitation) -> int:
    return AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="outreach.invitation", object_id=str(invitation.pk)
    ).count()


def test_a_check_in_sent_three_times_is_recorded_once(request, partner):
    world = day_world(partner=partner, people=1)
    client = signed_in(request, "partner")
    item = _item(world.invitations[0], at="2026-01-01T08:00:00+07:00")
    outcomes = [
        _send(client, world.event, [item]).json()["results"][0]["outcome"] for _ in range(3)
    ]
    assert outcomes == [Outcome.RECORDED, Outcome.ALREADY, Outcome.ALREADY]
    invitation = Invitation.objects.get(pk=world.invitations[0].pk)
    assert str(invitation.check_in_key) == item["key"]
    assert invitation.checked_in_by == partner
    assert invitation.attended_at.isoformat() == "2026-01-01T01:00:00+00:00"
    assert invitation.version == 1
    assert _check_in_entries(invitation) == 1


def test_one_refused_check_in_does_not_hold_back_the_others(request):
    world = day_world(people=2)
    client = signed_in(request, "outreach")
    declined = world.invitations[1]
    Invitation.objects.filter(pk=declined.pk).update(status=InvitationStatus.DECLINED)
    items = [_item(world.invitations[0]), _item(declined), _item(world.invitations[2])]
    answer = _send(client, world.event, items)
    assert answer.status_code == 200
    assert [r["outcome"] for r in answer.json()["results"]] == [
        Outcome.RECORDED,
        Outcome.REFUSED,
        Outcome.RECORDED,
    ]
    assert answer.json()["results"][1]["message"]
    assert Invitation.objects.filter(attended_at__isnull=False).count() == 2


def test_a_person_ticked_on_two_tablets_is_checked_in_once(request):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    first = _send(client, world.event, [_item(world.invitations[0])])
    second = _send(client, world.event, [_item(world.invitations[0])])
    assert first.json()["results"][0]["outcome"] == Outcome.RECORDED
    assert second.json()["results"][0]["outcome"] == Outcome.ALREADY
    assert _check_in_entries(world.invitations[0]) == 1


def test_a_key_already_used_for_someone_else_is_refused(request):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    key = uuid.uuid4()
    _send(client, world.event, [_item(world.invitations[0], key)])
    answer = _send(client, world.event, [_item(world.invitations[1], key)])
    assert answer.json()["results"][0]["outcome"] == Outcome.REFUSED
    assert Invitation.objects.get(pk=world.invitations[1].pk).attended_at is None


def test_an_allowance_is_recorded_with_its_currency_once(request):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    paid = {"amount": "40000", "currency": "KHR"}
    item = _item(world.invitations[0], allowance=paid)
    _send(client, world.event, [item])
    again = _send(client, world.event, [_item(world.invitations[0], present=False, allowance=paid)])
    assert again.json()["results"][0]["outcome"] == Outcome.ALREADY
    invitation = Invitation.objects.get(pk=world.invitations[0].pk)
    assert invitation.allowance_amount == Decimal("40000.00")
    assert invitation.allowance_currency == "KHR"
    assert invitation.allowance_paid_at == invitation.attended_at


@pytest.mark.parametrize(
    ("item", "present"),
    [
        ({"present": False, "allowance": {"amount": "10", "currency": "USD"}}, False),
        ({"allowance": {"amount": "10", "currency": "EUR"}}, True),
        ({"allowance": {"amount": "-5", "currency": "USD"}}, True),
    ],
)
def test_an_allowance_to_someone_absent_or_in_another_currency_is_refused(request, item, present):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    answer = _send(client, world.event, [_item(world.invitations[0], **item)])
    assert answer.json()["results"][0]["outcome"] == Outcome.REFUSED
    invitation = Invitation.objects.get(pk=world.invitations[0].pk)
    assert invitation.allowance_paid_at is None
    # The refused allowance takes the check-in it came with back with it.
    assert invitation.attended_at is None


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b'{"check_ins": [{"key": "not-a-key", "invitation": 1}]}', b"{not json"],
)
def test_a_body_that_is_not_a_tablets_check_ins_is_refused_whole(request, body):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    answer = client.post(
        reverse("outreach:check_in_send", args=[world.event.pk]),
        body,
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["error"]
    assert not Invitation.objects.filter(attended_at__isnull=False).exists()


def test_a_partner_not_co_organising_the_event_records_nothing(partner):
    world = day_world(people=1)
    check_in = CheckIn(key=uuid.uuid4(), invitation_id=world.invitations[0].pk)
    with pytest.raises(PermissionDenied):
        attendance.check_ins_record(user=partner, event=world.event, check_ins=[check_in])


def test_a_check_in_stamped_later_than_now_takes_the_servers_time(outreach):
    world = day_world(people=1)
    check_in = CheckIn(
        key=uuid.uuid4(),
        invitation_id=world.invitations[0].pk,
        at=attendance.timezone.now() + attendance.datetime.timedelta(days=2),
    )
    attendance.check_in_record(user=outreach, event=world.event, check_in=check_in)
    invitation = Invitation.objects.get(pk=world.invitations[0].pk)
    assert invitation.attended_at <= attendance.timezone.now()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once need PostgreSQL"
)
def test_the_same_check_ins_sent_at_once_from_two_connections_are_recorded_once(outreach):
    world = day_world(people=3)
    check_ins = [
        CheckIn(
            key=uuid.uuid4(),
            invitation_id=i.pk,
            allowance=Allowance(amount=Decimal("5"), currency="USD"),
        )
        for i in world.invitations
    ]
    start = threading.Barrier(4)
    results: list[list[str]] = []

    def send() -> None:
        try:
            start.wait()
            answers = attendance.check_ins_record(
                user=outreach, event=world.event, check_ins=check_ins
            )
            results.append([a.outcome for a in answers])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorded = sum(outcomes.count(Outcome.RECORDED) for outcomes in results)
    assert len(results) == 4
    assert recorded == len(world.invitations)
    assert Invitation.objects.filter(attended_at__isnull=False).count() == len(world.invitations)
    assert AuditEntry.objects.filter(
        object_type="outreach.invitation", action=AuditAction.UPDATE
    ).count() == len(world.invitations)
