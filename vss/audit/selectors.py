import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

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


# What a change record may reveal of a protected person: their names, where they live,
# how to reach them, and the account they gave.
PERSON_IDENTITY_FIELDS = frozenset(
    {
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "aliases",
        "birth_date",
        "village",
        "phone",
    }
)
FORM_IDENTITY_FIELDS = frozenset({"account", "reparation_wishes"})
MASK = "•••"


def mask_protected_identities(user: User, entries: list[AuditEntry]) -> list[AuditEntry]:
    """Hide, for display, what old entries say about people whose identity is protected
    now. Entries cannot be rewritten, and a person may have become protected after the
    entry was written, so this is decided when the log is read, in two queries a page."""
    from vss.applications.models import VictimInformationForm
    from vss.people.models import Person

    if policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return entries
    person_ids = {e.object_id for e in entries if e.object_type == "people.person"}
    form_ids = {
        e.object_id for e in entries if e.object_type == "applications.victiminformationform"
    }
    protected_people = {
        str(pk)
        for pk in Person.objects.filter(pk__in=person_ids, is_protected=True).values_list(
            "pk", flat=True
        )
    }
    protected_forms = {
        str(pk)
        for pk in VictimInformationForm.objects.filter(
            pk__in=form_ids, applicant__is_protected=True
        ).values_list("pk", flat=True)
    }
    for entry in entries:
        if entry.object_type == "people.person" and entry.object_id in protected_people:
            hidden = PERSON_IDENTITY_FIELDS
        elif (
            entry.object_type == "applications.victiminformationform"
            and entry.object_id in protected_forms
        ):
            hidden = FORM_IDENTITY_FIELDS
        else:
            continue
        entry.changes = {
            field: ({"old": MASK, "new": MASK} if field in hidden else change)
            for field, change in entry.changes.items()
        }
    return entries
