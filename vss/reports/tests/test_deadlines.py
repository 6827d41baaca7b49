"""The report of deadlines on a world written by hand, today being T: case 004's last day
to apply is T+10 (its investigation closed at T-5); court dates at T-3, T+14 and one
archived; signed lists due at T-2 (a protected focal person), T+7 and one returned;
milestones due at T-10 (its title naming a protected person), T+20 and one done;
follow-ups due at T-1 (a protected person), T+3 and one done. From today on, and the
tasks undone whatever their date: 8 rows, 3 of them overdue."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.reparations.models import ProjectStatus
from vss.reports.deadlines import DeadlineFilters, DueKind, deadlines_for_user
from vss.testing.exports import exported
from vss.testing.factories import (
    CaseFactory,
    ContactFactory,
    CourtDateFactory,
    FocalPersonFactory,
    MaterialHandoverFactory,
    MilestoneFactory,
    PersonFactory,
    ProjectFactory,
)
from vss.testing.pdf import pdf_text, reads_back

pytestmark = pytest.mark.django_db

T = timezone.localdate()
DAY = datetime.timedelta(days=1)
FOCAL_GIVEN, FOCAL_PSEUDONYM = "Bopha", "Focal person FP-3"
CALLED_GIVEN, CALLED_PSEUDONYM = "Sokunthea", "Witness TCW-40"


def _at(days: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(T + days * DAY, datetime.time(9)))


@pytest.fixture
def world(chief):
    case = CaseFactory.create(number="004", investigation_closed_on=T - 5 * DAY)
    CourtDateFactory.create(case=case, starts_at=_at(-3), title_en="Opening")
    CourtDateFactory.create(case=case, starts_at=_at(14), title_en="Closing statements")
    CourtDateFactory.create(
        case=case, starts_at=_at(5), archived_at=timezone.now(), archive_reason="Moved"
    )
    protected = PersonFactory.create(
        given_name_latin=FOCAL_GIVEN, is_protected=True, pseudonym=FOCAL_PSEUDONYM
    )
    MaterialHandoverFactory.create(
        focal_person=FocalPersonFactory.create(person=protected),
        handed_on=T - 20 * DAY,
        receipt_due_on=T - 2 * DAY,
    )
    MaterialHandoverFactory.create(receipt_due_on=T + 7 * DAY)
    MaterialHandoverFactory.create(receipt_due_on=T - 1 * DAY, receipt_returned_on=T)
    project = ProjectFactory.create(cases=[case], status=ProjectStatus.IN_IMPLEMENTATION)
    MilestoneFactory.create(
        project=project, title=f"Site chosen with {CALLED_GIVEN}", due_on=T - 10 * DAY
    )
    MilestoneFactory.create(project=project, title="Opening", due_on=T + 20 * DAY)
    MilestoneFactory.create(project=project, due_on=T - 30 * DAY, done_on=T - 31 * DAY)
    called = PersonFactory.create(
        given_name_latin=CALLED_GIVEN, is_protected=True, pseudonym=CALLED_PSEUDONYM
    )
    ContactFactory.create(person=called, follow_up_on=T - DAY, follow_up_user=chief)
    ContactFactory.create(follow_up_on=T + 3 * DAY, follow_up_user=chief)
    ContactFactory.create(
        follow_up_on=T - 5 * DAY, follow_up_user=chief, follow_up_done_at=timezone.now()
    )
    return case


def _rows(user, **filters):
    return [
        (due.on - T, due.kind, due.overdue)
        for due in deadlines_for_user(user, DeadlineFilters(**filters))
    ]


def test_everything_due_from_today_and_every_task_undone(world, chief):
    assert _rows(chief) == [
        (-10 * DAY, DueKind.MILESTONE, True),
        (-2 * DAY, DueKind.SIGNED_LIST, True),
        (-1 * DAY, DueKind.FOLLOW_UP, True),
        (3 * DAY, DueKind.FOLLOW_UP, False),
        (7 * DAY, DueKind.SIGNED_LIST, False),
        (10 * DAY, DueKind.APPLICATION_DEADLINE, False),
        (14 * DAY, DueKind.COURT_DATE, False),
        (20 * DAY, DueKind.MILESTONE, False),
    ]


def test_the_filters_narrow_the_rows(world, chief):
    assert [kind for _on, kind, _o in _rows(chief, overdue_only=True)] == [
        DueKind.MILESTONE,
        DueKind.SIGNED_LIST,
        DueKind.FOLLOW_UP,
    ]
    assert _rows(chief, kind=DueKind.COURT_DATE) == [(14 * DAY, DueKind.COURT_DATE, False)]
    assert [on for on, _k, _o in _rows(chief, due_from=T, due_to=T + 10 * DAY)] == [
        3 * DAY,
        7 * DAY,
        10 * DAY,
    ]
    # A period in the past: the hearing held then is there, not overdue.
    assert _rows(chief, due_from=T - 5 * DAY, due_to=T - DAY) == [
        (-3 * DAY, DueKind.COURT_DATE, False),
        (-2 * DAY, DueKind.SIGNED_LIST, True),
        (-1 * DAY, DueKind.FOLLOW_UP, True),
    ]


def test_a_reader_meets_only_the_kinds_their_rights_open(world, partner):
    kinds = {kind for _on, kind, _o in _rows(partner)}
    assert DueKind.SIGNED_LIST not in kinds
    assert DueKind.APPLICATION_DEADLINE not in kinds
    assert DueKind.COURT_DATE in kinds


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_totals_and_names_people_as_the_reader_may_see_them(
    world, chief, intake
):
    response = _signed_in(intake).get(reverse("reports:deadlines"))
    assert response.status_code == 200
    assert [(str(t.label), t.value) for t in response.context["totals"]] == [
        ("Due", 8),
        ("Overdue", 3),
    ]
    page = response.content.decode()
    assert FOCAL_PSEUDONYM in page and CALLED_PSEUDONYM in page
    assert FOCAL_GIVEN not in page and CALLED_GIVEN not in page
    assert "004" in page and "Closing statements" in page
    by_chief = _signed_in(chief).get(reverse("reports:deadlines")).content.decode()
    assert CALLED_GIVEN in by_chief


def test_a_period_that_ends_before_it_starts_comes_back(world, chief):
    response = _signed_in(chief).get(
        reverse("reports:deadlines"), {"due_from": "10/01/2030", "due_to": "01/01/2030"}
    )
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()


def test_the_pdf_and_the_spreadsheet_hold_the_same_rows_masked(world, intake):
    client = _signed_in(intake)
    response = client.get(reverse("reports:deadlines_pdf"), {"overdue_only": "on"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert reads_back("Overdue only", text)
    assert reads_back(FOCAL_PSEUDONYM, text) and not reads_back(FOCAL_GIVEN, text)
    assert reads_back("Site chosen", text)
    rows = exported(client, "deadlines", "xlsx", "overdue_only=on")
    assert rows[0] == ["Due on", "Kind", "What", "Case", "In charge", "Overdue"]
    assert len(rows) == 4
    assert [row[1] for row in rows[1:]] == [
        "Milestone of a reparation project",
        "Signed list from a focal person",
        "Follow-up of a contact",
    ]
    assert CALLED_PSEUDONYM in rows[3][2] and CALLED_GIVEN not in str(rows)
    entries = AuditEntry.objects.filter(actor=intake, object_type="support.contact")
    assert [(e.action, e.changes["shown"]["new"]) for e in entries.order_by("pk")] == [
        (AuditAction.DOWNLOAD, 3),
        (AuditAction.EXPORT, 3),
    ]


def test_the_page_reads_as_many_queries_whatever_its_rows(world, chief):
    client = _signed_in(chief)
    client.get(reverse("reports:deadlines"))

    def count() -> int:
        with CaptureQueriesContext(connection) as read:
            client.get(reverse("reports:deadlines"))
        return len(read)

    before = count()
    project = world.projects.get()
    for number in range(5):
        MilestoneFactory.create(project=project, due_on=T + number * DAY)
        ContactFactory.create(follow_up_on=T + number * DAY, follow_up_user=project.officer)
        MaterialHandoverFactory.create(receipt_due_on=T + number * DAY)
    assert count() == before
