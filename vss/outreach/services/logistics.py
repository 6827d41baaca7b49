"""Every write of an event's logistics: its pick-up points, vehicles and places to stay,
and the seats and beds its participants are given. Each function checks the user's
right, writes in one transaction and audits the write in it."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, check_version, new_values
from vss.geo.models import Province
from vss.people.models import Person
from vss.policy import Right

from .. import audit_labels
from ..models import (
    Accommodation,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    MessageKind,
    PickUpPoint,
    SendJob,
    Vehicle,
)
from .sending import Content, ContentFor, job_queue, job_start, messages_write


def _managed(user: User, event: Event) -> Event:
    """The event locked for the write, once the user is found to run events and to see
    this one."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    if not policy.events_in_scope(user, Event.objects.filter(pk=event.pk)).exists():
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.archived_at is not None or event.status != EventStatus.PLANNED:
        raise ValidationError(_("Only a planned event's logistics can be changed."))
    return event


def event_label(event: Event) -> str:
    """An event as the log names it: by its number, for its title is typed text."""
    return audit_label(audit_labels.EVENT_NUMBER, event=event.pk)


def _required(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def _created(user: User, record: models.Model, event: Event, values: dict[str, Any]) -> None:
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=record,
        label=event_label(event),
        changes=new_values({"event": event.pk, **values}),
    )


@transaction.atomic
def pick_up_point_add(
    *,
    user: User,
    event: Event,
    name: str,
    pick_up_at: datetime.datetime,
    village_code: str | None = None,
) -> PickUpPoint:
    event = _managed(user, event)
    point = PickUpPoint.objects.create(
        event=event,
        name=_required(name, "name", _("Name the place.")),
        village_id=village_code or None,
        pick_up_at=pick_up_at,
    )
    _created(
        user,
        point,
        event,
        {
            "name": point.name,
            "village": village_code or None,
            "pick_up_at": pick_up_at.isoformat(),
        },
    )
    return point


@transaction.atomic
def vehicle_add(
    *,
    user: User,
    event: Event,
    label: str,
    seats: int,
    route: str = "",
    province: Province | None = None,
    driver_contact: str = "",
) -> Vehicle:
    event = _managed(user, event)
    if seats <= 0:
        raise ValidationError({"seats": _("A vehicle has at least one seat.")})
    vehicle = Vehicle.objects.create(
        event=event,
        label=_required(label, "label", _("Name the vehicle.")),
        seats=seats,
        route=route.strip(),
        province=province,
        driver_contact=driver_contact.strip(),
    )
    _created(
        user,
        vehicle,
        event,
        {
            "label": vehicle.label,
            "seats": seats,
            "route": vehicle.route,
            "province": province.pk if province else None,
        },
    )
    return vehicle


@transaction.atomic
def accommodation_add(
    *,
    user: User,
    event: Event,
    name: str,
    beds: int,
    nights: int = 1,
    village_code: str | None = None,
) -> Accommodation:
    event = _managed(user, event)
    if beds <= 0:
        raise ValidationError({"beds": _("A place to stay has at least one bed.")})
    if nights <= 0:
        raise ValidationError({"nights": _("A stay lasts at least one night.")})
    place = Accommodation.objects.create(
        event=event,
        name=_required(name, "name", _("Name the place to stay.")),
        beds=beds,
        nights=nights,
        village_id=village_code or None,
    )
    _created(
        user,
        place,
        event,
        {"name": place.name, "beds": beds, "nights": nights, "village": village_code or None},
    )
    return place


# --- seats and beds -----------------------------------------------------------------------


