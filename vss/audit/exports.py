"""The audit log as a file (vss.exports), for the auditor: the entries the log's page
shows with its filters, each masked as the page masks it, in the same cells."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vss.accounts.models import User
from vss.core.exports import Column, choice_cell
from vss.exports.registry import ExportRows, ListExport, filters_of

from .audit_labels import AUDIT_LOG_READ
from .forms import AuditFilterForm
from .models import AuditAction, AuditEntry
from .selectors import AUDIT_LOG, audit_entries_for_user, mask_protected_identities
from .templatetags.audit_log import audit_changes, audit_record


def _changes(entry: AuditEntry) -> str:
    return "\n".join(f"{field}: {change}" for field, change in audit_changes(entry))


def audit_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(AuditFilterForm(query or None))
    columns = [
        Column(_("Time"), lambda e: e.at.isoformat(timespec="seconds")),
        Column(_("User"), lambda e: e.actor_username),
        Column(_("Action"), lambda e: choice_cell(AuditAction, e.action)),
        Column(pgettext_lazy("noun: the record an audit entry concerns", "Record"), audit_record),
        Column(_("Changes"), _changes),
        Column(_("IP address"), lambda e: e.ip_address or ""),
        Column(_("Request id"), lambda e: e.request_id),
    ]
    return ExportRows(
        audit_entries_for_user(user, filters),
        columns,
        object_type=AUDIT_LOG,
        filters=filters,
        query_field="object_ref",
        prepare=lambda entries: mask_protected_identities(user, entries),
    )


AUDIT_LOG_EXPORT = ListExport(
    name="audit-log",
    title=_("the audit log"),
    label=AUDIT_LOG_READ,
    list_url="audit:list",
    filename="audit-log",
    rows=audit_export_rows,
)
