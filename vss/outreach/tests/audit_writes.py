"""Every kind of audit entry outreach's services write, written once each for the
auditor's log test (vss/audit/tests/test_every_entry_is_shown.py). Each area of outreach
adds its writes here, and the entries they make to OUTREACH_WRITTEN."""

import datetime
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vss.applications.models import Status
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction as A
from vss.outreach.models import (
    AudienceKind,
    CourtDateKind,
    EventKind,
    EventStatus,
    Invitation,
    InvitationStatus,
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    Subscriber,
)
from vss.outreach.selectors.messages import messages_read
from vss.outreach.services import (
    attendance,
    calendar,
    choosing,
    delivery,
    events,
    focal,
    logistics,
    newsletters,
    preferences,
)
from vss.testing.constants import PDF
from vss.testing.draws import drawn
from vss.testing.factories import (
    ApplicationFactory,
    ContactPreferenceFactory,
    EventFactory,
    InvitationFactory,
    NewsletterFactory,
    PersonFactory,
    VifFactory,
)

OUTREACH_WRITTEN = {
    (A.CREATE, "outreach.contactpreference"),
    (A.UPDATE, "outreach.contactpreference"),
    (A.UPDATE, "outreach.subscriber"),
    (A.CREATE, "outreach.draw"),
    (A.UPDATE, "outreach.draw"),
    (A.CREATE, "outreach.invitation"),
    (A.UPDATE, "outreach.invitation"),
    (A.CREATE, "outreach.companion"),
    (A.CREATE, "outreach.focalperson"),
    (A.ARCHIVE, "outreach.focalperson"),
    (A.CREATE, "outreach.materialhandover"),
    (A.UPDATE, "outreach.materialhandover"),
    (A.ARCHIVE, "outreach.materialhandover"),
    (A.CREATE, "outreach.receiptscan"),
    (A.CREATE, "outreach.event"),
    (A.UPDATE, "outreach.event"),
    (A.ARCHIVE, "outreach.event"),
    (A.CREATE, "outreach.courtdate"),
    (A.UPDATE, "outreach.courtdate"),
    (A.ARCHIVE, "outreach.courtdate"),
    (A.VIEW, "outreach.message"),
    (A.UPDATE, "outreach.message"),
    (A.CREATE, "outreach.newsletter"),
    (A.UPDATE, "outreach.newsletter"),
    (A.DOWNLOAD, "outreach.newsletter"),
    (A.CREATE, "outreach.newsletterreach"),
    (A.UPDATE, "outreach.newsletterreach"),
    (A.DOWNLOAD, "outreach.sendjob"),
    (A.CREATE, "outreach.pickuppoint"),
    (A.CREATE, "outreach.vehicle"),
    (A.CREATE, "outreach.accommodation"),
}


def _messages(outreach) -> None:
    person = PersonFactory.create(phone="012 777 888")
    preferences.contact_preference_save(
        user=outreach,
        person=person,
        data=preferences.ReachData(
            channel=MessageChannel.SMS,
            email="",
            postal_address="",
            consents_to_news=True,
            consent_recorded_on=timezone.localdate(),
        ),
        version=0,
    )
    preferences.contact_preference_stop(user=outreach, person=person, version=0)
    preferences.contact_preference_resume(
        user=outreach, person=person, reason="Asked again at the forum", version=1
    )
    messages_read(outreach, person, shown=0)
    bounced = Message.objects.create(
        idempotency_key="audit-writes:bounce",
        kind=MessageKind.NEWSLETTER,
        channel=MessageChannel.EMAIL,
        language="km",
        person=person,
        address="sok@example.org",
        body="News",
        status=MessageStatus.SENT,
        gateway_reference="provider-1",
    )
    delivery.message_report_record(
        channel=bounced.channel,
        reference=bounced.gateway_reference,
        status=MessageStatus.BOUNCED,
        detail="The mailbox does not exist",
    )
    preference = ContactPreferenceFactory.create()
    preferences.messages_stop(token=preference.stop_token, how="link")
    subscriber = Subscriber.objects.create(
        channel=MessageChannel.EMAIL,
        email="reader@example.org",
        confirmed_at=timezone.now(),
        stop_token="subscriber-token",
    )
    preferences.messages_stop(token=subscriber.stop_token, how="link")


