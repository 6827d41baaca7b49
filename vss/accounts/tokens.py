"""API tokens' secrets: how one is made and how it is kept (its digest alone)."""

import hashlib
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import ApiToken

# Marks a VSS token in a file or a log a secret scanner reads.
SECRET_START = "vss_"
SHOWN_PREFIX_LENGTH = 12


def new_secret() -> str:
    return SECRET_START + secrets.token_urlsafe(32)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def shown_prefix(secret: str) -> str:
    return secret[:SHOWN_PREFIX_LENGTH]


class ApiSignInRefused(Exception):
    """A request's token does not let it in: `status` is 401 when the token itself is no
    good (unknown, revoked, expired, its account closed), 403 when the account holds but
    may not be used now (locked, a password or a second factor owed). `reason` is what the
    audit log says of it, `token` the token presented when it is one of VSS's."""

    def __init__(
        self, status: int, message: str, *, reason: str, token: "ApiToken | None" = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.token = token
