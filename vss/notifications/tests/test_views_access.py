"""The notifications pages as each persona meets them: everyone signed in has their own
list and marks their own notifications read; nobody reaches anyone else's (404)."""

import pytest
from django.urls import reverse

from vss.notifications.models import Notification
from vss.testing.access import AccessMatrix, answers, url_name
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

GET_MATRIX = AccessMatrix({"notifications:list": dict.fromkeys(PERSONAS, 200)})
POST_MATRIX = AccessMatrix(
    {
        # Not even the Lead Co-Lawyer of a client's case reads a notification to the
        # client's lawyer.
        "notifications:read": {**dict.fromkeys(PERSONAS, 404), "lawyer": 302},
        "notifications:read (another lawyer's)": dict.fromkeys(PERSONAS, 404),
        "notifications:read_all": dict.fromkeys(PERSONAS, 302),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, GET_MATRIX, reverse) == GET_MATRIX


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, other_lawyer):
    own = {
        persona: Notification.objects.create(
            recipient=request.getfixturevalue(persona), message=f"For {persona}"
        )
        for persona in PERSONAS
    }
    others = Notification.objects.create(recipient=other_lawyer, message="For another lawyer")
    notification = {
        "notifications:read": own["lawyer"],
        "notifications:read (another lawyer's)": others,
    }

    def url(row: str) -> str:
        if row in notification:
            return reverse(url_name(row), args=[notification[row].pk])
        return reverse(row)

    assert answers(request, POST_MATRIX, url, method="post") == POST_MATRIX
    # Everyone's "mark all read" marked their own, and nobody's touched another lawyer's.
    assert not Notification.objects.filter(pk__in=[n.pk for n in own.values()], read_at=None)
    others.refresh_from_db()
    assert others.read_at is None
