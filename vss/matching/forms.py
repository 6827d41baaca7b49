from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Keep the record of"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        survivor = self.fields["survivor"]
        assert isinstance(survivor, forms.TypedChoiceField)
        survivor.choices = choices
        survivor.widget = forms.RadioSelect(choices=choices)


class DifferentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UnmergeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
