import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Message, MessageChannel, MessageKind, MessageStatus, Subscriber
from vss.outreach.selectors.newsletters import audience_subscribers
from vss.portal import honeypot
from vss.portal.forms import phone_normalised
from vss.portal.services import newsletter
from vss.portal.services.throttling import Limit

pytestmark = pytest.mark.django_db

URL = "/newsletter/"
PHONE = "012 345 678"


@pytest.fixture(autouse=True)
def _reads_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _sign_up(client, ip="10.2.2.2", **values):
    data = {"channel": "sms", "phone": PHONE, "email": "", "language": "km"} | values
    return client.post(URL, data, REMOTE_ADDR=ip)


def _links() -> list[str]:
    messages = Message.objects.filter(kind=MessageKind.CONFIRMATION).order_by("pk")
    bodies = messages.values_list("body", flat=True)
    return [m for body in bodies for m in re.findall(r"https?://\S+/newsletter/confirm/\S+/", body)]


def _path(link: str) -> str:
    return urlsplit(link).path


def test_signing_up_sends_a_link_and_subscribes_no_one_until_it_is_confirmed(client):
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:newsletter_asked")
    subscriber = Subscriber.objects.get()
    assert (subscriber.channel, subscriber.phone, subscriber.language) == ("sms", "012345678", "km")
    assert subscriber.confirmed_at is None
    assert not audience_subscribers().exists()
    message = Message.objects.get(kind=MessageKind.CONFIRMATION)
    assert (message.channel, message.address, message.language) == ("sms", "012345678", "km")
    assert message.status == MessageStatus.QUEUED
    # Written in the language asked for, with the way to stop like any other message.
    with translation.override("km"):
        assert translation.gettext("Confirm your sign-up for the newsletter") in message.subject
    assert "/outreach/stop/" in message.body
    [link] = _links()

    # Opening the link (as a phone previewing it would) confirms nothing.
    page = client.get(_path(link))
    assert page.status_code == 200
    assert "Yes, send me the newsletter" in page.text
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None

    done = client.post(_path(link))
    assert done.status_code == 200
    assert "You will receive the newsletter" in done.text
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert list(audience_subscribers()) == [subscriber]
    # A link confirms once.
    assert client.post(_path(link)).status_code == 404
    assert client.get(_path(link)).status_code == 404


def test_the_answer_is_the_same_for_a_new_a_known_and_a_confirmed_address(client):
    first = _sign_up(client)
    client.post(_path(_links()[0]))
    again = _sign_up(client)
    other = _sign_up(client, phone="097 111 2222")
    assert first["Location"] == again["Location"] == other["Location"]
    asked = client.get(first["Location"])
    assert PHONE not in asked.text and "012345678" not in asked.text
    # The address already reading the newsletter was sent nothing more.
    assert Message.objects.filter(address="012345678").count() == 1
    assert Message.objects.filter(address="0971112222").count() == 1


def test_no_address_is_in_a_url_and_the_sign_up_is_audited_as_the_public(client):
    response = _sign_up(client, channel="email", phone="", email="Reader@Example.org")
    assert "example" not in response["Location"].lower()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org"
    entries = AuditEntry.objects.filter(object_type="outreach.subscriber")
    assert {e.action for e in entries} == {AuditAction.CREATE, AuditAction.UPDATE}
    assert all(e.actor is None for e in entries)
    # The link's digest is not a value for the log.
    assert not any("confirm_digest" in e.changes for e in entries)


def test_a_cambodian_number_written_either_way_is_one_subscriber(client):
    _sign_up(client, phone="+855 12 345 678")
    _sign_up(client, phone="012-345-678")
    assert Subscriber.objects.count() == 1
    assert phone_normalised("855 12 345 678") == "012345678"
    assert phone_normalised("0033 6 12 34 56 78") == "+33612345678"


def test_the_database_keeps_one_row_per_address():
    Subscriber.objects.create(channel="email", email="a@example.org", stop_token="one")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.create(channel="email", email="a@example.org", stop_token="two")


def test_a_newer_link_replaces_the_older_and_an_old_link_expires(client):
    _sign_up(client)
    _sign_up(client)
    older, newer = _links()
    assert client.post(_path(older)).status_code == 404
    Subscriber.objects.update(confirm_sent_at=timezone.now() - datetime.timedelta(days=15))
    response = client.post(_path(newer))
    assert response.status_code == 404
    assert "This link no longer works" in response.text
    assert Subscriber.objects.get().confirmed_at is None


def test_someone_who_stopped_signs_up_again_through_a_new_link(client):
    _sign_up(client)
    client.post(_path(_links()[0]))
    Subscriber.objects.update(stopped_at=timezone.now())
    _sign_up(client)
    assert len(_links()) == 2
    client.post(_path(_links()[1]))
    subscriber = Subscriber.objects.get()
    assert subscriber.stopped_at is None
    assert list(audience_subscribers()) == [subscriber]


def test_an_address_gets_a_few_links_a_day_whoever_asks(client):
    for n in range(newsletter.PER_ADDRESS.attempts + 2):
        response = _sign_up(client, ip=f"10.3.3.{n}")
        assert response.status_code == 302
    assert len(_links()) == newsletter.PER_ADDRESS.attempts


def test_a_connection_that_signs_up_too_often_is_refused(client, monkeypatch):
    monkeypatch.setattr(
        newsletter, "PER_CONNECTION", Limit("newsletter-ip", 2, datetime.timedelta(hours=1))
    )
    assert _sign_up(client, phone="011 000 001").status_code == 302
    assert _sign_up(client, phone="011 000 002").status_code == 302
    refused = _sign_up(client, phone="011 000 003")
    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.text
    assert Subscriber.objects.count() == 2
    # Another connection is not held back.
    assert _sign_up(client, ip="10.9.9.9", phone="011 000 003").status_code == 302


def test_a_robot_filling_the_hidden_field_is_refused(client):
    response = _sign_up(client, **{honeypot.FIELD: "http://spam.example"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "error"),
    [
        ({"phone": "12"}, "phone", "Type a phone number, for example 012 345 678."),
        ({"channel": "email", "phone": ""}, "email", "Type an email address."),
        ({"channel": "email", "email": "not an address"}, "email", "Enter a valid email address."),
    ],
)
def test_a_wrong_answer_is_explained_and_what_was_typed_comes_back(client, values, field, error):
    response = _sign_up(client, **values)
    assert response.status_code == 400
    assert error in response.text
    typed = values.get(field)
    if typed:
        assert f'value="{typed}"' in response.text
    assert not Subscriber.objects.exists()


def test_the_newsletter_page_carries_the_form_in_khmer_by_default(db):
    page = Client().get(reverse("portal:page_newsletter")).content.decode()
    assert '<html lang="km">' in page
    assert f'action="{URL}"' in page
    assert f'name="{honeypot.FIELD}"' in page
    # The language asked for is the page's unless changed.
    assert '<option value="km" selected>' in page


def test_a_confirmed_subscriber_is_written_to_by_the_channel_they_chose(client):
    _sign_up(client, channel="email", phone="", email="reader@example.org", language="fr")
    client.post(_path(_links()[0]))
    subscriber = audience_subscribers().get()
    assert (subscriber.channel, subscriber.language) == (MessageChannel.EMAIL, "fr")
