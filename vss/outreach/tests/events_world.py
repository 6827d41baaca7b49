"""The records the tests of the report of outreach events and attendance meet."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from vss.accounts.models import OrganisationKind
from vss.outreach.models import (
    AllowanceCurrency,
    EventKind,
    EventStatus,
    InvitationStatus,
)
from vss.testing.factories import (
    CaseFactory,
    CommuneFactory,
    DistrictFactory,
    EventFactory,
    InvitationFactory,
    OrganisationFactory,
    PersonFactory,
    ProvinceFactory,
    VillageFactory,
)


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T09:00"))


def village_in(province_code: str, name: str):
    province = ProvinceFactory.create(code=province_code, name_en=name, name_km=name)
    district = DistrictFactory.create(code=f"{province_code}01", province=province)
    commune = CommuneFactory.create(code=f"{province_code}0101", district=district)
    return VillageFactory.create(code=f"{province_code}010101", commune=commune)


def events_world(partner):
    """Case 002 with its segment 002/02, and Case 004.

    | event | kind     | status  | starts     | cases    | invited | coming | came (w/m) |
    | E3    | verdict  | planned | 2024-12-01 | 002, 004 | 0       | 0      | 0          |
    | E2    | regional | held    | 2024-08-01 | 004      | 2       | 2      | 2 (0/1)    |
    | E1    | forum    | held    | 2024-03-10 | 002/02   | 5       | 4      | 3 (2/1)    |
    | E5    | forum    | held    | 2023-05-05 | 002      | 1       | 1      | 1 (1/0)    |
    | E4    | forum    | held, archived: never counted                                 |

    E1 (co-organised by the partner TPO and by Kdei Karuna): two women of Takeo paid
    20,000 riel each and a man of Kampot paid 5 dollars came; a man of Takeo accepted and
    did not come; a woman declined; one more is on the waiting list, not yet invited.
    E2: a man of Phnom Penh paid 10 dollars, and one whose sex and village are not known.
    E5: a woman of Takeo paid 10,000 riel.
    """
    case_002 = CaseFactory.create(number="002", title="Case 002")
    segment = CaseFactory.create(number="002/02", parent=case_002, accepts_applications=False)
    case_004 = CaseFactory.create(number="004", title="Case 004")
    takeo, kampot = village_in("21", "Takeo"), village_in("07", "Kampot")
    phnom_penh = village_in("12", "Phnom Penh")
    kdei_karuna = OrganisationFactory.create(
        name="Kdei Karuna", acronym="KdK", kind=OrganisationKind.PARTNER
    )

    def event(kind, status, day, cases, budget, **fields):
        return EventFactory.create(
            kind=kind,
            status=status,
            starts_at=at(day),
            cases=cases,
            budget_usd=Decimal(budget),
            **fields,
        )

    def invite(event, sex, village, *, status, came=False, paid=None):
        amount, currency = paid or (None, "")
        return InvitationFactory.create(
            event=event,
            person=PersonFactory.create(sex=sex, village=village),
            status=status,
            invited_at=None if status == InvitationStatus.WAITING else event.starts_at,
            attended_at=event.starts_at if came else None,
            allowance_amount=amount,
            allowance_currency=currency,
            allowance_paid_at=event.starts_at if amount is not None else None,
        )

    accepted, riel, dollars = (
        InvitationStatus.ACCEPTED,
        AllowanceCurrency.KHR,
        AllowanceCurrency.USD,
    )
    e1 = event(EventKind.CIVIL_PARTY_FORUM, EventStatus.HELD, "2024-03-10", [segment], 12000)
    e1.co_organisers.set([partner.organisation, kdei_karuna])
    invite(e1, "female", takeo, status=accepted, came=True, paid=(Decimal(20000), riel))
    invite(e1, "male", kampot, status=accepted, came=True, paid=(Decimal(5), dollars))
    invite(e1, "female", takeo, status=accepted, came=True, paid=(Decimal(20000), riel))
    invite(e1, "male", takeo, status=accepted)
    invite(e1, "female", takeo, status=InvitationStatus.DECLINED)
    invite(e1, "female", takeo, status=InvitationStatus.WAITING)
    e2 = event(EventKind.REGIONAL_FORUM, EventStatus.HELD, "2024-08-01", [case_004], 3000)
    invite(e2, "male", phnom_penh, status=accepted, came=True, paid=(Decimal(10), dollars))
    invite(e2, "unknown", None, status=accepted, came=True)
    event(
        EventKind.VERDICT_ATTENDANCE, EventStatus.PLANNED, "2024-12-01", [case_002, case_004], 500
    )
    e4 = event(
        EventKind.CIVIL_PARTY_FORUM,
        EventStatus.HELD,
        "2024-05-01",
        [case_002],
        900,
        archived_at=timezone.now(),
        archive_reason="Entered twice",
    )
    invite(e4, "female", takeo, status=accepted, came=True)
    e5 = event(EventKind.CIVIL_PARTY_FORUM, EventStatus.HELD, "2023-05-05", [case_002], 1000)
    invite(e5, "female", takeo, status=accepted, came=True, paid=(Decimal(10000), riel))
    return SimpleNamespace(case_002=case_002, segment=segment, case_004=case_004)


# (starts, invited, coming, came, women, men, provinces, riel, dollars, budget, cases)
E3 = ("2024-12-01", 0, 0, 0, 0, 0, 0, None, None, 500, ["002", "004"])
E2 = ("2024-08-01", 2, 2, 2, 0, 1, 1, None, 10, 3000, ["004"])
E1 = ("2024-03-10", 5, 4, 3, 2, 1, 2, 40000, 5, 12000, ["002/02"])
E5 = ("2023-05-05", 1, 1, 1, 1, 0, 1, 10000, None, 1000, ["002"])
