"""The access matrix of the newsletter's sign-up: open to everyone, signed in or not. A
confirmation link that opens nothing answers 404 to everyone alike."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

MATRIX = AccessMatrix(
    {
        "portal:newsletter_signup": dict.fromkeys(PERSONAS, 200),
        "portal:newsletter_asked": dict.fromkeys(PERSONAS, 200),
        "portal:newsletter_confirm": dict.fromkeys(PERSONAS, 404),
    }
)

URLS = {
    "portal:newsletter_signup": reverse("portal:newsletter_signup"),
    "portal:newsletter_asked": reverse("portal:newsletter_asked"),
    "portal:newsletter_confirm": reverse("portal:newsletter_confirm", args=["no-such-link"]),
}


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, MATRIX, lambda row: URLS[row]) == MATRIX


def test_the_sign_up_is_in_khmer_for_a_visitor_who_chose_no_language(client):
    page = client.get(URLS["portal:newsletter_signup"], headers={"accept-language": "en"})
    assert '<html lang="km">' in page.content.decode()


def test_the_pages_refuse_other_methods(client):
    assert client.put(URLS["portal:newsletter_signup"]).status_code == 405
    assert client.post(URLS["portal:newsletter_asked"]).status_code == 405
    assert client.put(URLS["portal:newsletter_confirm"]).status_code == 405
