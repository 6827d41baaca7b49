"""Reads of an event's logistics: its vehicles and places to stay with what is left of
them, and its participants with where they sit and sleep, or why they do not yet."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from ..models import Accommodation, Event, Invitation, PickUpPoint, Vehicle
from ..services.logistics import (
    NotPlaced,
    accepted_for_placing,
    beds_needed,
    province_of,
    seats_needed,
    serving_point,
)


def event_seen(user: User, pk: int) -> Event:
    """An event the user reads: the right first (403), then the scope (404)."""
    policy.require_right(user, Right.VIEW_EVENTS)
    return get_object_or_404(policy.events_in_scope(user, Event.objects.all()), pk=pk)


def event_managed(user: User, pk: int) -> Event:
    policy.require_right(user, Right.MANAGE_EVENTS)
    return event_seen(user, pk)


def event_recorded(user: User, pk: int) -> Event:
    """An event the user checks people in at: 403 without the right, 404 out of scope,
    403 for a partner's user at an event they see but do not co-organise."""
    policy.require_right(user, Right.RECORD_ATTENDANCE)
    event = event_seen(user, pk)
    if not policy.can_record_attendance(user, event):
        raise PermissionDenied
    return event


@dataclass(frozen=True)
class Stop:
    point: PickUpPoint
    boarding: int  # people, companions with a seat counted


@dataclass(frozen=True)
class VehicleUse:
    vehicle: Vehicle
    taken: int
    stops: tuple[Stop, ...] = ()
    # Seated in the vehicle without a pick-up point.
    unstopped: int = 0

    @property
    def free(self) -> int:
        return self.vehicle.seats - self.taken


@dataclass(frozen=True)
class PlaceUse:
    place: Accommodation
    taken: int

    @property
    def free(self) -> int:
        return self.place.beds - self.taken


@dataclass(frozen=True)
class ParticipantRow:
    invitation: Invitation
    name: str
    province: str
    seats: int
    beds: int
    vehicle: str
    place: str
    not_seated: str
    not_bedded: str
    pick_up: PickUpPoint | None = None
    no_pick_up: str = ""


@dataclass(frozen=True)
class Logistics:
    pick_up_points: list[PickUpPoint]
    vehicles: list[VehicleUse]
    places: list[PlaceUse]
    participants: list[ParticipantRow]
    not_seated: int
    not_bedded: int
    without_pick_up: int = 0


def _why_not_seated(invitation: Invitation, uses: list[VehicleUse]) -> NotPlaced:
    province = province_of(invitation)
    general = [u for u in uses if u.vehicle.province_id is None]
    candidates = [u for u in uses if province and u.vehicle.province_id == province] + general
    if province is None and not general:
        return NotPlaced.NO_PROVINCE
    if not candidates:
        return NotPlaced.NO_VEHICLE
    if all(u.free < seats_needed(invitation) for u in candidates):
        return NotPlaced.VEHICLES_FULL
    return NotPlaced.NOT_GIVEN_YET


def _why_no_pick_up(invitation: Invitation, points: list[PickUpPoint]) -> str:
    """Why a rider has no pick-up point: none serves where they live, or the seats were
    not given out since; nothing for someone with a point or without a seat."""
    if invitation.pick_up_point_id or not invitation.vehicle_id:
        return ""
    if not invitation.person.village_id:
        return str(NotPlaced.NO_PICK_UP_HOME.label)
    if serving_point(invitation.person.village_id, points) is None:
        return str(NotPlaced.NO_PICK_UP.label)
    return str(NotPlaced.NOT_GIVEN_YET.label)


def logistics_of(user: User, event: Event) -> Logistics:
    """In a fixed number of queries, however many participants and vehicles."""
    invitations = accepted_for_placing(event)
    vehicles = list(Vehicle.objects.filter(event=event).select_related("province"))
    places = list(Accommodation.objects.filter(event=event))
    seats_taken: dict[int, int] = {}
    beds_taken: dict[int, int] = {}
    for invitation in invitations:
        if invitation.vehicle_id:
            seats_taken[invitation.vehicle_id] = seats_taken.get(
                invitation.vehicle_id, 0
            ) + seats_needed(invitation)
        if invitation.accommodation_id:
            beds_taken[invitation.accommodation_id] = beds_taken.get(
                invitation.accommodation_id, 0
            ) + beds_needed(invitation)
    points = list(PickUpPoint.objects.filter(event=event).select_related("village"))
    point_of = {p.pk: p for p in points}
    boarding: dict[tuple[int, int | None], int] = {}
    for invitation in invitations:
        if invitation.vehicle_id:
            key = (invitation.vehicle_id, invitation.pick_up_point_id)
            boarding[key] = boarding.get(key, 0) + seats_needed(invitation)
    vehicle_uses = [
        VehicleUse(
            v,
            seats_taken.get(v.pk, 0),
            stops=tuple(
                Stop(point, boarding[(v.pk, point.pk)])
                for point in points
                if (v.pk, point.pk) in boarding
            ),
            unstopped=boarding.get((v.pk, None), 0),
        )
        for v in vehicles
    ]
    place_uses = [PlaceUse(p, beds_taken.get(p.pk, 0)) for p in places]
    free_beds = sum(u.free for u in place_uses)
    labels = {v.pk: v.label for v in vehicles}
    place_names = {p.pk: p.name for p in places}
    rows = []
    for invitation in invitations:
        not_seated = (
            "" if invitation.vehicle_id else str(_why_not_seated(invitation, vehicle_uses).label)
        )
        not_bedded = ""
        if places and not invitation.accommodation_id:
            short = free_beds < beds_needed(invitation)
            not_bedded = str((NotPlaced.NO_BEDS if short else NotPlaced.NOT_GIVEN_YET).label)
        rows.append(
            ParticipantRow(
                invitation=invitation,
                name=policy.display_name(user, invitation.person),
                province=province_of(invitation) or "",
                seats=seats_needed(invitation),
                beds=beds_needed(invitation),
                vehicle=labels.get(invitation.vehicle_id or 0, ""),
                place=place_names.get(invitation.accommodation_id or 0, ""),
                not_seated=not_seated,
                not_bedded=not_bedded,
                pick_up=point_of.get(invitation.pick_up_point_id or 0),
                no_pick_up=_why_no_pick_up(invitation, points),
            )
        )
    return Logistics(
        pick_up_points=points,
        vehicles=vehicle_uses,
        places=place_uses,
        participants=rows,
        not_seated=sum(1 for row in rows if row.not_seated),
        not_bedded=sum(1 for row in rows if row.not_bedded),
        without_pick_up=sum(1 for row in rows if row.no_pick_up),
    )


def pick_up_points_of(event: Event) -> QuerySet[PickUpPoint]:
    """The event's pick-up points in time order, as a choice on an invitation's page."""
    return PickUpPoint.objects.filter(event=event).order_by("pick_up_at", "id")
