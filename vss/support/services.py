"""Every write to consents, referrals, sessions, health notes and the contact log. Each
function checks the actor's right, runs in one transaction and writes its audit entry in
it. Health and counselling texts never reach the audit log: the auditor reads it, so an
entry records that a text was written, never the text."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import StaleEdit, audit_record
from vss.core.validation import not_in_future
from vss.people.audit_labels import PERSON
from vss.people.models import Person
from vss.policy import Right

from .audit_labels import REFERRAL, WITHHELD
from .models import (
    Consent,
    Contact,
    HealthNote,
    Referral,
    ReferralStatus,
    ServiceType,
    SessionKind,
    SupportSession,
)


@dataclass
class ConsentData:
    given_by: str
    given_on: datetime.date
    covers: str


def _consent_create(*, actor: User, person: Person, data: ConsentData) -> Consent:
    if not data.given_by.strip():
        raise ValidationError({"given_by": _("Say who gave the consent.")})
    if not data.covers.strip():
        raise ValidationError({"covers": _("Say what the consent covers.")})
    not_in_future(data.given_on, "given_on")
    consent = Consent.objects.create(
        person=person,
        given_by=data.given_by.strip(),
        given_on=data.given_on,
        covers=data.covers.strip(),
        recorded_by=actor,
    )
    # Who gave it may name a relative: the log keeps the date and the person's record.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        label=audit_label(PERSON, person=consent.person_id),
        changes={
            "person": {"old": None, "new": person.pk},
            "given_on": {"old": None, "new": data.given_on.isoformat()},
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: datetime.date, note: str
) -> Consent:
    """Record that the person withdrew their consent: it ends the referrals resting on it,
    so the record says how and to whom they withdrew it."""
    policy.require_right(actor, Right.REFER_SUPPORT)
    if not note.strip():
        raise ValidationError({"note": _("Say how and to whom the person withdrew their consent.")})
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    not_in_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    # Without the consent the partner may not go on: the referrals resting on it close
    # (and leave the partner's scope, see policy.referrals_in_scope).
    resting = Referral.objects.filter(consent=consent, status=ReferralStatus.OPEN)
    closed_ids = list(resting.values_list("pk", flat=True))
    resting.update(
        status=ReferralStatus.CLOSED,
        closed_on=Greatest(Value(withdrawn_on), F("referred_on")),
        closure_reason=_("Consent withdrawn on %(date)s.") % {"date": date_format(withdrawn_on)},
        closed_by=actor,
        version=F("version") + 1,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consent,
        label=audit_label(PERSON, person=consent.person_id),
        changes={
            "withdrawn_on": {"old": None, "new": withdrawn_on.isoformat()},
            "referrals_closed": {"old": None, "new": closed_ids},
        },
    )
    return consent


@transaction.atomic
def referral_create(
    *,
    actor: User,
    person: Person,
    partner: Organisation,
    service: str,
    referred_on: datetime.date,
    reason: str = "",
    consent: Consent | None = None,
    new_consent: ConsentData | None = None,
) -> Referral:
    """Refer a person to a partner. No referral without consent: either one recorded now
    or an earlier consent of the same person that has not been withdrawn."""
    policy.require_right(actor, Right.REFER_SUPPORT)
    if not policy.people_in_scope(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied
    if not partner.offers_support:
        raise ValidationError({"partner": _("This organisation does not offer support.")})
    if service not in ServiceType.values:
        raise ValidationError({"service": _("Choose a service.")})
    not_in_future(referred_on, "referred_on")
    if (consent is None) == (new_consent is None):
        raise ValidationError(
            {"consent": _("Record the person's consent, or choose a consent already given.")}
        )
    if consent is not None:
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.person_id != person.pk:
            raise ValidationError({"consent": _("This consent is another person's.")})
        if consent.withdrawn_on is not None:
            raise ValidationError({"consent": _("This consent was withdrawn.")})
    else:
        assert new_consent is not None
        consent = _consent_create(actor=actor, person=person, data=new_consent)
    if referred_on < consent.given_on:
        raise ValidationError(
            {"referred_on": _("The referral cannot come before the consent was given.")}
        )
    referral = Referral.objects.create(
        person=person,
        partner=partner,
        service=service,
        consent=consent,
        referred_on=referred_on,
        reason=reason.strip(),
        referred_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        changes={
            "person": {"old": None, "new": person.pk},
            "partner": {"old": None, "new": partner.pk},
            "service": {"old": None, "new": service},
            "consent": {"old": None, "new": consent.pk},
            "referred_on": {"old": None, "new": referred_on.isoformat()},
        },
    )
    return referral


def _require_recording(actor: User, referral: Referral) -> None:
    if not policy.can_record_support(actor, referral):
        raise PermissionDenied
    if referral.status != ReferralStatus.OPEN:
        raise ValidationError(_("This referral is closed: it takes no more records."))


@dataclass
class Progress:
    """How far a referral has come: for testimonial therapy, the sessions and then the
    one public testimony ceremony."""

    sessions_held: int
    ceremony: SupportSession | None
    last_held_on: datetime.date | None


def progress_of(sessions: list[SupportSession]) -> Progress:
    held = [s for s in sessions if s.kind == SessionKind.SESSION and s.attended]
    ceremony = next((s for s in sessions if s.kind == SessionKind.CEREMONY), None)
    last = max((s.held_on for s in sessions), default=None)
    return Progress(sessions_held=len(held), ceremony=ceremony, last_held_on=last)


def awaits_ceremony(referral: Referral, progress: Progress) -> bool:
    """A testimonial therapy whose public testimony ceremony has not been held: it may
    still hold one, and closing it without needs saying so."""
    return referral.service == ServiceType.TESTIMONIAL_THERAPY and progress.ceremony is None


@transaction.atomic
def session_record(
    *,
    actor: User,
    referral: Referral,
    kind: str,
    held_on: datetime.date,
    attended: bool,
    outcome: str = "",
) -> SupportSession:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_recording(actor, referral)
    not_in_future(held_on, "held_on")
    if held_on < referral.referred_on:
        raise ValidationError({"held_on": _("This date is before the referral.")})
    progress = progress_of(list(referral.sessions.all()))
    if progress.ceremony is not None:
        raise ValidationError(
            _("The public testimony ceremony has been held: the therapy takes no more sessions.")
        )
    if kind == SessionKind.CEREMONY:
        if referral.service != ServiceType.TESTIMONIAL_THERAPY:
            raise ValidationError(
                {"kind": _("Only testimonial therapy ends in a public testimony ceremony.")}
            )
        if progress.sessions_held == 0:
            raise ValidationError(
                {"kind": _("The ceremony comes after the therapy's sessions: none is recorded.")}
            )
        if not attended:
            raise ValidationError(
                {"attended": _("A ceremony is recorded once the person has given testimony.")}
            )
        if progress.last_held_on is not None and held_on < progress.last_held_on:
            raise ValidationError({"held_on": _("The ceremony comes after the last session.")})
    elif kind != SessionKind.SESSION:
        raise ValidationError({"kind": _("Choose a kind of session.")})
    referral.version += 1
    referral.save(update_fields=["version"])
    session = SupportSession.objects.create(
        referral=referral,
        kind=kind,
        held_on=held_on,
        attended=attended,
        outcome=outcome.strip(),
        recorded_by=actor,
    )
    changes: dict[str, dict[str, object]] = {
        "kind": {"old": None, "new": kind},
        "held_on": {"old": None, "new": held_on.isoformat()},
        "attended": {"old": None, "new": attended},
    }
    if session.outcome:
        changes["outcome"] = {"old": None, "new": WITHHELD}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=session,
        label=audit_label(REFERRAL, referral=referral.pk),
        changes=changes,
    )
    return session


@transaction.atomic
def referral_close(
    *,
    actor: User,
    referral: Referral,
    closed_on: datetime.date,
    reason: str,
    without_ceremony: bool = False,
    expected_version: int | None = None,
) -> Referral:
    """Close a referral. `expected_version` is the referral's version when the page was
    opened: a closing decided before a session or the ceremony was recorded is refused
    (`StaleEdit`), naming how far the referral has come (never what the sessions said)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _require_recording(actor, referral)
    if expected_version is not None and referral.version != expected_version:
        now = progress_of(list(referral.sessions.all()))
        raise StaleEdit(
            [
                (str(_("Sessions held")), str(now.sessions_held)),
                (
                    str(_("Public testimony ceremony")),
                    date_format(now.ceremony.held_on) if now.ceremony else "∅",
                ),
            ],
            record=referral._meta.label_lower,
            current_version=referral.version,
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is closed.")})
    not_in_future(closed_on, "closed_on")
    progress = progress_of(list(referral.sessions.all()))
    earliest = max(referral.referred_on, progress.last_held_on or referral.referred_on)
    if closed_on < earliest:
        raise ValidationError(
            {"closed_on": _("A referral closes after it was made and after its last session.")}
        )
    if awaits_ceremony(referral, progress) and not without_ceremony:
        raise ValidationError(
            {
                "without_ceremony": _(
                    "This testimonial therapy has had no public testimony ceremony. Confirm "
                    "closing it without one, and say why in the reason."
                )
            }
        )
    referral.status = ReferralStatus.CLOSED
    referral.closed_on = closed_on
    referral.closure_reason = reason.strip()
    referral.closed_by = actor
    referral.version += 1
    referral.save(update_fields=["status", "closed_on", "closure_reason", "closed_by", "version"])
    audit_record(
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        obj=referral,
        changes={
            "status": {"old": ReferralStatus.OPEN, "new": ReferralStatus.CLOSED},
            "closed_on": {"old": None, "new": closed_on.isoformat()},
            "closure_reason": {"old": None, "new": WITHHELD},
            "version": {"old": referral.version - 1, "new": referral.version},
        },
    )
    return referral


@transaction.atomic
def health_note_add(*, actor: User, referral: Referral, text: str) -> HealthNote:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not policy.can_record_support(actor, referral):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    note = HealthNote.objects.create(referral=referral, text=text.strip(), author=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        label=audit_label(REFERRAL, referral=referral.pk),
        changes={"text": {"old": None, "new": WITHHELD}},
    )
    return note


# --- contact log -------------------------------------------------------------------------


def may_log_contact_with(user: User, person: Person) -> bool:
    return policy.can_log_contact(user, person)


@dataclass
class ContactData:
    channel: str
    happened_on: datetime.date
    summary: str
    contacted_by: User | None = None
    follow_up_on: datetime.date | None = None
    follow_up_user: User | None = None


@transaction.atomic
def contact_record(*, actor: User, person: Person, data: ContactData) -> Contact:
    """One interaction with a person. Who made it and who follows up default to the
    actor; either must be someone who may log contacts with this person, so that a
    follow-up never lands in the queue of a user who cannot open the person's page."""
    if not may_log_contact_with(actor, person):
        raise PermissionDenied
    if not data.summary.strip():
        raise ValidationError({"summary": _("Say what was discussed.")})
    not_in_future(data.happened_on, "happened_on")
    contacted_by = data.contacted_by or actor
    if contacted_by != actor and not may_log_contact_with(contacted_by, person):
        raise ValidationError({"contacted_by": _("This user cannot see this person.")})
    follow_up_user = None
    if data.follow_up_on is not None:
        if data.follow_up_on < data.happened_on:
            raise ValidationError(
                {"follow_up_on": _("The follow-up cannot come before the contact.")}
            )
        follow_up_user = data.follow_up_user or actor
        if follow_up_user != actor and not may_log_contact_with(follow_up_user, person):
            raise ValidationError({"follow_up_user": _("This user cannot see this person.")})
    elif data.follow_up_user is not None:
        raise ValidationError({"follow_up_on": _("Give the date of the follow-up.")})
    contact = Contact.objects.create(
        person=person,
        channel=data.channel,
        happened_on=data.happened_on,
        contacted_by=contacted_by,
        summary=data.summary.strip(),
        follow_up_on=data.follow_up_on,
        follow_up_user=follow_up_user,
        recorded_by=actor,
    )
    changes: dict[str, dict[str, object]] = {
        "person": {"old": None, "new": person.pk},
        "channel": {"old": None, "new": data.channel},
        "happened_on": {"old": None, "new": data.happened_on.isoformat()},
        "contacted_by": {"old": None, "new": contacted_by.pk},
        "summary": {"old": None, "new": WITHHELD},
    }
    if data.follow_up_on is not None and follow_up_user is not None:
        changes["follow_up_on"] = {"old": None, "new": data.follow_up_on.isoformat()}
        changes["follow_up_user"] = {"old": None, "new": follow_up_user.pk}
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=contact,
        label=audit_label(PERSON, person=person.pk),
        changes=changes,
    )
    return contact


@transaction.atomic
def follow_up_done(*, actor: User, contact: Contact) -> Contact:
    contact = Contact.objects.select_for_update().select_related("person").get(pk=contact.pk)
    # Closing a follow-up writes about the person: a lawyer whose mandate has ended, or a
    # Lead Co-Lawyer who only reads the person's file, may no longer.
    if contact.follow_up_user_id != actor.pk or not may_log_contact_with(actor, contact.person):
        raise PermissionDenied
    if contact.follow_up_done_at is not None:
        return contact
    contact.follow_up_done_at = timezone.now()
    contact.save(update_fields=["follow_up_done_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=contact,
        label=audit_label(PERSON, person=contact.person_id),
        changes={"follow_up_done_at": {"old": None, "new": contact.follow_up_done_at.isoformat()}},
    )
    return contact
