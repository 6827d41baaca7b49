"""The Chief's accounts page: every other account, closed and opened again with an audit
entry each time; and sessions that end after a while idle."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.accounts.sessions import RENEW_AFTER_SECONDS, STAMP
from vss.audit.models import AuditEntry
from vss.testing.constants import PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_accounts_page_lists_every_other_account_and_is_in_the_chiefs_menu(
    chief, intake, lawyer
):
    client = _signed_in(chief)
    body = client.get(reverse("accounts:users")).content.decode()
    assert "<td>intake</td>" in body
    assert "<td>lawyer</td>" in body
    assert "<td>chief</td>" not in body
    assert f'href="{reverse("accounts:users")}"' in client.get(HOME).content.decode()
    assert (
        f'href="{reverse("accounts:users")}"' not in _signed_in(intake).get(HOME).content.decode()
    )


def test_a_deactivated_account_can_no_longer_sign_in_and_its_session_ends(chief, intake):
    session = _signed_in(intake)
    assert session.get(HOME).status_code == 200

    response = _signed_in(chief).post(reverse("accounts:user_deactivate", args=[intake.pk]))
    assert response.status_code == 302
    intake.refresh_from_db()
    assert not intake.is_active
    # The root is the public site for whoever is not signed in: a staff page sends them to
    # sign in.
    assert session.get(reverse("applications:list")).status_code == 302
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(intake.pk))
    assert (entry.actor, entry.changes) == (chief, {"is_active": {"old": True, "new": False}})


def test_a_reactivated_account_signs_in_again(chief, intake):
    chief_client = _signed_in(chief)
    chief_client.post(reverse("accounts:user_deactivate", args=[intake.pk]))
    chief_client.post(reverse("accounts:user_reactivate", args=[intake.pk]))
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert "_auth_user_id" in client.session
    changes = list(
        AuditEntry.objects.filter(object_id=str(intake.pk), changes__has_key="is_active")
        .order_by("id")
        .values_list("changes", flat=True)
    )
    assert changes[-1] == {"is_active": {"old": False, "new": True}}


def test_the_idle_time_is_a_setting_of_thirty_minutes_by_default():
    assert settings.VSS_SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_session_is_kept_alive_by_use_and_ends_after_the_idle_time(intake):
    client = _signed_in(intake)
    key = client.session.session_key
    idle = timedelta(minutes=settings.VSS_SESSION_IDLE_MINUTES)
    # Used again a while after its last renewal, the session ends the idle time from now.
    session = client.session
    session[STAMP] = int(time.time()) - RENEW_AFTER_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get(HOME).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert timezone.now() + idle - timedelta(minutes=1) < expiry <= timezone.now() + idle
    # Left idle past it, the session is gone and the user signs in again.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("applications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_busy_session_is_not_written_at_every_request(intake):
    client = _signed_in(intake)
    key = client.session.session_key
    client.get(HOME)
    written = Session.objects.get(session_key=key).expire_date
    client.get(HOME)
    assert Session.objects.get(session_key=key).expire_date == written
