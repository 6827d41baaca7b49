"""Signing in and out, choosing the language and managing accounts, as each persona meets
them: everyone signed in is sent home from the sign-in page, may sign out, change language
and change their own password; only the Chief manages the other accounts (every one but
their own, which answers 404), including resetting a user's second factor; everyone
manages their own second factor, and turns it off only if their role does not need it.
What happens before signing in is tested beside the
sign-in itself."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.accounts.models import User
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.access import AccessMatrix, Attempt, answers, url_name
from vss.testing.constants import PASSWORD
from vss.testing.factories import UserFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# The roles that must sign in with a second factor: those who see protected identities
# (by the right, or a lawyer their clients) or health notes (vss.policy.accounts).
SECOND_FACTOR_REQUIRED = ["chief", "legal", "lawyer", "lead_co_lawyer", "partner"]

# A signed-in user opening the sign-in page goes home; every persona signed in with both
# factors (vss/testing/clients.py) is sent on from enrolment and verification.
GET_MATRIX = AccessMatrix(
    {
        "accounts:login": dict.fromkeys(PERSONAS, 302),
        "accounts:password_change": dict.fromkeys(PERSONAS, 200),
        "accounts:second_factor": dict.fromkeys(PERSONAS, 200),
        "accounts:second_factor_enrol": dict.fromkeys(PERSONAS, 302),
        "accounts:second_factor_verify": dict.fromkeys(PERSONAS, 302),
        "accounts:users": {**dict.fromkeys(PERSONAS, 403), "chief": 200},
    }
)

POST_MATRIX = AccessMatrix(
    {
        "set_language": dict.fromkeys(PERSONAS, 302),
        # Before signing out, which would make every later row a redirect to sign in.
        "accounts:password_change": dict.fromkeys(PERSONAS, 302),
        "accounts:logout": dict.fromkeys(PERSONAS, 302),
    }
)

# Each attempt on another account gets an account of its own, so that one persona's
# success does not change what the next one meets.
ACCOUNT_MATRIX = AccessMatrix(
    {
        "accounts:user_password_reset": {**dict.fromkeys(PERSONAS, 403), "chief": 200},
        "accounts:user_deactivate": {**dict.fromkeys(PERSONAS, 403), "chief": 302},
        "accounts:user_reactivate": {**dict.fromkeys(PERSONAS, 403), "chief": 302},
        "accounts:user_unlock": {**dict.fromkeys(PERSONAS, 403), "chief": 302},
        "accounts:user_second_factor_reset": {**dict.fromkeys(PERSONAS, 403), "chief": 302},
    }
)
# Everyone makes new recovery codes; only a role that does not need it turns the second
# factor off.
SECOND_FACTOR_MATRIX = AccessMatrix(
    {
        "accounts:second_factor_recovery_codes": dict.fromkeys(PERSONAS, 200),
        "accounts:second_factor_remove": {
            **dict.fromkeys(PERSONAS, 302),
            **dict.fromkeys(SECOND_FACTOR_REQUIRED, 403),
        },
    }
)
OWN_ACCOUNT_MATRIX = AccessMatrix(
    {
        "accounts:user_password_reset (own account)": {"chief": 404},
        "accounts:user_deactivate (own account)": {"chief": 404},
        "accounts:user_reactivate (own account)": {"chief": 404},
        "accounts:user_unlock (own account)": {"chief": 404},
        "accounts:user_second_factor_reset (own account)": {"chief": 404},
    }
)
BODIES: dict[str, dict[str, object]] = {
    "set_language": {"language": "km", "next": "/"},
    "accounts:logout": {},
}
NEW_PASSWORD = "a-long-new-passphrase-2026"


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, GET_MATRIX, reverse) == GET_MATRIX


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request):
    met = answers(
        request,
        POST_MATRIX,
        reverse,
        method="post",
        data=_body,
    )
    assert met == POST_MATRIX
    # Each persona's choice of language was kept, and each sign-out audited.
    assert set(
        User.objects.filter(username__in=_usernames(request)).values_list("language", flat=True)
    ) == {"km"}
    assert all(
        user.check_password(NEW_PASSWORD)
        for user in User.objects.filter(username__in=_usernames(request))
    )
    signed_out = AuditEntry.objects.filter(action=AuditAction.LOGOUT)
    assert set(signed_out.values_list("actor__username", flat=True)) == set(_usernames(request))


def _body(attempt: Attempt) -> dict[str, object]:
    if attempt.row == "accounts:password_change":
        body: dict[str, object] = {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        }
        return body
    return BODIES[attempt.row]


def test_each_persona_renews_recovery_codes_and_turns_off_only_a_factor_not_required(request):
    assert answers(request, SECOND_FACTOR_MATRIX, reverse, method="post") == SECOND_FACTOR_MATRIX
    turned_off = TOTPDevice.objects.filter(confirmed=False).values_list("user__username", flat=True)
    assert sorted(turned_off) == sorted(
        request.getfixturevalue(persona).username
        for persona in PERSONAS
        if persona not in SECOND_FACTOR_REQUIRED
    )


def test_each_account_of_another_is_managed_by_the_chief_alone(request):
    def url(row: str) -> str:
        return reverse(url_name(row), args=[UserFactory.create().pk])

    assert answers(request, ACCOUNT_MATRIX, url, method="post") == ACCOUNT_MATRIX


def test_the_chief_does_not_manage_their_own_account_from_the_accounts_page(request, chief):
    def url(row: str) -> str:
        return reverse(url_name(row), args=[chief.pk])

    assert answers(request, OWN_ACCOUNT_MATRIX, url, method="post") == OWN_ACCOUNT_MATRIX
    chief.refresh_from_db()
    assert chief.is_active


def _usernames(request) -> list[str]:
    return [request.getfixturevalue(persona).username for persona in PERSONAS]
