"""Pick-up points given out with the seats: each rider the point nearest where they live
by the gazetteer (village, then commune, district, province), the officer's choice kept
when the seats are given out again, the riders without a point listed with why, and the
logistics page showing each vehicle's stops in time order with how many board."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from vss.audit.models import AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.models import InvitationStatus, Message, MessageKind, PickUpPoint
from vss.outreach.services import logistics
from vss.outreach.services.logistics import NotPlaced
from vss.people.models import Person
from vss.testing.clients import signed_in
from vss.testing.factories import (
    CommuneFactory,
    DistrictFactory,
    PersonFactory,
    ProvinceFactory,
    VillageFactory,
)

from .day_world import day_world, participant

pytestmark = pytest.mark.django_db


def _village(code: str):
    province = ProvinceFactory.create(code=code[:2])
    district = DistrictFactory.create(code=code[:4], province=province)
    commune = CommuneFactory.create(code=code[:6], district=district)
    return VillageFactory.create(code=code, commune=commune)


def _rider(world, code: str, rank: int):
    return participant(world.event, PersonFactory.create(village=_village(code)), rank=rank)


@pytest.fixture
def world(outreach):
    made = day_world(people=1)
    logistics.vehicle_add(user=outreach, event=made.event, label="Minibus", seats=20)
    start = made.point.pick_up_at
    made.school = PickUpPoint.objects.create(
        event=made.event,
        name="School",
        village=_village("03010201"),
        pick_up_at=start - datetime.timedelta(hours=1),
    )
    made.clinic = PickUpPoint.objects.create(
        event=made.event,
        name="Health centre",
        village=_village("03020101"),
        pick_up_at=start + datetime.timedelta(hours=1),
    )
    return made


def test_each_rider_gets_the_nearest_point_by_the_gazetteer(outreach, world):
    in_village = world.invitations[0]  # lives where the pagoda is
    in_commune = _rider(world, "03010102", 10)
    in_district = _rider(world, "03020201", 11)
    in_province = _rider(world, "03030101", 12)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    # The pagoda's village beats the earlier school; the commune and district levels
    # come before any time; the province level takes the earliest of its points.
    assert plan.pick_ups[in_village.pk] == world.point.pk
    assert plan.pick_ups[in_commune.pk] == world.point.pk
    assert plan.pick_ups[in_district.pk] == world.clinic.pk
    assert plan.pick_ups[in_province.pk] == world.school.pk
    in_district.refresh_from_db()
    assert (in_district.pick_up_point, in_district.pick_up_chosen) == (world.clinic, False)
    entry = AuditEntry.objects.filter(
        object_type="outreach.invitation", object_id=str(in_district.pk)
    ).latest("pk")
    assert entry.changes["pick_up_point"] == {"old": None, "new": world.clinic.pk}


def test_riders_with_no_point_are_listed_with_why(outreach, world):
    takeo = world.invitations[-1]  # seated in the minibus; no point in Takeo
    nowhere = participant(world.event, PersonFactory.create(village=None), rank=9)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    assert plan.placed[takeo.pk] and plan.placed[nowhere.pk]
    why = {u.invitation.pk: u.why for u in plan.no_pick_up}
    assert why == {takeo.pk: NotPlaced.NO_PICK_UP, nowhere.pk: NotPlaced.NO_PICK_UP_HOME}


def test_the_officer_s_choice_is_kept_when_the_seats_are_given_out_again(outreach, world):
    rider = world.invitations[0]
    logistics.seats_assign(user=outreach, event=world.event)
    rider.refresh_from_db()
    logistics.invitation_pick_up_set(
        user=outreach, invitation=rider, pick_up_point=world.clinic, version=rider.version
    )
    plan = logistics.seats_assign(user=outreach, event=world.event)
    assert plan.pick_ups[rider.pk] == world.clinic.pk
    rider.refresh_from_db()
    assert (rider.pick_up_point, rider.pick_up_chosen) == (world.clinic, True)
    # Cleared, the choice goes back to the point that serves the person.
    logistics.invitation_pick_up_set(
        user=outreach, invitation=rider, pick_up_point=None, version=rider.version
    )
    logistics.seats_assign(user=outreach, event=world.event)
    rider.refresh_from_db()
    assert (rider.pick_up_point, rider.pick_up_chosen) == (world.point, False)


def test_a_rider_who_declined_gives_the_point_back(outreach, world):
    rider = world.invitations[0]
    logistics.seats_assign(user=outreach, event=world.event)
    rider.refresh_from_db()
    rider.status = InvitationStatus.DECLINED
    rider.save(update_fields=["status"])
    logistics.seats_assign(user=outreach, event=world.event)
    rider.refresh_from_db()
    assert (rider.pick_up_point, rider.vehicle) == (None, None)


def test_the_officer_s_choice_is_checked(outreach, partner, world):
    rider = world.invitations[0]
    other = day_world(people=1)
    with pytest.raises(ValidationError):
        logistics.invitation_pick_up_set(
            user=outreach, invitation=rider, pick_up_point=other.point, version=rider.version
        )
    with pytest.raises(StaleEdit):
        logistics.invitation_pick_up_set(
            user=outreach, invitation=rider, pick_up_point=world.clinic, version=rider.version + 1
        )
    with pytest.raises(PermissionDenied):
        logistics.invitation_pick_up_set(
            user=partner, invitation=rider, pick_up_point=world.clinic, version=rider.version
        )
    rider.refresh_from_db()
    assert rider.pick_up_point is None


def test_the_logistics_page_shows_each_vehicle_s_stops_in_time_order(request, outreach, world):
    _rider(world, "03030101", 12)  # boards at the school, first in time
    logistics.seats_assign(user=outreach, event=world.event)
    page = signed_in(request, "outreach").get(
        reverse("outreach:day_logistics", args=[world.event.pk])
    )
    html = page.content.decode()
    bus = html.split('id="vehicles"', 1)[1].split("</tr>", 2)[1]
    # Bus 1 takes the Kampong Cham riders: one at the school, then the first participant
    # and her daughter at the pagoda; the minibus takes the rider from Takeo, who has no
    # point.
    assert bus.index("School") < bus.index("Pagoda")
    assert "2 people board" in bus and "1 person boards" in bus
    assert escape(str(NotPlaced.NO_PICK_UP.label)) in html


def test_the_officer_changes_the_point_on_the_invitation_s_page(request, outreach, world):
    rider = world.invitations[0]
    logistics.seats_assign(user=outreach, event=world.event)
    rider.refresh_from_db()
    client = signed_in(request, "outreach")
    page = client.get(reverse("outreach:invitation_detail", args=[rider.pk])).content.decode()
    assert "Health centre" in page
    url = reverse("outreach:invitation_pick_up", args=[rider.pk])
    body = {"pick_up_point": str(world.clinic.pk), "version": str(rider.version)}
    assert client.get(url).status_code == 405
    assert signed_in(request, "partner").post(url, body).status_code == 403
    assert client.post(url, {**body, "pick_up_point": "9" * 30}).status_code == 400
    stale = client.post(url, {**body, "version": str(rider.version + 5)})
    assert stale.status_code == 400
    assert client.post(url, body).status_code == 302
    rider.refresh_from_db()
    assert (rider.pick_up_point, rider.pick_up_chosen) == (world.clinic, True)
    missing = reverse("outreach:invitation_pick_up", args=[rider.pk + 1000])
    assert client.post(missing, body).status_code == 404
    csrf = signed_in(request, "outreach", enforce_csrf_checks=True)
    assert csrf.post(url, {**body, "pick_up_point": ""}).status_code == 403


def test_each_rider_is_told_where_and_when_in_their_language(
    request, outreach, world, django_capture_on_commit_callbacks
):
    rider = world.invitations[0]
    Person.objects.filter(pk=rider.person_id).update(preferred_language="fr", phone="012 345 678")
    url = reverse("outreach:pick_ups_send", args=[world.event.pk])
    client = signed_in(request, "outreach")
    assert client.post(url).status_code == 400  # nobody has a point yet
    logistics.seats_assign(user=outreach, event=world.event)
    assert client.get(url).status_code == 405
    assert signed_in(request, "partner").post(url).status_code == 403
    with django_capture_on_commit_callbacks():
        assert client.post(url).status_code == 302
        client.post(url)  # asked twice: nobody is told twice the same
    told = Message.objects.get(person=rider.person, kind=MessageKind.PICK_UP)
    assert (told.language, told.event) == ("fr", world.event)
    assert "Pagoda" in told.body and "Bus 1" in told.body and "vous" in told.body
    # The Takeo rider has no point and is told nothing.
    assert Message.objects.filter(kind=MessageKind.PICK_UP).count() == 1
    rider.refresh_from_db()
    logistics.invitation_pick_up_set(
        user=outreach, invitation=rider, pick_up_point=world.clinic, version=rider.version
    )
    with django_capture_on_commit_callbacks():
        client.post(url)
    bodies = Message.objects.filter(person=rider.person, kind=MessageKind.PICK_UP)
    assert bodies.count() == 2 and any("Health centre" in m.body for m in bodies)
