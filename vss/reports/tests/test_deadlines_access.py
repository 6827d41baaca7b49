"""Who meets the report of deadlines: the Section's staff read it, each the kinds their
rights open; its PDF is a file, for those who may export lists; no one outside the
Section reads it."""

import pytest
from django.urls import reverse

from vss.accounts.models import Role
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH}
FILE_TAKERS = {Role.CHIEF, Role.INTAKE, Role.LEGAL}

MATRIX = AccessMatrix(
    {
        "reports:deadlines": {name: 200 if name in READERS else 403 for name in PERSONAS},
        "reports:deadlines_pdf": {name: 200 if name in FILE_TAKERS else 403 for name in PERSONAS},
    }
)


def test_each_persona_meets_the_report_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX
