"""A small world for the public figures, counted by hand: two cases, three provinces and
applicants whose village is not known, a few Civil Parties, and what the page must leave
out (drafts, the demo's practice case).

Applications (received), by province and case, and by sex:

    province          002   004   total      002: 18 women, 11 men
    Kampong Cham        3     8      11      004:  5 women, 13 men, 5 not stated
    Phnom Penh         20    10      30
    Siem Reap           0     0       0
    not known           6     5      11
    total              29    23      52

Civil Parties (admitted in 002, provisional in 004):

    province          002   004   total      002: 6 women, 3 men
    Kampong Cham        2     0       2      004: 3 women, 3 men
    Phnom Penh          7     6      13
    total               9     6      15
"""

from dataclasses import dataclass

from vss.applications.models import Status
from vss.geo.models import Village
from vss.people.models import Sex
from vss.proceedings.models import Case
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CommuneFactory,
    DistrictFactory,
    ProvinceFactory,
    VillageFactory,
)


@dataclass
class PublicWorld:
    case_002: Case
    case_004: Case
    demo: Case


def _village(code: str, name_en: str, name_km: str) -> Village:
    province = ProvinceFactory.create(code=code, name_en=name_en, name_km=name_km)
    district = DistrictFactory.create(code=f"{code}01", province=province)
    commune = CommuneFactory.create(code=f"{code}0101", district=district)
    return VillageFactory.create(code=f"{code}010101", commune=commune)


def _applications(
    count: int, *, case: Case, village: Village | None, sex: str, status: str = Status.RECEIVED
) -> None:
    for _ in range(count):
        ApplicationFactory.create(
            case=case, status=status, form__applicant__village=village, form__applicant__sex=sex
        )


def public_world() -> PublicWorld:
    kampong_cham = _village("03", "Kampong Cham", "កំពង់ចាម")
    phnom_penh = _village("12", "Phnom Penh", "ភ្នំពេញ")
    _village("17", "Siem Reap", "សៀមរាប")
    case_002 = CaseFactory.create(number="002", title="Case 002")
    case_004 = CaseFactory.create(number="004", title="Case 004")
    demo = CaseFactory.create(number="DEMO", title="Demo", is_demo=True)

    received, admitted, provisional = Status.RECEIVED, Status.ADMITTED, Status.PROVISIONAL
    female, male, unknown = Sex.FEMALE, Sex.MALE, Sex.UNKNOWN
    for count, case, village, sex, status in [
        # Case 002, Phnom Penh: 20, 7 of them Civil Parties (4 women, 3 men).
        (4, case_002, phnom_penh, female, admitted),
        (8, case_002, phnom_penh, female, received),
        (3, case_002, phnom_penh, male, admitted),
        (5, case_002, phnom_penh, male, received),
        # Case 002, Kampong Cham: the 3 the page must not show, 2 of them Civil Parties.
        (2, case_002, kampong_cham, female, admitted),
        (1, case_002, kampong_cham, female, received),
        # Case 002, village not known: 6.
        (3, case_002, None, female, received),
        (3, case_002, None, male, received),
        # Case 004, Phnom Penh: 10, 6 of them provisional Civil Parties (3 women, 3 men).
        (3, case_004, phnom_penh, female, provisional),
        (2, case_004, phnom_penh, female, received),
        (3, case_004, phnom_penh, male, provisional),
        (2, case_004, phnom_penh, male, received),
        # Case 004, Kampong Cham: 8 men; village not known: 5 whose sex was not stated.
        (8, case_004, kampong_cham, male, received),
        (5, case_004, None, unknown, received),
        # Left out: drafts the Section never received, and the demo's practice case.
        (2, case_002, kampong_cham, female, Status.DRAFT),
        (1, demo, kampong_cham, female, received),
        (1, demo, phnom_penh, male, admitted),
    ]:
        _applications(count, case=case, village=village, sex=sex, status=status)
    return PublicWorld(case_002=case_002, case_004=case_004, demo=demo)
