"""Reads of focal persons and the materials handed to them, through the policy's scope:
the Section's staff read them all, a partner none (its pages refuse it, 403); a record
out of scope is not found (404). Each page that names focal persons is audited: a
person's page by a VIEW entry about the record, a list by what was asked and how many
rows it showed, never whom."""

import datetime
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_read, audit_record
from vss.geo.models import District, Province
from vss.people.models import Person
from vss.people.selectors import person_filter_by_name
from vss.policy import Right

from ..audit_labels import CIVIL_PARTIES_FOR_FOCAL, FOCAL_PERSONS_LIST, OVERDUE_RECEIPTS_LIST
from ..models import Event, FocalPerson, MaterialHandover, ReceiptScan

PLACE = "village__commune__district__province"
QUEUE_LENGTH = 50
# A search for the Civil Party to appoint shows this many at most: a name to narrow,
# never a list to scroll.
CANDIDATES_SHOWN = 20


def _require_reader(user: User) -> None:
    if not policy.can_see_focal_persons(user):
        raise PermissionDenied


def _require_manager(user: User) -> None:
    _require_reader(user)
    policy.require_right(user, Right.MANAGE_EVENTS)


def _focal_persons(user: User) -> QuerySet[FocalPerson]:
    return policy.focal_persons_in_scope(user, FocalPerson.objects.all())


def _handovers(user: User) -> QuerySet[MaterialHandover]:
    return policy.handovers_in_scope(user, MaterialHandover.objects.all())


def _awaited(today: datetime.date) -> Q:
    """A signed list past its date and not back, of a handover still on the lists: due
    today is not yet late."""
    return Q(receipt_due_on__lt=today, receipt_returned_on__isnull=True, archived_at__isnull=True)


# --- the list -------------------------------------------------------------------------------


class FocalState:
    CURRENT = "current"
    ARCHIVED = "archived"


@dataclass
class FocalFilters:
    province_code: str = ""
    district_code: str = ""
    village_code: str = ""
    state: str = FocalState.CURRENT


def provinces() -> QuerySet[Province]:
    return Province.objects.all()


def districts() -> QuerySet[District]:
    return District.objects.select_related("province")


def focal_person_list_for_user(user: User, filters: FocalFilters) -> QuerySet[FocalPerson]:
    """Focal persons by province, district and village, with how many handovers still
    await their list and how many of those are late, counted in the same query."""
    _require_reader(user)
    today = timezone.localdate()
    focal = _focal_persons(user).select_related("person", f"{PLACE}")
    if filters.state == FocalState.ARCHIVED:
        focal = focal.filter(archived_at__isnull=False)
    else:
        focal = focal.filter(archived_at__isnull=True)
    if filters.village_code:
        focal = focal.filter(village_id=filters.village_code)
    elif filters.district_code:
        focal = focal.filter(village__commune__district_id=filters.district_code)
    elif filters.province_code:
        focal = focal.filter(village__commune__district__province_id=filters.province_code)
    awaited = Q(handovers__receipt_returned_on__isnull=True, handovers__archived_at__isnull=True)
    late = awaited & Q(handovers__receipt_due_on__lt=today)
    # A village's code starts with its commune's, district's and province's.
    return focal.annotate(
        awaiting=Count("handovers", filter=awaited), late=Count("handovers", filter=late)
    ).order_by("village_id", "id")


def focal_person_list_read(user: User, filters: FocalFilters, *, shown: int) -> None:
    # The current ones are what the list shows unless asked: only the other is worth saying.
    asked = replace(filters, state="") if filters.state == FocalState.CURRENT else filters
    audit_list_read(
        actor=user,
        object_type="outreach.focalperson",
        label=audit_label(FOCAL_PERSONS_LIST),
        filters=asked,
        shown=shown,
    )


# --- a focal person -------------------------------------------------------------------------


def _with_handovers() -> Prefetch:
    return Prefetch(
        "handovers",
        queryset=MaterialHandover.objects.select_related("event", "officer")
        .prefetch_related(Prefetch("scans", queryset=ReceiptScan.objects.order_by("id")))
        .order_by("-handed_on", "-id"),
    )


def focal_person_for_user(user: User, pk: int) -> FocalPerson:
    """A focal person's page, with their handovers and the scans of their lists; the
    read is audited."""
    _require_reader(user)
    focal = get_object_or_404(
        _focal_persons(user)
        .select_related("person", PLACE, "created_by", "archived_by")
        .prefetch_related(_with_handovers()),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=focal)
    return focal


def focal_person_for_manager(user: User, pk: int) -> FocalPerson:
    """A focal person about to be archived or handed materials: the page names them."""
    _require_manager(user)
    focal = get_object_or_404(_focal_persons(user).select_related("person", PLACE), pk=pk)
    audit_record(actor=user, action=AuditAction.VIEW, obj=focal)
    return focal


def handover_for_manager(user: User, pk: int) -> MaterialHandover:
    _require_manager(user)
    handover = get_object_or_404(
        _handovers(user)
        .filter(focal_person__in=_focal_persons(user))
        .select_related("focal_person__person", f"focal_person__{PLACE}", "event"),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=handover)
    return handover


def events_for_handover(user: User) -> QuerySet[Event]:
    """The events a handover may be tied to: those of the last year and the months
    ahead, newest first."""
    today = timezone.localdate()
    return policy.events_in_scope(
        user,
        Event.objects.filter(
            starts_at__date__gte=today - datetime.timedelta(days=365),
            starts_at__date__lte=today + datetime.timedelta(days=120),
        ),
    ).order_by("-starts_at", "id")


