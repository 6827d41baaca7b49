"""Who meets the annex of Civil Parties: the Section's staff read it; a file of it needs
the right to export lists besides, which reparations and outreach do not hold; no one
outside the Section reads it."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.accounts.models import Role
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH}
FILE_TAKERS = {Role.CHIEF, Role.INTAKE, Role.LEGAL}

MATRIX = AccessMatrix(
    {
        "reports:annex": {name: 200 if name in READERS else 403 for name in PERSONAS},
        "reports:annex_pdf": {name: 200 if name in FILE_TAKERS else 403 for name in PERSONAS},
    }
)


def test_each_persona_meets_the_annex_as_the_policy_says(request, annex_case):
    assert answers(request, MATRIX, lambda row: f"{reverse(row)}?case={annex_case.pk}") == MATRIX


def test_the_export_is_refused_to_those_who_may_not_take_a_file(annex_case, reparations):
    response = _signed_in(reparations).post(
        f"{reverse('exports:start')}?case={annex_case.pk}",
        {"list": "civil-party-annex", "format": "xlsx"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["reports:annex", "reports:annex_pdf"])
def test_it_answers_get_only(url, annex_case, chief):
    assert _signed_in(chief).post(f"{reverse(url)}?case={annex_case.pk}").status_code == 405


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
