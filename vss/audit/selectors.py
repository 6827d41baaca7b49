import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from vss import policy
from vss.accounts.models import User
from vss.rights import Right

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
