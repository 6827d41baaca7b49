"""Signing a test client in as a persona (the fixtures of conftest.py, one per role).

A test signs in as production would let the user in: with the password and the second
factor. `force_login` of Django's test client is made to do the same for the whole suite
(conftest.py), so that a test that signs in by hand meets the pages, not the second
factor's; a test of the second factor itself signs in through the sign-in page, or with
`password_only_login`."""

from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.accounts.models import User
from vss.accounts.second_factor import current_app_code

# Django's own, kept before conftest.py replaces it on the Client class.
_django_force_login = Client.force_login


def signed_in(request: pytest.FixtureRequest, persona: str, **client_options: Any) -> Client:
    """A new client signed in as the persona fixture named `persona`, second factor passed;
    `client_options` go to Client (enforce_csrf_checks=True to test the CSRF check)."""
    client = Client(**client_options)
    force_verified_login(client, request.getfixturevalue(persona))
    return client


def authenticator(user: User) -> TOTPDevice:
    """The user's authenticator app: a confirmed TOTP device, made the first time."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    return device


def current_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now. The device forgets the last code it
    accepted and its throttle, so that one test may sign in twice within 30 seconds."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return current_app_code(device)


def force_verified_login(client: Client, user: User, backend: str | None = None) -> None:
    """Sign in with both factors without the pages: the session holds the device, as
    django_otp.login puts it there after a right code."""
    _django_force_login(client, user, backend)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()


def password_only_login(client: Client, user: User) -> None:
    """Signed in with the password alone: the second factor is still owed."""
    _django_force_login(client, user)
