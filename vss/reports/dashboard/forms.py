from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vss.applications.figures import ApplicationSelection, cases_counted_with
from vss.core.forms import DateField
from vss.proceedings.models import Case


class DashboardFilterForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.all(), required=False, empty_label=_("Any")
    )
    received_from = DateField(label=_("Received from"), required=False)
    received_to = DateField(label=_("Received until"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            raise ValidationError(_("The period ends before it starts."))
        return cleaned

    def selection(self) -> ApplicationSelection:
        """What the figures count; every application when the form was not sent."""
        if not self.is_bound:
            return ApplicationSelection()
        d = self.cleaned_data
        return ApplicationSelection(
            case_ids=cases_counted_with(d["case"]) if d["case"] else None,
            received_from=d["received_from"],
            received_to=d["received_to"],
        )
