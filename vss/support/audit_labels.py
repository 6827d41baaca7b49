"""Wordings of the audit log's labels written about support (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: audit log labels saying which page was read.
REFERRALS_LIST = gettext_noop("list of referrals")
FOLLOW_UPS_DUE = gettext_noop("follow-ups due")
OPEN_REFERRALS_HOME = gettext_noop("open referrals, on the home page")
# Translators: an audit log label; a person's record was read to refer them to a service.
TO_REFER = gettext_noop("read to make a referral")
# Translators: an audit log label; the value is a referral's number.
REFERRAL = gettext_noop("referral %(referral)s")
# Translators: an audit log label; the value is a referral's number.
HEALTH_NOTES = gettext_noop("health notes of referral %(referral)s")

# Translators: what the audit log shows for a health or counselling text: it is never
# copied into the log.
WITHHELD = gettext_noop("[written; text not kept in the log]")

WORDINGS = (
    WITHHELD,
    REFERRALS_LIST,
    FOLLOW_UPS_DUE,
    OPEN_REFERRALS_HOME,
    TO_REFER,
    REFERRAL,
    HEALTH_NOTES,
)
