"""Passwords: each user changes their own (Django's validators apply, in the user's
language), the Chief gives a temporary one, and each change is in the audit log without
the password or its hash."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from vss.accounts.services import user_password_reset
from vss.audit.models import AuditAction, AuditEntry
from vss.demo import DEMO_PASSWORD
from vss.testing.constants import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
NEW = "a-long-new-passphrase-2026"


def _change(client: Client, old: str, new1: str, new2: str | None = None):
    return client.post(
        CHANGE, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1}
    )


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_a_user_changes_their_password_and_stays_signed_in(outreach):
    client = _client(outreach)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302
    outreach.refresh_from_db()
    assert outreach.check_password(NEW)
    assert client.get(reverse("core:home")).status_code == 200
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(outreach.pk))
    assert (entry.actor, entry.action) == (outreach, AuditAction.UPDATE)
    assert entry.changes == {"password": {"old": "old", "new": "new"}}
    assert outreach.password not in str(entry.changes)


def test_the_wrong_current_password_changes_nothing(outreach):
    response = _change(_client(outreach), "not it", NEW)
    assert response.status_code == 200
    assert "Your current password was not entered correctly." in response.content.decode()
    outreach.refresh_from_db()
    assert outreach.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(object_type="accounts.user").exists()


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("1234567890123", "made of digits only"),
        ("short1!", "too short"),
        ("password1234", "too common"),
        ("outreach-x", "too similar to your username"),
    ],
)
def test_djangos_password_validators_apply(outreach, password, refusal):
    response = _change(_client(outreach), PASSWORD, password)
    assert response.status_code == 200
    assert refusal in response.content.decode()
    outreach.refresh_from_db()
    assert outreach.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("language", "title", "refusal"),
    [
        ("fr", "Changer le mot de passe", "composé uniquement de chiffres"),
        ("km", "ប្ដូរពាក្យសម្ងាត់", "មានតែលេខ"),
    ],
)
def test_the_password_page_speaks_the_users_language(outreach, language, title, refusal):
    client = _client(outreach, language)
    assert title in client.get(CHANGE).content.decode()
    assert refusal in _change(client, PASSWORD, "1234567890123").content.decode()


def test_the_top_bar_links_to_the_password_page(auditor):
    assert f'href="{CHANGE}"' in _client(auditor).get(reverse("audit:list")).content.decode()


def test_the_demo_password_is_set_directly_and_still_signs_in(intake):
    # The demo data sets its known password without the validators (vss/accounts/demo.py).
    intake.password = make_password(DEMO_PASSWORD)
    intake.save()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": DEMO_PASSWORD})
    assert "_auth_user_id" in client.session


def test_a_second_temporary_password_before_the_first_is_replaced_says_only_that(chief, intake):
    user_password_reset(actor=chief, user=intake)
    second = user_password_reset(actor=chief, user=intake)
    intake.refresh_from_db()
    assert intake.check_password(second) and intake.must_change_password
    entry = AuditEntry.objects.filter(object_type="accounts.user").latest("id")
    # The account already had to change its password: no old value of False is made up.
    assert entry.changes == {"password": {"old": "old", "new": "temporary"}}


def test_only_those_who_manage_accounts_give_a_temporary_password(intake, outreach):
    with pytest.raises(PermissionDenied):
        user_password_reset(actor=intake, user=outreach)
    outreach.refresh_from_db()
    assert outreach.check_password(PASSWORD) and not outreach.must_change_password
    assert not AuditEntry.objects.filter(object_type="accounts.user").exists()


def test_the_chief_gives_a_temporary_password_shown_once(chief, intake):
    client = _client(chief)
    response = client.post(reverse("accounts:user_password_reset", args=[intake.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    temporary = response.context["temporary_password"]
    assert temporary in response.content.decode()
    intake.refresh_from_db()
    assert intake.check_password(temporary)
    assert not intake.check_password(PASSWORD)
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(intake.pk))
    assert entry.actor == chief
    assert entry.changes == {
        "password": {"old": "old", "new": "temporary"},
        "must_change_password": {"old": False, "new": True},
    }
    assert temporary not in str(entry.changes)
    # Its holder signs in with it and chooses their own.
    own = Client()
    own.post(reverse("accounts:login"), {"username": "intake", "password": temporary})
    assert _change(own, temporary, NEW).status_code == 302
