"""A month typed as the browser's month picker sends it, or by hand month first."""

import datetime

import pytest
from django import forms

from vss.core.forms import MonthField, month_end


class Period(forms.Form):
    month = MonthField(required=False)


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2024-05", datetime.date(2024, 5, 1)),
        ("05/2024", datetime.date(2024, 5, 1)),
        ("5-2024", datetime.date(2024, 5, 1)),
        (" 12.1979 ", datetime.date(1979, 12, 1)),
        ("", None),
    ],
)
def test_a_month_is_read_as_its_first_day(typed, month):
    form = Period({"month": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == month


@pytest.mark.parametrize("typed", ["2024-13", "2024-05-01", "May 2024", "24-05", "0/2024"])
def test_anything_else_is_refused_with_an_example_and_kept_as_typed(typed):
    form = Period({"month": typed})
    assert not form.is_valid()
    assert form.errors["month"] == ["Enter a month and its year: for example 05/2024."]
    assert f'value="{typed}"' in str(form["month"])
    assert 'type="month"' in str(form["month"])


def test_a_month_ends_on_its_last_day():
    assert month_end(datetime.date(2024, 2, 1)) == datetime.date(2024, 2, 29)
    assert month_end(datetime.date(2023, 12, 1)) == datetime.date(2023, 12, 31)
    assert month_end(datetime.date(2023, 4, 1)) == datetime.date(2023, 4, 30)
