from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from vss import policy
from vss.policy import Right

from .lockouts import locked_usernames
from .models import User


@dataclass(frozen=True)
class ManagedAccount:
    user: User
    locked: bool


def managed_accounts(*, user: User) -> list[ManagedAccount]:
    """The accounts the user manages, each with whether failed sign-ins lock it now."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    accounts = list(
        policy.accounts_in_scope(user)
        .select_related("organisation")
        .order_by("-is_active", "role", "username")
    )
    locked = locked_usernames([account.username for account in accounts])
    return [ManagedAccount(user=account, locked=account.username in locked) for account in accounts]


def managed_account(*, user: User, pk: int) -> User:
    """One account the user manages: 403 without the right, 404 outside their scope."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    return get_object_or_404(policy.accounts_in_scope(user), pk=pk)
