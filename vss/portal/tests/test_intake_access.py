"""The access matrix of the intake app: an intermediary's users open the app and send
forms; the forms sent are read back by the organisation that sent them and by the
Section's staff who enter forms; every other role is refused (403), and another
organisation's form is not found (404)."""

import json

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

from .intake_world import device_form, open_case

pytestmark = pytest.mark.django_db

EVERYONE = [*PERSONAS, "other_intermediary"]
SENDERS = {"intermediary", "other_intermediary"}
READERS = SENDERS | {"chief", "intake"}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


GET_MATRIX = AccessMatrix(
    {
        "portal:intake_app": _statuses(SENDERS),
        "portal:intake_worker": _statuses(SENDERS),
        "portal:intake_manifest": _statuses(SENDERS),
        "portal:intake_forms": _statuses(READERS),
        "portal:intake_form_detail": _statuses(READERS, other_intermediary=404),
    }
)

# An empty list is refused whole (400); the forms themselves are in test_intake_sync.py.
POST_MATRIX = AccessMatrix({"portal:intake_sync": _statuses(SENDERS, 400)})


@pytest.fixture
def sent_form_id(request, intermediary) -> str:
    sent = device_form(open_case())
    client = request.getfixturevalue("client")
    client.force_login(intermediary)
    client.post(
        reverse("portal:intake_sync"),
        json.dumps({"forms": [sent]}),
        content_type="application/json",
    )
    return sent["id"]


def _url(row: str, form_id: str) -> str:
    if row == "portal:intake_form_detail":
        return reverse(row, args=[form_id])
    return reverse(row)


def test_each_page_answers_each_persona_as_the_policy_says(request, sent_form_id):
    met = answers(request, GET_MATRIX, lambda row: _url(row, sent_form_id))
    assert met == GET_MATRIX


def test_each_post_answers_each_persona_as_the_policy_says(request):
    met = answers(
        request,
        POST_MATRIX,
        lambda row: reverse(row),
        method="post",
    )
    assert met == POST_MATRIX
