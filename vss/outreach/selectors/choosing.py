"""Reads of who may be drawn for an event and who was: the pool of Civil Parties, the
invitations and what became of their messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.applications.models import Application, ApplicationKind, CrimeSuffered
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.geo.models import Province
from vss.people.models import Ethnicity, Sex
from vss.policy.rights import Right
from vss.proceedings.models import Case, CrimeType

from ..draw import Candidate
from ..models import (
    DRAW_UNDER_WAY,
    Companion,
    Draw,
    DrawStatus,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    Message,
    MessageKind,
    MessageStatus,
)

if TYPE_CHECKING:
    from vss.accounts.models import User

DIMENSIONS = ("sex", "province", "ethnicity", "crime_type")
CHUNK = 5000  # rows of the pool read at a time
DIMENSION_NAMES = {
    "sex": _("Sex"),
    "province": _("Province"),
    "ethnicity": _("Ethnicity"),
    "crime_type": _("Crime suffered"),
}


@dataclass(frozen=True)
class PoolFilters:
    provinces: list[str] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    ethnicities: list[str] = field(default_factory=list)
    crime_types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True)
class Pool:
    candidates: list[Candidate]
    # person id -> the Civil Party application through which they may be drawn.
    applications: dict[int, int]


# --- events -----------------------------------------------------------------------------


def event_for_reader(user: User, pk: int) -> Event:
    policy.require_right(user, Right.VIEW_EVENTS)
    return get_object_or_404(policy.events_in_scope(user, Event.objects.all()), pk=pk)


def event_for_manager(user: User, pk: int) -> Event:
    policy.require_right(user, Right.MANAGE_EVENTS)
    return get_object_or_404(policy.events_in_scope(user, Event.objects.all()), pk=pk)


def draw_for_reader(user: User, pk: int) -> Draw:
    """A draw's page: its progress, then its explanation or why it failed."""
    policy.require_right(user, Right.VIEW_EVENTS)
    events = policy.events_in_scope(user, Event.objects.all())
    return get_object_or_404(
        Draw.objects.filter(event__in=events).select_related("event", "made_by"), pk=pk
    )


def draw_under_way(event: Event) -> Draw | None:
    """The draw asked for the event and not yet done or failed, if there is one."""
    return event.draws.filter(status__in=DRAW_UNDER_WAY).first()


def current_draw(event: Event) -> Draw | None:
    return event.draws.filter(is_current=True).select_related("made_by").first()


EARLIER_DRAWS_SHOWN = 20


def earlier_draws(event: Event) -> list[Draw]:
    """The draws the current one replaced, and those that failed, latest first: the
    seeds of the first make them again, the others say why they failed."""
    return list(
        event.draws.filter(is_current=False, status__in=(DrawStatus.DONE, DrawStatus.FAILED))
        .select_related("made_by")
        .order_by("-made_at", "-id")[:EARLIER_DRAWS_SHOWN]
    )


# --- the pool ---------------------------------------------------------------------------


