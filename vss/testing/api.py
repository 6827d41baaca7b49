"""Calling the API as a persona: a token of the persona's own, sent as the API asks for
it, with the second factor its role needs already enrolled (as `signed_in` does for the
pages)."""

import datetime

import pytest
from django.test import Client

from vss.accounts.models import ApiToken, User
from vss.accounts.tokens import digest_of, new_secret, shown_prefix

from .clients import authenticator


def api_token(
    user: User,
    *,
    issued_by: User | None = None,
    expires_at: datetime.datetime | None = None,
    name: str = "test",
) -> str:
    """A token of `user` (made as the Chief's service makes one), its secret returned."""
    secret = new_secret()
    ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest_of(secret),
        prefix=shown_prefix(secret),
        issued_by=issued_by or user,
        expires_at=expires_at,
    )
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def api_client_for(user: User) -> Client:
    """A client sending a fresh token of `user` with every request, second factor enrolled."""
    authenticator(user)
    return Client(headers=bearer(api_token(user)))


def api_client(request: pytest.FixtureRequest, persona: str) -> Client:
    """`api_client_for` the persona fixture named `persona`."""
    return api_client_for(request.getfixturevalue(persona))
