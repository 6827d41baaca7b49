"""The access matrix of an event's logistics: the Section's staff and the partner that
co-organises it read them, the outreach officers and the Chief change them; another
partner does not find the event (404), a role without the right is refused (403)."""

import pytest
from django.urls import reverse

from vss.outreach.services import logistics
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.personas import PERSONAS, STAFF

from .day_world import DayWorld, day_world

pytestmark = pytest.mark.django_db

EVERYONE = [*PERSONAS, "other_partner"]
MANAGERS = {"chief", "outreach"}
READERS = set(STAFF) | {"partner"}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


@pytest.fixture
def world(partner) -> DayWorld:
    return day_world(partner=partner)


NAMES = [
    "outreach:day_logistics",
    "outreach:pick_up_point_add",
    "outreach:vehicle_add",
    "outreach:accommodation_add",
    "outreach:seats_assign",
    "outreach:beds_assign",
    "outreach:pick_ups_send",
]

GET_MATRIX = AccessMatrix(
    {
        "outreach:day_logistics": _statuses(READERS, other_partner=404),
        "outreach:pick_up_point_add": _statuses(MANAGERS),
        "outreach:vehicle_add": _statuses(MANAGERS),
        "outreach:accommodation_add": _statuses(MANAGERS),
    }
)

POST_MATRIX = AccessMatrix(
    {
        "outreach:seats_assign": _statuses(MANAGERS, 302),
        "outreach:beds_assign": _statuses(MANAGERS, 302),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    met = answers(request, GET_MATRIX, lambda row: reverse(row, args=[world.event.pk]))
    assert met == GET_MATRIX


def test_each_post_answers_each_persona_as_the_policy_says(request, world):
    world.event.refresh_from_db()
    met = answers(
        request,
        POST_MATRIX,
        lambda row: reverse(row, args=[world.event.pk]),
        method="post",
        data=lambda attempt: {"version": world.event.version},
    )
    assert met == POST_MATRIX


@pytest.mark.parametrize("name", NAMES)
def test_get_on_a_post_only_url_is_refused(request, world, name):
    expected = 405 if name in POST_MATRIX or name in PICK_UPS_MATRIX else 200
    url = reverse(name, args=[world.event.pk])
    assert signed_in(request, "chief").get(url).status_code == expected


# The riders are told once seats (and so pick-up points) are given out.
PICK_UPS_MATRIX = AccessMatrix({"outreach:pick_ups_send": _statuses(MANAGERS, 302)})


def test_telling_riders_their_pick_up_answers_each_persona_as_the_policy_says(
    request, world, outreach
):
    logistics.seats_assign(user=outreach, event=world.event)
    met = answers(
        request,
        PICK_UPS_MATRIX,
        lambda row: reverse(row, args=[world.event.pk]),
        method="post",
        data=lambda attempt: {},
    )
    assert met == PICK_UPS_MATRIX
