"""The access matrix of applying online: the form is open to everyone, signed in or not
(an intermediary's user may fill it for a victim); a step or the receipt asked for with no
draft or receipt of one's own leads back to the form's start, whoever asks."""

import pytest
from django.urls import reverse

from vss.portal import vif
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

MATRIX = AccessMatrix(
    {
        "portal:apply": dict.fromkeys(PERSONAS, 200),
        "portal:apply_step": dict.fromkeys(PERSONAS, 302),
        "portal:apply_receipt": dict.fromkeys(PERSONAS, 302),
    }
)

URLS = {
    "portal:apply": reverse("portal:apply"),
    "portal:apply_step": reverse("portal:apply_step", args=[vif.STEPS[1]]),
    "portal:apply_receipt": reverse("portal:apply_receipt"),
}


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: URLS[row]) == MATRIX


def test_a_step_that_does_not_exist_is_not_found(client):
    assert client.get(reverse("portal:apply_step", args=["no-such-step"])).status_code == 404


@pytest.mark.parametrize("name", ["portal:apply", "portal:follow"])
def test_a_visitor_who_chose_no_language_is_answered_in_khmer(client, name):
    page = client.get(reverse(name), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="km">' in page
