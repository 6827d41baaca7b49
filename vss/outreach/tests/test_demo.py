"""Outreach's demo data: the Section's published history of events and who came to
them, focal persons with their materials and signed lists, how each Civil Party is
written to, and the appeal judgment's newsletter, sent by each one's channel in their
language with the line that stops them."""

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from vss.demo.tests.test_demo_data import generate, make_reference
from vss.outreach import models as m
from vss.outreach.demo import EVENTS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        make_reference()
        generate(applicants=1500, seed=5)
        yield
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def test_the_published_events_are_there_in_three_languages(demo):
    events = {e.title_en: e for e in m.Event.objects.all()}
    assert set(events) == {spec.titles[1] for spec in EVENTS}
    for spec in EVENTS:
        event = events[spec.titles[1]]
        assert (event.title_km, event.title_fr) == (spec.titles[0], spec.titles[2])
        assert timezone.localtime(event.starts_at).date() == spec.day
    verdict = events["Attendance of the appeal judgment, Case 002/02"]
    assert verdict.court_date.kind == m.CourtDateKind.APPEAL_JUDGMENT


def test_the_verdict_was_attended_by_people_balanced_by_sex_and_province_all_paid(demo):
    verdict = m.Event.objects.get(kind=m.EventKind.VERDICT_ATTENDANCE)
    came = verdict.invitations.all()
    assert came.count() == 150
    assert not came.filter(Q(attended_at=None) | Q(allowance_paid_at=None)).exists()
    by_sex = dict(came.values_list("person__sex").annotate(n=Count("id")))
    assert abs(by_sex["female"] - by_sex["male"]) <= 0.1 * 150
    assert came.values("person__village__commune__district__province").distinct().count() > 3


def test_the_kampong_cham_forum_drew_from_six_provinces_at_most(demo):
    forum = m.Event.objects.get(title_en="Regional Civil Party forum, Kampong Cham")
    provinces = forum.invitations.values("application__province_code").distinct().count()
    assert forum.invitations.count() > 150
    # The reference data of the tests holds fewer provinces than the gazetteer.
    assert 1 < provinces <= 6


def test_focal_persons_took_materials_some_lists_are_overdue(demo):
    focal = m.FocalPerson.objects.all()
    # One a village: the tests' reference data has two villages a province.
    assert focal.count() >= 5
    assert focal.values("village").distinct().count() == focal.count()
    handovers = m.MaterialHandover.objects.all()
    assert handovers.filter(receipt_returned_on__isnull=False).exists()
    overdue = handovers.filter(
        receipt_returned_on__isnull=True, receipt_due_on__lt=timezone.localdate()
    )
    assert overdue.filter(officer__username="outreach").exists()
    meetings = m.Event.objects.filter(kind=m.EventKind.FOCAL_PERSON_MEETING).order_by("starts_at")
    assert [e.invitations.count() for e in meetings] == [
        min(51, focal.count()),
        min(45, focal.count()),
    ]


def test_most_civil_parties_say_how_they_are_written_to(demo):
    preferences = m.ContactPreference.objects.all()
    channels = dict(preferences.values_list("channel").annotate(n=Count("id")))
    assert channels[m.MessageChannel.SMS] > 5 * channels[m.MessageChannel.EMAIL] > 0
    assert channels[m.MessageChannel.POST] > 0
    consenting = preferences.filter(consents_to_news=True).count() / preferences.count()
    assert 0.75 < consenting < 0.9
    assert preferences.filter(stopped_at__isnull=False).exists()
    assert preferences.values("stop_token").distinct().count() == preferences.count()


def test_the_newsletter_reached_those_who_agreed_by_their_channel_with_a_stop_line(demo):
    newsletter = m.Newsletter.objects.get()
    assert newsletter.status == m.NewsletterStatus.SENT
    messages = newsletter.messages.select_related("person__contact_preference")
    assert messages.count() == newsletter.job.sent > 0
    for message in messages[:200]:
        preference = message.person.contact_preference
        assert preference.consents_to_news and preference.stopped_at is None
        assert message.channel == preference.channel
        assert message.language == message.person.preferred_language
        assert f"/outreach/stop/{preference.stop_token}/" in message.body
        expected = m.MessageStatus.PRINTED if message.channel == "post" else m.MessageStatus.SENT
        assert message.status == expected
    assert not messages.filter(person__contact_preference__stopped_at__isnull=False).exists()


def test_a_second_run_adds_no_second_history(demo):
    events = m.Event.objects.count()
    generate(applicants=50, seed=6)
    assert m.Event.objects.count() == events
