"""An event on the eve of its day: a verdict attendance co-organised by a partner, with
participants from two provinces who accepted, a companion, vehicles, a place to stay and a
pick-up point."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from vss.accounts.models import User
from vss.geo.models import Village
from vss.outreach.models import (
    Accommodation,
    Companion,
    Event,
    Invitation,
    InvitationStatus,
    PickUpPoint,
    Vehicle,
)
from vss.people.models import Person
from vss.testing.factories import (
    CommuneFactory,
    DistrictFactory,
    EventFactory,
    InvitationFactory,
    PersonFactory,
    ProvinceFactory,
    VillageFactory,
)

PROVINCES = {"03": ("Kampong Cham", "កំពង់ចាម"), "21": ("Takeo", "តាកែវ")}


def village_in(code: str) -> Village:
    name_en, name_km = PROVINCES[code]
    province = ProvinceFactory.create(code=code, name_en=name_en, name_km=name_km)
    district = DistrictFactory.create(code=f"{code}01", province=province)
    commune = CommuneFactory.create(code=f"{code}0101", district=district)
    return VillageFactory.create(
        code=f"{code}010101", commune=commune, name_en="Phum Thmei", name_km="ភូមិថ្មី"
    )


def participant(event: Event, person: Person, rank: int, **values: object) -> Invitation:
    return InvitationFactory.create(
        event=event, person=person, rank=rank, status=InvitationStatus.ACCEPTED, **values
    )


@dataclass
class DayWorld:
    event: Event
    invitations: list[Invitation]
    vehicle: Vehicle
    place: Accommodation
    point: PickUpPoint


def day_world(*, partner: User | None = None, people: int = 3) -> DayWorld:
    """`people` participants from Kampong Cham (the first with a companion who needs a
    seat), and one from Takeo."""
    event = EventFactory.create(title_en="", title_fr="")
    if partner is not None and partner.organisation is not None:
        event.co_organisers.add(partner.organisation)
    cham, takeo = village_in("03"), village_in("21")
    invitations = [
        participant(
            event,
            PersonFactory.create(
                family_name_km="សុខ",
                given_name_km=f"ស្រីមុំ{n}" if n else "ស្រីមុំ",
                family_name_latin="SOK",
                given_name_latin=f"Sreymom{n}",
                village=cham,
                sex="female" if n % 2 == 0 else "male",
            ),
            rank=n + 1,
        )
        for n in range(people)
    ]
    invitations.append(
        participant(
            event,
            PersonFactory.create(
                family_name_km="ជា",
                given_name_km="វណ្ណា",
                family_name_latin="CHEA",
                given_name_latin="Vanna",
                village=takeo,
                sex="male",
            ),
            rank=people + 1,
            accessibility_needs="Walks with a stick",
        )
    )
    Companion.objects.create(invitation=invitations[0], name="Daughter", needs_seat=True)
    vehicle = Vehicle.objects.create(event=event, label="Bus 1", seats=30, province_id="03")
    place = Accommodation.objects.create(event=event, name="Guest house", beds=20)
    point = PickUpPoint.objects.create(
        event=event,
        name="Pagoda",
        village=cham,
        pick_up_at=timezone.now() + datetime.timedelta(days=29),
    )
    return DayWorld(event=event, invitations=invitations, vehicle=vehicle, place=place, point=point)
