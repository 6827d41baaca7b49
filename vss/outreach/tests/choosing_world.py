"""Civil Parties of a case in villages of several provinces, and an event of the case
co-organised by a partner organisation: the world of the choosing tests."""

from collections.abc import Sequence

from vss.accounts.models import Organisation
from vss.applications.models import Application, CrimeSuffered, Status
from vss.geo.models import Village
from vss.outreach.models import Event
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.testing.factories import (
    ApplicationFactory,
    CommuneFactory,
    CrimeTypeFactory,
    DistrictFactory,
    EventFactory,
    PersonFactory,
    ProvinceFactory,
    VifFactory,
    VillageFactory,
)

SIX_PROVINCES = ["03", "04", "06", "12", "18", "21"]


def village_in(province: str) -> Village:
    district = DistrictFactory.create(
        code=f"{province}01",
        name_en=f"District {province}",
        province=ProvinceFactory.create(
            code=province, name_en=f"Province {province}", name_km="ខេត្ត"
        ),
    )
    commune = CommuneFactory.create(code=f"{province}0101", district=district)
    return VillageFactory.create(code=f"{province}010101", commune=commune)


def civil_party(
    case: Case,
    *,
    province: str = "12",
    crimes: Sequence[str] = (),
    status: str = Status.ADMITTED,
    **person: object,
) -> Application:
    applicant: Person = PersonFactory.create(village=village_in(province), **person)
    application = ApplicationFactory.create(
        case=case, status=status, form=VifFactory.create(applicant=applicant)
    )
    for code in crimes:
        CrimeSuffered.objects.create(
            form=application.form, crime_type=CrimeTypeFactory.create(code=code, name=code)
        )
    return application


def event_of(case: Case, *, co_organiser: Organisation | None = None, capacity: int = 150) -> Event:
    event = EventFactory.create(cases=[case], capacity=capacity)
    if co_organiser is not None:
        event.co_organisers.add(co_organiser)
    return event
