"""The cases' pages as each persona meets them: everyone who reads applications sees the
list of cases (counted within their scope); only those who manage cases open and change
a case's key dates. Cases are the court's public record: no scope hides one."""

import datetime

import pytest
from django.urls import reverse

from vss.audit.models import AuditEntry
from vss.proceedings.models import Case
from vss.testing.access import AccessMatrix, answers
from vss.testing.factories import CaseFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {
    **dict.fromkeys(PERSONAS, 200),
    # The auditor reads the log only; a partner organisation and a donor see nothing of
    # applications.
    "auditor": 403,
    "partner": 403,
    "donor": 403,
}
MANAGERS = {**dict.fromkeys(PERSONAS, 403), "chief": 200, "legal": 200}

GET_MATRIX = AccessMatrix(
    {
        "proceedings:case_list": READERS,
        "proceedings:case_edit": MANAGERS,
    }
)
POST_MATRIX = AccessMatrix(
    {"proceedings:case_edit": {**dict.fromkeys(PERSONAS, 403), "chief": 302, "legal": 302}}
)


@pytest.fixture
def case() -> Case:
    return CaseFactory.create(number="004/02", investigation_closed_on=None)


def _url(case: Case):
    return lambda row: reverse(row, args=[case.pk]) if row.endswith("_edit") else reverse(row)


def test_each_page_answers_each_persona_as_the_policy_says(request, case):
    assert answers(request, GET_MATRIX, _url(case)) == GET_MATRIX


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, case):
    met = answers(
        request,
        POST_MATRIX,
        _url(case),
        method="post",
        # Each attempt sends the form as it would be opened now.
        data=lambda attempt: {
            "investigation_closed_on": "2024-03-01",
            "version": Case.objects.get(pk=case.pk).version,
        },
    )
    assert met == POST_MATRIX
    case.refresh_from_db()
    assert case.investigation_closed_on == datetime.date(2024, 3, 1)
    # Only the first change changed something: the second saved the same date.
    changed_by = AuditEntry.objects.filter(object_type="proceedings.case").values_list(
        "actor__username", flat=True
    )
    assert list(changed_by) == ["chief"]
