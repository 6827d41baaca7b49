"""Access-aware reads of support records. Reads of a referral's detail are audited, and
so is every read of its health and counselling notes, separately, naming the referral."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import Organisation, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_read, audit_record
from vss.geo.selectors import counts_by_province
from vss.people.models import Person
from vss.policy import Right

from .audit_labels import (
    FOLLOW_UPS_DUE,
    HEALTH_NOTES,
    OPEN_REFERRALS_HOME,
    REFERRALS_LIST,
    TO_REFER,
)
from .models import Consent, Contact, HealthNote, Referral, ReferralStatus, SupportSession
from .services import Progress, progress_of

FOLLOW_UP_HORIZON = datetime.timedelta(days=7)
QUEUE_LENGTH = 50


def partners() -> QuerySet[Organisation]:
    return Organisation.objects.filter(offers_support=True).order_by("name")


@dataclass
class ReferralFilters:
    partner_id: int | None = None
    service: str = ""
    status: str = ""


def referral_list_read(user: User, filters: ReferralFilters, *, shown: int) -> None:
    """A page of referrals names the people referred: its filters and how many rows it
    showed are audited."""
    audit_list_read(
        actor=user,
        object_type="support.referral",
        label=audit_label(REFERRALS_LIST),
        filters=filters,
        shown=shown,
    )


def _sessions_counted(**matching: object) -> Coalesce:
    sessions = (
        SupportSession.objects.filter(referral=OuterRef("pk"), **matching)
        .order_by()
        .values("referral")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sessions, output_field=IntegerField()), 0)


def referral_list_for_user(user: User, filters: ReferralFilters) -> QuerySet[Referral]:
    policy.require_right(user, Right.VIEW_SUPPORT)
    referrals = policy.referrals_in_scope(
        user,
        # Counted per row shown: the database computes these after the page is cut, where
        # a join grouped every referral of the registry before it (seconds at a million).
        Referral.objects.select_related("person", "partner", "consent").annotate(
            sessions_held=_sessions_counted(kind="session", attended=True),
            ceremonies=_sessions_counted(kind="ceremony"),
        ),
    )
    if filters.partner_id:
        referrals = referrals.filter(partner_id=filters.partner_id)
    if filters.service:
        referrals = referrals.filter(service=filters.service)
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    return referrals.order_by("-referred_on", "-id")


def _referral_in_scope(user: User, pk: int) -> Referral:
    policy.require_right(user, Right.VIEW_SUPPORT)
    return get_object_or_404(
        policy.referrals_in_scope(
            user,
            Referral.objects.select_related(
                "person", "partner", "consent__recorded_by", "referred_by", "closed_by"
            ),
        ),
        pk=pk,
    )


def referral_for_action(user: User, pk: int) -> Referral:
    """A referral the user is about to write to: in scope (else 404); the write itself
    checks the right to record."""
    return _referral_in_scope(user, pk)


@dataclass
class ReferralPage:
    referral: Referral
    sessions: list[SupportSession]
    progress: Progress
    # None when the user may not read notes: the template then shows no text at all.
    notes: list[HealthNote] | None
    can_record: bool

    @property
    def shows_notes(self) -> bool:
        return self.notes is not None


def referral_get_for_user(user: User, pk: int) -> ReferralPage:
    """The referral's detail page; the read is audited, and when the page shows health
    and counselling notes, that read is audited too."""
    referral = _referral_in_scope(user, pk)
    sessions = list(referral.sessions.select_related("recorded_by"))
    audit_record(actor=user, action=AuditAction.VIEW, obj=referral)
    notes = None
    if policy.can_read_health_notes(user, referral):
        notes = list(referral.health_notes.select_related("author"))
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="support.healthnote",
            object_id=str(referral.pk),
            label=audit_label(HEALTH_NOTES, referral=referral.pk),
            changes={
                "notes_read": {"old": None, "new": [n.pk for n in notes]},
                "session_outcomes_read": {
                    "old": None,
                    "new": [s.pk for s in sessions if s.outcome],
                },
            },
        )
    return ReferralPage(
        referral=referral,
        sessions=sessions,
        progress=progress_of(sessions),
        notes=notes,
        can_record=policy.can_record_support(user, referral),
    )


# --- the person's page -------------------------------------------------------------------


@dataclass
class PersonSupport:
    referrals: list[Referral] | None
    consents: list[Consent] | None
    contacts: list[Contact] | None
    can_refer: bool
    can_log_contacts: bool


def person_support(user: User, person: Person) -> PersonSupport:
    """What the person's page shows of support and contacts, for a person the caller has
    already found in the user's scope."""
    referrals = consents = contacts = None
    if policy.has_right(user, Right.VIEW_SUPPORT):
        referrals = list(
            policy.referrals_in_scope(
                user, person.referrals.select_related("partner", "consent")
            ).order_by("-referred_on", "-id")
        )
    can_refer = policy.has_right(user, Right.REFER_SUPPORT)
    if can_refer:
        consents = list(person.support_consents.order_by("-given_on", "-id"))
    if policy.has_right(user, Right.LOG_CONTACTS):
        contacts = list(contacts_of(user, person))
    return PersonSupport(
        referrals=referrals,
        consents=consents,
        contacts=contacts,
        can_refer=can_refer,
        can_log_contacts=contacts is not None and policy.can_log_contact(user, person),
    )


def contacts_of(user: User, person: Person) -> QuerySet[Contact]:
    """The person's contact log as the user may read it, newest first."""
    return policy.contacts_in_scope(
        user, person.contacts.select_related("contacted_by", "follow_up_user")
    ).order_by("-happened_on", "-id")


