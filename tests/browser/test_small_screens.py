"""Every main page of the Chief, the legal officer, the auditor and the roles outside the
Section who read cases (intermediary, Lead Co-Lawyer, partner) fits a phone, a laptop
and a wide screen in Khmer and passes axe (tests/browser/small_screens.py); the other roles
are checked beside it by test_small_screens_more.py."""

import pytest

from tests.browser.small_screens import HALVES, screen_faults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_main_page_fits_the_screen_and_passes_axe(page):
    faults = screen_faults(page, HALVES[0])
    assert not faults, "\n".join(faults)
