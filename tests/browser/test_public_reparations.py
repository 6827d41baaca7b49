"""The programme's public pages as a visitor without an account meets them: in Khmer from
the browser's language, in the project's Khmer font, with nothing axe-core finds wrong,
no English on the Khmer page, no sideways scroll on a phone, and the language changed
without a script as with one."""

import pytest

from vss.reparations.tests.public_world import public_world
from vss.testing.browser import accessibility_violations
from vss.testing.english import INTERFACE_TEXT, english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def programme():
    return public_world()


def test_a_visitor_reads_the_programme_in_khmer(page, programme):
    response = page.goto("/reparations/public/")
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == "km"
    page.click(f"a[href='/reparations/public/{programme.endorsed.pk}/']")
    page.wait_for_url(f"**/reparations/public/{programme.endorsed.pk}/")
    assert programme.endorsed.title_km in page.locator("h1").inner_text()
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert accessibility_violations(page) == []
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ក')")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert accessibility_violations(page) == []


def test_the_language_changes_without_a_script(browser, live_server, programme):
    context = browser.new_context(
        base_url=live_server.url, locale="km-KH", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"/reparations/public/{programme.endorsed.pk}/")
        assert page.locator("html").get_attribute("lang") == "km"
        page.select_option("#language-select", "fr")
        with page.expect_navigation():
            page.click("form.language button[type=submit]")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert programme.endorsed.title_fr in page.locator("h1").inner_text()
    finally:
        context.close()
