"""Accounts: which users' accounts a user manages (resets a password, deactivates,
unlocks), and who must sign in with a second factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from .identity import KNOWN_PEOPLE
from .rights import Right
from .roles import ROLE_RIGHTS, has_right

if TYPE_CHECKING:
    from vss.accounts.models import User


def accounts_in_scope(user: User) -> QuerySet[User]:
    """Every account but the manager's own: an account manager changes their own password
    like everyone else, and cannot lock themselves out of the one account that unlocks."""
    from vss.accounts.models import User

    if not has_right(user, Right.MANAGE_ACCOUNTS):
        return User.objects.none()
    return User.objects.exclude(pk=user.pk)


# A password alone is not enough for a role holding one of these: what it reads is what
# the court protects most (who a protected person is, what a partner wrote of their health).
SECOND_FACTOR_RIGHTS = frozenset({Right.SEE_PROTECTED_IDENTITIES, Right.READ_HEALTH_NOTES})


def role_requires_second_factor(user: User) -> bool:
    """Whether the user's role needs a second factor: by the rights the role table gives
    it, or because the identity table lets it know some protected people without the
    right (a lawyer their clients, a partner the people referred to it)."""
    return (
        bool(ROLE_RIGHTS.get(user.role, frozenset()) & SECOND_FACTOR_RIGHTS)
        or user.role in KNOWN_PEOPLE
    )


def requires_second_factor(user: User) -> bool:
    """Whether the user must pass a second factor before anything else: the role needs one
    and the deployment enforces it (only a developer's machine relaxes it)."""
    return (
        settings.VSS_SECOND_FACTOR_REQUIRED
        and user.is_authenticated
        and role_requires_second_factor(user)
    )
