"""The consultation's forms: the list's filters and its actions on the ticked rows, a
proposal recorded by hand, tags, themes, and the tally's case."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import User
from vss.core.forms import DateField, RecordChoiceField, RefusalTakesTheFocus, VersionField
from vss.core.validation import ticked_ids
from vss.people.models import Language

from .models import Category, Project, ProposalSource
from .selectors import consultation as selectors
from .selectors.consultation import ANSWERED, NOT_ANSWERED, NOT_SORTED, ProposalFilters
from .services.consultation import HAND_SOURCES, ProposalData


class CaseChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.number)


class ProposalFilterForm(forms.Form):
    case = CaseChoiceField(
        label=_("Case"), queryset=selectors.cases(), required=False, empty_label=_("All")
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All")), (NOT_SORTED, _("Not yet sorted")), *Category.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All")), *ProposalSource.choices], required=False
    )
    province = RecordChoiceField(
        label=_("Province"), queryset=selectors.provinces(), required=False, empty_label=_("All")
    )
    tag = RecordChoiceField(
        label=_("Tag"), queryset=selectors.tags(), required=False, empty_label=_("All")
    )
    theme = RecordChoiceField(
        label=_("Theme"), queryset=selectors.themes(), required=False, empty_label=_("All")
    )
    answered = forms.ChoiceField(
        label=_("Answered by a project"),
        choices=[("", _("All")), (ANSWERED, _("Answered")), (NOT_ANSWERED, _("Not answered"))],
        required=False,
    )
    project = RecordChoiceField(
        label=_("Project that answers them"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_answering_for_user(user)  # type: ignore[attr-defined]

    def filters(self) -> ProposalFilters:
        if not self.is_valid():
            return ProposalFilters()
        d = self.cleaned_data
        return ProposalFilters(
            case_id=d["case"].pk if d["case"] else None,
            category=d["category"],
            source=d["source"],
            province_id=d["province"].pk if d["province"] else "",
            tag_id=d["tag"].pk if d["tag"] else None,
            theme_id=d["theme"].pk if d["theme"] else None,
            answered=d["answered"],
            project_id=d["project"].pk if d["project"] else None,
        )


class BulkAction:
    CATEGORY = "category"
    TAG = "tag"
    THEME = "theme"
    PROJECT = "project"


class ProposalBulkForm(forms.Form):
    """One action on the proposals ticked on the list (`proposal`, one value each); each
    action reads its own field; `filters` brings the officer back to the list as it was."""

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (BulkAction.CATEGORY, _("Set the category")),
            (BulkAction.TAG, _("Add a tag")),
            (BulkAction.THEME, _("Put in a theme")),
            (BulkAction.PROJECT, _("Link to a project that answers them")),
        ],
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *Category.choices], required=False
    )
    tag = RecordChoiceField(label=_("Tag"), queryset=selectors.tags(), required=False)
    theme = RecordChoiceField(label=_("Theme"), queryset=selectors.themes(), required=False)
    project = RecordChoiceField(label=_("Project"), queryset=Project.objects.none(), required=False)
    filters = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_for_linking(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ids = ticked_ids(self.data, "proposal")
        if not ids:
            raise ValidationError(_("Tick the proposals to act on."))
        if None in ids:
            raise ValidationError(
                _("This form was sent incomplete. Reload the list and try again.")
            )
        cleaned["proposals"] = ids
        action = cleaned.get("action")
        if action and not cleaned.get(action):
            self.add_error(action, _("Choose what to set for the ticked proposals."))
        return cleaned


class ProposalForm(RefusalTakesTheFocus, forms.Form):
    case = CaseChoiceField(label=_("Case"), queryset=selectors.cases())
    source = forms.ChoiceField(
        label=_("Voiced"),
        choices=[
            (value, label) for value, label in ProposalSource.choices if value in HAND_SOURCES
        ],
        widget=forms.RadioSelect,
    )
    occasion = forms.CharField(
        label=_("Forum or consultation"),
        max_length=200,
        required=False,
        help_text=_("Its name, for example: Regional forum, Kampong Cham."),
    )
    voiced_on = DateField(label=_("Date"), required=False)
    group = RecordChoiceField(
        label=_("Group of Civil Parties"), queryset=selectors.groups(), required=False
    )
    organisation = RecordChoiceField(
        label=_("Organisation"), queryset=selectors.organisations(), required=False
    )
    province = RecordChoiceField(
        label=_("Province"), queryset=selectors.provinces(), required=False
    )
    text = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        help_text=_("In the words and the language it was given; do not translate it."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)

    def data_for_service(self) -> ProposalData:
        d = self.cleaned_data
        return ProposalData(
            case=d["case"],
            source=d["source"],
            text=d["text"],
            language=d["language"],
            category=d["category"],
            province=d["province"],
            occasion=d["occasion"],
            voiced_on=d["voiced_on"],
            group=d["group"],
            organisation=d["organisation"],
        )


class ProposalCorrectionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Not yet sorted")), *Category.choices], required=False
    )
    version = VersionField()


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = VersionField()


class TagForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("New tag"), max_length=60)


class ThemeForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=200)
    case = CaseChoiceField(label=_("Case"), queryset=selectors.cases())
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)


class ThemeProjectForm(forms.Form):
    project = RecordChoiceField(
        label=_("Project that answers them"), queryset=Project.objects.none()
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = selectors.projects_for_linking(user)  # type: ignore[attr-defined]


class ImportForm(RefusalTakesTheFocus, forms.Form):
    case = CaseChoiceField(label=_("Case"), queryset=selectors.cases())


class TallyFilterForm(forms.Form):
    case = CaseChoiceField(label=_("Case"), queryset=None, required=False, empty_label=_("All"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = selectors.tally_cases_for_user(user)  # type: ignore[attr-defined]

    def case_id(self) -> int | None:
        if not self.is_valid() or self.cleaned_data["case"] is None:
            return None
        return int(self.cleaned_data["case"].pk)
