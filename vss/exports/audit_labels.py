"""Wordings of the audit log's labels written about exports (vss/audit/labels.py). The
list is named by its own wording (the one its page's reads are labelled with), so the
log translates it too."""

from django.utils.translation import gettext_noop

from vss.audit.labels import audit_label

# Translators: an audit log label; the values are a list's name (such as "list of
# applications") and a file format (CSV or XLSX).
LIST_EXPORT = gettext_noop("export of the %(list)s (%(format)s)")
# Translators: an audit log label; the values are an export's number, a list's name and a
# file format.
JOB = gettext_noop("export %(job)s of the %(list)s (%(format)s)")
# Translators: an audit log label; the value is an export's number.
JOB_FILE_DELETED = gettext_noop("export %(job)s: file deleted")

WORDINGS = (LIST_EXPORT, JOB, JOB_FILE_DELETED)


def job_label(*, job: int, list_label: str, export_format: str) -> str:
    """An export job as the log names it when it is asked for and when it is taken."""
    return audit_label(JOB, job=job, list=list_label, format=export_format)
