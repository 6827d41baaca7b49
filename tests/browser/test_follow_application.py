"""Following an application on a phone, in Khmer: the form, a wrong answer, then the
receipt's answers and the history in plain words; no English on the Khmer pages, no
sideways scroll, nothing axe-core finds wrong."""

import datetime

import pytest
from playwright.sync_api import expect

from vss.applications.models import StatusChange
from vss.portal.services.receipts import receipt_issue
from vss.testing.browser import accessibility_violations
from vss.testing.english import INTERFACE_TEXT, english_words
from vss.testing.factories import ApplicationFactory, PersonFactory, UserFactory, VifFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _fits_and_reads_in_khmer(page) -> None:
    assert page.locator("html").get_attribute("lang") == "km"
    assert english_words(page.evaluate(INTERFACE_TEXT)) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert accessibility_violations(page) == []


def test_a_victim_follows_the_application_with_the_receipt_on_a_phone(page):
    application = ApplicationFactory(
        form=VifFactory(applicant=PersonFactory(birth_year=1958)), status="screened"
    )
    for to_status, day in (("received", 3), ("screened", 10)):
        StatusChange.objects.create(
            application=application,
            from_status="draft",
            to_status=to_status,
            actor=UserFactory(username=f"officer-{day}"),
            decided_on=datetime.date(2026, 5, day),
        )
    issued = receipt_issue(application=application)
    page.set_viewport_size(PHONE)
    page.goto("/follow/")
    _fits_and_reads_in_khmer(page)

    page.fill("#id_reference", issued.receipt.reference.lower())
    page.fill("#id_code", "ABCDEFGH")
    page.fill("#id_birth_year", "1958")
    page.click("form.stacked button[type=submit]")
    expect(page.locator("[role=alert]")).to_have_count(1)
    assert page.input_value("#id_code") == ""
    _fits_and_reads_in_khmer(page)

    page.fill("#id_code", issued.code)
    page.fill("#id_birth_year", "1958")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("ol.timeline")
    assert page.locator("ol.timeline li").count() == 2
    _fits_and_reads_in_khmer(page)
