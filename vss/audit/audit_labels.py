"""Wordings of the audit log's labels written by the log itself (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: an audit log label: the log itself was read.
AUDIT_LOG_READ = gettext_noop("audit log")

WORDINGS = (AUDIT_LOG_READ,)
