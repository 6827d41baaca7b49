"""The list of lawyers counts each shown lawyer's current clients (ended mandates not,
a lawyer without any as 0) in a number of queries that does not grow with the lawyers
or their mandates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.representation.models import Representation
from vss.testing.clients import signed_in
from vss.testing.factories import LawyerFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


def _clients_shown(page_text: str, lawyer) -> str:
    link = reverse("representation:lawyer_caseload", args=[lawyer.pk])
    after = page_text.split(f'href="{link}">', 1)[1]
    return after.split("<", 1)[0]


def test_each_lawyer_shows_their_current_clients(request) -> None:
    busy, idle = LawyerFactory.create(), LawyerFactory.create()
    RepresentationFactory.create_batch(3, lawyer=busy)
    ended = RepresentationFactory.create(lawyer=busy)
    Representation.objects.filter(pk=ended.pk).update(
        ended_on=datetime.date.today(), end_reason="withdrawn"
    )

    text = signed_in(request, "legal").get(reverse("representation:lawyer_list")).content.decode()

    assert _clients_shown(text, busy) == "3"
    assert _clients_shown(text, idle) == "0"


def test_the_list_reads_as_many_queries_however_many_lawyers_and_clients(request) -> None:
    client = signed_in(request, "legal")
    url = reverse("representation:lawyer_list")
    LawyerFactory.create()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        RepresentationFactory.create_batch(2, lawyer=LawyerFactory.create())

    with CaptureQueriesContext(connection) as many:
        page = client.get(url)

    assert page.status_code == 200
    assert len(many) == len(few)
