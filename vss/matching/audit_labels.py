"""Wordings of the audit log's labels written by duplicate detection (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: audit log labels saying which page of possible duplicates was read.
DUPLICATES_QUEUE = gettext_noop("duplicates queue")
LIVE_CHECK = gettext_noop("live duplicate check")
LIVE_CHECK_HELD = gettext_noop("live duplicate check: a protected record may match")
# Translators: audit log labels; the check of an application's applicant against the
# registry, for a form nobody at the Section typed.
APPLICANT_CHECK = gettext_noop("possible duplicates of the applicant")
APPLICANT_CHECK_HELD = gettext_noop(
    "possible duplicates of the applicant: a protected record may match"
)
# Translators: a reviewer's decision, as the audit log shows it.
DIFFERENT_PEOPLE = gettext_noop("different people")

WORDINGS = (
    DUPLICATES_QUEUE,
    LIVE_CHECK,
    LIVE_CHECK_HELD,
    APPLICANT_CHECK,
    APPLICANT_CHECK_HELD,
    DIFFERENT_PEOPLE,
)
