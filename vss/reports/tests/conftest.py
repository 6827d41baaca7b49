"""A case written by hand for the annex of Civil Parties: Case 002 and its segment 002/01,
three admitted Civil Parties (one protected, one whose name would start a formula), one
provisionally admitted, one rejected, one of another case, and lawyers: practising,
suspended, and one whose mandate ended."""

import datetime

import pytest
from django.utils import timezone

from vss.applications.models import Status
from vss.representation.models import LawyerStatus
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CommuneFactory,
    DistrictFactory,
    LawyerFactory,
    PersonFactory,
    ProvinceFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)

PROTECTED_KM, PROTECTED_LATIN, PSEUDONYM = "ស្រីមុំ", "Sreymom", "Witness TCW-9"


def _village(code: str, province: tuple[str, str, str]):
    province_code, name_en, name_km = province
    district = DistrictFactory.create(
        code=f"{province_code}01",
        province=ProvinceFactory.create(code=province_code, name_en=name_en, name_km=name_km),
    )
    commune = CommuneFactory.create(code=f"{province_code}0101", district=district)
    return VillageFactory.create(code=code, commune=commune)


TAKEO = ("21", "Takeo", "តាកែវ")
KAMPOT = ("07", "Kampot", "កំពត")


def civil_party(case, number: str, status: str, village=None, **person):
    applicant = PersonFactory.create(village=village, **person)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=applicant),
        case=case,
        status=status,
        vss_number=f"VSS-002-{number}",
    )


@pytest.fixture
def annex_case():
    """Case 002 with its segment 002/01, which lists the Civil Parties of 002."""
    case = CaseFactory.create(number="002", title="Case 002")
    CaseFactory.create(number="002/01", parent=case, accepts_applications=False)
    takeo, kampot = _village("21010101", TAKEO), _village("07010101", KAMPOT)
    # Typed in an order other than the VSS numbers', which the annex follows.
    third = civil_party(
        case, "00003", Status.ADMITTED_ON_APPEAL, takeo,
        family_name_latin="=HYPERLINK", given_name_latin="Evil", family_name_km="មាស",
    )  # fmt: skip
    first = civil_party(
        case, "00001", Status.ADMITTED, takeo,
        family_name_latin="KEO", given_name_latin="Sophal", family_name_km="កែវ",
        given_name_km="សុផល",
    )  # fmt: skip
    protected = civil_party(
        case, "00002", Status.ADMITTED, kampot,
        family_name_latin="SUON", given_name_latin=PROTECTED_LATIN, family_name_km="សួន",
        given_name_km=PROTECTED_KM, is_protected=True, pseudonym=PSEUDONYM,
    )  # fmt: skip
    provisional = civil_party(
        case, "00004", Status.PROVISIONAL, None, family_name_latin="CHAN", given_name_latin="Dara"
    )
    civil_party(case, "00005", Status.REJECTED, takeo, family_name_latin="REJECTED")
    civil_party(
        CaseFactory.create(number="003"), "00006", Status.ADMITTED, takeo, family_name_latin="OTHER"
    )
    national = LawyerFactory.create(family_name="HONG", given_name="Kimsuon")
    international = LawyerFactory.create(family_name="WERNER", given_name="Silke")
    suspended = LawyerFactory.create(family_name="GONE", status=LawyerStatus.SUSPENDED)
    for application, lawyer in [
        (first, national),
        (first, international),
        (protected, national),
        (third, suspended),
    ]:
        RepresentationFactory.create(application=application, lawyer=lawyer)
    RepresentationFactory.create(
        application=provisional,
        lawyer=international,
        ended_on=datetime.date(2012, 1, 1),
        end_reason="Revoked by the client",
    )
    return case


PENDING_PSEUDONYM = "Witness TCW-12"
PENDING_PROTECTED_LATIN = "Chanthou"


def filed(case, number, status, days_ago, **application):
    person = application.pop("person", {})
    applicant = PersonFactory.create(**person)
    received = timezone.localdate() - datetime.timedelta(days=days_ago)
    return ApplicationFactory.create(
        form=VifFactory.create(applicant=applicant, received_on=received),
        case=case,
        status=status,
        vss_number=f"VSS-{case.number}-{number}",
        **application,
    )


@pytest.fixture
def pending_world(chief):
    """Case 002, written by hand: waiting for a decision are 00001 (received, 10 days),
    00002 (transmitted, 40 days, a protected applicant), 00005 (screened, 60 days, late
    and accepted by the chief); 00004 is late and rejected, 00003 admitted and 00006
    incomplete are not waiting; in case 003, 00007 (received, 20 days) is waiting, its
    applicant's name one a spreadsheet would run. So: 4 waiting, 2 late, 1 accepted."""
    case = CaseFactory.create(number="002", title="Case 002")
    other = CaseFactory.create(number="003", title="Case 003")
    takeo = _village("21010101", TAKEO)
    filed(case, "00001", Status.RECEIVED, 10, person={"village": takeo})
    filed(
        case, "00002", Status.TRANSMITTED, 40,
        person={"given_name_latin": PENDING_PROTECTED_LATIN, "is_protected": True,
                "pseudonym": PENDING_PSEUDONYM},
    )  # fmt: skip
    filed(case, "00003", Status.ADMITTED, 5)
    filed(case, "00004", Status.REJECTED, 100, is_late=True)
    filed(
        case, "00005", Status.SCREENED, 60, is_late=True,
        deadline_override_reason="Sent on time by post", deadline_override_by=chief,
    )  # fmt: skip
    filed(case, "00006", Status.INCOMPLETE, 30)
    filed(
        other, "00007", Status.RECEIVED, 20,
        person={"family_name_latin": "=cmd", "given_name_latin": "Evil", "family_name_km": "",
                "given_name_km": ""},
    )  # fmt: skip
    # The totals of a reader of the whole registry are read as last counted.
    counting_now(user=None)
    return case
