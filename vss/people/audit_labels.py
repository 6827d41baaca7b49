"""Wordings of the audit log's labels written about people (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: an audit log label; the value is a person's record number.
PERSON = gettext_noop("person %(person)s")
# Translators: an audit log label; the values are two people's record numbers.
PEOPLE_PAIR = gettext_noop("persons %(first)s and %(second)s")

WORDINGS = (PERSON, PEOPLE_PAIR)
