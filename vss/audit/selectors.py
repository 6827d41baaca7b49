import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from . import registry
from .models import AuditEntry


@dataclass
class AuditFilters:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_ref: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    request_id: str = ""


def audit_entries_for_user(user: User, filters: AuditFilters) -> QuerySet[AuditEntry]:
    policy.require_right(user, Right.VIEW_AUDIT_LOG)
    entries = AuditEntry.objects.all()
    if filters.actor:
        entries = entries.filter(actor_username__iexact=filters.actor.strip())
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_ref:
        ref = filters.object_ref.strip()
        entries = entries.filter(object_id=ref) | entries.filter(object_label__icontains=ref)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    if filters.request_id:
        entries = entries.filter(request_id=filters.request_id.strip())
    return entries.order_by("-at", "-id")


MASK = "•••"


def mask_protected_identities(user: User, entries: list[AuditEntry]) -> list[AuditEntry]:
    """Hide, for display, what old entries say about people whose identity is protected
    now. Entries cannot be rewritten, and a person may have become protected after the
    entry was written, so this is decided when the log is read, in one query a page for
    each record type that can reveal an identity."""
    if policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return entries
    maskings = registry.identity_maskings()
    ids_by_type: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_type in maskings:
            ids_by_type.setdefault(entry.object_type, set()).add(entry.object_id)
    protected = {
        (record_type, str(object_id))
        for record_type, ids in ids_by_type.items()
        for object_id in maskings[record_type].protected_ids(ids)
    }
    for entry in entries:
        if (entry.object_type, entry.object_id) not in protected:
            continue
        hidden = maskings[entry.object_type].fields
        entry.changes = {
            field: ({"old": MASK, "new": MASK} if field in hidden else change)
            for field, change in entry.changes.items()
        }
    return entries