def _choosing(outreach, case) -> None:
    applicant = PersonFactory.create(phone="+855 12 345 678")
    ApplicationFactory.create(
        case=case, status=Status.ADMITTED, form=VifFactory.create(applicant=applicant)
    )
    event = EventFactory.create(cases=[case])
    drawn(user=outreach, event=event, size=1)
    drawn(user=outreach, event=event, size=1)
    choosing.invitations_send(user=outreach, event=event)
    invitation = Invitation.objects.get(event=event, rank=1)
    choosing.invitation_reply(
        user=outreach, invitation=invitation, accepted=True, version=invitation.version
    )
    choosing.companion_add(user=outreach, invitation=invitation, name="SOK Dara")


def _focal(outreach, case) -> None:
    person = ApplicationFactory.create(case=case, status=Status.ADMITTED).applicant
    today = timezone.localdate()
    appointed = focal.focal_person_appoint(user=outreach, person=person, appointed_on=today)
    kept = focal.handover_record(
        user=outreach,
        focal_person=appointed,
        materials="Newsletter",
        copies=20,
        handed_on=today,
        receipt_due_on=today,
    )
    checked = check_upload(SimpleUploadedFile("list.pdf", PDF))
    assert checked.file is not None
    focal.handover_return_record(
        user=outreach,
        handover=kept,
        returned_on=today,
        receipts_signed=18,
        scan=focal.CheckedScan(upload=checked.file, checked=checked),
        version=kept.version,
    )
    lost = focal.handover_record(
        user=outreach,
        focal_person=appointed,
        materials="Leaflets",
        copies=5,
        handed_on=today,
        receipt_due_on=today,
    )
    focal.handover_archive(user=outreach, handover=lost, reason="Lost in a flood", version=0)
    focal.focal_person_archive(user=outreach, focal_person=appointed, reason="Moved away")


def _events(outreach, partner, case) -> None:
    data = events.EventData(
        kind=EventKind.CIVIL_PARTY_FORUM,
        title_km="វេទិកា",
        title_en="Forum",
        title_fr="Forum",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        cases=[case],
        capacity=100,
        officer=outreach,
        venue="Pagoda",
        co_organisers=[partner.organisation],
    )
    event = events.event_create(user=outreach, data=data)
    events.event_set_status(
        user=outreach, event=event, to_status=EventStatus.CANCELLED, reason="Rain", version=0
    )
    events.event_archive(user=outreach, event=event, reason="Entered twice")
    hearing = calendar.CourtDateData(
        case=case,
        kind=CourtDateKind.TRIAL_JUDGMENT,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        title_km="សាលក្រម",
    )
    court_date = calendar.court_date_create(user=outreach, data=hearing)
    hearing.starts_at += datetime.timedelta(days=7)
    calendar.court_date_update(user=outreach, court_date=court_date, data=hearing, version=0)
    calendar.court_date_archive(user=outreach, court_date=court_date, reason="Postponed")


def _newsletters(outreach, case) -> None:
    data = newsletters.NewsletterData(
        title_km="ព្រឹត្តិបត្រ",
        title_en="Newsletter",
        title_fr="Lettre",
        audience=AudienceKind.CASE,
        case=case,
    )
    draft = newsletters.newsletter_create(user=outreach, data=data)
    newsletters.newsletter_reach_ask(user=outreach, newsletter=draft)
    newsletters.newsletter_archive(user=outreach, newsletter=draft, reason="Twice", version=0)
    sent = NewsletterFactory.create(case=case)
    job = newsletters.newsletter_send(user=outreach, newsletter=sent, version=0)
    newsletters.newsletter_printed(user=outreach, newsletter=sent, what="labels")
    newsletters.send_printed(user=outreach, job=job, what="letters", language="km")


def _day(outreach) -> None:
    event = EventFactory.create(title_en="", title_fr="")
    logistics.pick_up_point_add(user=outreach, event=event, name="វត្តភ្នំ", pick_up_at=timezone.now())
    logistics.vehicle_add(user=outreach, event=event, label="ឡាន ១", seats=20)
    logistics.accommodation_add(user=outreach, event=event, name="ផ្ទះសំណាក់", beds=10)
    invitation = InvitationFactory.create(event=event, status=InvitationStatus.ACCEPTED)
    logistics.seats_assign(user=outreach, event=event)
    logistics.beds_assign(user=outreach, event=event)
    attendance.check_in_record(
        user=outreach,
        event=event,
        check_in=attendance.CheckIn(
            key=uuid.uuid4(),
            invitation_id=invitation.pk,
            allowance=attendance.Allowance(amount=Decimal("40000"), currency="KHR"),
        ),
    )


def outreach_writes(*, outreach, chief, partner, case) -> None:
    _messages(outreach)
    _choosing(outreach, case)
    _focal(outreach, case)
    _events(outreach, partner, case)
    _newsletters(outreach, case)
    _day(outreach)
