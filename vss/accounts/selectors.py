from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss import policy
from vss.policy import Right

from .lockouts import locked_usernames
from .models import User


@dataclass(frozen=True)
class ManagedAccount:
    user: User
    locked: bool
    second_factor: bool  # enrolled


@dataclass(frozen=True)
class SecondFactorState:
    enrolled: bool
    recovery_codes_left: int
    required: bool  # by the user's role, in this deployment


def second_factor_state(*, user: User) -> SecondFactorState:
    """A user's own second factor, for its page."""
    return SecondFactorState(
        enrolled=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        recovery_codes_left=StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
        required=policy.requires_second_factor(user),
    )


def second_factor_enrolled(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def managed_accounts(*, user: User) -> list[ManagedAccount]:
    """The accounts the user manages, each with whether failed sign-ins lock it now."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    accounts = list(
        policy.accounts_in_scope(user)
        .select_related("organisation")
        .order_by("-is_active", "role", "username")
    )
    locked = locked_usernames([account.username for account in accounts])
    enrolled = set(
        TOTPDevice.objects.filter(user__in=accounts, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [
        ManagedAccount(
            user=account,
            locked=account.username in locked,
            second_factor=account.pk in enrolled,
        )
        for account in accounts
    ]


def managed_account(*, user: User, pk: int) -> User:
    """One account the user manages: 403 without the right, 404 outside their scope."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    return get_object_or_404(policy.accounts_in_scope(user), pk=pk)
