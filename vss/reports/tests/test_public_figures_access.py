"""The public figures are open to everyone, signed in or not: they name no one."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

MATRIX = AccessMatrix({"reports:public_figures": dict.fromkeys(PERSONAS, 200)})


def test_each_persona_reads_the_public_figures(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX


def test_a_visitor_without_an_account_reads_them():
    assert Client().get(reverse("reports:public_figures")).status_code == 200


def test_they_answer_get_only():
    assert Client().post(reverse("reports:public_figures")).status_code == 405
