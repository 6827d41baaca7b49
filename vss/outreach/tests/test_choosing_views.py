"""The pages of choosing who comes: a draw made from its form, a refused form shown again
with what was typed, the invitation list in a constant number of queries, filtered, with
protected people under their pseudonyms, and the section on the event's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.outreach.models import (
    Draw,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    Message,
    MessageStatus,
)
from vss.outreach.sections import event_sections
from vss.outreach.services import choosing as services
from vss.testing.clients import signed_in
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory

from .choosing_world import SIX_PROVINCES, civil_party, event_of

pytestmark = pytest.mark.django_db


def made_pk(event) -> int:
    return Draw.objects.get(event=event).pk


@pytest.fixture
def case():
    return CaseFactory.create()


def _draw_data(**extra: object) -> dict[str, object]:
    return {
        "size": "4",
        "waiting": "2",
        "seed": "42",
        "quota-TOTAL_FORMS": "2",
        "quota-INITIAL_FORMS": "0",
        "quota-0-value": "province:04",
        "quota-0-minimum": "2",
        "quota-1-value": "",
        "quota-1-minimum": "",
        "balanced_by": ["sex"],
        **extra,
    }


def test_the_officer_draws_from_the_form_and_reads_the_explanation(
    request, case, django_capture_on_commit_callbacks
):
    for province in SIX_PROVINCES * 2:
        civil_party(case, province=province)
    event = event_of(case)
    client = signed_in(request, "outreach")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:draw_make", args=[event.pk]), _draw_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:draw_detail", args=[made_pk(event)])
    made = Draw.objects.get(event=event)
    assert (made.seed, made.size) == (42, 4)
    assert made.quotas[0] == {"dimension": "province", "value": "04", "minimum": 2}
    page = client.get(response["Location"]).content.decode()
    assert "Province 04" in page
    assert Invitation.objects.filter(event=event, status=InvitationStatus.WAITING).count() == 2


def test_a_refused_draw_shows_the_form_again_with_what_was_typed(request, case):
    event = event_of(case, capacity=3)
    client = signed_in(request, "outreach")
    response = client.post(reverse("outreach:draw_make", args=[event.pk]), _draw_data())
    assert response.status_code == 400
    assert b'value="42"' in response.content
    assert not Draw.objects.exists()
    half_quota = _draw_data(**{"size": "2", "quota-0-minimum": ""})
    response = client.post(reverse("outreach:draw_make", args=[event.pk]), half_quota)
    assert response.status_code == 400
    assert not Draw.objects.exists()


def test_the_invitation_list_reads_in_the_same_number_of_queries_however_long(request, case):
    event = event_of(case)
    outreach = request.getfixturevalue("outreach")
    client = signed_in(request, "outreach")
    url = reverse("outreach:invitation_list", args=[event.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    civil_party(case)
    drawn(user=outreach, event=event, size=1, seed=1)
    few = queries()
    for province in SIX_PROVINCES * 2:
        civil_party(case, province=province)
    drawn(user=outreach, event=event, size=10, seed=1)
    assert Invitation.objects.filter(event=event, status=InvitationStatus.CHOSEN).count() == 10
    assert queries() == few


def test_the_list_filters_by_province_and_shows_protected_people_by_pseudonym(request, case):
    civil_party(case, province="04", family_name_latin="CHHIM", is_protected=True, pseudonym="CP-7")
    civil_party(case, province="12", family_name_latin="KEO")
    event = event_of(case, co_organiser=request.getfixturevalue("partner").organisation)
    outreach = request.getfixturevalue("outreach")
    drawn(user=outreach, event=event, size=2, seed=1)
    url = reverse("outreach:invitation_list", args=[event.pk])
    page = signed_in(request, "partner").get(url).content.decode()
    assert "CP-7" in page and "CHHIM" not in page and "KEO" in page
    filtered = signed_in(request, "outreach").get(url, {"province": "12"}).content.decode()
    assert "KEO" in filtered and "CP-7" not in filtered and "CHHIM" not in filtered


def test_the_list_says_what_became_of_each_invitation_s_message(request, case):
    # A message waiting for the worker or refused by the gateway is not one the Section
    # sent: the list says so, as it says who is to be called or visited.
    waits = civil_party(case, family_name_latin="KEO", phone="+855 12 345 678")
    fails = civil_party(case, family_name_latin="SOK", phone="+855 12 345 679")
    civil_party(case, family_name_latin="CHEA")
    event = event_of(case)
    outreach = request.getfixturevalue("outreach")
    drawn(user=outreach, event=event, size=3, seed=1)
    services.invitations_send(user=outreach, event=event)
    Message.objects.filter(person=fails.applicant).update(
        status=MessageStatus.FAILED, detail="Number not in service"
    )
    url = reverse("outreach:invitation_list", args=[event.pk])
    page = signed_in(request, "outreach").get(url).content.decode()
    rows = {
        name: row for row in page.split("<tr>") for name in ("KEO", "SOK", "CHEA") if name in row
    }
    assert "Queued" in rows["KEO"]
    assert "Failed: Number not in service" in rows["SOK"]
    assert "Not sent, to call or visit" in rows["CHEA"]
    assert "Sent by the Section" not in page
    assert Message.objects.get(person=waits.applicant).status == MessageStatus.QUEUED


def test_a_held_event_offers_no_draw(request, case, outreach):
    civil_party(case)
    event = event_of(case)
    drawn(user=outreach, event=event, size=1, seed=1)
    draw_url = reverse("outreach:draw_make", args=[event.pk])
    client = signed_in(request, "outreach")
    listing = reverse("outreach:invitation_list", args=[event.pk])
    assert draw_url in client.get(listing).text
    assert event_sections.shown_to(outreach, event)["invitations"].context["may_draw"]
    Event.objects.filter(pk=event.pk).update(status=EventStatus.HELD)
    event.refresh_from_db()
    assert draw_url not in client.get(listing).text
    assert not event_sections.shown_to(outreach, event)["invitations"].context["may_draw"]


def test_the_event_page_section_counts_the_invitations(case, outreach, legal):
    civil_party(case)
    event = event_of(case)
    drawn(user=outreach, event=event, size=1, seed=1)
    shown = event_sections.shown_to(legal, event)
    assert shown["invitations"].context["counts"]["chosen"] == 1
    assert shown["invitations"].context["can_manage"] is False


def test_a_stale_reply_is_refused_and_shown_again(request, case):
    civil_party(case, phone="+855 12 345 678")
    event = event_of(case)
    outreach = request.getfixturevalue("outreach")
    drawn(user=outreach, event=event, size=1, seed=1)
    services.invitations_send(user=outreach, event=event)
    invitation = Invitation.objects.get(event=event)
    client = signed_in(request, "outreach")
    url = reverse("outreach:invitation_reply", args=[invitation.pk])
    response = client.post(url, {"reply": "declined", "note": "Harvest", "version": "0"})
    assert response.status_code == 400
    assert "Harvest" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_a_draw_run_again_lists_the_earlier_one_with_its_seed(request, case):
    civil_party(case)
    event = event_of(case)
    outreach = request.getfixturevalue("outreach")
    drawn(user=outreach, event=event, size=1, seed=31337)
    drawn(user=outreach, event=event, size=1, seed=4242)
    page = signed_in(request, "outreach").get(reverse("outreach:invitation_list", args=[event.pk]))
    earlier = page.content.decode().split('id="earlier-draws"', 1)[1]
    assert "31337" in earlier and "4242" not in earlier


def test_the_officer_is_told_when_a_change_of_mind_finds_the_place_given_away(request, case):
    for _ in range(2):
        civil_party(case, phone="+855 12 345 678")
    event = event_of(case)
    outreach = request.getfixturevalue("outreach")
    drawn(user=outreach, event=event, size=1, waiting=1, seed=3)
    services.invitations_send(user=outreach, event=event)
    changing = Invitation.objects.get(event=event, rank=1)
    client = signed_in(request, "outreach")
    url = reverse("outreach:invitation_reply", args=[changing.pk])

    declined = client.post(
        url, {"reply": "declined", "note": "", "version": str(changing.version)}, follow=True
    )
    assert "The first of the waiting list was invited." in declined.content.decode()
    changing.refresh_from_db()
    page = client.post(
        url,
        {"reply": "accepted", "note": "Can come after all", "version": str(changing.version)},
        follow=True,
    ).content.decode()

    assert "They are now first on the waiting list" in page
    changing.refresh_from_db()
    assert changing.status == InvitationStatus.WAITING
    assert Invitation.objects.get(event=event, rank=2).status == InvitationStatus.INVITED
