"""Forms of mandates: a lawyer given, a mandate or a seat ended, a power of attorney
filed, and the filters of the Civil Parties without a lawyer."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, RecordChoiceField, SearchChoiceField
from vss.geo.models import Province
from vss.proceedings.models import Case

from ..models import Lawyer
from ..selectors.mandates import WithoutLawyerFilters
from .uploads import CheckedFileForm


class EndForm(forms.Form):
    """The end of an appointment or a mandate: a date and the reason."""

    ended_on = DateField(label=_("Ended on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RepresentationAddForm(CheckedFileForm):
    file_required = False

    lawyer = SearchChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        search_url=reverse_lazy("representation:lawyer_choices", query={"among": "mandate"}),
    )
    started_on = DateField(label=_("From"))
    file = forms.FileField(label=_("Power of attorney"), required=False)
    override_reason = forms.CharField(
        label=_("Reason for overriding a conflict of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if a conflict of interest has been declared with this lawyer."),
    )

    def __init__(self, *args: Any, can_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_override:
            del self.fields["override_reason"]


class PowerOfAttorneyForm(CheckedFileForm):
    file = forms.FileField(label=_("Power of attorney"), required=False)


class WithoutLawyerFilterForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"),
        queryset=Case.objects.filter(closing_order_on__isnull=False),
        required=False,
        empty_label=_("Any"),
    )
    province = RecordChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("Any"),
    )

    def filters(self) -> WithoutLawyerFilters:
        if not self.is_valid():
            return WithoutLawyerFilters()
        d = self.cleaned_data
        return WithoutLawyerFilters(
            case_id=d["case"].pk if d["case"] else None,
            province_code=d["province"].pk if d["province"] else "",
        )
