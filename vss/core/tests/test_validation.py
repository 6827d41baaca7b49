"""The shared readers of numbers typed or sent in a URL: only what int() and the database
both take comes out, everything else is None."""

import pytest

from vss.core.validation import LARGEST_ID, record_id, whole_number, year


@pytest.mark.parametrize(
    "text",
    ["", " ", None, "²", "¹⁹⁵⁰", "٣", "\uff11\uff12", "1.0", "-1", "+1", "1e3", "9" * 30, "12a"],
)
def test_what_is_not_plain_ascii_digits_in_range_is_no_number(text):
    assert whole_number(text) is None


def test_a_number_is_read_within_its_bounds():
    assert whole_number(" 42 ") == 42
    assert whole_number("42", maximum=41) is None
    assert whole_number("0") == 0
    assert record_id("0") is None
    assert record_id(str(LARGEST_ID)) == LARGEST_ID
    assert record_id(str(LARGEST_ID + 1)) is None


def test_a_year_has_four_digits():
    assert year("1950") == 1950
    assert year("950") is None
    assert year("19500") is None
