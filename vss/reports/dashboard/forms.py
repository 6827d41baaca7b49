from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vss.applications.figures import ApplicationSelection, cases_counted_with
from vss.core.forms import MonthField, RecordChoiceField, month_end
from vss.proceedings.models import Case


class DashboardFilterForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"), queryset=Case.objects.all(), required=False, empty_label=_("Any")
    )
    # Whole months: the figures are kept by month of receipt (vss.tallies).
    received_from = MonthField(label=_("Received from (month)"), required=False)
    received_to = MonthField(label=_("Received until (month)"), required=False)

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
            received_to=month_end(d["received_to"]) if d["received_to"] else None,
        )