class NotPlaced(models.TextChoices):
    NO_PROVINCE = "no_province", _("Where the person lives is not known.")
    NO_VEHICLE = "no_vehicle", _("No vehicle goes to the person's province.")
    VEHICLES_FULL = "vehicles_full", _("The vehicles of the person's province are full.")
    NO_BEDS = "no_beds", _("Not enough beds are left for the person and their companions.")
    NOT_GIVEN_YET = "not_given_yet", _("Places were not given out since the person accepted.")
    NO_PICK_UP = "no_pick_up", _("No pick-up point of the event is in the person's province.")
    NO_PICK_UP_HOME = "no_pick_up_home", _("Where the person lives is not known: no pick-up point.")


@dataclass(frozen=True)
class Unplaced:
    invitation: Invitation
    why: NotPlaced
    needed: int


@dataclass(frozen=True)
class Placement:
    """Who was given a seat or a bed, and who could not be, each with why."""

    placed: dict[int, int]  # invitation id -> vehicle or accommodation id
    unplaced: list[Unplaced]
    # Given out with the seats: invitation id -> pick-up point id, and the riders left
    # without one, each with why.
    pick_ups: dict[int, int] = field(default_factory=dict)
    no_pick_up: list[Unplaced] = field(default_factory=list)


def accepted_for_placing(event: Event) -> list[Invitation]:
    """The participants in the order they are placed: the draw's order, then the oldest
    invitation first, with their companions counted."""
    return list(
        Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED)
        .select_related("person")
        .prefetch_related("companions")
        .order_by(F("rank").asc(nulls_last=True), "id")
    )


def seats_needed(invitation: Invitation) -> int:
    return 1 + sum(1 for companion in invitation.companions.all() if companion.needs_seat)


def beds_needed(invitation: Invitation) -> int:
    return 1 + len(invitation.companions.all())


def province_of(invitation: Invitation) -> str | None:
    village = invitation.person.village_id
    return village[:2] if village else None


def seat_plan(invitations: list[Invitation], vehicles: list[Vehicle]) -> Placement:
    """Each participant with the companions who need a seat, together, in a vehicle of
    their province, else in one that serves no province in particular; never more people
    than a vehicle has seats."""
    free = {vehicle.pk: vehicle.seats for vehicle in vehicles}
    by_province: dict[str | None, list[Vehicle]] = defaultdict(list)
    for vehicle in vehicles:
        by_province[vehicle.province_id].append(vehicle)
    placed: dict[int, int] = {}
    unplaced: list[Unplaced] = []
    for invitation in invitations:
        needed = seats_needed(invitation)
        province = province_of(invitation)
        own = by_province.get(province, []) if province else []
        candidates = [*own, *by_province.get(None, [])]
        chosen = next((v for v in candidates if free[v.pk] >= needed), None)
        if chosen is not None:
            free[chosen.pk] -= needed
            placed[invitation.pk] = chosen.pk
            continue
        if province is None and not by_province.get(None):
            why = NotPlaced.NO_PROVINCE
        elif not candidates:
            why = NotPlaced.NO_VEHICLE
        else:
            why = NotPlaced.VEHICLES_FULL
        unplaced.append(Unplaced(invitation=invitation, why=why, needed=needed))
    return Placement(placed=placed, unplaced=unplaced)


# A village code's prefixes from the village itself up to its commune, district and
# province (8, 6, 4 and 2 digits): the nearest pick-up point is found at the first level
# that has one.
GAZETTEER_LEVELS = (8, 6, 4, 2)


def serving_point(village_code: str | None, points: list[PickUpPoint]) -> PickUpPoint | None:
    """The pick-up point nearest to where the person lives by the gazetteer: in their
    village, else their commune, else district, else province; the earliest of those at
    that level. A point placed in no village serves nobody in particular."""
    if not village_code:
        return None
    for digits in GAZETTEER_LEVELS:
        near = [
            p for p in points if p.village_id and p.village_id[:digits] == village_code[:digits]
        ]
        if near:
            return min(near, key=lambda p: (p.pick_up_at, p.pk))
    return None


