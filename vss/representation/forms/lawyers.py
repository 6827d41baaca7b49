"""Forms of the list of lawyers and of a lawyer's file."""

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.forms import DateField, RecordChoiceField, VersionField, sent_values

from ..models import Lawyer, LawyerDocumentKind, LawyerKind, LawyerStatus
from ..selectors.lawyers import LawyerFilters
from ..services.lawyers import LawyerData
from .uploads import CheckedFileForm


class LawyerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or bar number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *LawyerStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("National or international"),
        choices=[("", _("Any")), *LawyerKind.choices],
        required=False,
    )
    language = forms.CharField(label=_("Working language"), required=False)

    def filters(self) -> LawyerFilters:
        if not self.is_valid():
            return LawyerFilters()
        d = self.cleaned_data
        return LawyerFilters(
            query=d["q"], status=d["status"], kind=d["kind"], language=d["language"]
        )


class LawyerForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    name_km = forms.CharField(label=_("Name in Khmer"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("National or international"), choices=LawyerKind.choices)
    bar = forms.CharField(label=_("Bar association"), max_length=200)
    bar_number = forms.CharField(label=_("Bar registration number"), max_length=50)
    languages = forms.CharField(
        label=_("Working languages"), max_length=200, help_text=_("For example: Khmer, French.")
    )
    legal_team = forms.CharField(
        label=_("Organisation or legal team"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    applied_on = DateField(label=_("Date of application"))
    # The version of the record the form was opened on: required on an edit.
    version = VersionField(required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def lawyer_data(self, lawyer: Lawyer | None = None) -> LawyerData:
        """The record as the form leaves it. On an edit, a field the POST did not carry
        keeps the value saved: a form never clears what it did not show."""
        names = [f.name for f in fields(LawyerData)]
        kept = {} if lawyer is None else {name: getattr(lawyer, name) for name in names}
        return LawyerData(**{**kept, **sent_values(self, names)})

    @staticmethod
    def initial_for(lawyer: Lawyer) -> dict[str, Any]:
        return {name: getattr(lawyer, name) for name in LawyerForm.base_fields}


class LawyerDecisionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Decision"))
    decided_on = DateField(label=_("Date of decision"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for every decision but recognition."),
    )

    def __init__(self, *args: Any, decisions: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, LawyerStatus(value).label) for value in decisions]


class LawyerDocumentForm(CheckedFileForm):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *LawyerDocumentKind.choices])
    file = forms.FileField(label=_("File"), required=False)


class LinkAccountForm(forms.Form):
    user = RecordChoiceField(
        label=_("Account"),
        queryset=policy.lawyer_accounts(User.objects.filter(is_active=True, lawyer__isnull=True)),
        empty_label="—",
    )
