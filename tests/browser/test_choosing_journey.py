"""An outreach officer, reading Khmer, draws the participants of a forum with a quota on
a province, follows the draw on its page until it is done and reads why it chose as it
did, sends the invitations, and records a decline that invites the first of the waiting
list; every page passes axe."""

import re

import pytest

from vss.accounts.models import Role
from vss.outreach.models import Draw, Invitation, InvitationStatus, Message
from vss.outreach.tests.choosing_world import SIX_PROVINCES, civil_party, event_of
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.factories import CaseFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = "km"


def test_an_officer_draws_invites_and_the_waiting_list_moves_up(page):
    persona(Role.OUTREACH)
    case = CaseFactory.create()
    for i, province in enumerate(SIX_PROVINCES * 2):
        civil_party(
            case,
            province=province,
            sex="female" if i % 2 else "male",
            phone="+855 12 345 678",
            family_name_latin=f"CP{i}",
        )
    event = event_of(case, capacity=20)

    log_in(page, Role.OUTREACH, language=KHMER)
    page.goto(f"/outreach/events/{event.pk}/draw/")
    assert accessibility_violations(page) == []
    page.fill("input[name=size]", "4")
    page.fill("input[name=waiting]", "2")
    page.fill("input[name=seed]", "2026")
    page.select_option("select[name=quota-0-value]", "province:04")
    page.fill("input[name=quota-0-minimum]", "2")
    page.check("input[name=balanced_by][value=sex]")
    page.click("main form button[type=submit]")
    made = Draw.objects.get(event=event)
    assert made.seed == 2026
    # The draw runs in the background: its page polls until it is done, then explains it.
    page.wait_for_url(re.compile(rf"/outreach/draws/{made.pk}/$"))
    page.wait_for_selector("#draw-progress[data-status=done]")
    assert accessibility_violations(page) == []
    assert "ខេត្ត" in page.locator(".draw-explanation").inner_text()
    page.click(f"#draw-progress a[href='/outreach/events/{event.pk}/invitations/']")
    page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/invitations/$"))
    assert accessibility_violations(page) == []

    page.click(f"form[action='/outreach/events/{event.pk}/invitations/send/'] button")
    page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/invitations/$"))
    assert Invitation.objects.filter(event=event, status=InvitationStatus.INVITED).count() == 4

    first = Invitation.objects.get(event=event, rank=1)
    page.goto(f"/outreach/invitations/{first.pk}/")
    assert accessibility_violations(page) == []
    page.check("#reply input[name=reply][value=declined]")
    page.fill("#reply textarea[name=note]", "Harvest")
    page.click("#reply button[type=submit]")
    page.wait_for_url(re.compile(rf"/outreach/invitations/{first.pk}/$"))
    moved = Invitation.objects.get(event=event, rank=5)
    assert moved.status == InvitationStatus.INVITED
    assert Message.objects.filter(event=event, person=moved.person).count() == 1
