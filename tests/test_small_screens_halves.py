"""The browser test of small screens checks the roles in two halves, one file each: every
role is in exactly one of them."""

from tests.browser.small_screens import HALVES
from vss.testing.personas import PERSONAS


def test_every_role_is_checked_once():
    first, second = HALVES
    assert sorted([*first, *second]) == sorted(PERSONAS)
