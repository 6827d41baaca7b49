"""The declarations of three standard reports: lawyers' caseloads, funding per donor and
project, outreach events and attendance. Their filters as a query string gives them, the
cells of their rows as every format shows them, and their totals, against the figures
written by hand in the owning apps' tests."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.accounts.models import OrganisationKind
from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.selectors.figures import EventsReportFilters
from vss.outreach.tests.events_world import events_world
from vss.reparations.selectors.funding import DonorFundingFilters
from vss.reparations.tests.funding_world import funding_world
from vss.reports import caseloads, events, funding
from vss.reports.tables import TableReport
from vss.representation.selectors import CaseloadsFilters
from vss.representation.tests.caseloads_world import PROTECTED, caseloads_world
from vss.tallies.models import Counting, CountingStatus, KeptCount
from vss.testing.exports import exported
from vss.testing.factories import (
    CivilPartyGroupFactory,
    EventFactory,
    InvitationFactory,
    LawyerFactory,
    OrganisationFactory,
    PaymentFactory,
    PledgeFactory,
    ProjectFactory,
    RepresentationFactory,
    VillageFactory,
)
from vss.testing.pdf import pdf_text, reads_back
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
    return [
        (str(total.label), total.value)
        for total in report.totals(user, filters, report.rows(user, filters))
    ]


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
        {"case": world.case_004.pk, "donor": world.germany.pk}, reader=reparations
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
    form = funding.FundingForm({"donor": donors.switzerland.pk}, reader=germany)
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


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_caseloads_page_its_totals_and_its_audit(chief, lawyers):
    response = _signed_in(chief).get(reverse("reports:caseloads"), {"case": lawyers.case_002.pk})
    assert response.status_code == 200
    assert [row[0] for row in response.context["cells"]] == [
        "HONG Kimsuon",
        "GONE Dara",
        "WERNER Silke",
    ]
    assert [(str(t.label), t.value) for t in response.context["totals"]] == [
        ("Lawyers", 3),
        ("Practising", 2),
        ("Civil Parties represented", 3),
        ("Mandates", 4),
    ]
    page = response.content.decode()
    assert PROTECTED not in page
    entry = AuditEntry.objects.get(actor=chief, object_type="representation.lawyer")
    assert entry.object_label == "report of lawyers' caseloads"
    assert (entry.changes["case_id"]["new"], entry.changes["shown"]["new"]) == (
        lawyers.case_002.pk,
        3,
    )


def test_the_caseloads_page_says_when_its_figures_were_counted_and_asks_for_a_count(chief, lawyers):
    page = _signed_in(chief).get(reverse("reports:caseloads")).content.decode()
    assert "Civil Parties as counted at" in page
    assert not Counting.objects.filter(status=CountingStatus.QUEUED).exists()
    # Never counted: the page says so and asks the worker for a count.
    KeptCount.objects.all().delete()
    Counting.objects.all().delete()
    response = _signed_in(chief).get(reverse("reports:caseloads"))
    page = response.content.decode()
    assert "The figures have not been counted yet." in page
    assert "They are being counted again in the background" in page
    assert Counting.objects.filter(status=CountingStatus.QUEUED, requested_by=chief).exists()
    assert [t.value for t in response.context["totals"]][2:] == [0, 0]


def test_a_donor_reads_its_own_rows_from_its_menu_and_asks_for_no_other(donors):
    germany = donor_persona()
    client = _signed_in(germany)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("reports:funding")}"' in home
    response = client.get(reverse("reports:funding"))
    assert response.status_code == 200
    assert [row[:2] for row in response.context["cells"]] == [
        ["Germany (BMZ/GIZ)", "REP-1"],
        ["Germany (BMZ/GIZ)", "REP-2"],
    ]
    page = response.content.decode()
    assert "Switzerland" not in page and "Australia" not in page
    # Another donor is not a choice of the form: the filter comes back with its message.
    other = client.get(reverse("reports:funding"), {"donor": donors.switzerland.pk})
    assert other.status_code == 400
    assert "There is no such donor." in other.content.decode()
    assert "cells" not in other.context


def test_a_partner_reads_the_events_it_co_organises_from_its_menu(partner, events_held):
    client = _signed_in(partner)
    assert (
        f'href="{reverse("reports:events")}"' in client.get(reverse("core:home")).content.decode()
    )
    response = client.get(reverse("reports:events"))
    assert response.status_code == 200
    assert [(row[3], row[9]) for row in response.context["cells"]] == [("10/03/2024", "3")]


def test_the_staff_menu_leads_to_the_reports_page_not_to_each_report(chief):
    home = _signed_in(chief).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("reports:index")}"' in home
    assert f'href="{reverse("reports:funding")}"' not in home
    index = _signed_in(chief).get(reverse("reports:index")).content.decode()
    for name in ("caseloads", "funding", "events"):
        assert reverse(f"reports:{name}") in index


def _more_lawyers(world) -> None:
    for n in range(4):
        lawyer = LawyerFactory.create(family_name=f"MORE{n}")
        RepresentationFactory.create(
            lawyer=lawyer, application__case=world.case_004, application__status=Status.ADMITTED
        )
        CivilPartyGroupFactory.create(case=world.case_004, name=f"More {n}", lawyer=lawyer)


def _more_pledges(world) -> None:
    for n in range(4):
        donor = OrganisationFactory.create(
            name=f"Donor {n}", acronym=f"D{n}", kind=OrganisationKind.DONOR
        )
        project = ProjectFactory.create(reference=f"REP-MORE-{n}", cases=[world.case_004])
        PaymentFactory.create(
            pledge=PledgeFactory.create(project=project, donor=donor, amount=Decimal(100)),
            amount=Decimal(50),
        )


def _more_events(world) -> None:
    for _event in range(4):
        event = EventFactory.create(cases=[world.case_004], village=VillageFactory.create())
        for _person in range(3):
            InvitationFactory.create(event=event, attended_at=event.starts_at)


MORE = {
    "caseloads": ("lawyers", _more_lawyers),
    "funding": ("donors", _more_pledges),
    "events": ("events_held", _more_events),
}


@pytest.mark.parametrize("name", list(MORE))
def test_each_page_reads_as_many_queries_whatever_its_rows(name, chief, request):
    fixture, more = MORE[name]
    world = request.getfixturevalue(fixture)
    client = _signed_in(chief)
    before = _page_queries(client, name)
    more(world)
    assert _page_queries(client, name) == before


def _page_queries(client: Client, name: str) -> int:
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse(f"reports:{name}"))
    assert response.status_code == 200
    return len(read)


def test_the_caseloads_pdf_reads_back(chief, lawyers):
    response = _signed_in(chief).get(
        reverse("reports:caseloads_pdf"), {"case": lawyers.case_002.pk}
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert reads_back("Lawyers' caseloads", text)
    assert reads_back("Case 002", text)
    assert reads_back("Civil Parties represented 3", text)
    assert reads_back("HONG Kimsuon", text)
    assert reads_back("No: Suspended", text)
    assert not reads_back("COMMON", text)
    assert not reads_back(PROTECTED, text)


def test_the_funding_pdf_reads_back_in_khmer(chief, donors):
    response = _signed_in(chief).get(reverse("reports:funding_pdf"), HTTP_ACCEPT_LANGUAGE="km")
    text = pdf_text(response.content)
    assert reads_back("មូលនិធិសំណងជួសជុល តាមម្ចាស់ជំនួយ និងគម្រោង", text)
    assert reads_back("នៅសល់ត្រូវទទួល (ដុល្លារអាមេរិក)", text)
    # Numbers as Khmer writes them: a dot between thousands, a comma before the cents.
    assert reads_back("6.380,00", text)
    assert reads_back("1.000,00 EUR", text)


def test_the_events_pdf_reads_back_in_khmer(chief, events_held):
    response = _signed_in(chief).get(
        reverse("reports:events_pdf"), {"kind": "civil_party_forum"}, HTTP_ACCEPT_LANGUAGE="km"
    )
    text = pdf_text(response.content)
    assert reads_back("ព្រឹត្តិការណ៍ផ្សព្វផ្សាយ និងការចូលរួម", text)
    assert reads_back("វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី", text)
    assert reads_back("ខេត្តដែលបានទៅដល់", text)
    assert reads_back("50.000,00", text)


def test_the_funding_spreadsheet_keeps_money_as_numbers_and_escapes_a_formula(chief, donors):
    PledgeFactory.create(
        project=donors.REP_4,
        donor=OrganisationFactory.create(
            name="=HYPERLINK Fund", acronym="HF", kind=OrganisationKind.DONOR
        ),
        amount=Decimal(250),
    )
    rows = exported(_signed_in(chief), "funding", "xlsx", f"case={donors.case_004.pk}")
    assert rows[0][:5] == [
        "Donor",
        "Project",
        "Title",
        "Pledged in the donor's currency",
        "Pledged (US dollars)",
    ]
    assert rows[1:] == [
        ["'=HYPERLINK Fund", "REP-4", "Project REP-4", "250.00 USD", 250, 0, 250, 5000, 4750],
        ["Germany (BMZ/GIZ)", "REP-2", "Project REP-2", "1,000.00 EUR", 1080, 0, 1080, 8000, 6920],
    ]  # fmt: skip
    entry = AuditEntry.objects.get(actor=chief, action=AuditAction.EXPORT)
    assert entry.object_label == "export of the report of funding per donor and project (xlsx)"
    assert entry.changes["shown"]["new"] == 2


def test_the_events_spreadsheet_writes_dates_and_counts(chief, events_held):
    rows = exported(_signed_in(chief), "events", "xlsx", "kind=regional_forum")
    assert rows[1][:4] == [
        "Civil Party forum",
        "Regional forum",
        "Held",
        datetime.datetime(2024, 8, 1),
    ]
    assert rows[1][7:] == [2, 2, 2, 0, 1, 1, 0, 10, 3000]