def pick_up_plan(
    invitations: list[Invitation], seated: dict[int, int], points: list[PickUpPoint]
) -> tuple[dict[int, int], list[Unplaced]]:
    """Each rider (a participant given a seat) with the pick-up point that serves them;
    the point the officer chose for someone is kept, seated or not; the riders without a
    point, with why."""
    given: dict[int, int] = {}
    without: list[Unplaced] = []
    for invitation in invitations:
        if invitation.pick_up_chosen and invitation.pick_up_point_id:
            given[invitation.pk] = invitation.pick_up_point_id
            continue
        if invitation.pk not in seated:
            continue
        point = serving_point(invitation.person.village_id, points)
        if point is not None:
            given[invitation.pk] = point.pk
            continue
        why = NotPlaced.NO_PICK_UP if invitation.person.village_id else NotPlaced.NO_PICK_UP_HOME
        without.append(Unplaced(invitation=invitation, why=why, needed=seats_needed(invitation)))
    return given, without


def bed_plan(invitations: list[Invitation], places: list[Accommodation]) -> Placement:
    """Each participant and all their companions under one roof, never more people than
    a place has beds."""
    free = {place.pk: place.beds for place in places}
    placed: dict[int, int] = {}
    unplaced: list[Unplaced] = []
    for invitation in invitations:
        needed = beds_needed(invitation)
        place = next((p for p in places if free[p.pk] >= needed), None)
        if place is None:
            unplaced.append(Unplaced(invitation=invitation, why=NotPlaced.NO_BEDS, needed=needed))
            continue
        free[place.pk] -= needed
        placed[invitation.pk] = place.pk
    return Placement(placed=placed, unplaced=unplaced)


def _apply(user: User, event: Event, plan: Placement, field: str) -> None:
    # Someone who declined after being placed gives their seat or bed back.
    holding = Invitation.objects.filter(event=event).filter(
        Q(status=InvitationStatus.ACCEPTED) | Q(**{f"{field}__isnull": False})
    )
    for invitation in holding.select_for_update().order_by("id"):
        target = plan.placed.get(invitation.pk)
        if getattr(invitation, f"{field}_id") != target:
            audited_update(
                invitation,
                actor=user,
                values={field: target},
                label=event_label(event),
            )


@transaction.atomic
def seats_assign(*, user: User, event: Event, expected_version: int | None = None) -> Placement:
    """Puts every accepted participant, and the companions who need a seat, in a vehicle
    (seat_plan), the seats given before given out again; says who could not be seated
    and why. A plan opened before the event was changed is refused."""
    event = _managed(user, event)
    check_version(event, expected_version)
    vehicles = list(Vehicle.objects.filter(event=event).order_by("label", "id"))
    invitations = accepted_for_placing(event)
    seats = seat_plan(invitations, vehicles)
    points = list(PickUpPoint.objects.filter(event=event))
    pick_ups, no_pick_up = pick_up_plan(invitations, seats.placed, points)
    plan = Placement(
        placed=seats.placed, unplaced=seats.unplaced, pick_ups=pick_ups, no_pick_up=no_pick_up
    )
    _apply_seats(user, event, plan)
    return plan


def _apply_seats(user: User, event: Event, plan: Placement) -> None:
    """Each participant's seat and pick-up point in one audited write. Whoever no longer
    rides (declined, or left without a seat) gives both back; the officer's choice of
    point goes with it once they hold no point."""
    holding = Invitation.objects.filter(event=event).filter(
        Q(status=InvitationStatus.ACCEPTED)
        | Q(vehicle__isnull=False)
        | Q(pick_up_point__isnull=False)
    )
    for invitation in holding.select_for_update().order_by("id"):
        vehicle = plan.placed.get(invitation.pk)
        point = plan.pick_ups.get(invitation.pk)
        values: dict[str, Any] = {}
        if invitation.vehicle_id != vehicle:
            values["vehicle"] = vehicle
        if invitation.pick_up_point_id != point:
            values["pick_up_point"] = point
        if point is None and invitation.pick_up_chosen:
            values["pick_up_chosen"] = False
        if values:
            audited_update(invitation, actor=user, values=values, label=event_label(event))


