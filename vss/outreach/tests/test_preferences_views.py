"""A person's way of being reached, changed on their page: saved with its old and new
values in the audit log, refused on a stale version or with bad input (the form comes back
as typed, nothing saved), a stop recorded for the person and resumed only with a reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import ContactPreference
from vss.outreach.services import sending
from vss.testing.factories import ContactPreferenceFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return PersonFactory.create(phone="012 345 678")


def _edit(client, person, **fields):
    data = {"reach-channel": "sms", "reach-version": "0"} | {
        f"reach-{name}": value for name, value in fields.items()
    }
    return client.post(reverse("outreach:reach_edit", args=[person.pk]), data)


def test_the_officer_sets_how_a_person_is_reached(client, outreach, person):
    client.force_login(outreach)
    response = _edit(
        client, person, channel="email", email="sok@example.org", consents_to_news="on"
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/people/{person.pk}/#reach")
    preference = ContactPreference.objects.get(person=person)
    assert (preference.channel, preference.email, preference.consents_to_news) == (
        "email",
        "sok@example.org",
        True,
    )
    # Consent given without a date is dated the day it was recorded.
    assert preference.consent_recorded_on == timezone.localdate()
    assert preference.stop_token
    entry = AuditEntry.objects.get(object_type="outreach.contactpreference")
    assert entry.action == AuditAction.CREATE
    assert entry.changes["email"] == {"old": None, "new": "sok@example.org"}

    page = client.get(reverse("people:detail", args=[person.pk]))
    assert 'id="reach"' in page.text and "sok@example.org" in page.text


def test_a_change_is_audited_with_old_and_new_values(client, outreach):
    preference = ContactPreferenceFactory.create()
    client.force_login(outreach)
    response = _edit(client, preference.person, channel="post", postal_address="Takeo, Bati")
    assert response.status_code == 302
    preference.refresh_from_db()
    assert (preference.channel, preference.version) == ("post", 1)
    entry = AuditEntry.objects.get(
        object_type="outreach.contactpreference", action=AuditAction.UPDATE
    )
    assert entry.changes["channel"] == {"old": "sms", "new": "post"}
    assert entry.changes["version"] == {"old": 0, "new": 1}


def test_a_save_over_someone_elses_is_refused_and_the_form_kept(client, outreach, chief):
    preference = ContactPreferenceFactory.create()
    client.force_login(chief)
    assert (
        _edit(client, preference.person, channel="email", email="a@example.org").status_code == 302
    )
    client.force_login(outreach)
    response = _edit(client, preference.person, channel="post", postal_address="Kampot")
    assert response.status_code == 400
    assert "Someone else saved this record" in response.text
    assert "Kampot" in response.text
    preference.refresh_from_db()
    assert preference.channel == "email"


def test_bad_input_comes_back_as_typed_and_nothing_is_saved(client, outreach, person):
    client.force_login(outreach)
    response = _edit(client, person, channel="email", email="", postal_address="Takeo")
    assert response.status_code == 400
    assert "Give the email address the messages go to." in response.text
    assert "Takeo" in response.text
    response = _edit(client, person, channel="carrier-pigeon")
    assert response.status_code == 400
    assert not ContactPreference.objects.filter(person=person).exists()


def test_a_stop_holds_until_resumed_with_a_reason(client, outreach, person):
    preference = ContactPreferenceFactory.create(person=person)
    client.force_login(outreach)
    stop = reverse("outreach:reach_stop", args=[person.pk])
    assert client.post(stop, {"stop-version": "0"}).status_code == 302
    preference.refresh_from_db()
    assert preference.stopped_at is not None
    assert preference.stopped_how == "told the Section"
    reach = sending.reach_of(person, preference, news=False)
    assert reach.why_not == "asked to stop receiving messages"

    resume = reverse("outreach:reach_resume", args=[person.pk])
    refused = client.post(resume, {"resume-reason": "  ", "resume-version": "1"})
    assert refused.status_code == 400
    preference.refresh_from_db()
    assert preference.stopped_at is not None

    assert (
        client.post(
            resume, {"resume-reason": "Asked again at the forum", "resume-version": "1"}
        ).status_code
        == 302
    )
    preference.refresh_from_db()
    assert preference.stopped_at is None
    entry = AuditEntry.objects.filter(object_type="outreach.contactpreference").latest("pk")
    assert entry.changes["resumed_because"] == {"old": "", "new": "Asked again at the forum"}


def test_a_stop_for_someone_never_written_to_is_kept(client, outreach, person):
    client.force_login(outreach)
    stop = reverse("outreach:reach_stop", args=[person.pk])
    assert client.post(stop, {"stop-version": "0"}).status_code == 302
    assert ContactPreference.objects.get(person=person).stopped_at is not None


def test_a_protected_persons_address_is_changed_only_by_who_sees_their_identity(
    client, intake, chief
):
    person = PersonFactory.create(is_protected=True, pseudonym="CP-0001")
    client.force_login(intake)
    assert _edit(client, person, channel="sms").status_code == 403
    client.force_login(chief)
    assert _edit(client, person, channel="sms").status_code == 302
