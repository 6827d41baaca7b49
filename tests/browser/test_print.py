"""Printing an application's page prints the record: the applicant, the filing (with the
thumbprint of an applicant who cannot write), the crimes and the history, not the top
bar, the menus or the forms that change it."""

import pytest
from PIL import Image, ImageDraw

from vss.accounts.models import Role
from vss.applications.models import SignatureKind, Status
from vss.testing.browser import log_in
from vss.testing.factories import ApplicationFactory, VifFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_printing_an_application_leaves_out_its_forms_and_menus(page):
    persona(Role.LEGAL)
    application = ApplicationFactory(status=Status.RECEIVED)
    log_in(page, Role.LEGAL, language="km")
    page.goto(f"/applications/{application.pk}/")
    on_screen = page.locator("main form")
    assert on_screen.count() > 0
    assert page.locator("header.topbar").is_visible()

    page.emulate_media(media="print")

    assert not page.locator("header.topbar").is_visible()
    shown_forms = [i for i in range(on_screen.count()) if on_screen.nth(i).is_visible()]
    assert shown_forms == []
    assert [b for b in page.locator("button").all() if b.is_visible()] == []
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_text(application.vss_number).first.is_visible()
    assert page.get_by_text("សុខ ជា").first.is_visible()
    # The section that held only the status form goes with it, heading and all.
    assert not page.locator("section:has(form[action$='/transition/'])").is_visible()


def test_intake_attaches_a_thumbprint_seen_beside_the_signature_and_in_print(page, tmp_path):
    persona(Role.INTAKE)
    application = ApplicationFactory(
        form=VifFactory(signature=SignatureKind.THUMBPRINT), status=Status.RECEIVED
    )
    photo = tmp_path / "thumbprint.png"
    picture = Image.new("RGB", (120, 160), "white")
    ImageDraw.Draw(picture).ellipse((20, 20, 100, 140), fill=(90, 90, 110))
    picture.save(photo)
    log_in(page, Role.INTAKE, language="km")
    page.goto(f"/applications/{application.pk}/")

    page.select_option("select[name=document-kind]", "thumbprint")
    page.set_input_files("input[name=document-file]", str(photo))
    with page.expect_navigation():
        page.locator("form[action$='/documents/'] button[type=submit]").click()

    scan = page.locator("img.signature-scan")
    scan.wait_for()
    assert scan.evaluate("img => img.complete && img.naturalWidth") == 120
    page.emulate_media(media="print")
    assert scan.is_visible()
