"""Accounts: which users' accounts a user manages (resets a password, deactivates,
unlocks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .rights import Right
from .roles import has_right

if TYPE_CHECKING:
    from vss.accounts.models import User


def accounts_in_scope(user: User) -> QuerySet[User]:
    """Every account but the manager's own: an account manager changes their own password
    like everyone else, and cannot lock themselves out of the one account that unlocks."""
    from vss.accounts.models import User

    if not has_right(user, Right.MANAGE_ACCOUNTS):
        return User.objects.none()
    return User.objects.exclude(pk=user.pk)
