"""Funding per donor and project for the report (vss.reports) against sums written by
hand: pledged, received and outstanding in US dollars from pledges in several currencies,
a cancelled pledge's payment received and nothing of it outstanding, each project's budget
and gap once in the totals; filtered by case and by donor; a donor's account reading its
own organisation's rows only; a fixed number of queries."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vss.reparations.selectors.funding import (
    DonorFundingFilters,
    donor_funding_for_user,
    donor_funding_totals,
    donors_for_report,
)
from vss.testing.factories import (
    PaymentFactory,
    PledgeFactory,
)
from vss.testing.personas import PERSONAS, donor_persona

from .funding_world import donor_organisation, funding_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return funding_world()


AUSTRALIA_3 = ("Australia (DFAT)", "REP-3", {"USD": 3000}, 3000, 3000, 0, 3000, 0)
GERMANY_1 = ("Germany (BMZ/GIZ)", "REP-1", {"USD": 6000}, 6000, 4000, 2000, 10000, 0)
GERMANY_2 = ("Germany (BMZ/GIZ)", "REP-2", {"EUR": 1000}, 1080, 0, 1080, 8000, 6920)
SWITZERLAND_1 = ("Switzerland (SDC)", "REP-1", {"CHF": 5000}, 5500, 2900, 3300, 10000, 0)


def _read(user, **filters):
    return [
        (
            row.donor.name,
            row.project.reference,
            row.pledged_in,
            row.pledged,
            row.received,
            row.outstanding,
            row.budget,
            row.gap,
        )
        for row in donor_funding_for_user(user, DonorFundingFilters(**filters))
    ]


def _totals(user, **filters):
    totals = donor_funding_totals(user, DonorFundingFilters(**filters))
    return (
        totals.donors,
        totals.projects,
        totals.pledged,
        totals.received,
        totals.outstanding,
        totals.budget,
        totals.gap,
    )


def test_each_donor_and_project_as_written_by_hand(reparations, world):
    assert _read(reparations) == [AUSTRALIA_3, GERMANY_1, GERMANY_2, SWITZERLAND_1]
    # Each project's budget and gap once: REP-1's two donors do not count it twice.
    assert _totals(reparations) == (3, 3, 15580, 9900, 6380, 21000, 6920)


def test_a_projects_donors_received_and_outstanding_make_its_secured_total(reparations, world):
    rows = [row for row in donor_funding_for_user(reparations, DonorFundingFilters())]
    for project in (world.REP_1, world.REP_2, world.REP_3):
        of_it = [row for row in rows if row.project.pk == project.pk]
        assert sum(row.received + row.outstanding for row in of_it) == project.secured_usd
        assert sum(row.received for row in of_it) == project.received_usd
    assert all(isinstance(row.outstanding, Decimal) for row in rows)


def test_by_case_with_its_segments_and_bydonor_organisation(reparations, world):
    assert _read(reparations, case_id=world.case_002.pk) == [
        AUSTRALIA_3,
        GERMANY_1,
        SWITZERLAND_1,
    ]
    assert _read(reparations, case_id=world.segment.pk) == [GERMANY_1, SWITZERLAND_1]
    assert _read(reparations, case_id=world.case_004.pk) == [GERMANY_2]
    assert _totals(reparations, case_id=world.case_004.pk) == (1, 1, 1080, 0, 1080, 8000, 6920)
    assert _read(reparations, donor_id=world.germany.pk) == [GERMANY_1, GERMANY_2]
    assert _read(reparations, case_id=world.segment.pk, donor_id=world.australia.pk) == []


def test_a_donor_reads_its_own_organisations_rows_only(world):
    germany = donor_persona()
    assert _read(germany) == [GERMANY_1, GERMANY_2]
    assert _totals(germany) == (1, 2, 7080, 4000, 3080, 18000, 6920)
    # Asking for another donor's rows finds none.
    assert _read(germany, donor_id=world.switzerland.pk) == []
    assert list(donors_for_report(germany)) == [world.germany]

    switzerland = donor_persona("Switzerland (SDC)", "SDC")
    assert _read(switzerland) == [SWITZERLAND_1]
    assert list(donors_for_report(switzerland)) == [world.switzerland]


def test_the_staff_choose_among_every_donor_who_pledged(reparations, world):
    assert list(donors_for_report(reparations)) == [
        world.australia,
        world.germany,
        world.switzerland,
    ]


STAFF = {"chief", "intake", "legal", "reparations", "outreach"}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_reads_the_report(request, name, world):
    user = request.getfixturevalue(name)
    if name in STAFF:
        assert len(_read(user)) == 4
    elif name == "donor":
        assert _read(user) == [GERMANY_1, GERMANY_2]
    else:
        # A Lead Co-Lawyer and an implementing partner read a project's totals, never who
        # gave them; the auditor and an intermediary read no project.
        with pytest.raises(PermissionDenied):
            donor_funding_for_user(user, DonorFundingFilters())
        with pytest.raises(PermissionDenied):
            donor_funding_totals(user, DonorFundingFilters())


def _queries(user, filters):
    with CaptureQueriesContext(connection) as read:
        donor_funding_for_user(user, filters)
    return len(read)


def test_a_fixed_number_of_queries_however_many_pledges(reparations, world):
    every, one = DonorFundingFilters(), DonorFundingFilters(case_id=world.case_004.pk)
    before = (_queries(reparations, every), _queries(reparations, one))
    for n in range(4):
        donor = donor_organisation(f"Donor {n}", f"D{n}")
        for project in (world.REP_2, world.REP_4):
            PaymentFactory.create(
                pledge=PledgeFactory.create(project=project, donor=donor, amount=Decimal(100)),
                amount=Decimal(50),
            )
    assert (_queries(reparations, every), _queries(reparations, one)) == before
    assert before == (3, 4)
