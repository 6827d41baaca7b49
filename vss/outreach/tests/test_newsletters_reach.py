"""Who a newsletter reaches is counted by the background worker, not at each reading of
its page: the count is asked when the newsletter is written or its audience changes, or by
"Count again"; the page shows the last count of its audience as it is now, with when it
was taken, and asks again every two seconds while a count is under way."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import AudienceKind, NewsletterReach, NewsletterStatus
from vss.outreach.services import newsletters as services
from vss.testing.clients import signed_in
from vss.testing.factories import NewsletterFactory, PersonFactory, ProvinceFactory

from .newsletter_world import CASE_NOT_REACHED, CASE_REACHED, civil_party, newsletter_world

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "newsletter-reach"}


def _data(world, **values) -> services.NewsletterData:
    defaults = {
        "title_km": "ព្រឹត្តិបត្រ",
        "title_en": "Newsletter",
        "title_fr": "Lettre",
        "audience": AudienceKind.CASE,
        "case": world.case,
    }
    return services.NewsletterData(**(defaults | values))


def _page(request, newsletter, **headers) -> str:
    url = reverse("outreach:newsletter_detail", args=[newsletter.pk])
    return signed_in(request, "outreach").get(url, **headers).content.decode()


def test_a_newsletter_written_is_counted_by_the_worker_once_committed(
    request, outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks() as waiting:
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    page = _page(request, newsletter)
    assert "Counting who will get it" in page
    assert 'hx-trigger="every 2s"' in page
    assert "Will not get it" not in page

    with django_capture_on_commit_callbacks(execute=True):
        for callback in waiting:
            callback()
    reach = NewsletterReach.objects.get(newsletter=newsletter)
    assert (reach.reached, reach.not_reached) == (CASE_REACHED, CASE_NOT_REACHED)
    assert reach.audience == newsletter.audience_key
    page = _page(request, newsletter)
    assert "Will not get it: 6" in page
    assert "no consent to news recorded: 2" in page
    assert "As counted at" in page
    assert "hx-trigger" not in page
    assert "Count again" in page


def test_the_page_reads_the_count_and_does_not_count(
    request, outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    client = signed_in(request, "outreach")
    url = reverse("outreach:newsletter_detail", args=[newsletter.pk])
    with CaptureQueriesContext(connection) as read:
        client.get(url)
    assert not [q for q in read.captured_queries if '"people_person"' in q["sql"]]


def test_a_change_to_the_readers_shows_once_counted_again(
    request, outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    before = NewsletterReach.objects.get(newsletter=newsletter)
    civil_party(PersonFactory.create(), world.case)  # no consent to news recorded
    assert "no consent to news recorded: 2" in _page(request, newsletter)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(request, "outreach").post(
            reverse("outreach:newsletter_count", args=[newsletter.pk])
        )
    assert response.status_code == 302
    assert "no consent to news recorded: 3" in _page(request, newsletter)
    after = NewsletterReach.objects.get(newsletter=newsletter)
    assert after.counted_at > before.counted_at
    entry = AuditEntry.objects.filter(
        object_type="outreach.newsletterreach", action=AuditAction.UPDATE
    ).get()
    assert entry.actor == outreach
    assert set(entry.changes) == {"asked_at"}


def test_a_new_audience_is_counted_and_the_old_count_not_shown_for_it(
    request, outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    province = ProvinceFactory.create(code="12")
    with django_capture_on_commit_callbacks() as waiting:
        services.newsletter_update(
            user=outreach,
            newsletter=newsletter,
            data=_data(world, audience=AudienceKind.PROVINCE, province=province),
            version=newsletter.version,
        )
    newsletter.refresh_from_db()
    fragment = _page(request, newsletter, **HTMX)
    assert fragment.startswith('\n<section id="newsletter-reach"')
    assert "Counting who will get it" in fragment
    assert "Will not get it" not in fragment

    for callback in waiting:
        callback()
    fragment = _page(request, newsletter, **HTMX)
    # Every one of the case but the Civil Party of province 02 (email_fr).
    assert "Will not get it: 6" in fragment
    assert "hx-get" not in fragment
    assert "<html" not in fragment


def test_an_edit_that_keeps_the_audience_asks_no_count(
    outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    asked = NewsletterReach.objects.get(newsletter=newsletter).asked_at
    with django_capture_on_commit_callbacks() as waiting:
        services.newsletter_update(
            user=outreach,
            newsletter=newsletter,
            data=_data(world, title_en="Verdict news"),
            version=newsletter.version,
        )
    assert waiting == []
    assert NewsletterReach.objects.get(newsletter=newsletter).asked_at == asked


def test_a_count_asked_twice_is_made_once_and_an_older_one_never_over_a_newer(
    outreach, django_capture_on_commit_callbacks
):
    world = newsletter_world()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter = services.newsletter_create(user=outreach, data=_data(world))
    # The second job of two asks finds the count made after the last ask: it counts nothing.
    with CaptureQueriesContext(connection) as second:
        services.newsletter_reach_count(newsletter_id=newsletter.pk)
    assert len(second) == 1

    # A count that started before a newer one was kept leaves the newer one.
    later = timezone.now() + datetime.timedelta(minutes=5)
    NewsletterReach.objects.filter(pk=newsletter.pk).update(
        counted_at=later, asked_at=later + datetime.timedelta(seconds=1), reached={}
    )
    services.newsletter_reach_count(newsletter_id=newsletter.pk)
    reach = NewsletterReach.objects.get(pk=newsletter.pk)
    assert (reach.counted_at, reach.reached) == (later, {})


def test_a_sent_newsletter_is_not_counted_again(request, outreach):
    newsletter = NewsletterFactory.create(status=NewsletterStatus.SENT)
    response = signed_in(request, "outreach").post(
        reverse("outreach:newsletter_count", args=[newsletter.pk])
    )
    assert response.status_code == 400
    assert "This newsletter has been sent" in response.content.decode()
    assert not NewsletterReach.objects.exists()


def test_a_newsletter_never_counted_offers_the_count(request, outreach):
    newsletter = NewsletterFactory.create()
    page = _page(request, newsletter)
    assert "Not counted yet." in page
    assert "Count who will get it" in page
    assert "hx-trigger" not in page
