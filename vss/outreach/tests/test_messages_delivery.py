"""What the providers report of a message after it left: a bounce, a failure or a
delivery, recorded on the message found by the reference kept when it was sent and
shown on the person's history, through endpoints that take no CSRF token because each
checks a secret of its own; and the HTTP SMS gateway, tried against a local server."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from vss.audit.models import AuditEntry
from vss.outreach.gateways import GatewayError, HttpSmsGateway
from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.outreach.services import sending
from vss.people.models import Person
from vss.testing.factories import ContactPreferenceFactory

pytestmark = pytest.mark.django_db

SECRET = "report-secret"


def _message(channel: str, reference: str, status=MessageStatus.SENT) -> Message:
    preference = ContactPreferenceFactory.create(channel="email", email="sok@example.org")
    return Message.objects.create(
        idempotency_key=f"test:{reference}",
        kind=MessageKind.NEWSLETTER,
        channel=channel,
        language="km",
        person=preference.person,
        address="sok@example.org",
        body="News",
        status=status,
        gateway_reference=reference,
    )


@pytest.fixture
def sms_secret(settings):
    settings.VSS_SMS_REPORT_SECRET = SECRET


def _report(client, body, secret=SECRET):
    return client.post(
        reverse("outreach:sms_report"),
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_an_sms_report_marks_the_message_failed_and_audits_it(sms_secret):
    message = _message("sms", "gw-1")
    client = Client(enforce_csrf_checks=True)
    answer = _report(client, {"reference": "gw-1", "status": "undelivered", "detail": "off"})
    assert answer.status_code == 204
    message.refresh_from_db()
    assert (message.status, message.detail) == (MessageStatus.FAILED, "off")
    entry = AuditEntry.objects.get(object_type="outreach.message", action="update")
    assert entry.changes["status"] == {"old": "sent", "new": "failed"}


def test_a_report_without_the_secret_is_refused_and_changes_nothing(sms_secret, settings):
    message = _message("sms", "gw-2")
    assert _report(Client(), {"reference": "gw-2", "status": "failed"}, "guess").status_code == 403
    settings.VSS_SMS_REPORT_SECRET = ""
    assert _report(Client(), {"reference": "gw-2", "status": "failed"}, "").status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_malformed_or_unknown_report_is_answered_without_a_change(sms_secret):
    message = _message("sms", "gw-3")
    assert _report(Client(), {"reference": "gw-3", "status": "lost"}).status_code == 400
    assert _report(Client(), ["gw-3"]).status_code == 400
    assert _report(Client(), {"reference": "nobody", "status": "failed"}).status_code == 204
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_late_delivery_report_does_not_undo_a_bounce(sms_secret):
    message = _message("sms", "gw-4", status=MessageStatus.FAILED)
    _report(Client(), {"reference": "gw-4", "status": "delivered"})
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def _postmark(client, record, auth="hook:secret"):
    return client.post(
        reverse("outreach:email_tracking"),
        json.dumps(record),
        content_type="application/json",
        headers={"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()},
    )


@pytest.fixture
def anymail_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}


def test_an_email_bounce_reported_by_the_provider_is_shown_on_the_history(anymail_secret, outreach):
    message = _message("email", "pm-1")
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "MessageID": "pm-1",
        "Email": "sok@example.org",
        "Description": "The mailbox does not exist",
        "BouncedAt": "2026-12-01T10:00:00Z",
    }
    client = Client(enforce_csrf_checks=True)
    assert _postmark(client, bounce).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED
    assert "The mailbox does not exist" in message.detail

    staff = Client()
    staff.force_login(outreach)
    page = staff.get(reverse("people:detail", args=[message.person_id]))
    assert "Bounced" in page.text and "The mailbox does not exist" in page.text
    failed = staff.get(reverse("outreach:failed_messages"))
    assert [m.pk for m in failed.context["page"].object_list] == [message.pk]


def test_an_email_delivery_is_recorded(anymail_secret):
    message = _message("email", "pm-2")
    delivery = {
        "RecordType": "Delivery",
        "MessageID": "pm-2",
        "Recipient": "sok@example.org",
        "DeliveredAt": "2026-12-01T10:00:00Z",
    }
    assert _postmark(Client(), delivery).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_an_email_event_without_the_secret_is_refused(anymail_secret):
    message = _message("email", "pm-3")
    record = {"RecordType": "Bounce", "Type": "HardBounce", "MessageID": "pm-3"}
    assert _postmark(Client(), record, auth="hook:wrong").status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


# --- the HTTP gateway -------------------------------------------------------------------


class FakeProvider(BaseHTTPRequestHandler):
    """Takes a message once per key (as a provider honouring Idempotency-Key would),
    refuses a number it does not know and answers 503 when told to be down."""

    taken: dict[str, dict] = {}
    down = False

    def _answer(self, status: int, body: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body or {}).encode())

    def do_POST(self) -> None:
        if self.headers["Authorization"] != "Bearer token-1":
            return self._answer(401)
        if FakeProvider.down:
            return self._answer(503)
        sent = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if sent["to"].startswith("000"):
            return self._answer(422, {"error": "unknown number"})
        key = self.headers["Idempotency-Key"]
        assert key == sent["key"]
        FakeProvider.taken.setdefault(key, sent)
        return self._answer(200, {"reference": f"ref-{key}"})

    def do_GET(self) -> None:
        key = self.path.rsplit("/", 1)[-1]
        if key in FakeProvider.taken:
            return self._answer(200, {"reference": f"ref-{key}"})
        return self._answer(404)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def provider(settings):
    FakeProvider.taken, FakeProvider.down = {}, False
    server = HTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/sms"
    settings.VSS_SMS_GATEWAY = "vss.outreach.gateways.HttpSmsGateway"
    settings.VSS_SMS_HTTP_URL, settings.VSS_SMS_HTTP_TOKEN = url, "token-1"
    yield FakeProvider
    server.shutdown()
    server.server_close()


def test_the_http_gateway_sends_with_the_key_and_is_asked_after_a_crash(provider):
    gateway = HttpSmsGateway()
    assert gateway.send(to="012 345 678", text="សួស្តី", key="k-1") == "ref-k-1"
    assert provider.taken["k-1"]["text"] == "សួស្តី"
    assert gateway.taken("k-1") == "ref-k-1"
    assert gateway.taken("k-2") is None
    with pytest.raises(GatewayError) as refused:
        gateway.send(to="000 1", text="x", key="k-3")
    assert refused.value.permanent
    provider.down = True
    with pytest.raises(GatewayError) as down:
        gateway.send(to="012 345 678", text="x", key="k-4")
    assert not down.value.permanent


def test_a_send_through_the_http_gateway_records_its_references(provider, outreach):
    people = [
        ContactPreferenceFactory.create(person__phone=f"012 000 00{n}").person for n in range(3)
    ]
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk__in=[p.pk for p in people]),
        content=lambda language, channel: sending.Content(subject="", body="News"),
        key="http",
        news=True,
    )
    sending.messages_send(job.pk)
    messages = list(Message.objects.filter(job=job))
    assert {m.status for m in messages} == {MessageStatus.SENT}
    assert {m.gateway_reference for m in messages} == {f"ref-{m.idempotency_key}" for m in messages}
    assert len(provider.taken) == 3


def test_a_provider_down_leaves_the_messages_queued_for_a_later_run(provider, outreach):
    person = ContactPreferenceFactory.create().person
    job = sending.job_start(label="News", user=outreach)
    sending.messages_write(
        job=job,
        kind=MessageKind.NEWSLETTER,
        people=Person.objects.filter(pk=person.pk),
        content=lambda language, channel: sending.Content(subject="", body="News"),
        key="down",
        news=True,
    )
    provider.down = True
    sending.messages_send(job.pk)
    assert Message.objects.get(job=job).status == MessageStatus.QUEUED
    provider.down = False
    sending.messages_send(job.pk)
    assert Message.objects.get(job=job).status == MessageStatus.SENT


def test_no_email_event_is_taken_while_no_secret_is_set(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    message = _message("email", "pm-4")
    record = {"RecordType": "Bounce", "Type": "HardBounce", "MessageID": "pm-4"}
    assert _postmark(Client(), record, auth="").status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_an_email_event_that_is_not_one_is_answered_400(anymail_secret):
    response = Client().post(
        reverse("outreach:email_tracking"),
        "not json",
        content_type="application/json",
        headers={"Authorization": "Basic " + base64.b64encode(b"hook:secret").decode()},
    )
    assert response.status_code == 400
