"""The wordings of the portal's audit labels, written in English in the log and read back
in the reader's language."""

from django.utils.translation import gettext_noop

# Translators: an audit log label; the values are a page of the public site (its short
# name in English) and a language code.
PAGE_TEXT = gettext_noop("public page %(page)s in %(language)s")

CONTENT_WORDINGS: tuple[str, ...] = (PAGE_TEXT,)

# Translators: an audit log label; the value is a VSS number. Someone not signed in read
# the application's status by typing its receipt's reference, code and year of birth.
FOLLOWED = gettext_noop("%(application)s: status read with its receipt")

FOLLOWING_WORDINGS: tuple[str, ...] = (FOLLOWED,)