def is_overdue(handover: MaterialHandover, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        handover.receipt_returned_on is None
        and handover.archived_at is None
        and handover.receipt_due_on < today
    )


# --- the signed lists -----------------------------------------------------------------------


def scan_for_user(user: User, pk: int) -> ReceiptScan:
    _require_reader(user)
    return get_object_or_404(
        ReceiptScan.objects.select_related("handover").filter(
            handover__in=_handovers(user), handover__focal_person__in=_focal_persons(user)
        ),
        pk=pk,
    )


def scan_downloaded(user: User, scan: ReceiptScan) -> None:
    """A signed list names everyone who received the materials: each download is audited."""
    audit_record(actor=user, action=AuditAction.DOWNLOAD, obj=scan)


def scan_file_name(scan: ReceiptScan) -> str:
    """Offered under a name of the handover's number, never the one it came with (a
    phone's photo may be named after the village or a person)."""
    return f"receipts-{scan.handover_id}-{scan.pk}"


# --- overdue lists --------------------------------------------------------------------------


def overdue_handover_list_for_user(
    user: User, today: datetime.date | None = None
) -> QuerySet[MaterialHandover]:
    """Every signed list past its date and not back, the longest late first."""
    _require_reader(user)
    today = today or timezone.localdate()
    return (
        _handovers(user)
        .filter(_awaited(today), focal_person__in=_focal_persons(user))
        .select_related("focal_person__person", f"focal_person__{PLACE}", "officer", "event")
        .order_by("receipt_due_on", "id")
    )


def overdue_handover_list_read(user: User, *, shown: int) -> None:
    audit_read(
        actor=user,
        object_type="outreach.materialhandover",
        label=audit_label(OVERDUE_RECEIPTS_LIST),
        shown=shown,
    )


def overdue_handovers(
    user: User, today: datetime.date | None = None
) -> list[MaterialHandover] | None:
    """The work queue's: the lists overdue of the handovers the user recorded. None for
    a user who hands over no materials."""
    if not policy.has_right(user, Right.MANAGE_EVENTS) or not policy.can_see_focal_persons(user):
        return None
    today = today or timezone.localdate()
    return list(
        _handovers(user)
        .filter(_awaited(today), officer=user)
        .select_related("focal_person__village")
        .order_by("receipt_due_on", "id")[:QUEUE_LENGTH]
    )


# --- choosing whom to appoint ---------------------------------------------------------------


@dataclass
class Candidate:
    person: Person
    name: str
    # Already a focal person: shown, but not offered.
    appointed: bool


def _civil_parties(user: User) -> QuerySet[Person]:
    return policy.people_in_scope(
        user,
        Person.objects.filter(archived_at__isnull=True).filter(
            Exists(Application.objects.filter(applicant=OuterRef("pk"), status__in=CIVIL_PARTIES))
        ),
    )


def require_appointing(user: User) -> None:
    _require_manager(user)


def civil_party_candidates(user: User, query: str) -> list[Candidate]:
    """Civil Parties whose name or VSS number matches what was typed, at most
    CANDIDATES_SHOWN; the search is audited (what was typed, how many were shown)."""
    _require_manager(user)
    text = query.strip()
    if len(text) < 2:
        return []
    people = _civil_parties(user)
    if text.upper().startswith("VSS-"):
        people = people.filter(
            Exists(
                Application.objects.filter(
                    applicant=OuterRef("pk"),
                    status__in=CIVIL_PARTIES,
                    vss_number__istartswith=text,
                )
            )
        )
    else:
        people = person_filter_by_name(user, people, text)
    appointed = FocalPerson.objects.filter(person=OuterRef("pk"), archived_at__isnull=True)
    found = list(
        people.annotate(appointed=Exists(appointed))
        .select_related(PLACE)
        .order_by("pk")[:CANDIDATES_SHOWN]
    )
    audit_read(
        actor=user,
        object_type="people.person",
        label=audit_label(CIVIL_PARTIES_FOR_FOCAL),
        searched=text,
        shown=len(found),
        action=AuditAction.SEARCH,
    )
    return [
        Candidate(person=p, name=policy.display_name(user, p), appointed=p.appointed)  # type: ignore[attr-defined]
        for p in found
    ]


def civil_party_for_appointing(user: User, pk: int) -> Person | None:
    """The Civil Party chosen on the form, if the user may find them (else None: the
    form says to search again)."""
    _require_manager(user)
    return _civil_parties(user).select_related(PLACE).filter(pk=pk).first()


def signed_lists_due_for_user(
    user: User, due_from: datetime.date | None, due_to: datetime.date | None
) -> QuerySet[MaterialHandover]:
    """The signed lists not yet back, due within the period (either end open), of the
    focal persons the user may see, the earliest due first."""
    _require_reader(user)
    handovers = _handovers(user).filter(
        receipt_returned_on__isnull=True,
        archived_at__isnull=True,
        focal_person__in=_focal_persons(user),
    )
    if due_from is not None:
        handovers = handovers.filter(receipt_due_on__gte=due_from)
    if due_to is not None:
        handovers = handovers.filter(receipt_due_on__lte=due_to)
    return handovers.select_related(
        "focal_person__person", "focal_person__village", "officer"
    ).order_by("receipt_due_on", "id")
