"""An intake officer opens an application that came in online: nobody typed it at the
Section, so its page says, in Khmer, whom the applicant may already be, and she opens that
person's page from it."""

import pytest

from vss.accounts.models import Role
from vss.applications.models import Channel, Status
from vss.matching.live import current_model
from vss.matching.tests.test_batch import _population
from vss.portal.services.applying import online_actor
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.english import english_words
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory, VillageFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_reads_whom_an_online_applicant_may_be_and_opens_that_record(page, live_server):
    _population(300, 30)
    village = VillageFactory(code="12010101")
    names = {
        "family_name_km": "សុខ",
        "given_name_km": "ធារី",
        "family_name_latin": "SOK",
        "given_name_latin": "Theary",
        "sex": "female",
        "birth_year": 1952,
        "village": village,
    }
    registered = PersonFactory(**names)
    applicant = PersonFactory(**{**names, "family_name_latin": "SOKH"})
    form = VifFactory(applicant=applicant, channel=Channel.ONLINE, created_by=online_actor())
    application = ApplicationFactory(form=form, status=Status.RECEIVED)
    # The check learns its parameters once from the registry: not while the page loads.
    assert current_model() is not None
    signed_in_page(page, live_server.url, persona(Role.INTAKE))

    page.goto(f"/applications/{application.pk}/")
    assert page.locator("html").get_attribute("lang") == "km"
    panel = page.locator("#possible-duplicates")
    assert panel.locator("h2").inner_text() == "ប្រហែលជាមាននៅក្នុងបញ្ជីចុះឈ្មោះរួចហើយ"
    match = panel.locator(f'li[data-match="{registered.pk}"]')
    assert match.locator('[data-reason="given_name:same"]').count() == 1
    assert match.locator('[data-reason="place:same village"]').count() == 1
    assert panel.locator(f'li[data-match="{applicant.pk}"]').count() == 0
    assert english_words(panel.inner_text()) == []
    assert accessibility_violations(page) == []

    match.locator("a").click()
    page.wait_for_url(f"**/people/{registered.pk}/")
