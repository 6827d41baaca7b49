"""Forms that declare and lift a conflict of interest."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, SearchChoiceField

from ..models import Lawyer, LawyerStatus


class ConflictForm(forms.Form):
    lawyer = SearchChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.exclude(status=LawyerStatus.REFUSED),
        search_url=reverse_lazy("representation:lawyer_choices", query={"among": "conflict"}),
    )
    description = forms.CharField(
        label=_("Nature of the conflict"), widget=forms.Textarea(attrs={"rows": 2})
    )
    declared_on = DateField(label=_("Declared on"), required=False)


class LiftConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for lifting"), widget=forms.Textarea(attrs={"rows": 2})
    )
    lifted_on = DateField(label=_("Lifted on"), required=False)
