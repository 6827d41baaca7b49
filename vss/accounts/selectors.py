from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss import policy
from vss.policy import Right

from .audit_labels import (
    ACCOUNT_CLOSED,
    ACCOUNT_LOCKED,
    NEW_PASSWORD_OWED,
    SECOND_FACTOR_NOT_ENROLLED,
    TOKEN_EXPIRED,
    TOKEN_REVOKED,
    UNKNOWN_TOKEN,
)
from .lockouts import locked_usernames
from .models import ApiToken, User
from .tokens import ApiSignInRefused, digest_of


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


def api_tokens_managed(*, user: User) -> list[ApiToken]:
    """Every token of the accounts the user manages, for the tokens page."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    return list(
        ApiToken.objects.filter(user__in=policy.accounts_in_scope(user)).select_related(
            "user", "issued_by", "revoked_by"
        )
    )


def api_token_holders(*, user: User) -> QuerySet[User]:
    """The accounts the user may give a token to: those they manage that can sign in."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    return (
        policy.accounts_in_scope(user).filter(is_active=True, is_service=False).order_by("username")
    )


def api_token_managed(*, user: User, pk: int) -> ApiToken:
    """One token of an account the user manages: 403 without the right, 404 otherwise."""
    policy.require_right(user, Right.MANAGE_ACCOUNTS)
    return get_object_or_404(
        ApiToken.objects.filter(user__in=policy.accounts_in_scope(user)).select_related("user"),
        pk=pk,
    )


def api_token_sign_in(*, secret: str, request: HttpRequest) -> ApiToken:
    """The token a request presents, with its user, if the rules of signing in let that
    user in now; else `ApiSignInRefused` saying why. The rules are the sign-in page's: a
    closed account, failed sign-ins that lock it, a temporary password to replace, a
    second factor its role needs and it has not enrolled (a token cannot be asked for a
    code, so the enrolment is what stands for it)."""
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=digest_of(secret.strip()))
        .first()
    )
    if token is None:
        raise ApiSignInRefused(401, _("This token is not valid."), reason=UNKNOWN_TOKEN)
    if token.revoked_at is not None:
        raise ApiSignInRefused(401, _("This token was revoked."), reason=TOKEN_REVOKED, token=token)
    if token.expires_at is not None and token.expires_at <= timezone.now():
        raise ApiSignInRefused(401, _("This token has expired."), reason=TOKEN_EXPIRED, token=token)
    user = token.user
    if not user.is_active or user.is_service:
        raise ApiSignInRefused(
            401,
            _("The account of this token is deactivated."),
            reason=ACCOUNT_CLOSED,
            token=token,
        )
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        raise ApiSignInRefused(
            403,
            _(
                "Signing in is locked after too many failed attempts. Try again later, or "
                "ask the Chief of Section to unlock the account."
            ),
            reason=ACCOUNT_LOCKED,
            token=token,
        )
    if user.must_change_password:
        raise ApiSignInRefused(
            403,
            _("The account must choose a new password in VSS before using the API."),
            reason=NEW_PASSWORD_OWED,
            token=token,
        )
    if policy.requires_second_factor(user) and not second_factor_enrolled(user=user):
        raise ApiSignInRefused(
            403,
            _(
                "The role of this account requires two-step sign-in: enrol a second factor "
                "in VSS before using the API."
            ),
            reason=SECOND_FACTOR_NOT_ENROLLED,
            token=token,
        )
    return token
