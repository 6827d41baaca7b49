"""The form that appoints a case's Lead Co-Lawyer (an appointment ends with EndForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, RecordChoiceField

from ..models import Lawyer, LawyerKind


class LeadAppointForm(forms.Form):
    seat = forms.ChoiceField(label=_("Seat"), choices=LawyerKind.choices)
    lawyer = RecordChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        empty_label="—",
    )
    appointed_on = DateField(label=_("Appointed on"))
