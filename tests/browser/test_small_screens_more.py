"""Every main page of the intake, outreach and reparations officers, the lawyer and the
donor fits a phone, a laptop and a wide screen in Khmer and passes axe
(tests/browser/small_screens.py); the other roles are in test_small_screens.py."""

import pytest

from tests.browser.small_screens import HALVES, screen_faults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_main_page_of_the_other_roles_fits_the_screen_and_passes_axe(page):
    faults = screen_faults(page, HALVES[1])
    assert not faults, "\n".join(faults)
