"""The stop page answers everyone, signed in or not: whoever holds a message's token may
stop the messages it came with, and nothing else."""

import pytest

from vss.testing.access import AccessMatrix, answers
from vss.testing.factories import ContactPreferenceFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

STOP_MATRIX = AccessMatrix({"outreach:stop": dict.fromkeys(PERSONAS, 200)})


def test_every_persona_opens_the_stop_page(request):
    token = ContactPreferenceFactory.create().stop_token
    assert answers(request, STOP_MATRIX, lambda name: f"/outreach/stop/{token}/") == STOP_MATRIX


def test_it_needs_a_post_to_stop_and_answers_nothing_else(client):
    preference = ContactPreferenceFactory.create()
    assert client.put(f"/outreach/stop/{preference.stop_token}/").status_code == 405
    preference.refresh_from_db()
    assert preference.stopped_at is None
