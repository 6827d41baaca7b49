from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation, OrganisationKind
from vss.core.forms import DateField, RecordChoiceField, SentCheckboxInput, VersionField
from vss.core.validation import ticked_ids
from vss.geo.fields import VillageField, VillageInput
from vss.geo.models import CrimeSite, Province
from vss.people.forms import RELATIONSHIP_CHOICES, FreeTextForm
from vss.people.models import Relationship
from vss.people.services import PersonData
from vss.policy import Right
from vss.proceedings.models import Case, CrimeType

from .models import (
    ApplicationKind,
    Channel,
    DocumentKind,
    HarmKind,
    SignatureKind,
    Status,
    VictimType,
)
from .selectors import ApplicationFilters
from .services import FORM_FREE_TEXT, CaseRequest, CrimeData, DocumentData, FormData, HarmData
from .uploads import (
    CheckedUpload,
    StagedUpload,
    check_upload,
    load_staged,
    stage_upload,
    staged_name,
)

KR_YEARS = (1975, 1979)


def filing_rule_errors(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rules a VIF's filing details keep together, as (field, message): the VIF's form
    and the import of legacy spreadsheets (vss.imports) both apply them."""
    errors = []
    today = timezone.localdate()
    for name in ("received_on", "signed_on"):
        if data.get(name) and data[name] > today:
            errors.append((name, str(_("The date cannot be in the future."))))
    if data.get("channel") == Channel.INTERMEDIARY and not data.get("intermediary"):
        errors.append(("intermediary", str(_("Name the intermediary organisation."))))
    return errors


class FilingForm(FreeTextForm):
    free_text_fields = FORM_FREE_TEXT

    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices)
    intermediary = RecordChoiceField(
        label=_("Intermediary organisation"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY),
        required=False,
        empty_label="—",
    )
    received_on = DateField(label=_("Date received by the VSS"), required=False)
    signed_on = DateField(label=_("Date signed"), required=False)
    signature = forms.ChoiceField(
        label=_("Signature"),
        choices=SignatureKind.choices,
        initial=SignatureKind.NONE,
        help_text=_(
            "For a thumbprint, add a photo or scan of the print, or of the thumbprinted "
            "page, under Supporting documents as “Thumbprint”."
        ),
    )
    # Sent with a hidden companion: a correction that did not send a box keeps it.
    consent_share_with_court = forms.BooleanField(
        label=_("Consents to share the form with the judges and parties"),
        required=False,
        widget=SentCheckboxInput,
    )
    consent_contact = forms.BooleanField(
        label=_("Consents to be contacted by the VSS"), required=False, widget=SentCheckboxInput
    )
    consent_publish_name = forms.BooleanField(
        label=_("Consents to the publication of their name"),
        required=False,
        widget=SentCheckboxInput,
    )
    account = forms.CharField(
        label=_("Account of events"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reparation_wishes = forms.CharField(
        label=_("Reparations wished for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Required when the form corrects a VIF (see VifBundle.build).
    version = VersionField(required=False)

    def __init__(self, *args: Any, intermediary_user: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.intermediary_user = intermediary_user
        if intermediary_user:
            # The organisation is the user's own; the service sets it.
            del self.fields["channel"]
            del self.fields["intermediary"]

    def clean(self) -> dict:
        data = super().clean() or {}
        for name, message in filing_rule_errors(data):
            self.add_error(name, message)
        return data

    def form_data(self) -> FormData:
        d = self.cleaned_data
        intermediary = d.get("intermediary")
        return FormData(
            channel=d.get("channel", Channel.INTERMEDIARY),
            intermediary_id=intermediary.pk if intermediary else None,
            received_on=d.get("received_on"),
            signed_on=d.get("signed_on"),
            signature=d["signature"],
            consent_share_with_court=d["consent_share_with_court"],
            consent_contact=d["consent_contact"],
            consent_publish_name=d["consent_publish_name"],
            account=d["account"].strip(),
            reparation_wishes=d["reparation_wishes"].strip(),
        )


class CasesForm(forms.Form):
    """One choice per case that takes applications: nothing, a Civil Party application or a complaint."""

    def __init__(
        self,
        *args: Any,
        locked_case_ids: set[int] | None = None,
        cases: list[Case] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The staff's forms offer every case that takes applications, late ones included
        # (a legal officer decides on a late filing); the public's offer fewer.
        if cases is None:
            cases = list(Case.objects.filter(accepts_applications=True, is_terminated=False))
        self.cases = cases
        self.locked_case_ids = locked_case_ids or set()
        for case in self.cases:
            field = forms.ChoiceField(
                label=str(case),
                choices=[("", _("Not named")), *ApplicationKind.choices],
                required=False,
                help_text=case.localized_title,
            )
            if case.pk in self.locked_case_ids:
                field.disabled = True
            self.fields[f"case_{case.pk}"] = field

    def clean(self) -> dict:
        data = super().clean() or {}
        if not any(data.get(f"case_{c.pk}") for c in self.cases) and not self.locked_case_ids:
            raise forms.ValidationError(_("Name at least one case."))
        return data

    def requests(self) -> list[CaseRequest]:
        return [
            CaseRequest(case_id=case.pk, kind=self.cleaned_data[f"case_{case.pk}"])
            for case in self.cases
            if self.cleaned_data.get(f"case_{case.pk}") and case.pk not in self.locked_case_ids
        ]


class CrimeForm(FreeTextForm):
    free_text_fields = ("place_description",)

    crime_type = RecordChoiceField(
        label=_("Crime"), queryset=CrimeType.objects.all(), empty_label=_("Choose…")
    )
    crime_site = RecordChoiceField(
        label=_("Crime site"), queryset=CrimeSite.objects.all(), required=False, empty_label="—"
    )
    village = VillageField(
        label=_("Place (today's village)"),
        required=False,
        widget=VillageInput(),
    )
    place_description = forms.CharField(
        label=_("Place as described"), max_length=200, required=False
    )
    from_year = forms.IntegerField(
        label=_("From (year)"), required=False, min_value=1960, max_value=1990
    )
    to_year = forms.IntegerField(
        label=_("To (year)"), required=False, min_value=1960, max_value=1990
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("from_year") and data.get("to_year") and data["from_year"] > data["to_year"]:
            self.add_error("to_year", _("The period ends before it starts."))
        return data

    def crime_data(self) -> CrimeData:
        d = self.cleaned_data
        return CrimeData(
            crime_type_id=d["crime_type"].pk,
            crime_site_id=d["crime_site"].pk if d.get("crime_site") else None,
            village_id=d.get("village"),
            place_description=d["place_description"].strip(),
            from_year=d.get("from_year"),
            to_year=d.get("to_year"),
        )


class HarmForm(forms.Form):
    # An empty first choice, so that a row left untouched is not taken for a harm.
    kind = forms.ChoiceField(label=_("Harm"), choices=[("", "—"), *HarmKind.choices])
    victim_type = forms.ChoiceField(
        label=_("Victim"), choices=VictimType.choices, initial=VictimType.DIRECT
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    relationship = forms.ChoiceField(
        label=_("Relative is the applicant's"), choices=RELATIONSHIP_CHOICES, required=False
    )
    relative_family_name_km = forms.CharField(
        label=_("Relative's family name (Khmer)"), max_length=100, required=False
    )
    relative_given_name_km = forms.CharField(
        label=_("Relative's given name (Khmer)"), max_length=100, required=False
    )
    relative_family_name_latin = forms.CharField(
        label=_("Relative's family name (Latin)"), max_length=100, required=False
    )
    relative_given_name_latin = forms.CharField(
        label=_("Relative's given name (Latin)"), max_length=100, required=False
    )

    RELATIVE_NAME_FIELDS = (
        "relative_family_name_km",
        "relative_given_name_km",
        "relative_family_name_latin",
        "relative_given_name_latin",
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("victim_type") == VictimType.INDIRECT:
            if not any(data.get(f, "").strip() for f in self.RELATIVE_NAME_FIELDS):
                self.add_error(
                    "relative_family_name_km", _("Name the relative whose harm is claimed.")
                )
            if not data.get("relationship"):
                self.add_error(
                    "relationship", _("Say how the relative is related to the applicant.")
                )
        return data

    def harm_data(self) -> HarmData:
        d = self.cleaned_data
        relative = None
        if d["victim_type"] == VictimType.INDIRECT:
            relative = PersonData(
                family_name_km=d["relative_family_name_km"].strip(),
                given_name_km=d["relative_given_name_km"].strip(),
                family_name_latin=d["relative_family_name_latin"].strip(),
                given_name_latin=d["relative_given_name_latin"].strip(),
            )
        return HarmData(
            kind=d["kind"],
            victim_type=d["victim_type"],
            description=d["description"].strip(),
            relationship=d.get("relationship") or (Relationship.OTHER if relative else ""),
            relative=relative,
        )


class CheckedFileForm(forms.Form):
    """A file judged by its content when the form is cleaned (`checked`; the file kept
    is the one the check kept), and put aside when the form is refused for something
    else, so that the corrected form need not ask for it again (`keep_for_next_attempt`)."""

    file = forms.FileField(label=_("File"), required=False)
    # A file already checked on an earlier attempt at the same form (see uploads.py).
    staged = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id = user_id
        self.checked: CheckedUpload | None = None
        self.kept: StagedUpload | None = None

    def clean(self) -> dict:
        data = super().clean() or {}
        upload, token = data.get("file"), data.get("staged")
        try:
            if upload:
                self.checked = check_upload(upload)
                # What is stored and kept aside is what the check kept, not the upload.
                data["file"] = self.checked.file
            elif token and self.user_id is not None:
                self.kept = load_staged(token, user_id=self.user_id)
                self.checked = self.kept.checked
            else:
                self.add_error("file", _("Choose a file."))
        except ValidationError as error:
            self.add_error("file", error)
        return data

    def kept_name(self) -> str | None:
        token = self.data.get(self.add_prefix("staged")) if self.is_bound else None
        if not token or self.user_id is None:
            return None
        return staged_name(token, user_id=self.user_id)

    def keep_for_next_attempt(self) -> None:
        """Put a checked new file aside so the corrected form need not ask for it again."""
        upload = self.cleaned_data.get("file") if self.is_valid() else None
        if upload and self.checked and self.user_id is not None:
            # The view binds a mutable copy of the POST data, so the re-displayed form
            # carries the token in its hidden field.
            assert isinstance(self.data, QueryDict) and self.data._mutable
            self.data[self.add_prefix("staged")] = stage_upload(
                upload, self.checked, user_id=self.user_id
            )


class DocumentForm(CheckedFileForm):
    kind = forms.ChoiceField(label=_("Document"), choices=[("", "—"), *DocumentKind.choices])
    field_order = ["kind", "file", "staged"]

    def document_data(self) -> DocumentData:
        assert self.checked is not None
        if self.kept is not None:
            return DocumentData(
                kind=self.cleaned_data["kind"],
                upload=self.kept.file,
                checked=self.checked,
                staged_path=self.kept.path,
            )
        return DocumentData(
            kind=self.cleaned_data["kind"], upload=self.cleaned_data["file"], checked=self.checked
        )


class BaseCrimeFormSet(forms.BaseFormSet):
    """Every row offers the same crime types and crime sites: read them once for the
    page, not once per row."""

    SHARED_CHOICES = ("crime_type", "crime_site")

    @cached_property
    def _shared_choices(self) -> dict[str, list[Any]]:
        choices = {}
        for name in self.SHARED_CHOICES:
            field = self.form.base_fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            choices[name] = list(field.iterator(field))
        return choices

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        for name, choices in self._shared_choices.items():
            field = form.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.choices = choices


# absolute_max: a posted count beyond the limit is refused, not read as up to a thousand
# forms (Django's default margin), each validated.
CrimeFormSet = forms.formset_factory(
    CrimeForm, formset=BaseCrimeFormSet, extra=1, max_num=20, absolute_max=20
)
HarmFormSet = forms.formset_factory(HarmForm, extra=1, max_num=20, absolute_max=20)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, max_num=10, absolute_max=10)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    decided_on = DateField(label=_("Date"), required=False)
    court_document = forms.CharField(
        label=_("Court document number"),
        max_length=40,
        required=False,
        help_text=_("For example D5/1891."),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline_override_reason = forms.CharField(
        label=_("Reason for accepting a late application"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The application's version when the page was opened: a decision taken after someone
    # else's is refused, and a POST without it cannot be told from one.
    version = VersionField()

    def __init__(
        self, *args: Any, transitions: list[Any], may_accept_late: bool = False, **kwargs: Any
    ) -> None:
        """`transitions` are the moves the user may make from the application's status
        (policy.allowed_transitions); a field none of them uses is not offered."""
        super().__init__(*args, **kwargs)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [(t.to.value, t.to.label) for t in transitions]
        # The judges' decisions carry their court document; intake's moves have none.
        if not any(t.right == Right.DECIDE for t in transitions):
            del self.fields["court_document"]
        if not may_accept_late:
            del self.fields["deadline_override_reason"]

    def value(self, name: str) -> str:
        """A text field's cleaned value, empty when the form does not offer the field."""
        return str(self.cleaned_data.get(name, ""))


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or VSS number"), required=False)
    case = RecordChoiceField(
        label=_("Case"), queryset=Case.objects.all(), required=False, empty_label=_("Any")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False
    )
    province = RecordChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("Any")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any")), *Channel.choices], required=False
    )
    intermediary = RecordChoiceField(
        label=_("Intermediary"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY),
        required=False,
        empty_label=_("Any"),
    )
    received_from = DateField(label=_("Received from"), required=False)
    received_to = DateField(label=_("Received until"), required=False)

    def filters(self) -> ApplicationFilters:
        if not self.is_valid():
            return ApplicationFilters()
        d = self.cleaned_data
        return ApplicationFilters(
            query=d["q"],
            case_id=d["case"].pk if d["case"] else None,
            status=d["status"],
            province_code=d["province"].pk if d["province"] else "",
            channel=d["channel"],
            intermediary_id=d["intermediary"].pk if d["intermediary"] else None,
            received_from=d["received_from"],
            received_to=d["received_to"],
        )


class BatchReceiptForm(forms.Form):
    """The forms ticked on the list (`application`, one value each) and the day they came
    in; `filters` brings the officer back to the list as it was."""

    received_on = DateField(label=_("Received on"), required=False)
    filters = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_received_on(self) -> Any:
        received_on = self.cleaned_data["received_on"]
        if received_on is not None and received_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return received_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ids = ticked_ids(self.data, "application")
        if not ids:
            raise ValidationError(_("Tick the forms to receive first."))
        if None in ids:
            raise ValidationError(
                _("This form was sent incomplete. Reload the list and try again.")
            )
        cleaned["applications"] = ids
        return cleaned
