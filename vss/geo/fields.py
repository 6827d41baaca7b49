import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Village
from .selectors import village_label

_CODE = re.compile(r"^\s*(\d{8})\b")


class VillageField(forms.CharField):
    """A village typed as its 8-digit code, alone or followed by its name (as the
    autocomplete offers it: "12010101 — Village, Commune, ..."). Names are never matched:
    the same village name exists in hundreds of communes."""

    default_error_messages = {
        "format": _("Choose a village from the list, or type its 8-digit code."),
        "unknown": _("There is no village with the code %(code)s."),
    }

    def to_python(self, value: object) -> str | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        match = _CODE.match(text)
        if not match:
            raise forms.ValidationError(self.error_messages["format"], code="format")
        code = match.group(1)
        if not Village.objects.filter(code=code).exists():
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            )
        return code


class VillageInput(forms.TextInput):
    """A text input that offers matching villages as the user types (HTMX fills the
    page's shared <datalist id="village-options">; vss/js/villages.js sends what is
    typed as `q`)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {
                "list": "village-options",
                "autocomplete": "off",
                "class": "village-input",
                "hx-get": reverse_lazy("geo:village_options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#village-options",
                "hx-sync": "this:replace",
                **(attrs or {}),
            }
        )


def village_value(village: Village | None) -> str:
    """A village on file as the village input shows it, the way the autocomplete offers
    it: code and names, so that the chosen village can be read on a form opened to edit
    it. The caller reads the village with its commune, district and province."""
    return f"{village.code} — {village_label(village)}" if village else ""
