"""The newsletters' pages: a form refused shows again what was typed (400, nothing
saved); a newsletter's page counts its readers and previews each language with its stop
line; a stale send is refused on the page."""

import re

import pytest
from django.urls import reverse

from vss.outreach.models import AudienceKind, Newsletter
from vss.outreach.services.newsletters import newsletter_reach_ask
from vss.testing.clients import signed_in
from vss.testing.factories import NewsletterFactory

from .newsletter_world import newsletter_world

pytestmark = pytest.mark.django_db


def test_a_refused_form_shows_what_was_typed_and_saves_nothing(request, outreach):
    response = signed_in(request, "outreach").post(
        reverse("outreach:newsletter_create"),
        {"title_en": "Verdict news", "audience": AudienceKind.PROVINCE},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Verdict news"' in page
    assert "Choose the province." in page
    assert not Newsletter.objects.exists()


def test_the_audience_is_one_of_its_kinds_with_no_empty_choice(request, outreach):
    page = signed_in(request, "outreach").get(reverse("outreach:newsletter_create"))
    radios = re.findall(
        r'<input type="radio" name="audience" value="([^"]*)"', page.content.decode()
    )
    assert radios == [kind.value for kind in AudienceKind]


def test_the_page_counts_its_readers_and_previews_the_stop_line(
    request, outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    with django_capture_on_commit_callbacks(execute=True):
        newsletter_reach_ask(user=outreach, newsletter=newsletter)
    page = (
        signed_in(request, "outreach")
        .get(reverse("outreach:newsletter_detail", args=[newsletter.pk]))
        .content.decode()
    )
    assert "Will not get it: 6" in page
    assert "no consent to news recorded: 2" in page
    assert "To stop these messages: http" in page
    assert page.count("/stop/.../") == 9  # each language by each channel


def test_a_send_over_someone_elses_edit_is_refused_on_the_page(request, outreach):
    newsletter = NewsletterFactory.create()
    Newsletter.objects.filter(pk=newsletter.pk).update(version=1)
    response = signed_in(request, "outreach").post(
        reverse("outreach:newsletter_send", args=[newsletter.pk]), {"version": 0}
    )
    assert response.status_code == 400
    assert "Someone else saved this record" in response.content.decode()
