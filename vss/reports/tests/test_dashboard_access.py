"""The figures open to the Section's staff, who hold the right to read statistics; the
auditor and the users of other organisations are refused. So is the progress of a count
and asking for one, which is a POST with its CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.tallies.models import Counting
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS, STAFF

pytestmark = pytest.mark.django_db

MATRIX = AccessMatrix(
    {
        "reports:dashboard": {name: 200 if name in STAFF else 403 for name in PERSONAS},
        "reports:dashboard_counting": {name: 200 if name in STAFF else 403 for name in PERSONAS},
    }
)
COUNT_MATRIX = AccessMatrix(
    {"reports:dashboard_count": {name: 302 if name in STAFF else 403 for name in PERSONAS}}
)


def test_each_persona_meets_the_figures_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX


def test_each_persona_may_ask_for_a_count_as_the_policy_says(request):
    assert answers(request, COUNT_MATRIX, reverse, method="post") == COUNT_MATRIX


def test_the_pages_answer_get_only_and_the_count_post_only(client, chief):
    client.force_login(chief)
    assert client.post(reverse("reports:dashboard")).status_code == 405
    assert client.post(reverse("reports:dashboard_counting")).status_code == 405
    assert client.get(reverse("reports:dashboard_count")).status_code == 405


def test_asking_for_a_count_needs_the_csrf_token(chief):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    assert client.post(reverse("reports:dashboard_count")).status_code == 403
    assert not Counting.objects.exists()
