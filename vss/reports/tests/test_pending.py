"""The report of pending decisions and late filings on the case of conftest.py, each figure
against the count written there by hand."""

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from vss.accounts.models import Role
from vss.applications import pending
from vss.applications.models import Application, Status
from vss.applications.pending import PendingFilters, pending_decisions_for_user
from vss.applications.workflow import AWAITING_DECISION
from vss.proceedings.models import Case
from vss.tallies.services import counting_now
from vss.testing.factories import CaseFactory
from vss.testing.personas import persona

from .conftest import PENDING_PSEUDONYM, filed

pytestmark = pytest.mark.django_db


def _page(user, **query) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("reports:pending-decisions"), query).content.decode()


def _report(user, **query) -> dict[str, list[str]]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("reports:pending-decisions"), query)
    assert response.status_code == 200
    return {cells[0]: cells for cells in response.context["cells"]} | {
        "totals": [total.value for total in response.context["totals"]]
    }


def test_every_application_waiting_and_every_late_filing_is_counted(pending_world, chief):
    report = _report(chief)
    assert report.pop("totals") == [4, 2, 1]
    assert sorted(report) == [
        "VSS-002-00001",
        "VSS-002-00002",
        "VSS-002-00004",
        "VSS-002-00005",
        "VSS-003-00007",
    ]
    # Reference, applicant, case, received, days waiting, status, late, accepted by, province.
    first = report["VSS-002-00001"]
    assert (first[2], first[4], first[5], first[6], first[7], first[8]) == (
        "002",
        "10",
        "Received",
        "No",
        "",
        "Takeo",
    )
    accepted = report["VSS-002-00005"]
    assert (accepted[4], accepted[6], accepted[7]) == ("60", "Yes", str(chief))
    rejected = report["VSS-002-00004"]
    assert (rejected[4], rejected[5], rejected[6], rejected[7]) == ("", "Rejected", "Yes", "")


def test_the_filters_narrow_the_rows_and_the_totals(pending_world, chief):
    by_case = _report(chief, case=pending_world.pk)
    assert by_case.pop("totals") == [3, 2, 1]
    late = _report(chief, late_only="on")
    assert late.pop("totals") == [1, 2, 1]
    assert sorted(late) == ["VSS-002-00004", "VSS-002-00005"]
    # Longer than 30 days, and still waiting: the late rejection has no wait.
    waiting = _report(chief, waiting_over_days=30)
    assert waiting.pop("totals") == [2, 1, 1]
    assert sorted(waiting) == ["VSS-002-00002", "VSS-002-00005"]
    assert _report(chief, waiting_over_days=60).pop("totals") == [0, 0, 0]


def test_a_trial_segment_reads_the_case_it_was_severed_from(pending_world, chief):
    segment = CaseFactory.create(number="002/01", parent=pending_world, accepts_applications=False)
    assert _report(chief, case=segment.pk).pop("totals") == [3, 2, 1]


@pytest.mark.parametrize(
    "filters",
    [{}, {"late_only": True}, {"case": "002"}, {"case": "003"}, {"case": "002", "late_only": True}],
)
def test_the_totals_read_as_counted_agree_with_a_recount(
    pending_world, chief, monkeypatch, filters
):
    case = filters.get("case")
    kept_filters = PendingFilters(
        case_id=Case.objects.get(number=case).pk if case else None,
        late_only=filters.get("late_only", False),
    )
    assert pending.pending_counts_are_kept(chief, kept_filters)
    kept = pending.pending_decision_counts(chief, kept_filters)
    monkeypatch.setattr(pending, "pending_counts_are_kept", lambda user, filters: False)
    assert kept == pending.pending_decision_counts(chief, kept_filters)


def test_the_totals_say_when_they_were_counted_and_follow_the_next_count(pending_world, chief):
    page = _page(chief)
    assert "Totals as counted at" in page
    filed(pending_world, "00008", Status.RECEIVED, 3)
    assert _report(chief).pop("totals") == [4, 2, 1]
    counting_now(user=None)
    assert _report(chief).pop("totals") == [5, 2, 1]
    # How long they have waited is no part of the count: it is counted at each request.
    assert "Totals as counted at" not in _page(chief, waiting_over_days=30)
    # A reader of part of the registry has their part counted at each request.
    intermediary_filters = PendingFilters()
    assert not pending.pending_counts_are_kept(persona(Role.INTERMEDIARY), intermediary_filters)


def test_a_protected_applicant_is_named_by_pseudonym_without_the_right(pending_world, intake):
    assert _report(intake)["VSS-002-00002"][1] == PENDING_PSEUDONYM


def test_its_rows_are_read_in_one_query(pending_world, chief, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (a.applicant.name_latin, a.form.received_on, a.case.number, a.deadline_override_by)
            for a in pending_decisions_for_user(chief, PendingFilters())
        ]
    assert len(rows) == 5


def test_the_index_of_the_pending_holds_every_application_the_report_reads():
    """The totals are counted from one index alone and the rows read in order from the
    other (the planner uses each only when its condition is the report's): a status added
    to those awaiting a decision is added to both."""
    indexes = {i.name: i for i in Application._meta.indexes}
    for name in ("application_pending_idx", "application_pending_order_idx"):
        assert indexes[name].condition == Q(status__in=sorted(AWAITING_DECISION)) | Q(
            is_late=True
        ), name
