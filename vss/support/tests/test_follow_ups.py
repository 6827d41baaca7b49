"""Follow-ups land in the responsible user's work queue, overdue first, and only there."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.support.selectors import follow_ups_due
from vss.testing.factories import ContactFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _follow_up(user, days_from_today: int, person=None, **kw):
    return ContactFactory.create(
        person=person or PersonFactory.create(),
        contacted_by=user,
        follow_up_on=timezone.localdate() + days_from_today * DAY,
        follow_up_user=user,
        **kw,
    )


def test_due_within_a_week_or_overdue_overdue_first(outreach, legal):
    overdue = _follow_up(outreach, -3)
    today = _follow_up(outreach, 0)
    in_a_week = _follow_up(outreach, 7)
    _follow_up(outreach, 8)
    _follow_up(outreach, -1, follow_up_done_at=timezone.now())
    _follow_up(legal, 0)
    due = follow_ups_due(outreach)
    assert [f.contact for f in due] == [overdue, today, in_a_week]
    assert [f.overdue for f in due] == [True, False, False]
    assert [f.contact.follow_up_user for f in follow_ups_due(legal)] == [legal]


def test_the_home_page_lists_them_for_the_responsible_user_only(outreach, legal):
    person = PersonFactory.create(family_name_latin="FOLLOWED")
    contact = _follow_up(outreach, -2, person=person)
    client = Client()
    client.force_login(outreach)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("people:detail", args=[person.pk]) in body
    assert reverse("support:follow_up_done", args=[contact.pk]) in body
    client.force_login(legal)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("support:follow_up_done", args=[contact.pk]) not in body


def test_a_person_out_of_scope_drops_out_of_the_queue(partner):
    referral = ReferralFactory.create(partner=partner.organisation)
    mine = _follow_up(partner, 0, person=referral.person)
    _follow_up(partner, 0)  # someone no longer referred to the partner
    assert [f.contact for f in follow_ups_due(partner)] == [mine]


def test_partner_home_shows_open_referrals_and_follow_ups(partner, other_partner):
    referral = ReferralFactory.create(partner=partner.organisation)
    contact = _follow_up(partner, 1, person=referral.person)
    client = Client()
    client.force_login(partner)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("support:referral_detail", args=[referral.pk]) in body
    assert reverse("support:follow_up_done", args=[contact.pk]) in body
    client.force_login(other_partner)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert reverse("support:referral_detail", args=[referral.pk]) not in response.content.decode()


def test_done_by_htmx_removes_the_line(outreach):
    contact = _follow_up(outreach, 0)
    client = Client()
    client.force_login(outreach)
    response = client.post(
        reverse("support:follow_up_done", args=[contact.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content == b""
    assert follow_ups_due(outreach) == []


def test_no_follow_up_section_for_those_who_keep_no_contact_log(intermediary):
    assert follow_ups_due(intermediary) is None
    client = Client()
    client.force_login(intermediary)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert 'id="follow-ups"' not in response.content.decode()


def test_referrals_link_in_navigation(partner, chief, reparations):
    from vss.core.menu import menu_for

    url = reverse("support:referral_list")
    assert url in [u for u, _ in menu_for(partner)]
    assert url in [u for u, _ in menu_for(chief)]
    assert url not in [u for u, _ in menu_for(reparations)]
