"""On a phone the Chief's top bar is one line, the name of the Section and a Menu button:
the keyboard reaches the button, Space opens the menu below it and closes it again, each
entry then reachable by Tab; on an office screen the whole menu is in the bar and the
button is not shown. Axe finds nothing serious or critical either way."""

import pytest

from vss.accounts.models import Role
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}
OFFICE = {"width": 1366, "height": 800}
# The height of one line of the bar: the button, with the padding around it.
ONE_LINE = 80


def _serious(page) -> list[str]:
    return [v for v in accessibility_violations(page) if "(serious)" in v or "(critical)" in v]


def test_on_a_phone_the_menu_folds_behind_a_button_the_keyboard_opens(page):
    persona(Role.CHIEF)
    log_in(page, Role.CHIEF, language="km")
    page.set_viewport_size(PHONE)
    page.goto("/")
    bar = page.locator("header.topbar")
    menu = bar.get_by_role("navigation")
    toggle = bar.get_by_role("checkbox")
    button = bar.locator("label.menu-button")

    assert button.is_visible() and not menu.is_visible()
    assert bar.bounding_box()["height"] <= ONE_LINE
    assert not _serious(page)

    # From the name of the Section, Tab reaches the menu's checkbox, Space opens it.
    bar.locator("a.brand").focus()
    page.keyboard.press("Tab")
    assert toggle.evaluate("element => element === document.activeElement")
    page.keyboard.press("Space")
    assert menu.is_visible()
    assert toggle.get_attribute("aria-controls") == "topbar-menu"
    page.keyboard.press("Tab")
    first_entry = menu.get_by_role("link").first
    assert first_entry.evaluate("element => element === document.activeElement")
    # Every entry, and sign-out, is on the screen, none beyond its right edge.
    for link in menu.get_by_role("link").all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert bar.locator("form:not(.language) button[type=submit]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not _serious(page)

    toggle.focus()
    page.keyboard.press("Space")
    assert not menu.is_visible()

    # A mouse or a finger on the button opens it too.
    button.click()
    assert menu.is_visible()


def test_on_an_office_screen_the_menu_is_in_the_bar(page):
    persona(Role.CHIEF)
    page.set_viewport_size(OFFICE)
    log_in(page, Role.CHIEF, language="km")

    bar = page.locator("header.topbar")
    assert bar.get_by_role("navigation").is_visible()
    assert not bar.locator("label.menu-button").is_visible()
    # Out of sight and out of the tab order: nothing to open.
    assert not bar.get_by_role("checkbox").is_visible()
    bar.locator("a.brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    assert not _serious(page)
