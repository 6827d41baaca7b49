"""The declarations of three standard reports: lawyers' caseloads, funding per donor and
project, outreach events and attendance. Their filters as a query string gives them, the
cells of their rows as every format shows them, and their totals, against the figures
written by hand in the owning apps' tests."""

import datetime

import pytest

from vss.outreach.selectors.figures import EventsReportFilters
from vss.outreach.tests.events_world import events_world
from vss.reparations.selectors.funding import DonorFundingFilters
from vss.reparations.tests.funding_world import funding_world
from vss.reports import caseloads, events, funding
from vss.reports.tables import TableReport
from vss.representation.selectors import CaseloadsFilters
from vss.representation.tests.caseloads_world import caseloads_world
from vss.testing.personas import donor_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyers():
    return caseloads_world()


@pytest.fixture
def donors():
    return funding_world()


@pytest.fixture
def events_held(partner):
    return events_world(partner)


def _cells(report: TableReport, user, filters) -> list[list[object]]:
    rows = list(report.rows(user, filters))
    if report.prepare is not None:
        rows = report.prepare(user, rows)
    return [[column.value(row) for column in report.columns] for row in rows]


def _totals(report: TableReport, user, filters) -> list[tuple[str, object]]:
    assert report.totals is not None
    return [(str(total.label), total.value) for total in report.totals(user, filters)]


def test_caseloads_filters_cells_and_totals(chief, lawyers):
    form = caseloads.CaseloadsForm({"case": lawyers.case_004.pk})
    assert form.filters() == CaseloadsFilters(case_id=lawyers.case_004.pk)
    assert caseloads.CaseloadsForm({}).filters() == CaseloadsFilters()
    wrong = caseloads.CaseloadsForm({"case": "nine"})
    assert not wrong.is_valid()
    assert wrong.errors["case"] == ["There is no such case. Choose one in the list."]

    cells = _cells(caseloads.REPORT, chief, CaseloadsFilters())
    assert cells[:2] == [
        ["HONG Kimsuon", "", "National (Cambodian) lawyer", "Yes", "002: 2; 004: 1", 3, "Takeo (002/01)"],
        ["GONE Dara", "", "National (Cambodian) lawyer", "No: Suspended", "002: 1", 1, ""],
    ]  # fmt: skip
    assert _totals(caseloads.REPORT, chief, CaseloadsFilters()) == [
        ("Lawyers", 5),
        ("Practising", 4),
        ("Civil Parties represented", 4),
        ("Mandates", 5),
    ]


def test_funding_filters_cells_and_totals(reparations, donors):
    world = donors
    form = funding.FundingForm(
        {"case": world.case_004.pk, "donor": world.germany.pk}, user=reparations
    )
    assert form.filters() == DonorFundingFilters(
        case_id=world.case_004.pk, donor_id=world.germany.pk
    )
    filters = form.filters()
    assert _cells(funding.REPORT, reparations, filters) == [
        ["Germany (BMZ/GIZ)", "REP-2", "Project REP-2", "1,000.00 EUR", 1080, 0, 1080, 8000, 6920]
    ]  # fmt: skip
    assert _totals(funding.REPORT, reparations, DonorFundingFilters()) == [
        ("Donors", 3),
        ("Projects", 3),
        ("Pledged (US dollars)", "15,580.00"),
        ("Received (US dollars)", "9,900.00"),
        ("Outstanding (US dollars)", "6,380.00"),
        ("Budgets of these projects (US dollars)", "21,000.00"),
        ("Gaps of these projects (US dollars)", "6,920.00"),
    ]


def test_a_donor_chooses_only_its_own_organisation(donors):
    germany = donor_persona()
    form = funding.FundingForm({"donor": donors.switzerland.pk}, user=germany)
    assert list(form.fields["donor"].queryset) == [donors.germany]
    assert not form.is_valid()
    assert form.errors["donor"] == ["There is no such donor. Choose one in the list."]
    assert [row[:2] for row in _cells(funding.REPORT, germany, DonorFundingFilters())] == [
        ["Germany (BMZ/GIZ)", "REP-1"],
        ["Germany (BMZ/GIZ)", "REP-2"],
    ]


def test_events_filters_cells_and_totals(outreach, events_held):
    form = events.EventsForm(
        {"case": events_held.segment.pk, "kind": "civil_party_forum", "since": "10/03/2024"}
    )
    filters = form.filters()
    assert filters == EventsReportFilters(
        case_id=events_held.segment.pk,
        kind="civil_party_forum",
        since=datetime.date(2024, 3, 10),
    )
    assert _cells(events.REPORT, outreach, filters) == [
        [
            "Civil Party forum", "Civil Party forum", "Held", datetime.date(2024, 3, 10), "",
            "Kampong Cham provincial hall", "002/02", 5, 4, 3, 2, 1, 2, 40000, 5, 12000,
        ]
    ]  # fmt: skip
    backwards = events.EventsForm({"since": "02/01/2024", "until": "01/01/2024"})
    assert not backwards.is_valid()
    assert backwards.non_field_errors() == ["The period ends before it starts."]
    assert _totals(events.REPORT, outreach, EventsReportFilters()) == [
        ("Events", 4),
        ("Invited", 8),
        ("Coming", 7),
        ("Came", 6),
        ("Women", 3),
        ("Men", 2),
        ("Provinces reached", 3),
        ("Allowances paid (riel)", "50,000.00"),
        ("Allowances paid (US dollars)", "15.00"),
        ("Budget (US dollars)", "16,500.00"),
    ]
