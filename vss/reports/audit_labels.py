"""Wordings of the audit log's labels written about the standard reports
(vss/audit/labels.py): each report's reads are labelled with its wording, and its files
with the exports' wording around it."""

from django.utils.translation import gettext_noop

# Translators: audit log labels saying which report was read.
PENDING_DECISIONS = gettext_noop("report of pending decisions and late filings")
DEADLINES = gettext_noop("report of deadlines")

WORDINGS = (PENDING_DECISIONS, DEADLINES)
