"""The pages of choosing who comes lead back to the event's page, where its logistics and
attendance are: an officer who drew and invited goes on from there without typing an
address."""

import pytest
from django.urls import reverse

from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory

from .choosing_world import event_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["outreach:invitation_list", "outreach:draw_make"])
def test_the_page_links_to_the_event(request, page):
    event = event_of(CaseFactory.create())
    content = signed_in(request, "outreach").get(reverse(page, args=[event.pk])).content.decode()
    assert f'href="{reverse("outreach:event_detail", args=[event.pk])}"' in content
