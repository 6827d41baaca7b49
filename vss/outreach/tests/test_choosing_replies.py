"""One reply recorded for several invitations ticked in the list: each by the single
reply's rule (a decline moves the waiting list up, the version checked per invitation,
audited per invitation), those that could not be recorded reported with why; the page
that sends it, refused out of scope, without the right, by GET and without a token."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from vss.audit.models import AuditEntry
from vss.outreach.models import Invitation, InvitationStatus
from vss.outreach.services import choosing as services
from vss.testing.clients import signed_in
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory

from .choosing_world import SIX_PROVINCES, civil_party, event_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(outreach):
    case = CaseFactory.create()
    for province in SIX_PROVINCES:
        civil_party(case, province=province, phone="+855 12 345 678")
    made = event_of(case)
    drawn(user=outreach, event=made, size=3, waiting=2, seed=5)
    services.invitations_send(user=outreach, event=made)
    return made


def _invited(event) -> list[Invitation]:
    return list(
        Invitation.objects.filter(event=event, status=InvitationStatus.INVITED).order_by("rank")
    )


def _versions(invitations) -> dict[int, int]:
    return {invitation.pk: invitation.version for invitation in invitations}


def test_accepts_are_recorded_for_everyone_ticked_and_audited_each(outreach, event):
    invited = _invited(event)
    done = services.invitations_reply(
        user=outreach, event=event, versions=_versions(invited), accepted=True, note="By phone"
    )
    assert sorted(done.recorded) == sorted(i.pk for i in invited)
    assert (done.moved_up, done.refused) == ([], [])
    for invitation in invited:
        invitation.refresh_from_db()
        assert (invitation.status, invitation.reply_note) == (
            InvitationStatus.ACCEPTED,
            "By phone",
        )
        entry = AuditEntry.objects.filter(
            object_type="outreach.invitation", object_id=str(invitation.pk)
        ).latest("pk")
        assert entry.changes["status"] == {"old": "invited", "new": "accepted"}


def test_declines_move_the_waiting_list_up_in_the_draw_s_order(outreach, event):
    first, second, _third = _invited(event)
    waiting = list(
        Invitation.objects.filter(event=event, status=InvitationStatus.WAITING).order_by("rank")
    )
    done = services.invitations_reply(
        user=outreach, event=event, versions=_versions([second, first]), accepted=False
    )
    assert done.recorded == [first.pk, second.pk]
    assert done.moved_up == [w.pk for w in waiting]
    for moved in waiting:
        moved.refresh_from_db()
        assert moved.status == InvitationStatus.INVITED


def test_a_stale_invitation_is_reported_and_the_others_recorded(outreach, event):
    first, second, _third = _invited(event)
    stale = first.version
    services.invitation_needs_record(
        user=outreach, invitation=first, accessibility_needs="Wheelchair", version=stale
    )
    done = services.invitations_reply(
        user=outreach,
        event=event,
        versions={first.pk: stale, second.pk: second.version},
        accepted=True,
    )
    assert done.recorded == [second.pk]
    assert [r.invitation_id for r in done.refused] == [first.pk]
    assert "someone else" in done.refused[0].why
    first.refresh_from_db()
    assert (first.status, first.accessibility_needs) == (InvitationStatus.INVITED, "Wheelchair")


def test_an_invitation_not_yet_sent_is_reported_with_why(outreach, event):
    waiting = Invitation.objects.filter(event=event, status=InvitationStatus.WAITING).first()
    done = services.invitations_reply(
        user=outreach, event=event, versions=_versions([waiting]), accepted=True
    )
    assert done.recorded == []
    assert [r.invitation_id for r in done.refused] == [waiting.pk]
    assert "once the invitation has been sent" in done.refused[0].why


def test_another_event_s_invitations_and_users_without_the_right_are_refused(
    outreach, partner, event
):
    case = CaseFactory.create()
    civil_party(case, phone="+855 12 345 678")
    other = event_of(case)
    drawn(user=outreach, event=other, size=1, seed=1)
    services.invitations_send(user=outreach, event=other)
    elsewhere = Invitation.objects.get(event=other)
    done = services.invitations_reply(
        user=outreach, event=event, versions=_versions([elsewhere]), accepted=True
    )
    assert (done.recorded, [r.invitation_id for r in done.refused]) == ([], [elsewhere.pk])
    elsewhere.refresh_from_db()
    assert elsewhere.status == InvitationStatus.INVITED
    with pytest.raises(PermissionDenied):
        services.invitations_reply(
            user=partner, event=event, versions=_versions(_invited(event)), accepted=True
        )


# --- the page ----------------------------------------------------------------------------


def _body(invitations, reply: str = "accepted") -> dict[str, object]:
    return {
        "invitations": [str(i.pk) for i in invitations],
        "reply": reply,
        "note": "Called the village chief",
        **{f"version-{i.pk}": str(i.version) for i in invitations},
    }


def _url(event) -> str:
    return reverse("outreach:invitations_reply", args=[event.pk])


def test_the_officer_ticks_several_and_records_one_reply(request, event):
    invited = _invited(event)
    client = signed_in(request, "outreach")
    page = client.get(reverse("outreach:invitation_list", args=[event.pk])).content.decode()
    assert f'name="version-{invited[0].pk}"' in page and 'action="' + _url(event) in page
    response = client.post(_url(event), _body(invited))
    assert response.status_code == 302
    assert set(
        Invitation.objects.filter(pk__in=[i.pk for i in invited]).values_list("status", flat=True)
    ) == {InvitationStatus.ACCEPTED}


def test_a_stale_row_is_named_in_the_report(request, event, outreach):
    first, second, _third = _invited(event)
    body = _body([first, second])
    services.invitation_needs_record(
        user=outreach, invitation=first, accessibility_needs="Wheelchair", version=first.version
    )
    client = signed_in(request, "outreach")
    page = client.post(_url(event), body, follow=True).content.decode()
    assert first.person.family_name_latin in page
    second.refresh_from_db()
    assert second.status == InvitationStatus.ACCEPTED


def test_nothing_ticked_or_a_missing_version_shows_the_form_again(request, event):
    invited = _invited(event)
    client = signed_in(request, "outreach")
    nothing = client.post(_url(event), {"reply": "accepted", "note": "Kept note"})
    assert nothing.status_code == 400 and "Kept note" in nothing.content.decode()
    body = _body(invited)
    del body[f"version-{invited[0].pk}"]
    assert client.post(_url(event), body).status_code == 400
    assert (
        client.post(_url(event), {**_body(invited), "invitations": ["9" * 30]}).status_code == 400
    )
    assert not Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED).exists()


def test_an_invitation_of_another_event_is_not_offered(request, event, outreach):
    case = CaseFactory.create()
    civil_party(case, phone="+855 12 345 678")
    other = event_of(case)
    drawn(user=outreach, event=other, size=1, seed=1)
    services.invitations_send(user=outreach, event=other)
    elsewhere = Invitation.objects.get(event=other)
    response = signed_in(request, "outreach").post(_url(event), _body([elsewhere]))
    assert response.status_code == 400
    elsewhere.refresh_from_db()
    assert elsewhere.status == InvitationStatus.INVITED


def test_an_event_out_of_reach_is_not_found_and_a_reader_is_refused(request, event):
    body = _body(_invited(event))
    missing = reverse("outreach:invitations_reply", args=[event.pk + 1000])
    assert signed_in(request, "outreach").post(missing, body).status_code == 404
    assert signed_in(request, "partner").post(_url(event), body).status_code == 403
    assert signed_in(request, "legal").post(_url(event), body).status_code == 403
    assert not Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED).exists()


def test_get_is_refused_and_a_post_without_token_too(request, event):
    client = signed_in(request, "outreach", enforce_csrf_checks=True)
    assert client.get(_url(event)).status_code == 405
    assert client.post(_url(event), _body(_invited(event))).status_code == 403
    assert not Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED).exists()
