from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string

from vss import policy
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.policy import Right

from .lockouts import locked_usernames
from .models import User

# The log says that a password changed and how, never a hash of it.
PASSWORD_CHANGED = {"password": {"old": "old", "new": "new"}}
PASSWORD_RESET = {"password": {"old": "old", "new": "temporary"}}
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
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes={"language": {"old": old, "new": language}},
    )


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """A user's new password of their own, already checked against the old one and the
    password validators by the form."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes=PASSWORD_CHANGED,
    )


@transaction.atomic
def user_password_reset(*, actor: User, user: User) -> str:
    """Give an account a temporary password, returned once for the Chief to hand over;
    its holder replaces it on the password page."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    temporary = get_random_string(TEMPORARY_PASSWORD_LENGTH, TEMPORARY_PASSWORD_ALPHABET)
    user.set_password(temporary)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes=PASSWORD_RESET,
    )
    return temporary


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
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes={"is_active": {"old": not active, "new": active}},
    )


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    """Clear the failed sign-ins that lock an account, before its cool-off ends."""
    policy.require_right(actor, Right.MANAGE_ACCOUNTS)
    if not locked_usernames([user.get_username()]):
        return
    axes_reset(username=user.get_username())
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes={"locked_out": {"old": True, "new": False}},
    )
