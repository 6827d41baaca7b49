"""Password guessing: a username or an address that fails too often is locked for a
while, whatever the password tried next; each lockout is in the audit log, the sign-in
page says so in the user's language, and the Chief unlocks an account before the
cool-off ends."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.testing.constants import PASSWORD
from vss.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOCKED_MESSAGE = {
    "en": "signing in is locked for a while",
    "fr": "la connexion est bloquée pour un moment",
    "km": "ការចូលត្រូវបានចាក់សោមួយរយៈ",
}


def _sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail_until_locked(client: Client, username: str) -> list[int]:
    return [
        _sign_in(client, username, "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]


def test_the_limit_is_a_few_failures():
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME


def test_failures_lock_the_account_even_against_the_right_password(intake):
    client = Client()
    statuses = _fail_until_locked(client, "intake")
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    response = _sign_in(client, "intake", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    # From another address as well: the account itself is locked.
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert _sign_in(elsewhere, "intake", PASSWORD).status_code == 429
    assert not _signed_in(elsewhere)


def test_failures_from_one_address_lock_it_for_every_username(intake):
    client = Client(REMOTE_ADDR="198.51.100.9")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, f"guess{number}", "wrong")
    assert _sign_in(client, "intake", PASSWORD).status_code == 429
    assert not _signed_in(client)
    # The account is not locked from elsewhere.
    other = Client(REMOTE_ADDR="203.0.113.4")
    assert _sign_in(other, "intake", PASSWORD).status_code == 302
    assert _signed_in(other)


def test_each_lockout_is_in_the_audit_log(intake):
    _fail_until_locked(Client(), "intake")
    entry = AuditEntry.objects.get(changes__locked_out__new=True)
    assert entry.action == AuditAction.LOGIN_FAILED
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(intake.pk))
    assert entry.ip_address == "127.0.0.1"


@pytest.mark.parametrize("language", ["en", "fr", "km"])
def test_the_sign_in_page_says_the_account_is_locked_in_the_users_language(intake, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _fail_until_locked(client, "intake")
    response = _sign_in(client, "intake", PASSWORD)
    body = response.content.decode()
    alert = body.split('role="alert" tabindex="-1" autofocus>', 1)[1].split("</p>", 1)[0]
    assert LOCKED_MESSAGE[language] in alert
    # Nothing that tells a guesser how many tries were made or are left, or for how long.
    assert not any(character.isdigit() for character in alert)
    assert 'name="username"' in body


def test_the_lock_ends_after_the_cool_off(intake):
    client = Client()
    _fail_until_locked(client, "intake")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert _sign_in(client, "intake", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_chief_unlocks_an_account_and_it_is_audited(intake, chief):
    _fail_until_locked(Client(), "intake")
    chief_client = Client()
    chief_client.force_login(chief)
    page = chief_client.get(reverse("accounts:users"))
    assert reverse("accounts:user_unlock", args=[intake.pk]) in page.content.decode()

    assert chief_client.post(reverse("accounts:user_unlock", args=[intake.pk])).status_code == 302
    client = Client()
    assert _sign_in(client, "intake", PASSWORD).status_code == 302
    assert _signed_in(client)
    entry = AuditEntry.objects.get(changes__locked_out__new=False)
    assert (entry.actor, entry.object_id) == (chief, str(intake.pk))


def test_an_account_that_is_not_locked_offers_no_unlock(intake, chief):
    UserFactory.create(username="someone")
    _sign_in(Client(), "intake", "wrong")
    chief_client = Client()
    chief_client.force_login(chief)
    page = chief_client.get(reverse("accounts:users")).content.decode()
    assert reverse("accounts:user_unlock", args=[intake.pk]) not in page
    chief_client.post(reverse("accounts:user_unlock", args=[intake.pk]))
    assert not AuditEntry.objects.filter(changes__has_key="locked_out").exists()
