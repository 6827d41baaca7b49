"""The public calendar as a visitor without an account meets it: in Khmer from the
browser's language, with nothing axe-core finds wrong, no English on the Khmer page, no
sideways scroll on a phone, no script at all, and the language changed without one."""

import pytest
from django.utils import timezone

from vss.outreach.models import CourtDateKind
from vss.testing.browser import accessibility_violations
from vss.testing.english import INTERFACE_TEXT, english_words
from vss.testing.factories import CourtDateFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def this_month():
    """A public judgment and a public forum, this very moment: in this month's page."""
    soon = timezone.now()
    return {
        "judgment": CourtDateFactory.create(
            kind=CourtDateKind.TRIAL_JUDGMENT, starts_at=soon, title_km="ការប្រកាសសាលក្រម"
        ),
        "forum": EventFactory.create(starts_at=soon, is_public=True),
    }


def test_a_visitor_reads_the_calendar_in_khmer(page, this_month):
    response = page.goto("/outreach/calendar/public/")
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == "km"
    assert this_month["forum"].title_km in page.locator("main").inner_text()
    assert "ការប្រកាសសាលក្រម" in page.locator("main").inner_text()
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert page.locator("script").count() == 0
    assert accessibility_violations(page) == []
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert accessibility_violations(page) == []


def test_the_language_changes_without_a_script(browser, live_server, this_month):
    context = browser.new_context(
        base_url=live_server.url, locale="km-KH", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/outreach/calendar/public/")
        page.select_option("#language-select", "fr")
        with page.expect_navigation():
            page.click("form.language button[type=submit]")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert this_month["forum"].title_fr in page.locator("main").inner_text()
    finally:
        context.close()
