"""Who reads the programme's public pages: everyone, signed in or not, and only the
projects a judgment endorsed; any other project is not found."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

from .public_world import LIST, World, detail, public_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return public_world()


# Every persona reads the public pages as anyone does (a visitor without an account
# too: below).
PUBLIC_MATRIX = AccessMatrix(
    {
        "reparations:public_list": dict.fromkeys(PERSONAS, 200),
        "reparations:public_detail": dict.fromkeys(PERSONAS, 200),
    }
)


def test_every_persona_reads_the_public_pages(request, world):
    urls = {"reparations:public_list": LIST, "reparations:public_detail": detail(world.endorsed)}
    assert answers(request, PUBLIC_MATRIX, urls.__getitem__) == PUBLIC_MATRIX


def test_a_visitor_reads_them_without_signing_in(world):
    client = Client()
    assert client.get(LIST).status_code == 200
    assert client.get(detail(world.endorsed)).status_code == 200


def test_they_answer_only_get(world):
    client = Client()
    assert client.post(LIST).status_code == 405
    assert client.post(detail(world.endorsed)).status_code == 405


def test_a_project_no_judgment_endorsed_is_not_found(world):
    client = Client()
    assert client.get(detail(world.funded)).status_code == 404
    assert client.get(detail(world.non_judicial)).status_code == 404
    assert client.get(reverse("reparations:public_detail", args=[999_999])).status_code == 404
