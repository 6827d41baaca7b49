"""The project's own URLs as each persona meets them: the health check and the
translations for scripts answer everyone (monitoring and the sign-in page need them
before anyone signs in, and nothing in them is private)."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

GET_MATRIX = AccessMatrix(
    {
        "healthz": dict.fromkeys(PERSONAS, 200),
        "javascript-catalog": dict.fromkeys(PERSONAS, 200),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, GET_MATRIX, reverse) == GET_MATRIX


def test_the_translations_for_scripts_are_served_without_signing_in(client):
    response = client.get(reverse("javascript-catalog"))
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
