"""Events and attendance for the report (vss.reports) against counts written by hand:
each event's people invited, coming and checked in, women and men among them, the
provinces they came from and the allowances paid; filtered by case, kind and period; a
partner reading the events it co-organises only, each counted once however many
co-organisers it has; a fixed number of queries."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vss.accounts.models import OrganisationKind
from vss.outreach.models import (
    AllowanceCurrency,
    EventKind,
    EventStatus,
    InvitationStatus,
)
from vss.outreach.selectors.figures import (
    EventsReportFilters,
    events_report_for_user,
    events_report_totals,
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
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T09:00"))


def _village(province_code: str, name: str):
    province = ProvinceFactory.create(code=province_code, name_en=name, name_km=name)
    district = DistrictFactory.create(code=f"{province_code}01", province=province)
    commune = CommuneFactory.create(code=f"{province_code}0101", district=district)
    return VillageFactory.create(code=f"{province_code}010101", commune=commune)


@pytest.fixture
def world(partner):
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
    takeo, kampot = _village("21", "Takeo"), _village("07", "Kampot")
    phnom_penh = _village("12", "Phnom Penh")
    kdei_karuna = OrganisationFactory.create(
        name="Kdei Karuna", acronym="KdK", kind=OrganisationKind.PARTNER
    )

    def event(kind, status, day, cases, budget, **fields):
        return EventFactory.create(
            kind=kind,
            status=status,
            starts_at=_at(day),
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


def _read(user, **filters):
    return [
        (
            timezone.localdate(event.starts_at).isoformat(),
            event.invited,
            event.coming,
            event.came,
            event.women,
            event.men,
            event.provinces,
            event.allowances_khr,
            event.allowances_usd,
            event.budget_usd,
            [case.number for case in event.cases.all()],
        )
        for event in events_report_for_user(user, EventsReportFilters(**filters))
    ]


def _totals(user, **filters):
    totals = events_report_totals(user, EventsReportFilters(**filters))
    return (
        totals.events,
        totals.invited,
        totals.coming,
        totals.came,
        totals.women,
        totals.men,
        totals.provinces,
        totals.allowances_khr,
        totals.allowances_usd,
        totals.budget_usd,
    )


def test_each_event_as_written_by_hand(outreach, world):
    assert _read(outreach) == [E3, E2, E1, E5]
    # Takeo is reached by E1 and E5: three provinces in all, not four.
    assert _totals(outreach) == (4, 8, 7, 6, 3, 2, 3, 50000, 15, 16500)


def test_by_case_with_its_segments_kind_and_period(outreach, world):
    assert _read(outreach, case_id=world.case_002.pk) == [E3, E1, E5]
    assert _read(outreach, case_id=world.segment.pk) == [E1]
    assert _read(outreach, case_id=world.case_004.pk) == [E3, E2]
    assert _read(outreach, kind=EventKind.CIVIL_PARTY_FORUM) == [E1, E5]
    # Both ends of the period are days the events may start on.
    period = {"since": datetime.date(2024, 3, 10), "until": datetime.date(2024, 8, 1)}
    assert _read(outreach, **period) == [E2, E1]
    assert _totals(outreach, case_id=world.case_002.pk, **period) == (
        1,
        5,
        4,
        3,
        2,
        1,
        2,
        40000,
        5,
        12000,
    )
    assert _read(outreach, since=datetime.date(2025, 1, 1)) == []
    assert _totals(outreach, since=datetime.date(2025, 1, 1)) == (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_a_partner_reads_the_events_it_co_organises_each_counted_once(partner, world):
    assert _read(partner) == [E1]
    assert _totals(partner) == (1, 5, 4, 3, 2, 1, 2, 40000, 5, 12000)
    assert _read(partner, case_id=world.case_004.pk) == []


STAFF = {"chief", "intake", "legal", "reparations", "outreach"}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_reads_the_report(request, name, world):
    user = request.getfixturevalue(name)
    if name in STAFF:
        assert len(_read(user)) == 4
    elif name == "partner":
        assert _read(user) == [E1]
    else:
        with pytest.raises(PermissionDenied):
            events_report_for_user(user, EventsReportFilters())
        with pytest.raises(PermissionDenied):
            events_report_totals(user, EventsReportFilters())


def _queries(user, filters):
    with CaptureQueriesContext(connection) as read:
        for event in events_report_for_user(user, filters):
            [case.number for case in event.cases.all()]
            str(event.village or "")
    return len(read)


def test_a_fixed_number_of_queries_however_many_events_and_people(outreach, world):
    every, one = EventsReportFilters(), EventsReportFilters(case_id=world.case_004.pk)
    before = (_queries(outreach, every), _queries(outreach, one))
    for n in range(4):
        event = EventFactory.create(
            starts_at=_at(f"2024-0{n + 1}-15"),
            cases=[world.case_002, world.case_004],
            village=_village(f"{30 + n}", f"Province {n}"),
        )
        for _ in range(3):
            InvitationFactory.create(
                event=event, status=InvitationStatus.ACCEPTED, attended_at=event.starts_at
            )
    assert (_queries(outreach, every), _queries(outreach, one)) == before
    assert before == (2, 3)
