"""Wordings of what the audit log says of a password or a second factor, a state rather
than the secret (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: states of a password, a second factor or a recovery code, as the audit log
# shows them in a change "old → new".
OLD = gettext_noop("old")
NEW = gettext_noop("new")
TEMPORARY = gettext_noop("temporary")
NONE = gettext_noop("none")
ENROLLED = gettext_noop("enrolled")
WRONG_CODE = gettext_noop("wrong code")
WRONG_CODE_AT_ENROLMENT = gettext_noop("wrong code at enrolment")
UNVERIFIED = gettext_noop("unverified")
UNUSED = gettext_noop("unused")
USED = gettext_noop("used")
REPLACED = gettext_noop("replaced")
# Translators: why the API refused a request's token, as the audit log shows it.
UNKNOWN_TOKEN = gettext_noop("unknown token")
TOKEN_REVOKED = gettext_noop("token revoked")
TOKEN_EXPIRED = gettext_noop("token expired")
ACCOUNT_CLOSED = gettext_noop("account closed")
ACCOUNT_LOCKED = gettext_noop("account locked")
NEW_PASSWORD_OWED = gettext_noop("new password owed")
SECOND_FACTOR_NOT_ENROLLED = gettext_noop("second factor not enrolled")
TOO_MANY_REFUSED = gettext_noop("too many refused tokens from this address")

WORDINGS = (
    OLD,
    NEW,
    TEMPORARY,
    NONE,
    ENROLLED,
    WRONG_CODE,
    WRONG_CODE_AT_ENROLMENT,
    UNVERIFIED,
    UNUSED,
    USED,
    REPLACED,
    UNKNOWN_TOKEN,
    TOKEN_REVOKED,
    TOKEN_EXPIRED,
    ACCOUNT_CLOSED,
    ACCOUNT_LOCKED,
    NEW_PASSWORD_OWED,
    SECOND_FACTOR_NOT_ENROLLED,
    TOO_MANY_REFUSED,
)
