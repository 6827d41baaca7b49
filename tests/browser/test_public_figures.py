"""The public figures as a visitor without an account reads them on a phone: in Khmer from
the browser's language, the small counts marked and explained, nothing axe-core finds
wrong, no English on the Khmer page, and the wide tables scrolling inside their own frame
rather than the page sideways."""

import pytest

from vss.reports.tests.public_world import public_world
from vss.testing.browser import accessibility_violations
from vss.testing.english import INTERFACE_TEXT, english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_a_visitor_reads_the_figures_in_khmer_on_a_phone(page):
    public_world()
    page.set_viewport_size(PHONE)
    response = page.goto("/figures/")
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == "km"
    table = page.locator("#applications-by-province").locator("xpath=..").locator("table")
    kampong_cham = table.locator("tbody tr", has_text="កំពង់ចាម")
    assert kampong_cham.locator("td.hidden-figure").count() == 2
    assert "តិចជាង ៥" in page.locator("#hidden-figures").inner_text()
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ក')")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert accessibility_violations(page) == []
