"""Wordings of the audit log's labels written about imports (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

from vss.audit.labels import audit_label

# Translators: an audit log label; the value is the number of an import of a spreadsheet
# of Victim Information Forms.
BATCH = gettext_noop("import %(batch)s of forms")
# Translators: an audit log label; a page listing imports of spreadsheets of forms.
BATCH_REPORT = gettext_noop("import %(batch)s of forms: report")

WORDINGS = (BATCH, BATCH_REPORT)


def batch_label(batch: int) -> str:
    return audit_label(BATCH, batch=batch)
