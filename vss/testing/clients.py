"""Signing a test client in as a persona (the fixtures of conftest.py, one per role)."""

from typing import Any

import pytest
from django.test import Client


def signed_in(request: pytest.FixtureRequest, persona: str, **client_options: Any) -> Client:
    """A new client signed in as the persona fixture named `persona`; `client_options`
    go to Client (enforce_csrf_checks=True to test the CSRF check)."""
    client = Client(**client_options)
    client.force_login(request.getfixturevalue(persona))
    return client
