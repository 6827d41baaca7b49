"""The access matrix of the calendar's pages: the calendar for whoever follows the cases,
court dates recorded by the outreach and legal officers and the Chief, and the public
calendar and its feed for everyone, signed in or not."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.factories import CourtDateFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

RECORDERS = {"chief", "legal", "outreach"}
READERS = {"chief", "intake", "legal", "reparations", "outreach", "lawyer", "lead_co_lawyer"}
READERS |= {"partner"}


def _statuses(allowed: set[str], otherwise: int = 403) -> dict[str, int]:
    return {name: 200 if name in allowed else otherwise for name in PERSONAS}


URLS = {
    "outreach:calendar": lambda c: reverse("outreach:calendar"),
    "outreach:court_date_create": lambda c: reverse("outreach:court_date_create"),
    "outreach:court_date_edit": lambda c: reverse("outreach:court_date_edit", args=[c.pk]),
    "outreach:court_date_archive": lambda c: reverse("outreach:court_date_archive", args=[c.pk]),
    "outreach:public_calendar": lambda c: reverse("outreach:public_calendar"),
    "outreach:public_calendar_ics": lambda c: reverse("outreach:public_calendar_ics"),
}
CALENDAR_MATRIX = AccessMatrix(
    {
        "outreach:calendar": _statuses(READERS),
        "outreach:court_date_create": _statuses(RECORDERS),
        "outreach:court_date_edit": _statuses(RECORDERS),
        "outreach:court_date_archive": _statuses(RECORDERS),
        "outreach:public_calendar": dict.fromkeys(PERSONAS, 200),
        "outreach:public_calendar_ics": dict.fromkeys(PERSONAS, 200),
    }
)
# The announcement is a POST alone: a GET is refused by method whoever asks.
ANNOUNCE_MATRIX = AccessMatrix({"outreach:court_date_announce": _statuses(set(), otherwise=405)})
ANNOUNCE_POSTED = AccessMatrix(
    {
        "outreach:court_date_announce (posted)": {
            name: 302 if name in RECORDERS else 403 for name in PERSONAS
        }
    }
)


@pytest.fixture
def court_date():
    return CourtDateFactory.create()


def test_each_page_answers_each_persona_as_the_policy_says(request, court_date):
    assert answers(request, CALENDAR_MATRIX, lambda row: URLS[row](court_date)) == CALENDAR_MATRIX


def test_the_announcement_answers_a_post_alone(request, court_date):
    url = reverse("outreach:court_date_announce", args=[court_date.pk])
    assert answers(request, ANNOUNCE_MATRIX, lambda row: url) == ANNOUNCE_MATRIX
    posted = answers(request, ANNOUNCE_POSTED, lambda row: url, method="post")
    assert posted == ANNOUNCE_POSTED


def test_the_public_calendar_needs_no_sign_in(client):
    assert client.get(reverse("outreach:public_calendar")).status_code == 200
    feed = client.get(reverse("outreach:public_calendar_ics"))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")


def test_the_public_calendar_answers_nothing_but_get(client):
    assert client.post(reverse("outreach:public_calendar")).status_code == 405


def test_the_matrix_covers_every_page_of_the_calendar():
    names = {*CALENDAR_MATRIX, *ANNOUNCE_MATRIX}
    assert names == {*URLS, "outreach:court_date_announce"}


def test_a_reader_of_the_calendar_is_offered_no_court_date_action(request, court_date):
    page = signed_in(request, "lawyer").get(
        reverse("outreach:calendar"), {"month": f"{court_date.starts_at:%Y-%m}"}
    )
    text = page.content.decode()
    assert court_date.case.number in text
    assert reverse("outreach:court_date_edit", args=[court_date.pk]) not in text
