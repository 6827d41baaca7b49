"""Wordings of the audit log's labels written about counts of the figures
(vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: an audit log label: someone asked for the Section's figures to be counted
# again.
COUNT_ASKED = gettext_noop("count of the figures, asked for")
# Translators: an audit log label: the Section's figures were older than they may be when
# someone read them, so they are counted again.
COUNT_OUT_OF_DATE = gettext_noop("count of the figures, out of date when read")

WORDINGS = (COUNT_ASKED, COUNT_OUT_OF_DATE)
