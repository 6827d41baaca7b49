from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .engine.records import PersonRecord


class MergeForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Keep the record of"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason why these are the same person.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        survivor = self.fields["survivor"]
        assert isinstance(survivor, forms.TypedChoiceField)
        survivor.choices = choices
        survivor.widget = forms.RadioSelect(choices=choices)


class DifferentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason why these are different people.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Shown beside the merge form, which asks for a reason too: ids of its own, so
        # that each label names its own field.
        kwargs.setdefault("auto_id", "id_different_%s")
        super().__init__(*args, **kwargs)


class UnmergeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class LiveCheckForm(forms.Form):
    """The applicant section of the VIF form as it is being typed (prefix "applicant"):
    what it holds so far, read leniently, since most of it is not typed yet."""

    family_name_latin = forms.CharField(
        label=_("Family name (Latin)"), required=False, max_length=100
    )
    given_name_latin = forms.CharField(
        label=_("Given name (Latin)"), required=False, max_length=100
    )
    family_name_km = forms.CharField(label=_("Family name (Khmer)"), required=False, max_length=100)
    given_name_km = forms.CharField(label=_("Given name (Khmer)"), required=False, max_length=100)
    sex = forms.CharField(label=_("Sex"), required=False, max_length=20)
    # The bounds of the form's own field: anything else is not a year the matcher can use.
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1880, max_value=2100
    )
    birth_date = forms.CharField(label=_("Date of birth"), required=False, max_length=40)
    village = forms.CharField(label=_("Village"), required=False, max_length=40)

    def __init__(self, data: Any) -> None:
        super().__init__(data, prefix="applicant")

    def _year(self) -> int | None:
        data = self.cleaned_data
        if data.get("birth_year") is not None:
            return int(data["birth_year"])
        born = data.get("birth_date", "")[:4]
        if born.isascii() and born.isdigit() and 1880 <= int(born) <= 2100:
            return int(born)
        return None

    def probe(self) -> PersonRecord:
        """The typed person as the matcher reads a record; a field typed wrongly is left
        out (its error is shown) and the others are still looked for."""
        data = self.cleaned_data
        village = data.get("village", "").strip()[:8]
        sex = data.get("sex", "")
        return PersonRecord(
            record_id="typed",
            family_name=data.get("family_name_latin", ""),
            given_name=data.get("given_name_latin", ""),
            family_name_km=data.get("family_name_km", ""),
            given_name_km=data.get("given_name_km", ""),
            sex=sex if sex != "unknown" else "",
            birth_year=self._year(),
            village_code=village
            if village.isascii() and village.isdigit() and len(village) == 8
            else "",
        )
