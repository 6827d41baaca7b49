"""Outreach's demo data: the Section's published history of events and who came to
them, focal persons with their materials and signed lists, how each Civil Party is
written to, and the appeal judgment's newsletter, sent by each one's channel in their
language with the line that stops them."""

from collections import Counter

import pytest
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import User
from vss.demo.tests.test_demo_data import generate, make_reference
from vss.outreach import models as m
from vss.outreach.demo import EVENTS
from vss.outreach.demo_verdict import ALLOWANCE_KHR, PROVINCE_MINIMUM
from vss.outreach.draw import Quota, draw
from vss.outreach.selectors.attendance import summary_of
from vss.outreach.selectors.choosing import PoolFilters, draw_pool
from vss.outreach.services.logistics import accepted_for_placing, beds_needed, seats_needed
from vss.testing.clients import force_verified_login

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


def _verdict() -> m.Event:
    return m.Event.objects.get(kind=m.EventKind.VERDICT_ATTENDANCE)


def _province(invitation: m.Invitation) -> str:
    return str(invitation.person.village_id)[:2]


def test_the_verdict_was_drawn_meeting_its_quotas_by_province_sex_and_crimes(demo):
    verdict = _verdict()
    made = verdict.draws.get(is_current=True)
    provinces = made.filters["provinces"]
    # The tests' reference data holds four provinces, the gazetteer twenty-five.
    assert 1 < len(provinces) <= 6
    assert made.size == 150 and made.seed > 0 and made.pool_size > made.size
    assert made.quotas == [
        *({"dimension": "province", "value": code, "minimum": PROVINCE_MINIMUM}
          for code in provinces),
        {"dimension": "sex", "balanced": True},
        {"dimension": "crime_type", "balanced": True},
    ]  # fmt: skip
    explained = made.explanation["quotas"]
    assert {q["dimension"] for q in explained} == {"province", "sex", "crime_type"}
    assert all(q["drawn"] >= q["minimum"] and not q["shortfall"] for q in explained)
    chosen = list(
        verdict.invitations.filter(draw=made, rank__lte=made.size).select_related("person")
    )
    assert len(chosen) == made.size == made.explanation["chosen"]
    by_province = Counter(_province(i) for i in chosen)
    assert set(by_province) <= set(provinces)
    assert all(by_province[code] >= PROVINCE_MINIMUM for code in provinces)
    for quota in (q for q in explained if q["dimension"] == "sex"):
        assert sum(i.person.sex == quota["value"] for i in chosen) >= quota["minimum"]


def test_the_verdict_draw_is_the_same_again_from_its_seed(demo):
    verdict = _verdict()
    made = verdict.draws.get(is_current=True)
    ranked = list(verdict.invitations.order_by("rank").values_list("person_id", flat=True))
    # The pool leaves out whoever was invited: read it as the draw did, before anyone was.
    m.Companion.objects.filter(invitation__event=verdict).delete()
    verdict.invitations.all().delete()
    pool = draw_pool(verdict, PoolFilters(provinces=made.filters["provinces"]))
    again = draw(
        pool.candidates,
        size=made.size,
        seed=made.seed,
        quotas=[
            Quota(q["dimension"], q["value"], q["minimum"]) for q in made.quotas if "value" in q
        ],
        balanced_by=[q["dimension"] for q in made.quotas if q.get("balanced")],
        waiting=made.explanation["waiting"],
    )
    assert [*again.chosen, *again.waiting] == ranked


