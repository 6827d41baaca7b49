"""Case messages: when an application moves, its applicant is written to once, by their
channel and in their language, with the new status in plain words and never the reason
or anyone's name; the message goes out once the change is committed."""

import pytest

from vss.applications.models import Status
from vss.applications.services import application_transition
from vss.outreach.gateways import LoggingSmsGateway
from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.testing.factories import ApplicationFactory, CaseFactory, ContactPreferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    preference = ContactPreferenceFactory.create(
        person__phone="012 888 999", person__preferred_language="km", consents_to_news=False
    )
    return ApplicationFactory.create(
        case=case, status=Status.SCREENED, form__applicant=preference.person
    )


def test_the_applicant_is_told_of_the_move_in_their_language(
    legal, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = application_transition(
            actor=legal,
            application=application,
            to_status=Status.TRANSMITTED,
            reason="Reviewed by SOK Chea with the lawyer",
        )
    message = Message.objects.get(person=application.applicant)
    assert message.kind == MessageKind.STATUS_CHANGE
    assert message.application_id == application.pk
    assert message.idempotency_key == f"status:{change.pk}:p{application.applicant_id}"
    assert message.language == "km"
    # Sent though the person gave no consent to news: it is about their own application.
    assert message.status == MessageStatus.SENT
    assert "ពាក្យសុំរបស់អ្នកត្រូវបានបញ្ជូនទៅចៅក្រម" in message.body
    assert "004/02" in message.body
    assert "SOK" not in message.body and "Reviewed" not in message.body
    assert "សុខ" not in message.body
    [sms] = LoggingSmsGateway().entries()
    assert sms["to"] == "012 888 999" and "/outreach/stop/" in sms["text"]


def test_a_stopped_applicant_is_not_written_to_and_the_history_says_why(legal, application):
    preference = application.applicant.contact_preference
    preference.stopped_at = preference.updated_at
    preference.save(update_fields=["stopped_at"])
    application_transition(actor=legal, application=application, to_status=Status.TRANSMITTED)
    message = Message.objects.get(person=application.applicant)
    assert message.status == MessageStatus.SKIPPED
    assert message.detail == "asked to stop receiving messages"


def test_nothing_is_written_before_the_change_is_kept(legal, application):
    application_transition(actor=legal, application=application, to_status=Status.TRANSMITTED)
    # Inside the test's transaction the change is never committed: nothing was sent.
    assert Message.objects.get(person=application.applicant).status == MessageStatus.QUEUED
    assert LoggingSmsGateway().entries() == []
