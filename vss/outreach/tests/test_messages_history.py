"""A person's messages beside their contact log, newest first, with why one was not sent;
the whole history fifty at a time; the messages that failed or bounced, for those who
send them. Every read is audited, and the pages' queries do not grow with their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditEntry
from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.outreach.selectors.messages import HISTORY_ON_PAGE
from vss.testing.factories import ContactPreferenceFactory, PersonFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


def _messages(person, count, *, status=MessageStatus.SENT, detail="", start=0):
    Message.objects.bulk_create(
        Message(
            idempotency_key=f"test:{person.pk}:{start + n}",
            kind=MessageKind.NEWSLETTER,
            channel="sms",
            language="km",
            person=person,
            address="012 345 678",
            body="News",
            status=status,
            detail=detail,
            status_at=timezone.now(),
        )
        for n in range(count)
    )


def test_the_person_page_shows_their_messages_and_why_one_was_not_sent(client, outreach):
    person = ContactPreferenceFactory.create().person
    _messages(person, 1)
    _messages(
        person, 1, status=MessageStatus.SKIPPED, detail="no consent to news recorded", start=1
    )
    client.force_login(outreach)
    page = client.get(reverse("people:detail", args=[person.pk]))
    assert "Messages sent" in page.text
    assert "no consent to news recorded" in page.text
    # Read with the person's page, whose read is audited as the person's.
    assert AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk))


def test_the_whole_history_read_is_audited_with_how_many_were_shown(client, outreach):
    person = PersonFactory.create()
    _messages(person, 3)
    client.force_login(outreach)
    client.get(reverse("outreach:person_messages", args=[person.pk]))
    entry = AuditEntry.objects.get(object_type="outreach.message")
    assert entry.object_label == f"messages sent to person {person.pk}"
    assert entry.changes["shown"]["new"] == 3


def test_the_page_links_to_the_whole_history_when_it_is_longer(client, outreach):
    person = PersonFactory.create()
    _messages(person, HISTORY_ON_PAGE + 1)
    client.force_login(outreach)
    page = client.get(reverse("people:detail", args=[person.pk]))
    assert reverse("outreach:person_messages", args=[person.pk]) in page.text


def test_the_history_is_shown_fifty_at_a_time(client, outreach):
    person = PersonFactory.create()
    _messages(person, 51)
    client.force_login(outreach)
    url = reverse("outreach:person_messages", args=[person.pk])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 50 and first.context["page"].has_next
    assert len(client.get(url + "?page=2").context["page"].object_list) == 1
    assert AuditEntry.objects.filter(object_type="outreach.message").count() == 2


def test_a_lawyer_reads_only_their_clients_messages(client, lawyer):
    own = RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant
    other = RepresentationFactory.create().application.applicant
    client.force_login(lawyer)
    assert client.get(reverse("outreach:person_messages", args=[own.pk])).status_code == 200
    assert client.get(reverse("outreach:person_messages", args=[other.pk])).status_code == 404


def test_the_failed_and_bounced_messages_are_listed_for_who_sends(client, outreach):
    person = PersonFactory.create()
    _messages(person, 2)
    _messages(person, 1, status=MessageStatus.FAILED, detail="unknown number", start=2)
    _messages(person, 1, status=MessageStatus.BOUNCED, detail="mailbox full", start=3)
    client.force_login(outreach)
    url = reverse("outreach:failed_messages")
    page = client.get(url)
    assert len(page.context["page"].object_list) == 2
    assert "unknown number" in page.text and "mailbox full" in page.text
    bounced = client.get(url, {"status": "bounced"})
    assert [m.detail for m in bounced.context["page"].object_list] == ["mailbox full"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_queries_do_not_grow_with_their_rows(client, outreach):
    person = PersonFactory.create()
    _messages(person, 3, status=MessageStatus.FAILED)
    client.force_login(outreach)
    urls = [
        reverse("people:detail", args=[person.pk]),
        reverse("outreach:person_messages", args=[person.pk]),
        reverse("outreach:failed_messages"),
    ]
    few = [_queries(client, url) for url in urls]
    for n in range(5):
        _messages(PersonFactory.create(), 1, status=MessageStatus.BOUNCED, start=10 + n)
    _messages(person, 20, status=MessageStatus.FAILED, start=100)
    assert [_queries(client, url) for url in urls] == few
