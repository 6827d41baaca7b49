"""Events and attendance for the report (vss.reports) against counts written by hand:
each event's people invited, coming and checked in, women and men among them, the
provinces they came from and the allowances paid; filtered by case, kind and period; a
partner reading the events it co-organises only, each counted once however many
co-organisers it has; a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vss.outreach.models import (
    EventKind,
    InvitationStatus,
)
from vss.outreach.selectors.figures import (
    EventsReportFilters,
    events_report_for_user,
    events_report_totals,
)
from vss.testing.factories import (
    EventFactory,
    InvitationFactory,
)
from vss.testing.personas import PERSONAS

from .events_world import E1, E2, E3, E5, at, events_world, village_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partner):
    return events_world(partner)


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
            starts_at=at(f"2024-0{n + 1}-15"),
            cases=[world.case_002, world.case_004],
            village=village_in(f"{30 + n}", f"Province {n}"),
        )
        for _ in range(3):
            InvitationFactory.create(
                event=event, status=InvitationStatus.ACCEPTED, attended_at=event.starts_at
            )
    assert (_queries(outreach, every), _queries(outreach, one)) == before
    assert before == (2, 3)
