"""The access matrix of choosing who comes: the Section's staff read an event's
invitations, the outreach officers and the Chief draw, invite and record replies; a
partner reads the invitations of the events its organisation co-organises (another
partner's are not found) and changes nothing; other roles are refused."""

import pytest
from django.urls import reverse

from vss.outreach.models import Invitation
from vss.outreach.services import choosing as services
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory
from vss.testing.personas import PERSONAS, STAFF

from .choosing_world import civil_party, event_of

pytestmark = pytest.mark.django_db

EVERYONE = [*PERSONAS, "other_partner"]
READERS = {*STAFF, "partner"}
MANAGERS = {"chief", "outreach"}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


@pytest.fixture
def invitation(outreach, partner) -> Invitation:
    case = CaseFactory.create()
    for province in ("04", "12"):
        civil_party(case, province=province, phone="+855 12 345 678")
    event = event_of(case, co_organiser=partner.organisation)
    drawn(user=outreach, event=event, size=1, waiting=1)
    services.invitations_send(user=outreach, event=event)
    return Invitation.objects.get(event=event, rank=1)


def _urls(invitation: Invitation) -> dict[str, str]:
    event = invitation.event_id
    return {
        "outreach:invitation_list": reverse("outreach:invitation_list", args=[event]),
        "outreach:draw_make": reverse("outreach:draw_make", args=[event]),
        "outreach:draw_detail": reverse("outreach:draw_detail", args=[invitation.draw_id]),
        "outreach:invitations_send": reverse("outreach:invitations_send", args=[event]),
        "outreach:invitation_detail": reverse("outreach:invitation_detail", args=[invitation.pk]),
        "outreach:invitation_reply": reverse("outreach:invitation_reply", args=[invitation.pk]),
        "outreach:invitation_needs": reverse("outreach:invitation_needs", args=[invitation.pk]),
        "outreach:companion_add": reverse("outreach:companion_add", args=[invitation.pk]),
        "outreach:invitations_reply": reverse("outreach:invitations_reply", args=[event]),
        "outreach:invitation_pick_up": reverse("outreach:invitation_pick_up", args=[invitation.pk]),
    }


GET_MATRIX = AccessMatrix(
    {
        "outreach:invitation_list": _statuses(READERS, other_partner=404),
        "outreach:invitation_detail": _statuses(READERS, other_partner=404),
        "outreach:draw_make": _statuses(MANAGERS),
        "outreach:draw_detail": _statuses(READERS, other_partner=404),
    }
)

POST_MATRIX = AccessMatrix(
    {
        "outreach:invitations_send": _statuses(MANAGERS, 302),
        "outreach:invitation_needs": _statuses(MANAGERS, 302),
        "outreach:companion_add": _statuses(MANAGERS, 302),
        "outreach:invitation_reply": _statuses(MANAGERS, 302),
        "outreach:invitations_reply": _statuses(MANAGERS, 302),
        "outreach:invitation_pick_up": _statuses(MANAGERS, 302),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, invitation):
    urls = _urls(invitation)
    assert answers(request, GET_MATRIX, lambda row: urls[row]) == GET_MATRIX


def test_each_post_answers_each_persona_as_the_policy_says(request, invitation):
    urls = _urls(invitation)

    def body(attempt: Attempt) -> dict[str, object]:
        version = Invitation.objects.get(pk=invitation.pk).version
        bodies: dict[str, dict[str, object]] = {
            "outreach:invitations_send": {},
            "outreach:invitation_needs": {"accessibility_needs": "Wheelchair", "version": version},
            "outreach:companion_add": {"name": "SOK Dara", "relationship": "Son"},
            "outreach:invitation_reply": {"reply": "accepted", "version": version},
            "outreach:invitations_reply": {
                "reply": "accepted",
                "invitations": [invitation.pk],
                f"version-{invitation.pk}": version,
            },
            # No point chosen: the rider goes back to the point the seats give out.
            "outreach:invitation_pick_up": {"pick_up_point": "", "version": version},
        }
        return bodies[attempt.row]

    met = answers(request, POST_MATRIX, lambda row: urls[row], method="post", data=body)
    assert met == POST_MATRIX
    assert invitation.companions.count() == len(MANAGERS)


@pytest.mark.parametrize(
    "name",
    [
        "outreach:invitations_send",
        "outreach:invitation_reply",
        "outreach:invitation_needs",
        "outreach:companion_add",
        "outreach:invitations_reply",
        "outreach:invitation_pick_up",
    ],
)
def test_get_on_a_post_only_url_is_refused(request, invitation, name):
    assert signed_in(request, "chief").get(_urls(invitation)[name]).status_code == 405


def test_the_invitation_list_names_people_and_its_read_is_audited(request, invitation):
    from vss.audit.models import AuditAction, AuditEntry

    response = signed_in(request, "partner").get(_urls(invitation)["outreach:invitation_list"])
    assert invitation.person.family_name_latin in response.content.decode()
    assert AuditEntry.objects.filter(
        object_type="outreach.invitation", action=AuditAction.VIEW
    ).exists()