def test_some_declined_and_the_waiting_list_moved_up_in_their_place(demo):
    verdict = _verdict()
    made = verdict.draws.get(is_current=True)
    invitations = verdict.invitations.all()
    status = Counter(invitations.values_list("status", flat=True))
    assert status[m.InvitationStatus.DECLINED] > 0
    assert status[m.InvitationStatus.ACCEPTED] == made.size == 150
    assert not invitations.filter(replied_at=None).exclude(status=m.InvitationStatus.WAITING)
    declined = invitations.filter(status=m.InvitationStatus.DECLINED)
    assert all(i.reply_note for i in declined)
    moved_up = invitations.filter(rank__gt=made.size).exclude(invited_at=None)
    assert moved_up.count() == status[m.InvitationStatus.DECLINED]
    # Each invited the moment someone declined, in the order of the waiting list.
    assert sorted(moved_up.values_list("invited_at", flat=True)) == sorted(
        declined.values_list("replied_at", flat=True)
    )
    still_waiting = invitations.filter(status=m.InvitationStatus.WAITING)
    assert still_waiting.count() == made.explanation["waiting"] - moved_up.count()
    assert max(moved_up.values_list("rank", flat=True)) < min(
        still_waiting.values_list("rank", flat=True)
    )
    # Each invited once, by a message of their channel, sent or printed, or not sent and why.
    messages = m.Message.objects.filter(event=verdict, kind=m.MessageKind.INVITATION)
    assert sorted(messages.values_list("person_id", flat=True)) == sorted(
        invitations.exclude(invited_at=None).values_list("person_id", flat=True)
    )
    assert set(messages.values_list("status", flat=True)) <= {
        m.MessageStatus.SENT,
        m.MessageStatus.PRINTED,
        m.MessageStatus.SKIPPED,
    }
    assert messages.filter(status=m.MessageStatus.SENT).exists()
    assert messages.values("job").distinct().count() == 1 + moved_up.count()


def test_the_verdict_seats_and_beds_are_not_over_booked(demo):
    verdict = _verdict()
    participants = accepted_for_placing(verdict)
    assert participants and all(i.vehicle_id and i.accommodation_id for i in participants)
    assert any(i.companions.all() for i in participants)
    seats, beds = Counter(), Counter()
    for invitation in participants:
        seats[invitation.vehicle_id] += seats_needed(invitation)
        beds[invitation.accommodation_id] += beds_needed(invitation)
    vehicles = {v.pk: v for v in verdict.vehicles.all()}
    assert all(taken <= vehicles[pk].seats for pk, taken in seats.items())
    assert all(taken <= p.beds for p in verdict.accommodations.all() if (taken := beds[p.pk]))
    # Each rides a vehicle of their own province, and every province has its pick-up point.
    assert all(vehicles[i.vehicle_id].province_id == _province(i) for i in participants)
    assert verdict.pick_up_points.count() == len({_province(i) for i in participants})


def test_the_attendance_is_the_checked_in_invitations_all_paid(demo):
    verdict = _verdict()
    checked_in = verdict.invitations.exclude(attended_at=None)
    assert checked_in.count() == 150
    assert set(checked_in.values_list("status", flat=True)) == {m.InvitationStatus.ACCEPTED}
    assert not checked_in.filter(Q(check_in_key=None) | Q(allowance_paid_at=None))
    officer = User.objects.get(username="outreach")
    summary = summary_of(officer, verdict)
    assert (summary.came, summary.expected) == (checked_in.count(), 150)
    by_sex = {t.label: t.came for t in summary.by_sex}
    assert abs(by_sex["Female"] - by_sex["Male"]) <= 0.2 * 150


def test_the_summary_page_shows_the_outreach_officer_who_came_and_what_was_paid(demo):
    verdict = _verdict()
    client = Client()
    force_verified_login(client, User.objects.get(username="outreach"))
    answer = client.get(reverse("outreach:day_attendance", args=[verdict.pk]))
    assert answer.status_code == 200
    page = answer.content.decode()
    summary = answer.context["summary"]
    assert summary.came == verdict.invitations.exclude(attended_at=None).count()
    for tally in [*summary.by_sex, *summary.by_province]:
        assert f"<td>{tally.label}</td><td>{tally.came}</td><td>{tally.expected}</td>" in page
    assert summary.allowances == {"KHR": ALLOWANCE_KHR * 150}


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
