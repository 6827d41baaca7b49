"""The access matrix of the day: the Section's staff and the co-organising partner read
who came; the outreach officers, the Chief and the co-organising partner's users print
the sheet and check people in; another partner does not find the event (404), a role
without the right is refused (403)."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.personas import PERSONAS, STAFF

from .day_world import DayWorld, day_world

pytestmark = pytest.mark.django_db

EVERYONE = [*PERSONAS, "other_partner"]
RECORDERS = {"chief", "outreach", "partner"}
READERS = set(STAFF) | {"partner"}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


@pytest.fixture
def world(partner) -> DayWorld:
    return day_world(partner=partner, people=1)


ON_EVENT = [
    "outreach:day_attendance",
    "outreach:attendance_sheet",
    "outreach:check_in",
    "outreach:check_in_people",
    "outreach:check_in_send",
]

GET_MATRIX = AccessMatrix(
    {
        "outreach:day_attendance": _statuses(READERS, other_partner=404),
        "outreach:attendance_sheet": _statuses(RECORDERS, other_partner=404),
        "outreach:check_in": _statuses(RECORDERS, other_partner=404),
        "outreach:check_in_people": _statuses(RECORDERS, other_partner=404),
        # The service worker's script holds nothing of an event.
        "outreach:check_in_worker": _statuses(RECORDERS | {"other_partner"}),
    }
)

# A body that is not a tablet's check-ins is refused whole (400); the check-ins
# themselves are in test_attendance_check_in.py.
POST_MATRIX = AccessMatrix({"outreach:check_in_send": _statuses(RECORDERS, 400, other_partner=404)})


def _url(world: DayWorld, row: str) -> str:
    if row == "outreach:check_in_worker":
        return reverse(row)
    return reverse(row, args=[world.event.pk])


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda row: _url(world, row)) == GET_MATRIX


def test_each_post_answers_each_persona_as_the_policy_says(request, world):
    met = answers(request, POST_MATRIX, lambda row: _url(world, row), method="post")
    assert met == POST_MATRIX


@pytest.mark.parametrize("name", [*ON_EVENT, "outreach:check_in_worker"])
def test_get_on_a_post_only_url_is_refused(request, world, name):
    expected = 405 if name in POST_MATRIX else 200
    assert signed_in(request, "chief").get(_url(world, name)).status_code == expected


def test_a_partners_user_at_an_event_it_does_not_co_organise_is_not_shown_it(
    request, partner, other_partner
):
    elsewhere = day_world(partner=other_partner, people=1)
    url = reverse("outreach:check_in", args=[elsewhere.event.pk])
    assert signed_in(request, "partner").get(url).status_code == 404
