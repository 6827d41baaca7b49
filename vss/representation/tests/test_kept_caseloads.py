"""A group's and a lawyer's caseload: counted at each request while few, read from the
kept figures (vss.tallies) once many, in agreement with a recount of the applications
themselves, the page saying when they were counted."""

import datetime

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from vss.applications.models import Application, Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.representation.models import GroupMembership, Representation
from vss.representation.selectors import caseloads
from vss.representation.selectors.figures import CLIENTS, MEMBERS
from vss.representation.tests.test_groups_tool import civil_parties
from vss.tallies.services import counting_now
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, CivilPartyGroupFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def _rows(caseload: caseloads.Caseload) -> tuple[list, list]:
    return (
        [(row.key, row.count) for row in caseload.by_status],
        [(row.key, row.count) for row in caseload.by_province],
    )


@pytest.fixture
def world(legal):
    """A group and a lawyer with the same five Civil Parties, of two statuses and two
    provinces."""
    case = CaseFactory.create(number="002/02")
    applications = [
        *civil_parties(case, 3, created_by=legal, province_code="12", prefix="PP"),
        *civil_parties(
            case, 2, created_by=legal, province_code="07", status=Status.PROVISIONAL, prefix="KP"
        ),
    ]
    group = CivilPartyGroupFactory.create(case=case, name="Team")
    lawyer = LawyerFactory.create()
    for application in applications:
        GroupMembership.objects.create(
            group=group,
            application=application,
            started_on=datetime.date(2011, 1, 1),
            assigned_by=legal,
        )
        Representation.objects.create(
            application=application,
            lawyer=lawyer,
            started_on=datetime.date(2011, 1, 1),
            created_by=legal,
        )
    return case, group, lawyer


def _members(group) -> QuerySet[Application]:
    return Application.objects.filter(
        group_memberships__group=group, group_memberships__ended_on__isnull=True
    )


def _clients(lawyer) -> QuerySet[Application]:
    return Application.objects.filter(
        representations__lawyer=lawyer, representations__ended_on__isnull=True
    )


def test_the_kept_caseloads_agree_with_a_recount(monkeypatch, legal, world) -> None:
    _case, group, lawyer = world
    monkeypatch.setattr(caseloads, "COUNTED_NOW_UP_TO", 2)
    counting_now(user=None)

    for figure, record, applications in [
        (MEMBERS, group, _members(group)),
        (CLIENTS, lawyer, _clients(lawyer)),
    ]:
        kept = caseloads.caseload_of_record(legal, figure, record.pk, applications)
        assert kept.counting is not None and kept.counting.counted_at is not None
        assert _rows(kept) == _rows(caseloads.caseload_counts(applications))
        assert _rows(kept) == ([("provisional", 2), ("admitted", 3)], [("07", 2), ("12", 3)])


def test_many_are_read_as_counted_and_the_page_says_when(monkeypatch, request, legal, world):
    case, group, lawyer = world
    monkeypatch.setattr(caseloads, "COUNTED_NOW_UP_TO", 2)
    counting_now(user=None)
    # Joined after the count: listed now, counted at the next count.
    late = civil_parties(case, 1, created_by=legal, prefix="LATE")[0]
    GroupMembership.objects.create(
        group=group, application=late, started_on=datetime.date(2012, 1, 1), assigned_by=legal
    )
    client = signed_in(request, "legal")

    page = client.get(reverse("representation:group_detail", args=[group.pk]))
    assert page.context["counts"].total == 5
    assert "Counted at" in page.content.decode()
    caseload = client.get(reverse("representation:lawyer_caseload", args=[lawyer.pk]))
    assert caseload.context["caseload"].total == 5
    assert "Clients as counted at" in caseload.content.decode()

    counting_now(user=None)
    page = client.get(reverse("representation:group_detail", args=[group.pk]))
    assert page.context["counts"].total == 6


def test_few_are_counted_at_each_request(request, legal, world) -> None:
    case, group, _lawyer = world
    counting_now(user=None)
    late = civil_parties(case, 1, created_by=legal, prefix="LATE")[0]
    GroupMembership.objects.create(
        group=group, application=late, started_on=datetime.date(2012, 1, 1), assigned_by=legal
    )

    page = signed_in(request, "legal").get(reverse("representation:group_detail", args=[group.pk]))

    assert page.context["counts"].total == 6 and page.context["counts"].counting is None
    assert "Counted at" not in page.content.decode()


def test_the_consolidated_group_reads_the_applications_kept_figures(
    monkeypatch, request, legal, world
) -> None:
    """Staff who see every application read a case's many Civil Parties as counted, the
    same as a recount; those not yet Civil Parties are counted in neither."""
    case, _group, _lawyer = world
    civil_parties(case, 2, created_by=legal, status=Status.RECEIVED, prefix="NOT")
    civil_parties(case, 1, created_by=legal, province_code="", prefix="NONE")
    counting_now(user=None)
    members = Application.objects.filter(case=case, status__in=CIVIL_PARTIES)
    url = reverse("representation:consolidated", args=[case.pk])

    counted_now = signed_in(request, "legal").get(url).context["counts"]
    monkeypatch.setattr(caseloads, "COUNTED_NOW_UP_TO", 2)
    page = signed_in(request, "legal").get(url)
    kept = page.context["counts"]

    assert counted_now.counting is None and kept.counting is not None
    assert _rows(kept) == _rows(counted_now) == _rows(caseloads.caseload_counts(members))
    assert _rows(kept) == (
        [("provisional", 2), ("admitted", 4)],
        [("", 1), ("07", 2), ("12", 3)],
    )
    assert "Counted at" in page.content.decode()


def test_a_lead_co_lawyer_reads_the_case_s_kept_figures_as_staff_do(
    monkeypatch, request, legal, lead_co_lawyer, world
) -> None:
    """The Lead Co-Lawyer's scope holds every Civil Party of the case they lead: their
    consolidated group is read as counted, the same as a recount."""
    case, _group, _lawyer = world
    civil_parties(case, 2, created_by=legal, status=Status.RECEIVED, prefix="NOT")
    counting_now(user=None)
    monkeypatch.setattr(caseloads, "COUNTED_NOW_UP_TO", 2)
    url = reverse("representation:consolidated", args=[case.pk])

    kept = signed_in(request, "lead_co_lawyer").get(url).context["counts"]
    members = Application.objects.filter(case=case, status__in=CIVIL_PARTIES)
    assert kept.counting is not None
    assert _rows(kept) == _rows(caseloads.caseload_counts(members))
    assert kept.total == 5
