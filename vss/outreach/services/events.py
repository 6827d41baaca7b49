"""Every write to an event's own record: its creation and edits, its cancellation or its
being held, and its archiving. Each function checks the actor's right, runs in one
transaction and writes its audit entry in it; an edit decided on a page opened before
someone else's save is refused (StaleEdit)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, new_values
from vss.geo.models import Village
from vss.policy import Right
from vss.proceedings.models import Case

from ..audit_labels import EVENT_NUMBER
from ..models import CourtDate, Event, EventKind, EventStatus

TITLES = ("title_km", "title_en", "title_fr")
# The NGOs that work with the Section in the provinces (some collected forms and give
# support too); a donor funds, it does not organise.
CO_ORGANISING_KINDS = (OrganisationKind.PARTNER, OrganisationKind.INTERMEDIARY)


@dataclass
class EventData:
    kind: str
    title_km: str
    title_en: str
    title_fr: str
    starts_at: datetime.datetime
    cases: list[Case]
    capacity: int
    officer: User
    ends_at: datetime.datetime | None = None
    village: Village | None = None
    venue: str = ""
    court_date: CourtDate | None = None
    budget_usd: Decimal = Decimal(0)
    co_organisers: list[Organisation] = field(default_factory=list)
    is_public: bool = False


def may_be_event_officer(user: User) -> bool:
    """The officer in charge is one who runs events: an outreach officer or the Chief."""
    return user.is_active and policy.has_right(user, Right.MANAGE_EVENTS)


def _checked(data: EventData) -> dict[str, object]:
    """The event's own values from `data`, or the refusal naming each field at fault."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {name: str(getattr(data, name)).strip() for name in TITLES}
    if not any(values[name] for name in TITLES):
        errors["title_km"] = _("Give the title in at least one language.")
    if data.kind not in EventKind.values:
        errors["kind"] = _("Choose the kind of event.")
    if data.ends_at is not None and data.ends_at < data.starts_at:
        errors["ends_at"] = _("The event cannot end before it starts.")
    venue = data.venue.strip()
    if data.village is None and not venue:
        errors["venue"] = _("Give the village or the name of the place.")
    if not data.cases:
        errors["cases"] = _("Choose the case or cases the event is about.")
    if data.court_date is not None and data.court_date.case_id not in {c.pk for c in data.cases}:
        errors["court_date"] = _("The court date attended must be one of the event's cases.")
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = _("Say how many people the event can take.")
    if data.budget_usd is None or data.budget_usd < 0:
        errors["budget_usd"] = _("The budget cannot be negative.")
    if not may_be_event_officer(data.officer):
        errors["officer"] = _("The officer in charge is an outreach officer or the Chief.")
    if any(o.kind not in CO_ORGANISING_KINDS for o in data.co_organisers):
        errors["co_organisers"] = _("Only a partner organisation co-organises an event.")
    if errors:
        raise ValidationError(errors)
    return {
        **values,
        "kind": data.kind,
        # Kept as the database gives them back, so an unchanged time is not a change.
        "starts_at": data.starts_at.astimezone(datetime.UTC),
        "ends_at": data.ends_at.astimezone(datetime.UTC) if data.ends_at else None,
        "village": data.village,
        "venue": venue,
        "court_date": data.court_date,
        "capacity": data.capacity,
        "budget_usd": data.budget_usd.quantize(Decimal("0.01")),
        "officer": data.officer,
        "is_public": data.is_public,
    }


def _ids(records: list[Case] | list[Organisation]) -> list[int]:
    return sorted(record.pk for record in records)


def _label(event: Event) -> str:
    # By its number: a title is typed text, which may name a protected person.
    return audit_label(EVENT_NUMBER, event=event.pk)


def _plain(value: object) -> object:
    if isinstance(value, Village | CourtDate | User):
        return value.pk
    if isinstance(value, datetime.datetime | Decimal):
        return str(value)
    return value


@transaction.atomic
def event_create(*, user: User, data: EventData) -> Event:
    policy.require_right(user, Right.MANAGE_EVENTS)
    values = _checked(data)
    event = Event(created_by=user, **values)
    event.save()
    event.cases.set(data.cases)
    event.co_organisers.set(data.co_organisers)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=event,
        label=_label(event),
        changes=new_values(
            {
                **{name: _plain(value) for name, value in values.items()},
                "cases": _ids(data.cases),
                "co_organisers": _ids(data.co_organisers) or None,
            }
        ),
    )
    return event


def locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def event_update(*, user: User, event: Event, data: EventData, version: int) -> Event:
    """Save an edit of the event made on a page opened at `version` (else StaleEdit)."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = locked(event)
    if event.archived_at is not None:
        raise ValidationError(_("This event was archived: it is no longer changed."))
    values = _checked(data)
    before_cases = sorted(event.cases.values_list("pk", flat=True))
    before_partners = sorted(event.co_organisers.values_list("pk", flat=True))
    changes = audited_update(
        event,
        actor=user,
        values=values,
        label=_label(event),
        related={
            "cases": (before_cases, _ids(data.cases)),
            "co_organisers": (before_partners, _ids(data.co_organisers)),
        },
        expected_version=version,
    )
    if "cases" in changes:
        event.cases.set(data.cases)
    if "co_organisers" in changes:
        event.co_organisers.set(data.co_organisers)
    return event


# The moves of an event's status: from planned only, each with its reason.
STATUS_MOVES = {EventStatus.CANCELLED, EventStatus.HELD}


@transaction.atomic
def event_set_status(
    *, user: User, event: Event, to_status: str, reason: str, version: int
) -> Event:
    """Cancel a planned event, or record that it was held, with the reason or what is to
    be said of it; an event is held once it has started."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = locked(event)
    if to_status not in STATUS_MOVES:
        raise ValidationError(_("An event is cancelled or held, nothing else."))
    if event.archived_at is not None:
        raise ValidationError(_("This event was archived: it is no longer changed."))
    if event.status != EventStatus.PLANNED:
        raise ValidationError(
            _("This event is already “%(status)s”.") % {"status": event.get_status_display()}
        )
    if to_status == EventStatus.HELD and event.starts_at > timezone.now():
        raise ValidationError(_("An event is held once it has started."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    audited_update(
        event,
        actor=user,
        values={"status": to_status, "status_reason": reason},
        label=_label(event),
        expected_version=version,
    )
    return event


@transaction.atomic
def event_archive(*, user: User, event: Event, reason: str) -> Event:
    """Take an event made by mistake out of the lists; it stays on record, with who
    archived it, when and why."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = locked(event)
    if event.archived_at is not None:
        raise ValidationError(_("This was already archived."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is archived.")})
    event.archived_at = timezone.now()
    event.archived_by = user
    event.archive_reason = reason
    event.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=event,
        label=_label(event),
        changes=new_values(
            {"archived_at": event.archived_at.isoformat(), "archive_reason": reason}
        ),
    )
    return event
