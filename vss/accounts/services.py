import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss import policy
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.policy import Right

from .audit_labels import (
    ENROLLED,
    NEW,
    NONE,
    OLD,
    REPLACED,
    TEMPORARY,
    UNUSED,
    UNVERIFIED,
    USED,
    WRONG_CODE,
    WRONG_CODE_AT_ENROLMENT,
)
from .lockouts import locked_usernames
from .models import ApiToken, User
from .second_factor import APP_CODE_DIGITS, RECOVERY_CODE_COUNT, normalise_code, totp_matches
from .tokens import ApiSignInRefused, digest_of, new_secret, shown_prefix

TEMPORARY_PASSWORD_LENGTH = 14
# Letters and digits that cannot be mistaken for one another when read out or copied.
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    """Remember the interface language a user chose, for what VSS writes to them later
    (notifications and their emails)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError("unknown language")
    old = user.language
    if old == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    _audit_account(
        actor=user,
        user=user,
        action=AuditAction.UPDATE,
        changes={"language": {"old": old, "new": language}},
    )


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """A user's new password of their own, already checked against the old one and the
    password validators by the form."""
    _password_set(actor=user, user=user, password=password, temporary=False)


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str:
    """Give an account a temporary password, returned once for the Chief to hand over;
    its holder must replace it on the password page before anything else (the Chief has
    seen it)."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    temporary = get_random_string(TEMPORARY_PASSWORD_LENGTH, TEMPORARY_PASSWORD_ALPHABET)
    _password_set(actor=actor, user=user, password=temporary, temporary=True)
    return temporary


def _password_set(*, actor: User, user: User, password: str, temporary: bool) -> None:
    """Give `user` the password, their own or a temporary one that they must replace at
    their next sign-in, and audit it: the log says that the password changed and how,
    never a hash of it. Who may do this is each caller's rule."""
    changes: dict[str, dict[str, object]] = {
        "password": {"old": OLD, "new": TEMPORARY if temporary else NEW}
    }
    if user.must_change_password != temporary:
        changes["must_change_password"] = {"old": user.must_change_password, "new": temporary}
    user.set_password(password)
    user.must_change_password = temporary
    user.save(update_fields=["password", "must_change_password"])
    _audit_account(actor=actor, user=user, action=AuditAction.UPDATE, changes=changes)


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> None:
    """Close an account: its holder can no longer sign in, and a session already open
    ends at its next request (the authentication backend refuses inactive users)."""
    _active_set(actor=actor, user=user, active=False)


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> None:
    _active_set(actor=actor, user=user, active=True)


def _active_set(*, actor: User, user: User, active: bool) -> None:
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit_account(
        actor=actor,
        user=user,
        action=AuditAction.UPDATE,
        changes={"is_active": {"old": not active, "new": active}},
    )


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    """Clear the failed sign-ins that lock an account, before its cool-off ends."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    if not locked_usernames([user.get_username()]):
        return
    axes_reset(username=user.get_username())
    _audit_account(
        actor=actor,
        user=user,
        action=AuditAction.UPDATE,
        changes={"locked_out": {"old": True, "new": False}},
    )


# Second factor. Its audit entries say what happened to the account's second factor, never
# a key or a code.
SECOND_FACTOR = "second_factor"
RECOVERY_CODE = "recovery_code"


@transaction.atomic
def second_factor_enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the authenticator app set up with `key` (hex) by one code it shows, and give
    the account its recovery codes: the device and the codes, returned once. A wrong code
    enrols nothing, is audited and answers None."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied("a second factor is already enrolled")
    device = TOTPDevice(user=user, name="authenticator app", key=key, confirmed=True)
    step = totp_matches(device, normalise_code(code))
    if step is None:
        _audit_account(
            actor=user,
            user=user,
            action=AuditAction.LOGIN_FAILED,
            changes={SECOND_FACTOR: {"old": NONE, "new": WRONG_CODE_AT_ENROLMENT}},
        )
        return None
    device.last_t = step  # the code just typed is not accepted a second time
    device.save()
    codes = _recovery_codes_replace(user)
    _audit_account(
        actor=user,
        user=user,
        action=AuditAction.UPDATE,
        changes={SECOND_FACTOR: {"old": NONE, "new": ENROLLED}},
    )
    return device, codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`, a code of the authenticator app or one of the
    recovery codes (used up by it), or None. django-otp's throttle makes each device
    refuse even a right code for a while after wrong ones. Failures and the use of a
    recovery code are audited."""
    code = normalise_code(code)
    # Six digits are the app's code, anything else a recovery code: each kind is tried on
    # its own devices only, so that the tries of one do not count in the other's throttle.
    if code.isdigit() and len(code) == APP_CODE_DIGITS:
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    else:
        for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                left = device.token_set.count()
                _audit_account(
                    actor=user,
                    user=user,
                    action=AuditAction.LOGIN,
                    changes={
                        RECOVERY_CODE: {"old": UNUSED, "new": USED},
                        "recovery_codes_left": {"old": left + 1, "new": left},
                    },
                )
                return device
    _audit_account(
        actor=user,
        user=user,
        action=AuditAction.LOGIN_FAILED,
        changes={SECOND_FACTOR: {"old": UNVERIFIED, "new": WRONG_CODE}},
    )
    return None


