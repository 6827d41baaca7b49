"""A victim applies online on a phone-sized screen, in Khmer, from the first step to the
receipt: every step has nothing axe-core finds wrong, and the application reaches the
Section as received online."""

import pytest

from vss.applications.models import Application, Channel, DocumentKind, Status
from vss.portal.models import Receipt
from vss.testing.browser import accessibility_violations
from vss.testing.factories import (
    CaseFactory,
    CommuneFactory,
    CrimeTypeFactory,
    VillageFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _checked(page) -> None:
    assert page.locator("html").get_attribute("lang") == "km"
    assert accessibility_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _next(page) -> None:
    with page.expect_navigation():
        page.click("button[name=next]")


def _sign(page):
    box = page.locator("#signature-pad canvas").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 12):
        x = box["x"] + 20 + step * (box["width"] - 40) / 11
        y = box["y"] + box["height"] * (0.6 - 0.3 * (step % 2))
        page.mouse.move(x, y, steps=3)
    page.mouse.up()


def test_a_victim_applies_on_a_phone_in_khmer(page):
    # Two villages of one name: the victim types the name and chooses the right one.
    VillageFactory.create(code="12010102", name_en="Thmei", name_km="ថ្មី")
    other_commune = CommuneFactory.create(
        code="120102", name_en="Boeng Keng Kang Ti Muoy", name_km="បឹងកេងកងទី១"
    )
    VillageFactory.create(code="12010201", name_en="Thmei", name_km="ថ្មី", commune=other_commune)
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    crime_type = CrimeTypeFactory.create()
    page.set_viewport_size(PHONE)

    page.goto("/apply/")
    _checked(page)
    page.check("input[name=filer-filer][value=victim]")
    _next(page)

    _checked(page)
    page.fill("#id_person-family_name_km", "សុខ")
    page.fill("#id_person-given_name_km", "ចាន់")
    page.select_option("#id_person-sex", "female")
    page.fill("#id_person-birth_year", "1956")
    page.fill("#id_person-village", "ថ្មី")
    page.fill("#id_person-phone", "012 345 678")
    _next(page)

    _checked(page)
    assert page.input_value("#id_person-village") == "ថ្មី"
    page.get_by_label("ថ្មី · បឹងកេងកងទី១ · ចំការមន · ភ្នំពេញ").check()
    _next(page)

    _checked(page)
    page.select_option(f"#id_cases-case_{case.pk}", "civil_party")
    _next(page)

    _checked(page)
    page.select_option("#id_crimes-0-crime_type", str(crime_type.pk))
    page.select_option("#id_harms-0-kind", "psychological")
    page.fill("#id_story-account", "ពួកយើងត្រូវបានជម្លៀសទៅសហករណ៍។")
    _next(page)

    _checked(page)
    assert page.get_attribute("#id_file", "capture") is not None
    _next(page)

    _checked(page)
    page.check("#id_consent-consent_share_with_court")
    _next(page)

    _checked(page)
    # Signed with a finger in the box, as a phone's screen takes it.
    page.check("input[name=signature-signature][value=signature]")
    _sign(page)
    _next(page)

    _checked(page)
    with page.expect_navigation():
        page.click("button[name=send]")

    _checked(page)
    receipt = Receipt.objects.get()
    assert receipt.reference in page.locator("main").inner_text()
    application = Application.objects.select_related("form").get()
    assert application.status == Status.RECEIVED
    assert application.form.channel == Channel.ONLINE
    assert application.applicant.village_id == "12010201"
    assert "1956" not in page.url and "សុខ" not in page.url
    signed = application.form.documents.get(kind=DocumentKind.SIGNED_FORM)
    assert signed.content_type == "image/png"
