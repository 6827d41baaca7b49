"""The rules of support: consent before any referral, the shape of testimonial therapy,
closure, the contact log and follow-ups."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vss.audit.models import AuditEntry
from vss.support import services
from vss.support.models import (
    Consent,
    Contact,
    Referral,
    ReferralStatus,
    ServiceType,
    SessionKind,
    SupportSession,
)
from vss.support.services import ConsentData, ContactData
from vss.testing.factories import (
    ApplicationFactory,
    ConsentFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _today() -> datetime.date:
    return timezone.localdate()


def _consent_data(given_on: datetime.date | None = None) -> ConsentData:
    return ConsentData(
        given_by="The person", given_on=given_on or _today() - 10 * DAY, covers="Counselling"
    )


def _refer(actor, person, partner, **kw) -> Referral:
    values = {
        "actor": actor,
        "person": person,
        "partner": partner,
        "service": ServiceType.COUNSELLING,
        "referred_on": _today() - 5 * DAY,
    }
    values.update(kw)
    if "consent" not in kw and "new_consent" not in kw:
        values["new_consent"] = _consent_data()
    return services.referral_create(**values)


# --- consent -------------------------------------------------------------------------------


def test_a_referral_records_the_consent_given_with_it(outreach, partner):
    person = PersonFactory.create()
    referral = _refer(outreach, person, partner.organisation)
    consent = referral.consent
    assert consent.person == person
    assert (consent.given_by, consent.covers) == ("The person", "Counselling")
    assert consent.recorded_by == outreach
    assert AuditEntry.objects.filter(object_type="support.consent").count() == 1
    assert AuditEntry.objects.filter(object_type="support.referral", action="create").count() == 1


def test_no_referral_without_consent(outreach, partner):
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            actor=outreach,
            person=person,
            partner=partner.organisation,
            service=ServiceType.COUNSELLING,
            referred_on=_today(),
        )
    assert "consent" in error.value.error_dict
    assert not Referral.objects.exists()


def test_an_existing_consent_can_be_reused(outreach, partner):
    consent = ConsentFactory.create(given_on=_today() - 30 * DAY)
    referral = _refer(outreach, consent.person, partner.organisation, consent=consent)
    assert referral.consent == consent
    assert Consent.objects.count() == 1


def test_a_withdrawn_consent_is_refused(outreach, partner):
    consent = ConsentFactory.create(given_on=_today() - 30 * DAY)
    services.consent_withdraw(
        actor=outreach, consent=consent, withdrawn_on=_today(), note="Said so on the phone"
    )
    with pytest.raises(ValidationError) as error:
        _refer(outreach, consent.person, partner.organisation, consent=consent)
    assert "consent" in error.value.error_dict
    assert not Referral.objects.exists()


def test_another_persons_consent_is_refused(outreach, partner):
    consent = ConsentFactory.create(given_on=_today() - 30 * DAY)
    with pytest.raises(ValidationError):
        _refer(outreach, PersonFactory.create(), partner.organisation, consent=consent)


def test_a_referral_before_its_consent_is_refused_and_nothing_is_kept(outreach, partner):
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as error:
        _refer(
            outreach,
            person,
            partner.organisation,
            referred_on=_today() - 20 * DAY,
            new_consent=_consent_data(given_on=_today() - 10 * DAY),
        )
    assert "referred_on" in error.value.error_dict
    # The consent recorded in the same step went with the refused referral.
    assert not Consent.objects.exists()


def test_a_referral_needs_a_partner_offering_support(outreach, intermediary):
    with pytest.raises(ValidationError) as error:
        _refer(outreach, PersonFactory.create(), intermediary.organisation)
    assert "partner" in error.value.error_dict


def test_only_referring_roles_refer(partner, reparations):
    for actor in (partner, reparations):
        with pytest.raises(PermissionDenied):
            _refer(actor, PersonFactory.create(), partner.organisation)


def test_withdrawal_is_kept_with_its_date_and_note_and_audited(outreach):
    consent = ConsentFactory.create(given_on=_today() - 30 * DAY)
    services.consent_withdraw(actor=outreach, consent=consent, withdrawn_on=_today(), note="N")
    consent.refresh_from_db()
    assert consent.withdrawn_on == _today()
    assert consent.withdrawal_note == "N"
    entry = AuditEntry.objects.get(object_type="support.consent", action="update")
    assert entry.changes == {
        "withdrawn_on": {"old": None, "new": _today().isoformat()},
        "referrals_closed": {"old": None, "new": []},
    }
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=outreach, consent=consent, withdrawn_on=_today(), note="Again"
        )


def test_withdrawal_closes_the_open_referrals_resting_on_the_consent(outreach):
    referral = ReferralFactory.create(
        consent__given_on=_today() - 30 * DAY, referred_on=_today() - 20 * DAY
    )
    closed_before = ReferralFactory.create(
        consent=referral.consent,
        person=referral.person,
        referred_on=_today() - 25 * DAY,
        status="closed",
        closed_on=_today() - 21 * DAY,
        closure_reason="Completed",
    )
    # Dated back before the referral: the closure cannot predate the referral itself.
    services.consent_withdraw(
        actor=outreach, consent=referral.consent, withdrawn_on=_today() - 22 * DAY, note="By phone"
    )
    referral.refresh_from_db()
    closed_before.refresh_from_db()
    assert referral.status == "closed"
    assert referral.closed_on == referral.referred_on
    assert "Consent withdrawn" in referral.closure_reason
    assert referral.closed_by == outreach
    assert closed_before.closure_reason == "Completed"
    entry = AuditEntry.objects.get(object_type="support.consent", action="update")
    assert entry.changes["referrals_closed"] == {"old": None, "new": [referral.pk]}


def test_withdrawal_before_the_consent_is_refused(outreach):
    consent = ConsentFactory.create(given_on=_today() - 3 * DAY)
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=outreach, consent=consent, withdrawn_on=_today() - 5 * DAY, note="By phone"
        )


# --- sessions and the testimonial therapy ----------------------------------------------------


def _referral(partner, service=ServiceType.TESTIMONIAL_THERAPY) -> Referral:
    return ReferralFactory.create(
        partner=partner.organisation,
        service=service,
        referred_on=_today() - 60 * DAY,
        consent__given_on=_today() - 61 * DAY,
    )


def _session(partner, referral, days_ago: int, kind=SessionKind.SESSION, **kw) -> SupportSession:
    return services.session_record(
        actor=partner,
        referral=referral,
        kind=kind,
        held_on=_today() - days_ago * DAY,
        attended=kw.pop("attended", True),
        outcome=kw.pop("outcome", ""),
    )


def test_testimonial_therapy_is_sessions_then_one_ceremony(partner):
    referral = _referral(partner)
    for days_ago in (50, 40, 30, 20, 15, 10):
        _session(partner, referral, days_ago)
    ceremony = _session(partner, referral, 5, SessionKind.CEREMONY)
    progress = services.progress_of(list(referral.sessions.all()))
    assert progress.sessions_held == 6
    assert progress.ceremony == ceremony
    with pytest.raises(ValidationError):
        _session(partner, referral, 1)
    with pytest.raises(ValidationError):
        _session(partner, referral, 1, SessionKind.CEREMONY)
    assert referral.sessions.count() == 7


def test_a_ceremony_needs_a_session_first(partner):
    referral = _referral(partner)
    with pytest.raises(ValidationError) as error:
        _session(partner, referral, 5, SessionKind.CEREMONY)
    assert "kind" in error.value.error_dict
    _session(partner, referral, 10, attended=False)
    with pytest.raises(ValidationError):
        _session(partner, referral, 5, SessionKind.CEREMONY)


def test_a_ceremony_comes_after_the_last_session(partner):
    referral = _referral(partner)
    _session(partner, referral, 10)
    with pytest.raises(ValidationError) as error:
        _session(partner, referral, 20, SessionKind.CEREMONY)
    assert "held_on" in error.value.error_dict


def test_other_services_have_no_ceremony(partner):
    referral = _referral(partner, ServiceType.COUNSELLING)
    _session(partner, referral, 10)
    with pytest.raises(ValidationError) as error:
        _session(partner, referral, 5, SessionKind.CEREMONY)
    assert "kind" in error.value.error_dict


def test_sessions_are_recorded_by_the_referrals_own_partner_only(partner, other_partner, chief):
    referral = _referral(partner)
    for actor in (other_partner, chief):
        with pytest.raises(PermissionDenied):
            _session(actor, referral, 5)


def test_a_session_before_the_referral_or_in_the_future_is_refused(partner):
    referral = _referral(partner)
    with pytest.raises(ValidationError):
        _session(partner, referral, 70)
    with pytest.raises(ValidationError):
        _session(partner, referral, -1)


def test_closing_needs_a_date_and_reason(partner):
    referral = _referral(partner, ServiceType.COUNSELLING)
    with pytest.raises(ValidationError):
        services.referral_close(actor=partner, referral=referral, closed_on=_today(), reason=" ")
    services.referral_close(actor=partner, referral=referral, closed_on=_today(), reason="Done")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert (referral.closed_on, referral.closed_by) == (_today(), partner)


def test_a_closed_referral_takes_no_more_sessions(partner):
    referral = _referral(partner, ServiceType.COUNSELLING)
    services.referral_close(actor=partner, referral=referral, closed_on=_today(), reason="Done")
    with pytest.raises(ValidationError):
        _session(partner, referral, 0)
    with pytest.raises(ValidationError):
        services.referral_close(actor=partner, referral=referral, closed_on=_today(), reason="x")


def test_closing_testimonial_therapy_without_ceremony_needs_confirmation(partner):
    referral = _referral(partner)
    _session(partner, referral, 10)
    with pytest.raises(ValidationError) as error:
        services.referral_close(
            actor=partner, referral=referral, closed_on=_today(), reason="Moved away"
        )
    assert "without_ceremony" in error.value.error_dict
    services.referral_close(
        actor=partner,
        referral=referral,
        closed_on=_today(),
        reason="Moved away",
        without_ceremony=True,
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED


def test_closing_before_the_last_session_is_refused(partner):
    referral = _referral(partner, ServiceType.COUNSELLING)
    _session(partner, referral, 5)
    with pytest.raises(ValidationError) as error:
        services.referral_close(
            actor=partner, referral=referral, closed_on=_today() - 6 * DAY, reason="x"
        )
    assert "closed_on" in error.value.error_dict


def test_texts_never_reach_the_audit_log(partner):
    referral = _referral(partner, ServiceType.COUNSELLING)
    _session(partner, referral, 5, outcome="SECRET-OUTCOME nightmares")
    services.health_note_add(actor=partner, referral=referral, text="SECRET-NOTE insomnia")
    services.referral_close(
        actor=partner, referral=referral, closed_on=_today(), reason="SECRET-REASON"
    )
    entries = list(AuditEntry.objects.filter(object_type__startswith="support."))
    assert len(entries) == 3
    assert all("SECRET" not in str(e.changes) + e.object_label for e in entries)
    note_entry = next(e for e in entries if e.object_type == "support.healthnote")
    assert note_entry.changes["text"]["new"] == services.WITHHELD


def test_notes_are_written_by_the_referrals_partner_only(partner, other_partner, chief):
    referral = _referral(partner, ServiceType.COUNSELLING)
    for actor in (other_partner, chief):
        with pytest.raises(PermissionDenied):
            services.health_note_add(actor=actor, referral=referral, text="x")
    with pytest.raises(ValidationError):
        services.health_note_add(actor=partner, referral=referral, text="  ")


# --- contacts ------------------------------------------------------------------------------


def test_a_contact_defaults_to_the_actor_for_author_and_follow_up(outreach):
    person = PersonFactory.create()
    contact = services.contact_record(
        actor=outreach,
        person=person,
        data=ContactData(
            channel="visit", happened_on=_today(), summary="Visited", follow_up_on=_today()
        ),
    )
    assert contact.contacted_by == outreach
    assert contact.follow_up_user == outreach
    entry = AuditEntry.objects.get(object_type="support.contact")
    assert "Visited" not in str(entry.changes)


def test_a_contact_without_follow_up_has_no_responsible_user(outreach):
    contact = services.contact_record(
        actor=outreach,
        person=PersonFactory.create(),
        data=ContactData(channel="sms", happened_on=_today(), summary="Reminder sent"),
    )
    assert contact.follow_up_user is None


def test_a_follow_up_goes_only_to_someone_who_may_see_the_person(outreach, lawyer, legal):
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as error:
        services.contact_record(
            actor=outreach,
            person=person,
            data=ContactData(
                channel="phone",
                happened_on=_today(),
                summary="Call",
                follow_up_on=_today(),
                follow_up_user=lawyer,
            ),
        )
    assert "follow_up_user" in error.value.error_dict
    contact = services.contact_record(
        actor=outreach,
        person=person,
        data=ContactData(
            channel="phone",
            happened_on=_today(),
            summary="Call",
            follow_up_on=_today(),
            follow_up_user=legal,
        ),
    )
    assert contact.follow_up_user == legal


def test_lawyers_log_contacts_with_their_clients_only(lawyer):
    client = RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant
    data = ContactData(channel="office", happened_on=_today(), summary="Met")
    services.contact_record(actor=lawyer, person=client, data=data)
    with pytest.raises(PermissionDenied):
        services.contact_record(
            actor=lawyer, person=ApplicationFactory.create().applicant, data=data
        )


def test_partners_log_contacts_with_people_referred_to_them(partner, other_partner):
    person = _referral(partner).person
    data = ContactData(channel="visit", happened_on=_today(), summary="Home visit")
    services.contact_record(actor=partner, person=person, data=data)
    with pytest.raises(PermissionDenied):
        services.contact_record(actor=other_partner, person=person, data=data)


def test_follow_up_done_by_the_responsible_user_only(outreach, legal):
    contact = services.contact_record(
        actor=outreach,
        person=PersonFactory.create(),
        data=ContactData(
            channel="visit", happened_on=_today(), summary="Visit", follow_up_on=_today()
        ),
    )
    with pytest.raises(PermissionDenied):
        services.follow_up_done(actor=legal, contact=contact)
    services.follow_up_done(actor=outreach, contact=contact)
    contact.refresh_from_db()
    assert contact.follow_up_done_at is not None
    assert AuditEntry.objects.filter(object_type="support.contact", action="update").count() == 1


def test_a_follow_up_before_the_contact_is_refused(outreach):
    with pytest.raises(ValidationError):
        services.contact_record(
            actor=outreach,
            person=PersonFactory.create(),
            data=ContactData(
                channel="visit",
                happened_on=_today(),
                summary="Visit",
                follow_up_on=_today() - DAY,
            ),
        )
    assert not Contact.objects.exists()
