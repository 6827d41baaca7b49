"""Pick-up points, vehicles and places to stay, and the seats and beds given out: each
participant with the companions who need a seat in a vehicle of their province, never more
than its seats, and those who could not be seated told apart by why."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.models import Companion, EventStatus, InvitationStatus, Vehicle
from vss.outreach.services import logistics
from vss.outreach.services.logistics import NotPlaced
from vss.testing.factories import PersonFactory

from .day_world import day_world, participant, village_in

pytestmark = pytest.mark.django_db


def _why(plan, invitation) -> NotPlaced | None:
    return next((u.why for u in plan.unplaced if u.invitation.pk == invitation.pk), None)


def test_each_participant_sits_with_their_companion_in_a_vehicle_of_their_province(outreach):
    world = day_world(people=2)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    first, second, takeo = world.invitations
    assert plan.placed == {first.pk: world.vehicle.pk, second.pk: world.vehicle.pk}
    assert _why(plan, takeo) == NotPlaced.NO_VEHICLE
    first.refresh_from_db()
    assert first.vehicle == world.vehicle


def test_a_vehicle_never_takes_more_people_than_its_seats(outreach):
    world = day_world(people=3)
    Vehicle.objects.filter(pk=world.vehicle.pk).update(seats=3)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    first, second, third, _takeo = world.invitations
    # The first needs two seats (a companion), the second one: the third finds none.
    assert set(plan.placed) == {first.pk, second.pk}
    assert _why(plan, third) == NotPlaced.VEHICLES_FULL


def test_a_companion_who_needs_no_seat_takes_none_but_takes_a_bed(outreach):
    world = day_world(people=1)
    Companion.objects.filter(invitation=world.invitations[0]).update(needs_seat=False)
    Vehicle.objects.filter(pk=world.vehicle.pk).update(seats=1)
    world.place.beds = 1
    world.place.save(update_fields=["beds"])
    seats = logistics.seats_assign(user=outreach, event=world.event)
    beds = logistics.beds_assign(user=outreach, event=world.event)
    first, takeo = world.invitations
    assert seats.placed == {first.pk: world.vehicle.pk}
    # The participant and the companion need two beds; the one from Takeo gets the bed.
    assert _why(beds, first) == NotPlaced.NO_BEDS
    assert beds.placed == {takeo.pk: world.place.pk}


def test_a_vehicle_for_no_province_in_particular_takes_whoever_is_left(outreach):
    world = day_world(people=1)
    logistics.vehicle_add(user=outreach, event=world.event, label="Minibus", seats=10)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    assert plan.unplaced == []
    assert plan.placed[world.invitations[1].pk] != world.vehicle.pk


def test_someone_whose_village_is_not_known_is_told_apart(outreach):
    world = day_world(people=1)
    nowhere = participant(world.event, PersonFactory.create(village=None), rank=9)
    plan = logistics.seats_assign(user=outreach, event=world.event)
    assert _why(plan, nowhere) == NotPlaced.NO_PROVINCE


def test_someone_who_declined_after_being_seated_gives_the_seat_back(outreach):
    world = day_world(people=1)
    logistics.seats_assign(user=outreach, event=world.event)
    first = world.invitations[0]
    first.status = InvitationStatus.DECLINED
    first.save(update_fields=["status"])
    logistics.seats_assign(user=outreach, event=world.event)
    first.refresh_from_db()
    assert first.vehicle is None


def test_each_seat_given_is_audited_with_its_old_and_new_vehicle(outreach):
    world = day_world(people=1)
    logistics.seats_assign(user=outreach, event=world.event)
    entry = AuditEntry.objects.get(
        action=AuditAction.UPDATE,
        object_type="outreach.invitation",
        object_id=str(world.invitations[0].pk),
    )
    assert entry.changes["vehicle"] == {"old": None, "new": world.vehicle.pk}
    assert entry.changes["version"] == {"old": 0, "new": 1}


def test_a_plan_opened_before_the_event_changed_is_refused(outreach):
    world = day_world(people=1)
    world.event.version = 3
    world.event.save(update_fields=["version"])
    with pytest.raises(StaleEdit):
        logistics.seats_assign(user=outreach, event=world.event, expected_version=2)
    assert not AuditEntry.objects.filter(object_type="outreach.invitation").exists()


def test_only_those_who_run_events_change_logistics(intake, partner):
    world = day_world(partner=partner, people=1)
    for user in (intake, partner):
        with pytest.raises(PermissionDenied):
            logistics.vehicle_add(user=user, event=world.event, label="Van", seats=8)
        with pytest.raises(PermissionDenied):
            logistics.seats_assign(user=user, event=world.event)


def test_a_held_events_logistics_do_not_change(outreach):
    world = day_world(people=1)
    world.event.status = EventStatus.HELD
    world.event.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        logistics.vehicle_add(user=outreach, event=world.event, label="Van", seats=8)


def test_vehicles_places_and_pick_up_points_are_audited_as_created(outreach):
    world = day_world(people=1)
    village = village_in("21")
    point = logistics.pick_up_point_add(
        user=outreach,
        event=world.event,
        name=" Wat Phnom ",
        pick_up_at=timezone.now() + datetime.timedelta(days=3),
        village_code=village.code,
    )
    vehicle = logistics.vehicle_add(
        user=outreach,
        event=world.event,
        label="Bus 2",
        seats=25,
        province=village.commune.district.province,
    )
    place = logistics.accommodation_add(
        user=outreach, event=world.event, name="Hotel", beds=12, nights=2
    )
    assert point.name == "Wat Phnom"
    assert point.village == village
    for record in (point, vehicle, place):
        entry = AuditEntry.objects.get(
            action=AuditAction.CREATE,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
        )
        assert entry.changes["event"] == {"old": None, "new": world.event.pk}
    assert AuditEntry.objects.get(
        object_type="outreach.vehicle", object_id=str(vehicle.pk)
    ).changes["seats"] == {"old": None, "new": 25}


@pytest.mark.parametrize(
    ("values", "field"),
    [({"label": " ", "seats": 3}, "label"), ({"label": "Van", "seats": 0}, "seats")],
)
def test_a_vehicle_without_a_name_or_seats_is_refused(outreach, values, field):
    world = day_world(people=1)
    with pytest.raises(ValidationError) as refused:
        logistics.vehicle_add(user=outreach, event=world.event, **values)
    assert field in refused.value.message_dict