def person_for_support(user: User, pk: int, right: Right) -> Person:
    """A person in the user's scope (else 404) for a support action needing `right`
    (else 403)."""
    policy.require_right(user, right)
    return get_object_or_404(policy.people_in_scope(user, Person.objects.all()), pk=pk)


def person_for_referral(user: User, pk: int) -> Person:
    """The person a referral is being written for: the form names them, so it is a read
    of their record and audited."""
    person = person_for_support(user, pk, Right.REFER_SUPPORT)
    audit_record(actor=user, action=AuditAction.VIEW, obj=person, label=audit_label(TO_REFER))
    return person


def person_for_contact(user: User, pk: int) -> Person:
    """A person in the user's scope (else 404) whom the user may write contact-log entries
    about (else 403: a Lead Co-Lawyer reads the consolidated group but writes only about
    their own clients)."""
    person = person_for_support(user, pk, Right.LOG_CONTACTS)
    if not policy.can_log_contact(user, person):
        raise PermissionDenied
    return person


def consent_for_user(user: User, pk: int) -> Consent:
    policy.require_right(user, Right.REFER_SUPPORT)
    people = policy.people_in_scope(user, Person.objects.all())
    consent = get_object_or_404(
        Consent.objects.select_related("person").filter(person__in=people), pk=pk
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=consent)
    return consent


def open_consents_of(person: Person) -> QuerySet[Consent]:
    return person.support_consents.filter(withdrawn_on__isnull=True).order_by("-given_on", "-id")


# --- work queue --------------------------------------------------------------------------


@dataclass
class FollowUp:
    contact: Contact
    overdue: bool


def follow_ups_due(user: User, today: datetime.date | None = None) -> list[FollowUp] | None:
    """The user's open follow-ups due within a week or overdue, the most overdue first,
    for the people the user may still see; None for a user who keeps no contact log."""
    if not policy.has_right(user, Right.LOG_CONTACTS):
        return None
    today = today or timezone.localdate()
    contacts = Contact.objects.filter(
        follow_up_user=user,
        follow_up_done_at__isnull=True,
        follow_up_on__lte=today + FOLLOW_UP_HORIZON,
        person__in=policy.contact_people(user, Person.objects.all()),
    )
    rows = list(contacts.select_related("person").order_by("follow_up_on", "id")[:QUEUE_LENGTH])
    if rows:  # the home page then names the people to call back
        audit_read(
            actor=user,
            object_type="support.contact",
            label=audit_label(FOLLOW_UPS_DUE),
            shown=len(rows),
        )
    return [FollowUp(contact=c, overdue=c.follow_up_on < today) for c in rows]  # type: ignore[operator]


def follow_up_for_user(user: User, pk: int) -> Contact:
    """A follow-up the user is responsible for, on a person they may still write about,
    else 404."""
    policy.require_right(user, Right.LOG_CONTACTS)
    return get_object_or_404(
        Contact.objects.filter(
            follow_up_user=user,
            follow_up_on__isnull=False,
            person__in=policy.contact_people(user, Person.objects.all()),
        ),
        pk=pk,
    )


def open_referrals_for_partner(user: User) -> list[Referral]:
    """A partner's home: its open referrals, oldest first, as they wait longest."""
    if not policy.acts_for_partner(user):
        return []
    referrals = list(
        policy.referrals_in_scope(
            user,
            Referral.objects.filter(status=ReferralStatus.OPEN).select_related("person"),
        ).order_by("referred_on", "id")[:QUEUE_LENGTH]
    )
    if referrals:  # the home page then names the people referred
        audit_read(
            actor=user,
            object_type="support.referral",
            label=audit_label(OPEN_REFERRALS_HOME),
            shown=len(referrals),
        )
    return referrals


def referred_counts_by_province(user: User, *, case_id: int | None = None) -> dict[str, int]:
    """People referred to a partner for psychosocial support (at any time, the referral
    open or closed), by the province of their current village, in one query; with a case,
    those who applied in it. A figure for a reader of statistics: no one is named, so it
    needs no right to read referrals."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    referrals = Referral.objects.all()
    if case_id:
        referrals = referrals.filter(person__applications__case_id=case_id)
    return counts_by_province(
        referrals, village="person__village", counted=Count("person_id", distinct=True)
    )


def follow_ups_due_for_user(
    user: User, due_from: datetime.date | None, due_to: datetime.date | None
) -> QuerySet[Contact]:
    """The follow-ups not yet done, due within the period (either end open), in the
    contact logs the user may read, the earliest due first. They name a person: the
    caller shows the name as the user may see it."""
    policy.require_right(user, Right.LOG_CONTACTS)
    contacts = policy.contacts_in_scope(
        user, Contact.objects.filter(follow_up_on__isnull=False, follow_up_done_at__isnull=True)
    )
    if due_from is not None:
        contacts = contacts.filter(follow_up_on__gte=due_from)
    if due_to is not None:
        contacts = contacts.filter(follow_up_on__lte=due_to)
    # The people are read by their keys, not joined: the planner cannot know how few
    # follow-ups are open (it expects 13,000 of 74,000 contacts where 37 are, as most
    # contacts with a follow-up have it done) and read every person to join them (0.5 s
    # at a million applicants).
    return (
        contacts.select_related("follow_up_user")
        .prefetch_related("person")
        .order_by("follow_up_on", "id")
    )
