"""The figures open to the Section's staff, who hold the right to read statistics; the
auditor and the users of other organisations are refused."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS, STAFF

pytestmark = pytest.mark.django_db

MATRIX = AccessMatrix(
    {"reports:dashboard": {name: 200 if name in STAFF else 403 for name in PERSONAS}}
)


def test_each_persona_meets_the_figures_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX


def test_it_answers_get_only(client, chief):
    client.force_login(chief)
    assert client.post(reverse("reports:dashboard")).status_code == 405
