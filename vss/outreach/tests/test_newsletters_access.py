"""The access matrix of the newsletters' and sends' pages: those who send messages (the
outreach officers and the Chief) and no one else; methods and CSRF are checked over every
URL by vss/testing/tests/test_every_url.py, records of no one's scope by its outsiders."""

import pytest
from django.urls import reverse

from vss.outreach.models import Message, MessageChannel, MessageKind, MessageStatus
from vss.outreach.services import sending
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.factories import ContactPreferenceFactory, NewsletterFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

SENDERS = {"chief", "outreach"}


def _statuses(status: int = 200) -> dict[str, int]:
    return {name: status if name in SENDERS else 403 for name in PERSONAS}


@pytest.fixture
def world(outreach):
    newsletter = NewsletterFactory.create()
    job = sending.job_start(label="newsletter", user=outreach)
    person = ContactPreferenceFactory.create(
        channel=MessageChannel.POST, postal_address="Phum 1, Phnom Penh"
    ).person
    Message.objects.create(
        idempotency_key="access-post",
        kind=MessageKind.NEWSLETTER,
        channel=MessageChannel.POST,
        language="km",
        person=person,
        address="Phum 1, Phnom Penh",
        body="ព័ត៌មាន",
        job=job,
        newsletter=newsletter,
        status=MessageStatus.QUEUED,
    )
    return {"newsletter": newsletter, "job": job}


GET_URLS = {
    "outreach:newsletter_list": lambda w: reverse("outreach:newsletter_list"),
    "outreach:newsletter_create": lambda w: reverse("outreach:newsletter_create"),
    "outreach:newsletter_detail": lambda w: reverse(
        "outreach:newsletter_detail", args=[w["newsletter"].pk]
    ),
    "outreach:newsletter_edit": lambda w: reverse(
        "outreach:newsletter_edit", args=[w["newsletter"].pk]
    ),
    "outreach:send_detail": lambda w: reverse("outreach:send_detail", args=[w["job"].pk]),
}
GET_MATRIX = AccessMatrix({name: _statuses() for name in GET_URLS})


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda row: GET_URLS[row](world)) == GET_MATRIX


POST_URLS = {
    # A newsletter of its own for each attempt: a send or an archive happens once.
    "outreach:newsletter_send": lambda w: reverse(
        "outreach:newsletter_send", args=[NewsletterFactory.create(case=w["newsletter"].case).pk]
    ),
    "outreach:newsletter_count": lambda w: reverse(
        "outreach:newsletter_count", args=[w["newsletter"].pk]
    ),
    "outreach:newsletter_archive": lambda w: reverse(
        "outreach:newsletter_archive",
        args=[NewsletterFactory.create(case=w["newsletter"].case).pk],
    ),
    "outreach:newsletter_print_letters": lambda w: reverse(
        "outreach:newsletter_print_letters", args=[w["newsletter"].pk]
    ),
    "outreach:newsletter_print_labels": lambda w: reverse(
        "outreach:newsletter_print_labels", args=[w["newsletter"].pk]
    ),
    "outreach:send_print_letters": lambda w: reverse(
        "outreach:send_print_letters", args=[w["job"].pk]
    ),
    "outreach:send_print_labels": lambda w: reverse(
        "outreach:send_print_labels", args=[w["job"].pk]
    ),
}
POST_MATRIX = AccessMatrix(
    {
        "outreach:newsletter_send": _statuses(302),
        "outreach:newsletter_count": _statuses(302),
        "outreach:newsletter_archive": _statuses(302),
        "outreach:newsletter_print_letters": _statuses(),
        "outreach:newsletter_print_labels": _statuses(),
        "outreach:send_print_letters": _statuses(),
        "outreach:send_print_labels": _statuses(),
    }
)


def test_each_action_answers_each_persona_as_the_policy_says(request, world):
    def body(attempt: Attempt) -> dict[str, object]:
        return {"version": 0, "reason": "Written twice", "language": "km"}

    met = answers(request, POST_MATRIX, lambda row: POST_URLS[row](world), method="post", data=body)
    assert met == POST_MATRIX
