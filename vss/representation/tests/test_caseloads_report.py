"""The lawyers' caseloads for the report (vss.reports) against counts written by hand:
each lawyer's Civil Parties now by case and in all, their groups, practising or not, of
every case or one; the report's totals; its readers; a fixed number of queries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from vss.applications.models import Status
from vss.representation.selectors import (
    CaseloadsFilters,
    caseloads_are_kept,
    lawyer_caseloads_for_user,
    lawyer_caseloads_totals,
)
from vss.representation.selectors import caseloads as caseloads_module
from vss.tallies.services import counting_now
from vss.testing.factories import (
    CivilPartyGroupFactory,
    LawyerFactory,
    RepresentationFactory,
)
from vss.testing.personas import PERSONAS

from .caseloads_world import PROTECTED, caseloads_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return caseloads_world()


def _read(user, **filters):
    return [
        (
            str(row.lawyer),
            row.practising,
            row.by_case,
            row.civil_parties,
            [group.name for group in row.groups],
        )
        for row in lawyer_caseloads_for_user(user, CaseloadsFilters(**filters))
    ]


def test_every_case_lists_every_lawyer_on_the_list_and_those_with_a_caseload(chief, world):
    assert _read(chief) == [
        ("HONG Kimsuon", True, [("002", 2), ("004", 1)], 3, ["Takeo"]),
        ("GONE Dara", False, [("002", 1)], 1, []),
        ("WERNER Silke", True, [("002", 1)], 1, []),
        ("COMMON Dara", True, [], 0, ["Kampot"]),
        ("IDLE Dara", True, [], 0, []),
    ]
    totals = lawyer_caseloads_totals(chief, CaseloadsFilters())
    # A1 has two lawyers: four Civil Parties, five mandates.
    assert (totals.lawyers, totals.practising, totals.civil_parties, totals.mandates) == (
        5,
        4,
        4,
        5,
    )


def test_one_case_counts_its_civil_parties_and_its_segments_groups(chief, world):
    of_002 = [
        ("HONG Kimsuon", True, [("002", 2)], 2, ["Takeo"]),
        ("GONE Dara", False, [("002", 1)], 1, []),
        ("WERNER Silke", True, [("002", 1)], 1, []),
    ]
    assert _read(chief, case_id=world.case_002.pk) == of_002
    # A trial segment's Civil Parties are those of the case it was severed from.
    assert _read(chief, case_id=world.segment.pk) == of_002
    totals = lawyer_caseloads_totals(chief, CaseloadsFilters(case_id=world.case_002.pk))
    assert (totals.lawyers, totals.practising, totals.civil_parties, totals.mandates) == (
        3,
        2,
        3,
        4,
    )

    assert _read(chief, case_id=world.case_004.pk) == [
        ("HONG Kimsuon", True, [("004", 1)], 1, []),
        ("COMMON Dara", True, [], 0, ["Kampot"]),
    ]


def test_a_case_that_does_not_exist_is_not_found(chief, world):
    with pytest.raises(Http404):
        lawyer_caseloads_for_user(chief, CaseloadsFilters(case_id=world.case_004.pk + 100))


def test_no_civil_party_is_named(chief, world):
    rows = lawyer_caseloads_for_user(chief, CaseloadsFilters())
    assert PROTECTED not in repr(rows)
    assert all("applicant" not in vars(row) for row in rows)


READERS = {"chief", "intake", "legal", "reparations", "outreach"}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_readers_of_the_caseloads_page_who_read_figures_run_it(request, name, world):
    user = request.getfixturevalue(name)
    if name in READERS:
        assert len(lawyer_caseloads_for_user(user, CaseloadsFilters())) == 5
        return
    # A lawyer reads their own caseload on its page, not every lawyer's.
    with pytest.raises(PermissionDenied):
        lawyer_caseloads_for_user(user, CaseloadsFilters())
    with pytest.raises(PermissionDenied):
        lawyer_caseloads_totals(user, CaseloadsFilters())


def _queries(user, filters):
    with CaptureQueriesContext(connection) as read:
        rows = lawyer_caseloads_for_user(user, filters)
        for row in rows:
            [str(group.case) for group in row.groups]
    return len(read)


def test_a_fixed_number_of_queries_however_many_lawyers(chief, world):
    every, one = CaseloadsFilters(), CaseloadsFilters(case_id=world.case_002.pk)
    before = (_queries(chief, every), _queries(chief, one))
    for n in range(5):
        lawyer = LawyerFactory.create(family_name=f"MORE{n}")
        for case in (world.case_002, world.case_004):
            RepresentationFactory.create(
                lawyer=lawyer, application__case=case, application__status=Status.ADMITTED
            )
        CivilPartyGroupFactory.create(case=world.case_002, name=f"More {n}", lawyer=lawyer)
    assert (_queries(chief, every), _queries(chief, one)) == before
    assert before == (4, 7)


def _report(user, filters):
    totals = lawyer_caseloads_totals(user, filters)
    return _read(user, **vars(filters)), vars(totals)


def test_the_kept_caseloads_agree_with_a_count_of_now_until_the_registry_changes(
    chief, world, monkeypatch
):
    """A reader of the whole registry reads the caseloads as last counted: the same as a
    count made now from the mandates (what a reader of part of it gets), in every case
    and in one; a new mandate shows at the next count, not before."""
    every, of_002 = CaseloadsFilters(), CaseloadsFilters(case_id=world.case_002.pk)
    assert caseloads_are_kept(chief)
    kept = [_report(chief, every), _report(chief, of_002)]
    with monkeypatch.context() as counting:
        counting.setattr(caseloads_module, "caseloads_are_kept", lambda user: False)
        assert [_report(chief, every), _report(chief, of_002)] == kept

    RepresentationFactory.create(
        lawyer=world.kampot.lawyer,
        application__case=world.case_002,
        application__status=Status.ADMITTED,
    )
    assert [_report(chief, every), _report(chief, of_002)] == kept
    counting_now(user=None)
    rows, totals = _report(chief, of_002)
    assert ("COMMON Dara", True, [("002", 1)], 1, []) in rows
    assert (totals["civil_parties"], totals["mandates"]) == (4, 5)