def _case_ids(event: Event) -> list[int]:
    """The event's cases, the case a segment was severed from and the segments severed
    from a case: a Civil Party of Case 002 is one of 002/01 and 002/02."""
    ids = list(event.cases.values_list("pk", flat=True))
    return list(
        Case.objects.filter(Q(pk__in=ids) | Q(sub_cases__in=ids) | Q(parent__in=ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def pool_applications(event: Event, filters: PoolFilters) -> QuerySet[Application]:
    """The Civil Party applications of the event's cases whose applicant may be drawn:
    alive, not archived, not already asked to the event, and within the filters."""
    applications = Application.objects.filter(
        case_id__in=_case_ids(event),
        kind=ApplicationKind.CIVIL_PARTY,
        status__in=CIVIL_PARTIES,
        applicant__is_deceased=False,
        applicant__archived_at__isnull=True,
    ).exclude(
        Exists(
            Invitation.objects.filter(
                event=event, person=OuterRef("applicant_id"), invited_at__isnull=False
            )
        )
    )
    if filters.provinces:
        applications = applications.annotate(
            person_province=Substr("applicant__village_id", 1, 2)
        ).filter(person_province__in=filters.provinces)
    if filters.sexes:
        applications = applications.filter(applicant__sex__in=filters.sexes)
    if filters.ethnicities:
        applications = applications.filter(applicant__ethnicity__in=filters.ethnicities)
    if filters.languages:
        applications = applications.filter(applicant__preferred_language__in=filters.languages)
    if filters.crime_types:
        applications = applications.filter(
            Exists(
                CrimeSuffered.objects.filter(
                    form_id=OuterRef("form_id"), crime_type__code__in=filters.crime_types
                )
            )
        )
    if filters.age_min is not None or filters.age_max is not None:
        year = event.starts_at.year
        applications = applications.annotate(
            born=Coalesce("applicant__birth_year", ExtractYear("applicant__birth_date"))
        )
        if filters.age_min is not None:
            applications = applications.filter(born__lte=year - filters.age_min)
        if filters.age_max is not None:
            applications = applications.filter(born__gte=year - filters.age_max)
    return applications


def draw_pool(
    event: Event, filters: PoolFilters, *, progress: Callable[[float], None] | None = None
) -> Pool:
    """The people who may be drawn, with the values of their dimensions: read as tuples,
    one query for the people and one for the crimes they suffered, however many. Given
    `progress`, the applications are counted first (one query more) and it is told the
    fraction read as the reading goes."""
    applications = pool_applications(event, filters)
    total = applications.count() if progress is not None else 0
    rows = applications.values_list(
        "applicant_id",
        "pk",
        "applicant__sex",
        "applicant__ethnicity",
        Substr("applicant__village_id", 1, 2),
    ).order_by("applicant_id", "pk")
    # One set per combination of values, shared by everyone who holds it: a pool of a
    # million people holds a few hundred sets, not four million.
    sets: dict[tuple[str, ...], frozenset[str]] = {}

    def shared(*held: str) -> frozenset[str]:
        key = tuple(sorted(v for v in held if v))
        return sets.setdefault(key, frozenset(key))

    values: dict[int, dict[str, frozenset[str]]] = {}
    chosen_through: dict[int, int] = {}
    read = 0
    for person_id, application_id, sex, ethnicity, province in rows.iterator(chunk_size=CHUNK):
        read += 1
        if progress is not None and read % CHUNK == 0:
            # The people are most of the reading; the crimes, read next, the rest.
            progress(0.8 * read / max(total, 1))
        if person_id in chosen_through:
            continue  # a Civil Party of two of the event's cases is drawn once
        chosen_through[person_id] = application_id
        values[person_id] = {
            "sex": shared(sex),
            "ethnicity": shared(ethnicity),
            "province": shared(province),
        }
    crimes: dict[int, list[str]] = {}
    suffered = (
        CrimeSuffered.objects.filter(form__applications__in=applications.values("pk"))
        .values_list("form__applicant_id", "crime_type__code")
        .distinct()
    )
    if progress is not None:
        progress(0.8)
    for person_id, code in suffered.iterator(chunk_size=CHUNK):
        crimes.setdefault(person_id, []).append(code)
    return Pool(
        candidates=[
            Candidate(
                id=person_id,
                values={**own, "crime_type": shared(*crimes.get(person_id, ()))},
            )
            for person_id, own in values.items()
        ],
        applications=chosen_through,
    )


# --- invitations ------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationFilters:
    status: str = ""
    province: str = ""
    # Those the invitation could not be sent to: to be called or visited.
    unreached: bool = False


def _invitation_message(event_field: str = "event_id") -> QuerySet[Message]:
    return Message.objects.filter(
        event_id=OuterRef(event_field),
        person_id=OuterRef("person_id"),
        kind=MessageKind.INVITATION,
    ).order_by("-pk")


def invitations_of(user: User, event: Event, filters: InvitationFilters) -> QuerySet[Invitation]:
    """The event's invitations the user may read, in the draw's order, each with its
    person and what became of its message, read at once."""
    invitations = policy.invitations_in_scope(user, Invitation.objects.filter(event=event))
    if filters.status:
        invitations = invitations.filter(status=filters.status)
    if filters.province:
        invitations = invitations.filter(person__village__code__startswith=filters.province)
    message = _invitation_message()
    invitations = invitations.annotate(
        message_status=Subquery(message.values("status")[:1]),
        message_detail=Subquery(message.values("detail")[:1]),
        message_channel=Subquery(message.values("channel")[:1]),
        message_job=Subquery(message.values("job")[:1]),
    )
    if filters.unreached:
        # Someone whose reply is recorded has been reached, by a call or a visit.
        invitations = invitations.filter(
            message_status=MessageStatus.SKIPPED, status=InvitationStatus.INVITED
        )
    return invitations.select_related("person", "person__village").order_by(
        F("rank").asc(nulls_last=True), "pk"
    )


def invitation_list_read(
    user: User, event: Event, filters: InvitationFilters, *, shown: int
) -> None:
    audit_list_read(
        actor=user,
        object_type="outreach.invitation",
        label=str(event),
        filters=filters,
        shown=shown,
    )


def invitation_counts(user: User, event: Event) -> dict[str, int]:
    """How many invitations of the event stand at each status, and how many could not be
    sent and still wait for a reply (to be called or visited)."""
    invitations = policy.invitations_in_scope(user, Invitation.objects.filter(event=event))
    counts = dict(
        invitations.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    unreached = Message.objects.filter(
        event=event,
        kind=MessageKind.INVITATION,
        status=MessageStatus.SKIPPED,
        person__invitations__in=invitations.filter(status=InvitationStatus.INVITED),
    ).count()
    return {
        **{status: counts.get(status, 0) for status in InvitationStatus},
        "unreached": unreached,
    }


def invitation_for_reader(user: User, pk: int) -> Invitation:
    """One invitation's page: the person's name and needs; audited."""
    policy.require_right(user, Right.VIEW_EVENTS)
    invitation = get_object_or_404(
        policy.invitations_in_scope(user, Invitation.objects.all()).select_related(
            "event", "person", "person__village"
        ),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=invitation)
    return invitation


def invitation_for_manager(user: User, pk: int) -> Invitation:
    policy.require_right(user, Right.MANAGE_EVENTS)
    return get_object_or_404(
        policy.invitations_in_scope(user, Invitation.objects.all()).select_related(
            "event", "person"
        ),
        pk=pk,
    )


def companions_of(invitation: Invitation) -> list[Companion]:
    return list(invitation.companions.all())


def _value_labels() -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {("sex", s.value): str(s.label) for s in Sex}
    labels |= {("ethnicity", e.value): str(e.label) for e in Ethnicity}
    labels |= {("province", p.code): p.localized_name for p in Province.objects.all()}
    language = (get_language() or "km")[:2]
    for code, name, name_km, name_fr in CrimeType.objects.values_list(
        "code", "name", "name_km", "name_fr"
    ):
        own = {"km": name_km, "fr": name_fr}.get(language, "")
        labels["crime_type", code] = own or name
    return labels


def quota_rows(draw: Draw | None) -> list[dict[str, Any]]:
    """The draw's explanation, each quota named in the reader's language."""
    if draw is None:
        return []
    quotas = draw.explanation.get("quotas", [])
    if not quotas:
        return []
    labels = _value_labels()
    return [
        {
            **row,
            "dimension": DIMENSION_NAMES.get(row["dimension"], row["dimension"]),
            "value": labels.get((row["dimension"], row["value"]), row["value"]),
        }
        for row in quotas
    ]


def event_for_invitation_section(user: User, event: Event) -> dict[str, Any]:
    """What the event page's section shows: the current draw, why it chose as it did,
    and the counts."""
    draw = current_draw(event)
    return {
        "event": event,
        "draw": draw,
        "quota_rows": quota_rows(draw),
        "counts": invitation_counts(user, event),
        "can_manage": policy.has_right(user, Right.MANAGE_EVENTS),
        # Only a planned event is drawn for: one held or cancelled keeps who it had.
        "may_draw": policy.has_right(user, Right.MANAGE_EVENTS)
        and event.status == EventStatus.PLANNED,
        "under_way": draw_under_way(event),
    }


def invitation_names(user: User, ids: list[int]) -> dict[int, str]:
    """The names, as the user may read them, of those of the invitations in scope."""
    if not ids:
        return {}
    seen = policy.invitations_in_scope(user, Invitation.objects.filter(pk__in=ids))
    return {
        invitation.pk: policy.display_name(user, invitation.person)
        for invitation in seen.select_related("person")
    }


def invitations_to_reply(user: User, event: Event) -> QuerySet[Invitation]:
    """The invitations a reply may be ticked for in the event's list."""
    return policy.invitations_in_scope(user, Invitation.objects.filter(event=event))
