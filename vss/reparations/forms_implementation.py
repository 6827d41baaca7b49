"""Forms of a project at work. A file is judged by its content when the form is cleaned
(`check_upload`): what reaches the service is what the check kept."""

from functools import cached_property
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.applications.forms import CheckedFileForm
from vss.applications.uploads import check_upload
from vss.core.forms import DateField, RecordChoiceField, RefusalTakesTheFocus
from vss.geo.models import Province
from vss.people.models import Language, Sex

from .services.implementation import CheckedFile, PeopleReached

# A phone offers its camera for this, beside its files.
PHOTO_OR_PDF = forms.FileInput(attrs={"accept": "image/*,application/pdf"})


def _reader_language() -> str:
    language = (get_language() or "km")[:2]
    return language if language in Language.values else Language.KHMER


class MilestoneForm(RefusalTakesTheFocus, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due_on = DateField(label=_("Due on"))


class MilestoneDoneForm(RefusalTakesTheFocus, forms.Form):
    done_on = DateField(label=_("Done on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ArchiveForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ProgressReportForm(RefusalTakesTheFocus, forms.Form):
    period_start = DateField(label=_("Period from"))
    period_end = DateField(label=_("Period to"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)
    text = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The project's donors read it: say what was done and for how many people, "
            "without naming anyone."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _reader_language()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class PeopleReachedForm(forms.Form):
    province = RecordChoiceField(label=_("Province"), queryset=Province.objects.all())
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    count = forms.IntegerField(label=_("People reached"), min_value=0, max_value=10_000_000)

    def has_changed(self) -> bool:
        # A row left empty still sends the sex its list shows first: it is no count.
        return any(name != "sex" for name in self.changed_data)

    def people_reached(self) -> PeopleReached:
        d = self.cleaned_data
        return PeopleReached(province=d["province"], sex=d["sex"], count=d["count"])


class BasePeopleReachedFormSet(forms.BaseFormSet):
    """Every row offers the same provinces: read once for the page, not once per row."""

    @cached_property
    def _provinces(self) -> list[Any]:
        field = self.form.base_fields["province"]
        assert isinstance(field, forms.ModelChoiceField)
        return list(field.iterator(field))

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        province = form.fields["province"]
        assert isinstance(province, forms.ModelChoiceField)
        province.choices = self._provinces

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or not data.get("province"):
                continue
            key = (data["province"].pk, data["sex"])
            if key in seen:
                raise ValidationError(
                    _("%(province)s is counted twice for the same sex: give one count for each.")
                    % {"province": data["province"]}
                )
            seen.add(key)

    def people_reached(self) -> list[PeopleReached]:
        return [
            form.people_reached()  # type: ignore[attr-defined]
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


# absolute_max: a posted count beyond the limit is refused, not read as up to a thousand
# rows (Django's default margin). 25 provinces by three values of sex: 75 rows at most.
PeopleReachedFormSet = cast(
    type[BasePeopleReachedFormSet],
    forms.formset_factory(
        PeopleReachedForm,
        formset=BasePeopleReachedFormSet,
        extra=2,
        max_num=75,
        absolute_max=75,
    ),
)


class AttachmentForm(CheckedFileForm):
    """A file or photo of a report; one checked on an earlier attempt at the form is
    kept aside, since browsers never fill a file input again (CheckedFileForm)."""

    file = forms.FileField(label=_("File or photo"), widget=PHOTO_OR_PDF, required=False)
    caption = forms.CharField(
        label=_("Caption"),
        max_length=300,
        required=False,
        help_text=_("What the photo shows; name no one."),
    )

    @property
    def checked_file(self) -> CheckedFile | None:
        if self.checked is None or not hasattr(self, "cleaned_data"):
            return None
        caption = self.cleaned_data.get("caption", "")
        if self.kept is not None:
            return CheckedFile(
                upload=self.kept.file,
                checked=self.checked,
                caption=caption,
                staged_path=self.kept.path,
            )
        return CheckedFile(upload=self.cleaned_data["file"], checked=self.checked, caption=caption)


class BaseAttachmentFormSet(forms.BaseFormSet):
    def keep_for_next_attempt(self) -> None:
        for form in self.forms:
            form.keep_for_next_attempt()  # type: ignore[attr-defined]

    def checked_files(self) -> list[CheckedFile]:
        return [
            form.checked_file  # type: ignore[attr-defined]
            for form in self.forms
            if getattr(form, "checked_file", None) is not None
        ]


AttachmentFormSet = cast(
    type[BaseAttachmentFormSet],
    forms.formset_factory(
        AttachmentForm, formset=BaseAttachmentFormSet, extra=2, max_num=10, absolute_max=10
    ),
)


class SingleAttachmentForm(RefusalTakesTheFocus, AttachmentForm):
    """A file added to a report already submitted."""


class ParticipationForm(RefusalTakesTheFocus, forms.Form):
    vss_number = forms.CharField(
        label=_("VSS number"),
        max_length=40,
        help_text=_("The Civil Party's number, as on their application."),
        widget=forms.TextInput(attrs={"translate": "no", "autocomplete": "off"}),
    )
    took_part_on = DateField(label=_("Took part on"), required=False)


class EvaluationForm(RefusalTakesTheFocus, forms.Form):
    evaluated_on = DateField(label=_("Evaluated on"))
    evaluator = forms.CharField(label=_("Evaluator"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the findings"), choices=Language.choices)
    summary = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 8}))
    document = forms.FileField(
        label=_("Evaluation report"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = _reader_language()
        self.checked_document: CheckedFile | None = None

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            checked = check_upload(upload)
            assert checked.file is not None
            self.checked_document = CheckedFile(upload=checked.file, checked=checked)
        return upload
