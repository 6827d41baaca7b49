"""Wordings of the audit log's labels written about representation (vss/audit/labels.py)."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

if TYPE_CHECKING:
    from vss.applications.models import Application

# Translators: audit log labels saying which page was read.
GROUP_MEMBERS = gettext_noop("list of members")
CONSOLIDATED_GROUP = gettext_noop("consolidated group")
GROUPING_PREVIEW = gettext_noop("grouping preview")
WITHOUT_LAWYER = gettext_noop("civil parties without a lawyer")
CLIENTS_LIST = gettext_noop("list of clients")
CASELOAD = gettext_noop("caseload")
LAWYERS_SEARCH = gettext_noop("search of lawyers")
LAWYERS_LIST = gettext_noop("list of lawyers")
# Translators: an audit log label: the report of every lawyer's Civil Parties by case.
CASELOADS_REPORT = gettext_noop("report of lawyers' caseloads")
# Translators: an audit log label: the Civil Parties of a case as a judgment's annex lists them.
CIVIL_PARTY_ANNEX = gettext_noop("annex of Civil Parties")
# Translators: an audit log label; the value is a power of attorney's holder and client.
POWER_OF_ATTORNEY = gettext_noop("power of attorney: %(representation)s")
# Translators: an audit log label; a lawyer's name and a person's record number.
CONFLICT = gettext_noop("%(lawyer)s / person %(person)s")

WORDINGS = (
    GROUP_MEMBERS,
    CONSOLIDATED_GROUP,
    GROUPING_PREVIEW,
    WITHOUT_LAWYER,
    CLIENTS_LIST,
    CASELOAD,
    LAWYERS_SEARCH,
    LAWYERS_LIST,
    CASELOADS_REPORT,
    CIVIL_PARTY_ANNEX,
    POWER_OF_ATTORNEY,
    CONFLICT,
)


def representation_label(*, lawyer: object, application: "Application") -> str:
    """A representation as the log names it: the lawyer and the client's VSS number (or
    the application's record number before it has one), two references and no words, so
    nothing else a service writes can be mistaken for it."""
    return f"{lawyer}, {application.vss_number or application.pk}"
