"""The wordings of the labels reparations writes into the audit log (vss.audit.labels)."""

from django.utils.translation import gettext_noop

# Translators: an audit log label; the value is a reparation project's reference.
PARTICIPANTS_OF = gettext_noop("Civil Parties taking part in %(project)s")

WORDINGS: tuple[str, ...] = (PARTICIPANTS_OF,)
