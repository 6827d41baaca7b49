"""Wordings of the audit log's labels written about applications (vss/audit/labels.py)."""

from django.utils.translation import gettext_noop

# Translators: audit log labels saying which page of applications was read.
APPLICATIONS_LIST = gettext_noop("list of applications")
APPLICATIONS_BATCH = gettext_noop("batch of applications")
WORK_QUEUE = gettext_noop("work queue, on the home page")
# Translators: an audit log label; a form was read to be corrected.
FORM_TO_EDIT = gettext_noop("read to edit")
# Translators: an audit log label; the value is a Victim Information Form's number.
FORM = gettext_noop("VIF %(form)s")
# Translators: an audit log label; the values are a VIF's number and a case number.
FORM_IN_CASE = gettext_noop("VIF %(form)s, case %(case)s")
# Translators: audit log labels of a file made from an application; the value is its
# VSS number (or its record number before it has one).
VIF_PDF = gettext_noop("%(application)s: the VIF as a PDF")
# Translators: the second value is a language code (km, en, fr).
RECEIPT_PDF = gettext_noop("%(application)s: acknowledgement of receipt (%(language)s)")

WORDINGS = (
    APPLICATIONS_LIST,
    APPLICATIONS_BATCH,
    WORK_QUEUE,
    FORM_TO_EDIT,
    FORM,
    FORM_IN_CASE,
    VIF_PDF,
    RECEIPT_PDF,
)
