from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications.uploads import CheckedUpload, check_upload
from vss.core.forms import DateField
from vss.geo.models import Province
from vss.proceedings.models import Case

from .models import Lawyer, LawyerDocumentKind, LawyerKind, LawyerStatus
from .selectors import LawyerFilters, WithoutLawyerFilters
from .services import LawyerData


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

    def lawyer_data(self) -> LawyerData:
        return LawyerData(**self.cleaned_data)

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


class _CheckedFileForm(forms.Form):
    """A form with one file judged by its bytes (PDF or image)."""

    file_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked: CheckedUpload | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            if self.file_required:
                raise ValidationError(_("Choose a file."))
            return upload
        self.checked = check_upload(upload)
        return upload


class LawyerDocumentForm(_CheckedFileForm):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *LawyerDocumentKind.choices])
    file = forms.FileField(label=_("File"), required=False)


class LinkAccountForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=policy.lawyer_accounts(User.objects.filter(is_active=True, lawyer__isnull=True)),
        empty_label="—",
    )


class LeadAppointForm(forms.Form):
    seat = forms.ChoiceField(label=_("Seat"), choices=LawyerKind.choices)
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        empty_label="—",
    )
    appointed_on = DateField(label=_("Appointed on"))


class EndForm(forms.Form):
    """The end of an appointment or a mandate: a date and the reason."""

    ended_on = DateField(label=_("Ended on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RepresentationAddForm(_CheckedFileForm):
    file_required = False

    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        empty_label="—",
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


class PowerOfAttorneyForm(_CheckedFileForm):
    file = forms.FileField(label=_("Power of attorney"), required=False)


class ConflictForm(forms.Form):
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"),
        queryset=Lawyer.objects.exclude(status=LawyerStatus.REFUSED),
        empty_label="—",
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


class WithoutLawyerFilterForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=Case.objects.filter(closing_order_on__isnull=False),
        required=False,
        empty_label=_("Any"),
    )
    province = forms.ModelChoiceField(
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
