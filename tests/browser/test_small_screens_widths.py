"""The widths at which the small-screen check runs axe: one per set of the style sheets'
media queries met, so that no style a screen can be given goes unchecked."""

from tests.browser.small_screens import AXE_WIDTHS, WIDTHS, _media_queries_met


def test_every_set_of_media_queries_met_is_checked_by_axe_once():
    met = [_media_queries_met(width) for width in WIDTHS]
    assert {_media_queries_met(width) for width in AXE_WIDTHS} == set(met)
    assert len(AXE_WIDTHS) == len(set(met))


def test_a_phone_and_a_laptop_meet_different_queries_and_two_desks_the_same():
    # Below 40rem (640 px) the menu folds behind a button; no query is met above 1,366 px
    # that is not met at it.
    assert _media_queries_met(360) != _media_queries_met(1366)
    assert _media_queries_met(1366) == _media_queries_met(1920)
