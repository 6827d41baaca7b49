"""The Chief opens the map of the provinces in Khmer: 25 tiles named in Khmer, the table
of the same figures beside them, nothing axe finds wrong, no English, and the whole of it
on a phone's width without scrolling sideways."""

import pytest

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.geo.loaders import load_gazetteer
from vss.geo.models import Commune
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.english import INTERFACE_TEXT, PAGE_TEXT, english_words, latin_words
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory, VillageFactory
from vss.testing.names_on_file import names_on_file
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def test_the_chief_reads_the_map_in_khmer_on_a_desk_and_on_a_phone(page, live_server):
    load_gazetteer(include_villages=False)
    battambang = VillageFactory(
        code="02010101", name_km="ភូមិ ១", commune=Commune.objects.filter(code__startswith="0201")[0]
    )
    for _ in range(3):
        ApplicationFactory(
            form=VifFactory(applicant=PersonFactory(village=battambang)), status=Status.RECEIVED
        )
    signed_in_page(page, live_server.url, persona(Role.CHIEF))

    page.goto("/reports/map/?figure=applications")
    assert page.locator("html").get_attribute("lang") == "km"
    drawing = page.locator("svg.province-map-svg")
    assert drawing.locator("g.province-tile").count() == 25
    assert drawing.locator('g[data-province="02"] text').last.text_content() == "3"
    table = page.locator("table.province-map-table")
    assert table.locator("tbody th", has_text="បាត់ដំបង").count() == 1
    assert table.locator("tbody tr").count() == 26
    assert accessibility_violations(page) == []
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    # Names and user names on file keep their Latin spelling.
    assert latin_words(page.evaluate(PAGE_TEXT), allowed=names_on_file()) == []

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = drawing.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert accessibility_violations(page) == []
