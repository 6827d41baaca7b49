"""Who meets the reports of lawyers' caseloads, funding per donor and project, and
outreach events: the Section's staff read the three; a donor's account reads the funding
of its own organisation and a partner's the events it co-organises, neither anything
else; a PDF is a file, for those who may export lists."""

import pytest
from django.urls import reverse

from vss.accounts.models import Role
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS: set[str] = {Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH}
FILE_TAKERS: set[str] = {Role.CHIEF, Role.INTAKE, Role.LEGAL}


def _page(readers: set[str]) -> dict[str, int]:
    return {name: 200 if name in readers else 403 for name in PERSONAS}


MATRIX = AccessMatrix(
    {
        "reports:caseloads": _page(READERS),
        "reports:caseloads_pdf": _page(FILE_TAKERS),
        "reports:funding": _page(READERS | {"donor"}),
        # A donor reads its rows on the page; files of lists are the Section's.
        "reports:funding_pdf": _page(FILE_TAKERS),
        "reports:events": _page(READERS | {"partner"}),
        "reports:events_pdf": _page(FILE_TAKERS),
    }
)


def test_each_persona_meets_the_reports_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: reverse(row)) == MATRIX
