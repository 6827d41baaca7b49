import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from . import registry
from .audit_labels import AUDIT_LOG_READ
from .labels import audit_label
from .models import AuditAction, AuditEntry
from .services import audit_list_read

# The record type of the entries that say the log itself was read.
AUDIT_LOG = "audit.auditentry"


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


def audit_log_read(user: User, filters: AuditFilters, *, shown: int) -> None:
    """The auditor's reading of the log is itself audited: one entry per page read, with
    the filters used and how many entries it showed (not which: they are in the log).
    Written after the page is read, so a page never lists its own reading."""
    audit_list_read(
        actor=user,
        object_type=AUDIT_LOG,
        label=audit_label(AUDIT_LOG_READ),
        filters=filters,
        shown=shown,
    )


MASK = "•••"
READ_ACTIONS = (AuditAction.VIEW, AuditAction.SEARCH)


def _records_of(entries: list[AuditEntry]) -> Q:
    """The records the entries are about, as one condition on the log."""
    ids_by_type: dict[str, set[str]] = {}
    for entry in entries:
        ids_by_type.setdefault(entry.object_type, set()).add(entry.object_id)
    condition = Q(pk__in=[])
    for record_type, ids in ids_by_type.items():
        condition |= Q(object_type=record_type, object_id__in=ids)
    return condition


def _mask_texts_naming_protected_people(entries: list[AuditEntry]) -> None:
    """The text typed into a search is kept (who searched for what is how misuse is
    found), but a text that would find a protected person by a real name is that name:
    it is masked for those without the right, the auditor included."""
    reads = [e for e in entries if not e.object_id and e.action in READ_ACTIONS]
    texts = {
        change["new"]
        for entry in reads
        for change in entry.changes.values()
        if isinstance(change, dict) and isinstance(change.get("new"), str) and change["new"]
    }
    named: set[str] = set()
    for naming in registry.text_maskings():
        named |= set(naming(texts))
    for entry in reads:
        entry.changes = {
            field: (
                {"old": change["old"], "new": MASK}
                if isinstance(change, dict)
                and isinstance(change.get("new"), str)
                and change["new"] in named
                else change
            )
            for field, change in entry.changes.items()
        }


def mask_protected_identities(user: User, entries: list[AuditEntry]) -> list[AuditEntry]:
    """Hide, for display, what entries say about people whose identity is protected now,
    and about the records created in the same request as such a person (the relatives
    entered on a protected applicant's form). Entries cannot be rewritten, and a person
    may have become protected after the entry was written, so this is decided when the
    log is read: one query for the requests the page touches, then one for each record
    type that can reveal an identity, however long the page."""
    if policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return entries
    _mask_texts_naming_protected_people(entries)
    maskings = registry.identity_maskings()
    revealing = [entry for entry in entries if entry.object_type in maskings]
    if not revealing:
        return entries
    # The requests of the page's entries and those that created the page's records,
    # with every record of a maskable type they wrote about.
    page_requests = {entry.request_id for entry in revealing if entry.request_id}
    creation_requests = (
        AuditEntry.objects.filter(_records_of(revealing), action=AuditAction.CREATE)
        .exclude(request_id="")
        .values("request_id")
    )
    related = set(
        AuditEntry.objects.filter(
            Q(request_id__in=page_requests) | Q(request_id__in=Subquery(creation_requests)),
            object_type__in=maskings,
        )
        .values_list("request_id", "object_type", "object_id", "action")
        .distinct()
    )
    ids_by_type: dict[str, set[str]] = {}
    for record_type, object_id in {(e.object_type, e.object_id) for e in revealing} | {
        (record_type, object_id) for _, record_type, object_id, _ in related
    }:
        # An entry about many records at once (a list, a search) names none of them.
        if object_id:
            ids_by_type.setdefault(record_type, set()).add(object_id)
    protected = {
        (record_type, str(object_id))
        for record_type, ids in ids_by_type.items()
        for object_id in maskings[record_type].protected_ids(ids)
    }
    requests_about_protected = {
        request_id
        for request_id, record_type, object_id, _ in related
        if (record_type, object_id) in protected
    }
    created_beside_protected = {
        (record_type, object_id)
        for request_id, record_type, object_id, action in related
        if action == AuditAction.CREATE and request_id in requests_about_protected
    }
    for entry in revealing:
        record = (entry.object_type, entry.object_id)
        if not (
            record in protected
            or record in created_beside_protected
            or entry.request_id in requests_about_protected
        ):
            continue
        hidden = maskings[entry.object_type].fields
        entry.changes = {
            field: ({"old": MASK, "new": MASK} if field in hidden else change)
            for field, change in entry.changes.items()
        }
    return entries