@transaction.atomic
def second_factor_recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for an enrolled account, returned once; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise PermissionDenied("no second factor enrolled")
    codes = _recovery_codes_replace(user)
    _audit_account(
        actor=user,
        user=user,
        action=AuditAction.UPDATE,
        changes={RECOVERY_CODE: {"old": REPLACED, "new": NEW}},
    )
    return codes


@transaction.atomic
def second_factor_remove(*, user: User) -> None:
    """A user whose role does not need a second factor may stop using theirs."""
    if policy.requires_second_factor(user):
        raise PermissionDenied
    _second_factor_withdraw(actor=user, user=user)


@transaction.atomic
def user_second_factor_reset(*, actor: User, user: User) -> None:
    """The Chief withdraws a user's second factor (a lost or replaced phone): the user
    enrols again at their next sign-in, with their password alone until then."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    _second_factor_withdraw(actor=actor, user=user)


def _second_factor_withdraw(*, actor: User, user: User) -> None:
    # The devices are kept, no longer confirmed (the log names what they were used for);
    # their recovery codes go, as a used one does, since a kept secret only adds a risk.
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).update(confirmed=False)
    StaticToken.objects.filter(device__user=user).delete()
    StaticDevice.objects.filter(user=user, confirmed=True).update(confirmed=False)
    if not totp:
        return
    _audit_account(
        actor=actor,
        user=user,
        action=AuditAction.UPDATE,
        changes={SECOND_FACTOR: {"old": ENROLLED, "new": NONE}},
    )


def _recovery_codes_replace(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _audit_account(
    *, actor: User, user: User, action: AuditAction, changes: dict[str, dict[str, object]]
) -> None:
    """An entry about an account: the record is the account, named by its username."""
    audit_record(actor=actor, action=action, obj=user, label=user.get_username(), changes=changes)


# API tokens. Their audit entries name the token by its id, never the secret.
TOKEN_USE_STAMP_SECONDS = 60


@transaction.atomic
def api_token_issue(
    *, actor: User, user: User, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Give `user` a token for the API: the token and its secret, returned once for the
    Chief to hand over; only its digest is kept."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Say what the token is for.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The token would have expired already.")})
    if not user.is_active or user.is_service:
        raise ValidationError(_("This account cannot sign in, so it cannot have a token."))
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest_of(secret),
        prefix=shown_prefix(secret),
        issued_by=actor,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        label=token_label(token),
        changes=new_values(
            {
                "user": user.get_username(),
                "name": name,
                "expires_at": expires_at.isoformat() if expires_at else None,
            }
        ),
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken, reason: str) -> None:
    """Stop a token working at once; it is kept, with who revoked it, when and why."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the token.")})
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token was revoked already."))
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.revoke_reason = reason
    token.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.ARCHIVE,
        obj=token,
        label=token_label(token),
        changes={
            "revoked_at": {"old": None, "new": token.revoked_at.isoformat()},
            "revoke_reason": {"old": "", "new": reason},
        },
    )


@transaction.atomic
def api_token_refusal_record(*, refusal: ApiSignInRefused) -> None:
    """A request the API turned away at the door, in the log as a failed sign-in on the
    page is: the token by its id and its account by name when the secret is one of VSS's,
    and why. An unknown secret is named by nothing of itself: it may be someone's password
    sent by mistake."""
    token = refusal.token
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        obj=token,
        object_type="accounts.apitoken",
        label=token_label(token) if token else "",
        changes=new_values(
            {
                "refused_because": refusal.reason,
                "account": token.user.get_username() if token else None,
            }
        ),
    )


def api_token_touch(*, token: ApiToken) -> None:
    """Note that the token was just used, at most once a minute: a stamp, not a change
    the audit log needs (the requests it made are there under its id)."""
    now = timezone.now()
    last = token.last_used_at
    if last is not None and (now - last).total_seconds() < TOKEN_USE_STAMP_SECONDS:
        return
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def token_label(token: ApiToken) -> str:
    """How the audit log names a token: by its id, as the request ids of its requests do
    (`api-<id>-…`); its secret, or any part of it, never."""
    return f"API-{token.pk}"
