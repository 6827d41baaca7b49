"""The access matrix of every page of the events: who gets it, which events stay out of
a partner's sight (404), which role is refused (403); the list's scope, filters and
constant query count; the event's page and its sections."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditEntry
from vss.outreach.models import EventKind, EventStatus
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, EventFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

MANAGERS = {"chief", "outreach"}
# The Section's staff read every event; a partner those its organisation co-organises.
READERS = {"chief", "intake", "legal", "reparations", "outreach", "partner"}


def _statuses(allowed: set[str]) -> dict[str, int]:
    return {name: 200 if name in allowed else 403 for name in PERSONAS}


URLS = {
    "outreach:event_list": lambda e: reverse("outreach:event_list"),
    "outreach:event_create": lambda e: reverse("outreach:event_create"),
    "outreach:event_detail": lambda e: reverse("outreach:event_detail", args=[e.pk]),
    "outreach:event_edit": lambda e: reverse("outreach:event_edit", args=[e.pk]),
    "outreach:event_status": lambda e: reverse(
        "outreach:event_status", args=[e.pk, EventStatus.CANCELLED]
    ),
    "outreach:event_archive": lambda e: reverse("outreach:event_archive", args=[e.pk]),
}
EVENTS_MATRIX = AccessMatrix(
    {
        "outreach:event_list": _statuses(READERS),
        "outreach:event_create": _statuses(MANAGERS),
        "outreach:event_detail": _statuses(READERS),
        "outreach:event_edit": _statuses(MANAGERS),
        "outreach:event_status": _statuses(MANAGERS),
        "outreach:event_archive": _statuses(MANAGERS),
    }
)


@pytest.fixture
def event(outreach, partner):
    """A forum TPO co-organises with the Section."""
    event = EventFactory.create(officer=outreach, created_by=outreach)
    event.co_organisers.add(partner.organisation)
    return event


def test_each_page_answers_each_persona_as_the_policy_says(request, event):
    assert answers(request, EVENTS_MATRIX, lambda row: URLS[row](event)) == EVENTS_MATRIX


def test_the_matrix_covers_every_page_of_the_events():
    assert set(EVENTS_MATRIX) == set(URLS)


def test_a_state_changing_page_answers_a_put_with_405(request, event):
    client = signed_in(request, "outreach")
    for row in ("outreach:event_edit", "outreach:event_status", "outreach:event_archive"):
        assert client.put(URLS[row](event)).status_code == 405


def test_a_status_that_is_no_move_is_not_found(request, event):
    url = reverse("outreach:event_status", args=[event.pk, EventStatus.PLANNED])
    assert signed_in(request, "outreach").get(url).status_code == 404


# --- the list ----------------------------------------------------------------------------


@pytest.fixture
def programme(event, other_partner):
    """Beside the world's forum: a verdict attendance of Case 002/01 Kdei Karuna
    co-organises, held a month ago, and a cancelled information session nobody does."""
    verdict = EventFactory.create(
        kind=EventKind.VERDICT_ATTENDANCE,
        cases=[CaseFactory.create(number="002/01")],
        starts_at=timezone.now() - datetime.timedelta(days=30),
        status=EventStatus.HELD,
    )
    verdict.co_organisers.add(other_partner.organisation)
    session = EventFactory.create(
        kind=EventKind.PUBLIC_INFORMATION,
        status=EventStatus.CANCELLED,
        starts_at=timezone.now() + datetime.timedelta(days=60),
    )
    return {"forum": event, "verdict": verdict, "session": session}


def _listed(response) -> set[int]:
    return {e.pk for e in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("chief", {"forum", "verdict", "session"}),
        ("reparations", {"forum", "verdict", "session"}),
        ("partner", {"forum"}),
        ("other_partner", {"verdict"}),
    ],
)
def test_the_list_shows_the_events_in_the_personas_scope(request, programme, persona, seen):
    response = signed_in(request, persona).get(reverse("outreach:event_list"))
    assert _listed(response) == {programme[name].pk for name in seen}


def test_the_list_filters(request, programme):
    client = signed_in(request, "chief")
    url = reverse("outreach:event_list")
    verdict_case = programme["verdict"].cases.get()
    today = timezone.localdate()
    for query, seen in [
        ({"kind": EventKind.PUBLIC_INFORMATION}, {"session"}),
        ({"status": EventStatus.HELD}, {"verdict"}),
        ({"case": verdict_case.pk}, {"verdict"}),
        ({"starts_from": today.isoformat()}, {"forum", "session"}),
        ({"starts_until": (today + datetime.timedelta(days=45)).isoformat()}, {"forum", "verdict"}),
    ]:
        assert _listed(client.get(url, query)) == {programme[name].pk for name in seen}, query


def test_an_archived_event_leaves_the_list_and_keeps_its_page(request, programme, chief):
    session = programme["session"]
    session.archived_at, session.archived_by, session.archive_reason = (
        timezone.now(),
        chief,
        "Entered twice",
    )
    session.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    client = signed_in(request, "chief")
    assert session.pk not in _listed(client.get(reverse("outreach:event_list")))
    page = client.get(reverse("outreach:event_detail", args=[session.pk]))
    assert "Entered twice" in page.content.decode()


def test_the_list_reads_in_constant_queries(request, event, other_partner):
    client = signed_in(request, "chief")
    url = reverse("outreach:event_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(12):
        more = EventFactory.create(
            officer=event.officer, cases=[CaseFactory.create(number=f"003/{number:02d}")]
        )
        more.cases.add(CaseFactory.create())
        more.co_organisers.add(other_partner.organisation)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_list_read_is_audited_with_its_filters(request, event):
    signed_in(request, "chief").get(
        reverse("outreach:event_list"), {"kind": EventKind.CIVIL_PARTY_FORUM}
    )
    entry = AuditEntry.objects.filter(object_type="outreach.event").latest("pk")
    assert entry.object_label == "list of outreach events"
    assert entry.changes["kind"]["new"] == EventKind.CIVIL_PARTY_FORUM
    assert entry.changes["shown"]["new"] == 1


# --- the event's page --------------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(READERS))
def test_the_page_draws_the_about_section(request, event, persona):
    response = signed_in(request, persona).get(reverse("outreach:event_detail", args=[event.pk]))
    assert next(iter(response.context["sections"])) == "about"
    assert "TPO" in response.content.decode()


@pytest.mark.parametrize(("persona", "offered"), [("outreach", True), ("partner", False)])
def test_only_who_runs_events_is_offered_to_change_one(request, event, persona, offered):
    page = signed_in(request, persona).get(reverse("outreach:event_detail", args=[event.pk]))
    assert (reverse("outreach:event_edit", args=[event.pk]) in page.content.decode()) is offered


@pytest.mark.parametrize("language", ["km", "en", "fr"])
def test_the_page_shows_the_title_in_the_readers_language(request, event, language):
    client = signed_in(request, "chief")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("outreach:event_detail", args=[event.pk])).content.decode()
    titles = {code: getattr(event, f"title_{code}") for code in ("km", "en", "fr")}
    assert {code for code, title in titles.items() if f"<h1>{title}</h1>" in text} == {language}


def test_the_officer_finds_their_next_events_on_the_home_page(request, event, outreach):
    # Beyond the 30 days, and one cancelled: neither is in the queue.
    EventFactory.create(officer=outreach, starts_at=timezone.now() + datetime.timedelta(days=45))
    EventFactory.create(officer=outreach, status=EventStatus.CANCELLED)
    page = signed_in(request, "outreach").get(reverse("core:home"))
    assert [e.pk for e in page.context["upcoming_events"]] == [event.pk]
    assert reverse("outreach:event_detail", args=[event.pk]) in page.content.decode()
