"""The access matrix of following an application: its form is everyone's, signed in or
not (the answers alone open an application); a receipt to follow a paper form online is
printed by intake staff and the Chief, for an application they can see."""

import pytest
from django.urls import reverse

from vss.applications.models import Status
from vss.testing.access import AccessMatrix, answers
from vss.testing.factories import ApplicationFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

PRINTERS = {"chief", "intake", "legal"}

FOLLOW = AccessMatrix({"portal:follow": dict.fromkeys(PERSONAS, 200)})
# Printing issues a receipt: a post, by the roles that record receipt of forms.
PRINTED = AccessMatrix(
    {"portal:receipt_print": {name: 200 if name in PRINTERS else 403 for name in PERSONAS}}
)


def test_the_form_answers_every_persona(request):
    assert answers(request, FOLLOW, lambda row: reverse(row)) == FOLLOW


def test_a_receipt_is_printed_by_intake_and_the_chief(request):
    application = ApplicationFactory.create(status=Status.RECEIVED)
    met = answers(
        request,
        PRINTED,
        lambda row: reverse(row, args=[application.pk]),
        method="post",
        data=lambda attempt: {},
    )
    assert met == PRINTED
