"""In Khmer, an outreach officer records on a Civil Party's page how she is reached (by
email, agreeing to news), stops the messages as she asked and resumes them with the
reason; her history shows the email that bounced, and so does the list of messages not
delivered. Each page as it stands has nothing axe-core finds seriously wrong."""

import pytest
from django.utils import timezone

from vss.accounts.models import Role
from vss.outreach.models import ContactPreference, Message, MessageKind, MessageStatus
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.factories import PersonFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(page) -> list[str]:
    return [v for v in accessibility_violations(page) if "(serious)" in v or "(critical)" in v]


def test_the_officer_records_how_a_civil_party_is_reached(page):
    persona(Role.OUTREACH)
    person = PersonFactory(phone="012 345 678")
    Message.objects.create(
        idempotency_key="journey:1",
        kind=MessageKind.NEWSLETTER,
        channel="email",
        language="km",
        person=person,
        address="old@example.org",
        body="News",
        status=MessageStatus.BOUNCED,
        detail="The mailbox does not exist",
        status_at=timezone.now(),
    )
    log_in(page, Role.OUTREACH, language="km")
    page.goto(f"/people/{person.pk}/")
    assert "The mailbox does not exist" in page.inner_text("#reach")
    page.click("#reach summary")
    assert _serious(page) == []

    page.select_option("#id_reach-channel", "email")
    page.fill("#id_reach-email", "sok@example.org")
    page.check("#id_reach-consents_to_news")
    page.click("form[action$='/reach/'] button[type=submit]")
    page.wait_for_url(f"**/people/{person.pk}/#reach")
    preference = ContactPreference.objects.get(person=person)
    assert (preference.channel, preference.email) == ("email", "sok@example.org")

    page.click("form[action$='/reach/stop/'] button[type=submit]")
    page.wait_for_url(f"**/people/{person.pk}/#reach")
    preference.refresh_from_db()
    assert preference.stopped_at is not None
    assert _serious(page) == []

    page.fill("#id_resume-reason", "សុំទទួលសារម្ដងទៀតនៅវេទិកា")
    page.click("form[action$='/reach/resume/'] button[type=submit]")
    page.wait_for_url(f"**/people/{person.pk}/#reach")
    preference.refresh_from_db()
    assert preference.stopped_at is None

    page.goto("/outreach/messages/failed/")
    assert "The mailbox does not exist" in page.inner_text("main")
    assert _serious(page) == []
