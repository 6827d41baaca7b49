"""Reads of the day: the attendance sheet's rows, the list a tablet checks people in
from, and the summary once the event is over."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, QuerySet

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_read
from vss.geo.models import Province
from vss.geo.selectors import counts_by_province
from vss.people.models import Person, Sex
from vss.policy import Right

from .. import audit_labels
from ..models import AllowanceCurrency, Event, Invitation, InvitationStatus
from ..services.logistics import province_of

SHEET = audit_labels.ATTENDANCE_SHEET
NO_TIME = datetime.datetime.min.replace(tzinfo=datetime.UTC)
CHECK_IN_LIST = audit_labels.CHECK_IN_LIST
SUMMARY = audit_labels.ATTENDANCE
LOGISTICS = audit_labels.LOGISTICS


def audited(
    user: User,
    event: Event,
    wording: str,
    shown: int,
    *,
    action: AuditAction | None = None,
    **how: object,
) -> None:
    """A read of the event's participants: how many were shown, never which."""
    audit_read(
        actor=user,
        object_type="outreach.event",
        obj=event,
        label=audit_label(wording, event=event.pk),
        asked=how,
        shown=shown,
        action=action,
    )


def participants(event: Event) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED)
        .select_related(
            "person", "person__village", "vehicle", "vehicle__province", "pick_up_point"
        )
        .order_by(F("rank").asc(nulls_last=True), "id")
    )


@dataclass(frozen=True)
class SheetRow:
    number: int
    name_km: str
    name_latin: str
    village: str
    accessibility_needs: str
    pick_up_place: str = ""
    pick_up_at: datetime.datetime | None = None


@dataclass
class SheetGroup:
    title: str
    rows: list[SheetRow] = field(default_factory=list)


def _names(user: User, person: Person) -> tuple[str, str]:
    """The names in Khmer and in Latin letters, or the pseudonym alone."""
    if not policy.can_see_identity(user, person):
        return person.pseudonym, ""
    return person.name_km, person.name_latin


def sheet_groups(user: User, event: Event, *, by: str) -> list[SheetGroup]:
    """The participants by vehicle (those not seated last) or by province, numbered
    through the whole sheet."""
    invitations = list(participants(event))
    provinces = {
        p.code: str(p)
        for p in Province.objects.filter(code__in={province_of(i) for i in invitations} - {None})
    }
    groups: dict[str, SheetGroup] = {}
    if by == "vehicle":
        # Within a vehicle, in the order it picks people up.
        invitations.sort(
            key=lambda i: (
                i.vehicle is None,
                i.vehicle.label if i.vehicle else "",
                i.pick_up_point is None,
                i.pick_up_point.pick_up_at if i.pick_up_point else NO_TIME,
            )
        )
    else:
        invitations.sort(key=lambda i: (province_of(i) is None, province_of(i) or ""))
    for number, invitation in enumerate(invitations, start=1):
        if by == "vehicle":
            title = invitation.vehicle.label if invitation.vehicle else "—"
        else:
            title = provinces.get(province_of(invitation) or "", "—")
        name_km, name_latin = _names(user, invitation.person)
        village = invitation.person.village
        point = invitation.pick_up_point
        groups.setdefault(title, SheetGroup(title=title)).rows.append(
            SheetRow(
                number=number,
                name_km=name_km,
                name_latin=name_latin,
                village=str(village)
                if village and policy.can_see_identity(user, invitation.person)
                else "",
                accessibility_needs=invitation.accessibility_needs,
                pick_up_place=point.name if point else "",
                pick_up_at=point.pick_up_at if point else None,
            )
        )
    return list(groups.values())


def check_in_people(user: User, event: Event) -> list[dict[str, object]]:
    """What a tablet keeps to work offline: each participant by the name the user may see
    and whether they came and were paid already."""
    return [
        {
            "id": invitation.pk,
            "name": policy.display_name(user, invitation.person),
            "vehicle": policy.free_text(user, invitation.vehicle.label)
            if invitation.vehicle
            else "",
            "present": invitation.attended_at is not None,
            "paid": invitation.allowance_paid_at is not None,
        }
        for invitation in participants(event)
    ]


@dataclass(frozen=True)
class Tally:
    label: str
    came: int
    expected: int


@dataclass(frozen=True)
class Summary:
    expected: int
    came: int
    by_sex: list[Tally]
    by_province: list[Tally]
    absent: list[str]
    allowances: dict[str, Decimal]
    budget_usd: Decimal

    @property
    def allowances_paid(self) -> list[tuple[str, Decimal]]:
        """The allowances under their currency's name, as the tablet offers it."""
        names = dict(AllowanceCurrency.choices)
        return [(str(names.get(code, code)), amount) for code, amount in self.allowances.items()]


def summary_of(user: User, event: Event, *, names: bool = True) -> Summary:
    """Who came, by sex and by province, who did not (by name when `names`), and what it
    cost: in a fixed number of queries however many came."""
    invitations = list(participants(event))
    came = [i for i in invitations if i.attended_at is not None]
    sexes = dict(Sex.choices)
    expected_by_sex = Counter(i.person.sex for i in invitations)
    came_by_sex = Counter(i.person.sex for i in came)
    expected_by_province = Counter(province_of(i) for i in invitations)
    came_by_province = Counter(province_of(i) for i in came)
    provinces = {
        p.code: str(p) for p in Province.objects.filter(code__in=set(expected_by_province) - {None})
    }
    allowances: dict[str, Decimal] = {}
    for invitation in came:
        if invitation.allowance_amount is not None:
            currency = invitation.allowance_currency
            allowances[currency] = (
                allowances.get(currency, Decimal(0)) + invitation.allowance_amount
            )
    return Summary(
        expected=len(invitations),
        came=len(came),
        by_sex=[
            Tally(str(sexes.get(sex, sex)), came_by_sex[sex], count)
            for sex, count in sorted(expected_by_sex.items())
        ],
        by_province=[
            Tally(provinces.get(code or "", "—"), came_by_province[code], count)
            for code, count in sorted(expected_by_province.items(), key=lambda kv: kv[0] or "~")
        ],
        absent=[
            policy.display_name(user, i.person) if names else ""
            for i in invitations
            if i.attended_at is None
        ],
        allowances=dict(sorted(allowances.items())),
        budget_usd=event.budget_usd,
    )


def attendee_counts_by_province(user: User, *, case_id: int | None = None) -> dict[str, int]:
    """People checked in at an outreach event at least once (events not archived), by
    the province of their current village, in one query; with a case, at the events held
    for it. A figure for a reader of statistics: no one is named."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    attended = Invitation.objects.filter(attended_at__isnull=False, event__archived_at__isnull=True)
    if case_id:
        attended = attended.filter(event__cases=case_id)
    return counts_by_province(
        attended, village="person__village", counted=Count("person_id", distinct=True)
    )
