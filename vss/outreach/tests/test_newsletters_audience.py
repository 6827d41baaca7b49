"""Who a newsletter reaches, counted by the database, against counts written by hand; and
the engine, once it has written the messages, agrees with the count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vss.outreach.models import (
    AudienceKind,
    Message,
    MessageChannel,
    MessageStatus,
    Subscriber,
)
from vss.outreach.selectors import newsletters as selectors
from vss.outreach.services import newsletters as services
from vss.outreach.services.sending import reach_of
from vss.testing.factories import (
    CaseFactory,
    CivilPartyGroupFactory,
    ContactPreferenceFactory,
    NewsletterFactory,
    PersonFactory,
    ProvinceFactory,
)

from .newsletter_world import CASE_NOT_REACHED, CASE_REACHED, civil_party, newsletter_world

pytestmark = pytest.mark.django_db


def test_a_case_audience_is_counted_by_channel_language_and_reason():
    world = newsletter_world()
    count = selectors.audience_count(NewsletterFactory.create(case=world.case))
    assert count.reached == CASE_REACHED
    assert count.not_reached == CASE_NOT_REACHED
    assert count.reached_total == 4
    assert count.not_reached_total == 6


def test_the_count_is_one_query_however_many_readers():
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    with CaptureQueriesContext(connection) as few:
        selectors.audience_count(newsletter)
    for n in range(5):
        preference = ContactPreferenceFactory.create(person__phone=f"012 444 44{n}")
        civil_party(preference.person, world.case)
    with CaptureQueriesContext(connection) as many:
        selectors.audience_count(newsletter)
    assert len(few) == len(many) == 1


def test_a_province_audience_takes_the_civil_parties_of_the_province():
    world = newsletter_world()
    newsletter = NewsletterFactory.create(
        audience=AudienceKind.PROVINCE, case=None, province=ProvinceFactory.create(code="02")
    )
    count = selectors.audience_count(newsletter)
    assert count.reached == {MessageChannel.EMAIL: {"fr": 1}}
    assert count.not_reached == {}
    assert list(selectors.audience_people(newsletter)) == [world.people["email_fr"]]


def test_a_group_audience_takes_its_current_members():
    world = newsletter_world()
    group = CivilPartyGroupFactory.create(case=world.case)
    member = world.people["sms_km"].applications.get(case=world.case)
    former = world.people["stopped"].applications.get(case=world.case)
    group.memberships.create(
        application=member, started_on="2024-01-01", assigned_by=group.created_by
    )
    group.memberships.create(
        application=former,
        started_on="2024-01-01",
        ended_on="2024-06-01",
        assigned_by=group.created_by,
    )
    newsletter = NewsletterFactory.create(audience=AudienceKind.GROUP, case=None, group=group)
    assert list(selectors.audience_people(newsletter)) == [world.people["sms_km"]]
    assert selectors.audience_count(newsletter).reached == {MessageChannel.SMS: {"km": 1}}


def _subscriber(n: int, **values) -> Subscriber:
    defaults = {
        "channel": MessageChannel.EMAIL,
        "email": f"reader{n}@example.org",
        "confirmed_at": timezone.now(),
        "stop_token": f"subscriber-{n}",
    }
    return Subscriber.objects.create(**(defaults | values))


def test_subscribers_are_those_confirmed_who_did_not_stop(outreach):
    reader = _subscriber(1, language="fr")
    sms = _subscriber(2, channel=MessageChannel.SMS, email="", phone="012 333 333")
    _subscriber(3, confirmed_at=None)
    _subscriber(4, stopped_at=timezone.now())
    newsletter = NewsletterFactory.create(audience=AudienceKind.SUBSCRIBERS, case=None)
    count = selectors.audience_count(newsletter)
    assert count.reached == {MessageChannel.EMAIL: {"fr": 1}, MessageChannel.SMS: {"km": 1}}
    services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    messages = {m.subscriber_id: m for m in Message.objects.filter(newsletter=newsletter)}
    assert set(messages) == {reader.pk, sms.pk}
    assert messages[reader.pk].language == "fr"
    assert messages[reader.pk].body.startswith("Le jugement sera prononcé.")
    assert "/stop/subscriber-1/" in messages[reader.pk].body
    assert messages[sms.pk].address == "012 333 333"
    assert messages[sms.pk].body.startswith("សាលក្រមនឹងប្រកាស")


def test_the_engine_writes_what_the_count_said(outreach):
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    count = selectors.audience_count(newsletter)
    services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    messages = Message.objects.filter(newsletter=newsletter)
    queued = messages.filter(status=MessageStatus.QUEUED)
    assert queued.count() == count.reached_total
    assert messages.filter(status=MessageStatus.SKIPPED).count() == count.not_reached_total
    for channel, by_language in count.reached.items():
        for language, n in by_language.items():
            assert queued.filter(channel=channel, language=language).count() == n


def test_the_count_and_the_engine_give_every_reader_the_same_reason():
    """The database's reasons (`_why_not`) restate the engine's rule (`reach_of`) for
    every reader at once: on every way of being reached or not, and on each pair of
    reasons where the first must win, both say the same of each person."""
    world = newsletter_world()
    # An email or post channel without its address is refused by the database, so a
    # missing address is an SMS's missing phone.
    extra = {
        "stopped_no_messages": ContactPreferenceFactory.create(
            channel=MessageChannel.NONE, stopped_at=timezone.now()
        ).person,
        "stopped_no_consent": ContactPreferenceFactory.create(
            consents_to_news=False, stopped_at=timezone.now()
        ).person,
        "no_consent_no_messages": ContactPreferenceFactory.create(
            consents_to_news=False, channel=MessageChannel.NONE
        ).person,
        "deceased_stopped": ContactPreferenceFactory.create(
            person__is_deceased=True, stopped_at=timezone.now()
        ).person,
        "deceased_no_preference": PersonFactory.create(is_deceased=True),
        "no_preference_no_phone": PersonFactory.create(phone=""),
        "protected_no_address": ContactPreferenceFactory.create(
            person__is_protected=True, person__pseudonym="CP-0043", person__phone=""
        ).person,
    }
    for person in extra.values():
        civil_party(person, world.case)
    newsletter = NewsletterFactory.create(case=world.case)
    said = {
        pk: (why_not, channel)
        for pk, why_not, channel in selectors.audience_people(newsletter)
        .annotate(why_not=selectors._why_not())
        .values_list("pk", "why_not", "contact_preference__channel")
    }
    assert set(said) == {p.pk for p in [*world.people.values(), *extra.values()]}
    for person in selectors.audience_people(newsletter).select_related("contact_preference"):
        preference = getattr(person, "contact_preference", None)
        reach = reach_of(person, preference, news=True)
        reason, channel = said[person.pk]
        assert reach.why_not == (selectors.reason_label(reason) if reason else ""), person
        if not reason:
            assert reach.channel == channel, person
    count = selectors.audience_count(newsletter)
    assert count.reached_total + count.not_reached_total == len(said)


def test_a_case_audience_takes_the_civil_parties_of_the_case_its_segment_was_severed_from():
    # The Civil Parties of 002/02 applied in 002: a newsletter to the segment's Civil
    # Parties reaches them, and one to 002 reaches those of its segments that take
    # applications of their own.
    world = newsletter_world()
    parent = CaseFactory.create(number="002")
    segment = CaseFactory.create(number="002/02", parent=parent, accepts_applications=False)
    own_segment = CaseFactory.create(number="002/03", parent=parent)
    in_parent = ContactPreferenceFactory.create(person__phone="012 555 551").person
    in_own_segment = ContactPreferenceFactory.create(person__phone="012 555 552").person
    civil_party(in_parent, parent)
    civil_party(in_own_segment, own_segment)
    to_segment = NewsletterFactory.create(case=segment)
    to_parent = NewsletterFactory.create(case=parent)
    assert set(selectors.audience_people(to_segment)) == {in_parent}
    assert set(selectors.audience_people(to_parent)) == {in_parent, in_own_segment}
    assert selectors.audience_count(to_segment).reached == {MessageChannel.SMS: {"km": 1}}
    # The world's Civil Parties of province 12 are of another case.
    in_province = NewsletterFactory.create(
        audience=AudienceKind.PROVINCE, case=segment, province=ProvinceFactory.create(code="12")
    )
    assert set(selectors.audience_people(in_province)) == {in_parent}
    assert world.people["sms_km"] not in set(selectors.audience_people(to_parent))
