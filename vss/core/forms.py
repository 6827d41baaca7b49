from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date typed by hand is read day first, as dates are written in Cambodia."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a real date, day first: for example 25/12/1950."),
    }


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form that asked for it, beside the field it is
    about (or above the form), so the user sees why and keeps what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
