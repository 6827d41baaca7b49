"""The map of the provinces opens to the Section's staff, who read its figures; the
auditor and the users of other organisations are refused."""

import pytest
from django.urls import reverse

from vss.accounts.models import Role
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

STAFF = {Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH}

MATRIX = AccessMatrix({"reports:map": {name: 200 if name in STAFF else 403 for name in PERSONAS}})


def test_each_persona_meets_the_map_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX


def test_it_answers_get_only(client, chief):
    client.force_login(chief)
    assert client.post(reverse("reports:map")).status_code == 405
