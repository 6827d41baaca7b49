"""The public site as a visitor without an account meets it, page by page: in Khmer with
no language chosen, nothing axe-core finds wrong on a wide screen or on a phone, no
English on the Khmer page, no sideways scroll, no script, every file of its own loaded;
the language changed without a script; and the newsletter signed up for on a phone and
confirmed from the link its message carries."""

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import Role
from vss.outreach.models import Message, MessageKind, Subscriber
from vss.portal.models import PublicPage
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.english import INTERFACE_TEXT, english_words
from vss.testing.factories import CaseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
FIRST_TEXTS = importlib.import_module("vss.portal.migrations.0002_first_texts")


def _path(page: PublicPage) -> str:
    if page == PublicPage.HOME:
        return reverse("portal:home")
    return reverse(f"portal:page_{page.value.replace('-', '_')}")


@pytest.fixture
def site():
    """The first texts (a test that empties the database takes the migration's away) and
    a case open for applications, so that the applying page lists a deadline."""
    FIRST_TEXTS.publish_first_texts(apps, None)
    CaseFactory.create(number="004/09", investigation_closed_on=None)


@pytest.mark.parametrize("public_page", list(PublicPage))
def test_each_page_reads_well_in_khmer_on_any_screen(page, site, missing_files, public_page):
    response = page.goto(_path(public_page))
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == "km"
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert page.locator("script").count() == 0
    assert accessibility_violations(page) == []
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert accessibility_violations(page) == []
    assert missing_files == []


def test_the_language_changes_without_a_script(browser, live_server, site):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(_path(PublicPage.RIGHTS))
        # A browser asking for English still meets Khmer until the visitor chooses.
        assert page.locator("html").get_attribute("lang") == "km"
        page.select_option("#language-select", "fr")
        with page.expect_navigation():
            page.click("form.language button[type=submit]")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "Vos droits en tant que victime" in page.locator("h1").inner_text()
        page.goto(_path(PublicPage.HOME))
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


def test_an_outreach_officer_writes_previews_and_publishes_a_page(page, live_server, site):
    officer = UserFactory.create(username="outreach-writer", role=Role.OUTREACH)
    signed_in_page(page, live_server.url, officer)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "km", "url": live_server.url}]
    )
    page.goto(reverse("portal:content_list"))
    assert page.locator("html").get_attribute("lang") == "km"
    assert accessibility_violations(page) == []
    page.goto(reverse("portal:content_edit", args=[PublicPage.CONTACT.value, "km"]))
    assert accessibility_violations(page) == []
    page.fill("input[name=title]", "ទាក់ទងយើង")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    # The preview: the public page itself, with the banner that says it is not public yet.
    assert page.locator("h1").inner_text() == "ទាក់ទងយើង"
    assert page.locator(".preview-banner").count() == 1
    assert accessibility_violations(page) == []
    page.goto(reverse("portal:content_history", args=[PublicPage.CONTACT.value, "km"]))
    assert accessibility_violations(page) == []
    with page.expect_navigation():
        page.locator("form[action*='/publish/'] button").first.click()
    page.context.clear_cookies()
    page.goto(_path(PublicPage.CONTACT))
    assert page.locator("h1").inner_text() == "ទាក់ទងយើង"


def test_a_visitor_signs_up_for_the_newsletter_on_a_phone_and_confirms(page, site, missing_files):
    page.set_viewport_size(PHONE)
    page.goto(_path(PublicPage.NEWSLETTER))
    assert page.locator("html").get_attribute("lang") == "km"
    form = page.locator("section.newsletter-signup form")
    form.locator("input[name=channel][value=sms]").check()
    form.locator("input[name=phone]").fill("012 345 678")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(reverse("portal:newsletter_asked"))
    assert "012" not in page.locator("main").inner_text()
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert accessibility_violations(page) == []

    # The link, as the SMS written to the phone carries it.
    message = Message.objects.get(kind=MessageKind.CONFIRMATION, address="012345678")
    assert message.subject == translation_of("Confirm your sign-up for the newsletter")
    [link] = re.findall(r"/newsletter/confirm/[^/\s]+/", message.body)
    page.goto(link)
    assert Subscriber.objects.get().confirmed_at is None
    assert accessibility_violations(page) == []
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == translation_of("You will receive the newsletter")
    assert Subscriber.objects.get().confirmed_at is not None
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert accessibility_violations(page) == []
    assert missing_files == []


def translation_of(text: str, language: str = "km") -> str:
    with translation.override(language):
        return translation.gettext(text)
