"""API tokens: the Chief alone issues and revokes them, on a page under Accounts; the
secret is shown once and only its digest is kept; both are audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import ApiToken
from vss.accounts.tokens import digest_of
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.access import AccessMatrix, answers, url_name
from vss.testing.api import api_token
from vss.testing.clients import signed_in
from vss.testing.factories import UserFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PAGE_MATRIX = AccessMatrix({"accounts:api_tokens": {**dict.fromkeys(PERSONAS, 403), "chief": 200}})
REVOKE_MATRIX = AccessMatrix(
    {"accounts:api_token_revoke": {**dict.fromkeys(PERSONAS, 403), "chief": 302}}
)
OWN_TOKEN_MATRIX = AccessMatrix({"accounts:api_token_revoke (own token)": {"chief": 404}})


def test_the_tokens_page_is_the_chiefs(request):
    assert answers(request, PAGE_MATRIX, reverse) == PAGE_MATRIX


def test_only_the_chief_revokes_a_token(request, chief):
    def url(row: str) -> str:
        api_token(UserFactory.create(), issued_by=chief)
        token = ApiToken.objects.latest("pk")
        return reverse(url_name(row), args=[token.pk])

    met = answers(request, REVOKE_MATRIX, url, method="post", data=lambda a: {"reason": "Left"})
    assert met == REVOKE_MATRIX
    assert ApiToken.objects.filter(revoked_at__isnull=False).count() == 1


def test_the_chiefs_own_token_is_not_theirs_to_manage(request, chief):
    api_token(chief)
    token = ApiToken.objects.get(user=chief)

    def url(row: str) -> str:
        return reverse(url_name(row), args=[token.pk])

    met = answers(request, OWN_TOKEN_MATRIX, url, method="post", data=lambda a: {"reason": "x"})
    assert met == OWN_TOKEN_MATRIX


def test_the_chief_issues_a_token_shown_once_and_kept_as_its_digest(request, chief):
    holder = UserFactory.create(username="clerk")
    client = signed_in(request, "chief")
    expires = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        reverse("accounts:api_tokens"),
        {"user": holder.pk, "name": "Registry sync", "expires_on": expires.isoformat()},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=holder)
    assert secret.encode() in response.content
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert token.issued_by == chief and token.expires_at is not None
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action=AuditAction.CREATE)
    assert entry.object_label == f"API-{token.pk}" and secret not in str(entry.changes)
    # The list names it by its prefix, never the secret again.
    listing = client.get(reverse("accounts:api_tokens")).content.decode()
    assert token.prefix in listing and secret not in listing


def test_a_token_asked_for_wrongly_is_refused_with_what_was_typed(request):
    holder = UserFactory.create(username="clerk")
    client = signed_in(request, "chief")
    response = client.post(
        reverse("accounts:api_tokens"),
        {"user": holder.pk, "name": "Registry sync", "expires_on": "2001-01-01"},
    )
    assert response.status_code == 400
    assert b"Registry sync" in response.content
    assert not ApiToken.objects.exists()


def test_a_revoked_token_says_who_when_and_why(request, chief):
    api_token(UserFactory.create(), issued_by=chief)
    token = ApiToken.objects.get()
    client = signed_in(request, "chief")
    response = client.post(
        reverse("accounts:api_token_revoke", args=[token.pk]), {"reason": "Program retired"}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert (token.revoked_by, token.revoke_reason) == (chief, "Program retired")
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(
        object_type="accounts.apitoken", object_id=str(token.pk), action=AuditAction.ARCHIVE
    ).exists()
    # Without a reason, nothing is revoked.
    api_token(UserFactory.create(), issued_by=chief)
    other = ApiToken.objects.latest("pk")
    client.post(reverse("accounts:api_token_revoke", args=[other.pk]), {"reason": ""})
    other.refresh_from_db()
    assert other.revoked_at is None
