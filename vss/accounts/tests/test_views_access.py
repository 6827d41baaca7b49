"""Signing in and out and choosing the language, as each persona meets them: everyone
signed in is sent home from the sign-in page, may sign out, and may change language.
What happens before signing in is tested beside the sign-in itself."""

import pytest
from django.urls import reverse

from vss.accounts.models import User
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# A signed-in user opening the sign-in page goes home.
GET_MATRIX = AccessMatrix({"accounts:login": dict.fromkeys(PERSONAS, 302)})

POST_MATRIX = AccessMatrix(
    {
        "set_language": dict.fromkeys(PERSONAS, 302),
        "accounts:logout": dict.fromkeys(PERSONAS, 302),
    }
)
BODIES = {
    "set_language": {"language": "km", "next": "/"},
    "accounts:logout": {},
}


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, GET_MATRIX, reverse) == GET_MATRIX


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request):
    met = answers(
        request,
        POST_MATRIX,
        reverse,
        method="post",
        data=lambda attempt: BODIES[attempt.row],
    )
    assert met == POST_MATRIX
    # Each persona's choice of language was kept, and each sign-out audited.
    assert set(
        User.objects.filter(username__in=_usernames(request)).values_list("language", flat=True)
    ) == {"km"}
    signed_out = AuditEntry.objects.filter(action=AuditAction.LOGOUT)
    assert set(signed_out.values_list("actor__username", flat=True)) == set(_usernames(request))


def _usernames(request) -> list[str]:
    return [request.getfixturevalue(persona).username for persona in PERSONAS]
