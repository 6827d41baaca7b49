"""Printing an application's page prints the record: the applicant, the filing, the
crimes and the history, not the top bar, the menus or the forms that change it."""

import pytest

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.testing.browser import log_in
from vss.testing.factories import ApplicationFactory
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