@transaction.atomic
def invitation_pick_up_set(
    *, user: User, invitation: Invitation, pick_up_point: PickUpPoint | None, version: int
) -> Invitation:
    """The officer's choice of where the person is picked up, kept when the seats are
    given out again; none puts the person back to the point that serves them then."""
    event = _managed(user, invitation.event)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if pick_up_point is not None and pick_up_point.event_id != event.pk:
        raise ValidationError({"pick_up_point": _("Choose a pick-up point of this event.")})
    if invitation.status != InvitationStatus.ACCEPTED:
        raise ValidationError(_("Only someone who has accepted is picked up."))
    audited_update(
        invitation,
        actor=user,
        values={
            "pick_up_point": pick_up_point.pk if pick_up_point else None,
            "pick_up_chosen": pick_up_point is not None,
        },
        label=event_label(event),
        expected_version=version,
    )
    return invitation


@transaction.atomic
def beds_assign(*, user: User, event: Event, expected_version: int | None = None) -> Placement:
    """Gives every accepted participant and their companions beds (bed_plan); says who
    could not be given any and why."""
    event = _managed(user, event)
    check_version(event, expected_version)
    places = list(Accommodation.objects.filter(event=event).order_by("name", "id"))
    plan = bed_plan(accepted_for_placing(event), places)
    _apply(user, event, plan, "accommodation")
    return plan


# --- telling the riders -------------------------------------------------------------------


def _pick_up_text(event: Event, point: PickUpPoint, vehicle: Vehicle | None) -> ContentFor:
    def content(language: str, channel: str) -> Content:
        title = getattr(event, f"title_{language}", "") or event.title
        when = formats.date_format(timezone.localtime(point.pick_up_at), "DATETIME_FORMAT")
        body = _(
            "For %(title)s, the Victims Support Section picks you up at %(place)s on "
            "%(when)s. Please be there on time."
        ) % {"title": title, "place": point.name, "when": when}
        if vehicle is not None:
            body += " " + _("Your vehicle: %(vehicle)s.") % {"vehicle": vehicle.label}
        return Content(subject=_("Your pick-up: %(title)s") % {"title": title}, body=body)

    return content


@transaction.atomic
def pick_ups_send(*, user: User, event: Event) -> SendJob:
    """Tells each rider given a pick-up point where and when they are picked up (and by
    which vehicle), by their channel and in their language, sent in the background (the
    job says who asked). The message key names the point and the vehicle: sent again, a
    rider is told only if either changed since."""
    event = _managed(user, event)
    riders = list(
        Invitation.objects.filter(
            event=event, status=InvitationStatus.ACCEPTED, pick_up_point__isnull=False
        )
        .select_related("pick_up_point", "vehicle")
        .order_by("pick_up_point", "vehicle", "id")
    )
    if not riders:
        raise ValidationError(_("Nobody has a pick-up point yet: give out the seats first."))
    groups: dict[tuple[int, int | None], list[Invitation]] = defaultdict(list)
    for rider in riders:
        groups[(rider.pick_up_point_id or 0, rider.vehicle_id)].append(rider)
    job = job_start(label=_("Pick-ups: %(event)s") % {"event": event.title}, user=user)
    for (point_id, vehicle_id), group in groups.items():
        first = group[0]
        assert first.pick_up_point is not None
        messages_write(
            job=job,
            kind=MessageKind.PICK_UP,
            people=Person.objects.filter(pk__in=[i.person_id for i in group]),
            content=_pick_up_text(event, first.pick_up_point, first.vehicle),
            key=f"pick-up-{event.pk}-{point_id}-{vehicle_id or 0}",
            news=False,
            event=event,
        )
    job_queue(job)
    return job
