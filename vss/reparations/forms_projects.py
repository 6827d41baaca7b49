"""The forms of a project's pages: the list's filters, the project itself, its partners,
its documents, its lifecycle's moves and the Lead Co-Lawyers' requests."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import User
from vss.core.forms import (
    DateField,
    RecordChoiceField,
    RecordsField,
    RefusalTakesTheFocus,
    VersionField,
    offer_choices,
)
from vss.proceedings.models import Case
from vss.representation.forms.uploads import CheckedFileForm
from vss.support.forms import UserChoiceField

from . import workflow
from .models import (
    Category,
    Chamber,
    Project,
    ProjectDocumentKind,
    ProjectStatus,
    Track,
)
from .selectors.projects import (
    ProjectFilters,
    cases_of_projects,
    groups_of_cases,
    officers,
    partner_organisations,
)
from .services.projects import TITLES, PartnerData, ProjectData, ProjectUpload

ALL = [("", _("All"))]


class ProjectFilterForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False, empty_label=_("All")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[*ALL, *Category.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[*ALL, *ProjectStatus.choices], required=False
    )
    track = forms.ChoiceField(label=_("Track"), choices=[*ALL, *Track.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases_of_projects())

    def filters(self) -> ProjectFilters:
        if not self.is_valid():
            return ProjectFilters()
        d = self.cleaned_data
        return ProjectFilters(
            case=d["case"].pk if d["case"] else None,
            category=d["category"],
            status=d["status"],
            track=d["track"],
        )


class GroupChoiceField(RecordsField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.case.number}: {obj}"


class ProjectForm(RefusalTakesTheFocus, forms.Form):
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    title_fr = forms.CharField(label=_("Title in French"), max_length=300)
    description_km = forms.CharField(
        label=_("Description in Khmer"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_en = forms.CharField(
        label=_("Description in English"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_fr = forms.CharField(
        label=_("Description in French"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    cases = RecordsField(
        label=_("Cases"),
        queryset=Case.objects.none(),
        help_text=_("The project's reference is made from the first of its cases."),
    )
    groups_served = GroupChoiceField(
        label=_("Groups served"),
        queryset=groups_of_cases().none(),
        required=False,
        help_text=_("Civil Party groups of the project's cases."),
    )
    officer = UserChoiceField(label=_("Responsible officer"), queryset=User.objects.none())

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(
            self,
            cases=cases_of_projects(),
            groups_served=groups_of_cases().order_by("case__number", "name"),
            officer=officers(),
        )
        for name in TITLES:
            self.fields[name].widget.attrs["lang"] = name[-2:]
        if project is not None:
            # The project's version when the form was opened (see project_update).
            self.fields["version"] = VersionField()

    @classmethod
    def initial_of(cls, project: Project) -> dict[str, Any]:
        return {
            **{
                name: getattr(project, name)
                for name in (
                    *TITLES,
                    "description_km",
                    "description_en",
                    "description_fr",
                    "category",
                )
            },
            "cases": list(project.cases.all()),
            "groups_served": list(project.groups_served.all()),
            "officer": project.officer_id,
            "version": project.version,
        }

    def project_data(self) -> ProjectData:
        d = self.cleaned_data
        return ProjectData(
            title_km=d["title_km"],
            title_en=d["title_en"],
            title_fr=d["title_fr"],
            description_km=d["description_km"],
            description_en=d["description_en"],
            description_fr=d["description_fr"],
            category=d["category"],
            cases=list(d["cases"]),
            groups_served=list(d["groups_served"]),
            officer=d["officer"],
        )


class PartnerForm(RefusalTakesTheFocus, forms.Form):
    organisation = RecordChoiceField(
        label=_("Partner organisation"), queryset=partner_organisations()
    )
    is_lead = forms.BooleanField(
        label=_("Lead implementer"),
        required=False,
        help_text=_(
            "The lead implementer answers for the project; a new lead replaces the former."
        ),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    def partner_data(self) -> PartnerData:
        d = self.cleaned_data
        return PartnerData(
            organisation=d["organisation"],
            is_lead=d["is_lead"],
            contact_name=d["contact_name"],
            contact_email=d["contact_email"],
            contact_phone=d["contact_phone"],
        )


class ReasonForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(RefusalTakesTheFocus, CheckedFileForm):
    kind = forms.ChoiceField(label=_("Document"), choices=ProjectDocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or TIFF."))

    def upload(self) -> ProjectUpload:
        assert self.checked is not None
        return ProjectUpload(
            kind=self.cleaned_data["kind"], file=self.cleaned_data["file"], checked=self.checked
        )


# The document a move is most often recorded with.
DOCUMENT_OF_MOVE = {
    ProjectStatus.DESIGNED: ProjectDocumentKind.CONCEPT_NOTE,
    ProjectStatus.REQUESTED: ProjectDocumentKind.CLAIM,
    ProjectStatus.ENDORSED: ProjectDocumentKind.JUDGMENT,
    ProjectStatus.REJECTED: ProjectDocumentKind.JUDGMENT,
    ProjectStatus.AGREEMENT_SIGNED: ProjectDocumentKind.AGREEMENT,
    ProjectStatus.EVALUATED: ProjectDocumentKind.EVALUATION,
}


class MoveForm(RefusalTakesTheFocus, CheckedFileForm):
    """One move of the lifecycle, with the fields its row of the table asks for; each
    move's form has its own prefix, so that a page may hold several."""

    file_required = False

    happened_on = DateField(label=_("Date"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    chamber = forms.ChoiceField(label=_("Chamber"), choices=Chamber.choices)
    document_number = forms.CharField(label=_("Court document number"), max_length=40)
    underfunded_reason = forms.CharField(
        label=_("Reason for requesting it before its funding is secured"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # What the file is, when one is sent; the move's usual document unless told.
    kind = forms.ChoiceField(
        label=_("Document"), choices=ProjectDocumentKind.choices, required=False
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("Optional. PDF, JPEG, PNG or TIFF.")
    )
    version = VersionField()

    def __init__(self, *args: Any, project: Project, move: workflow.Transition, **kwargs: Any):
        kwargs.setdefault("prefix", f"move-{move.to}")
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", project.version)
        kwargs["initial"].setdefault(
            "kind", DOCUMENT_OF_MOVE.get(move.to, ProjectDocumentKind.OTHER)
        )
        super().__init__(*args, **kwargs)
        self.move = move
        if move.reason_required:
            self.fields["reason"].required = True
        if not move.judgment:
            del self.fields["chamber"], self.fields["document_number"]
        if move.to != workflow.INTO_THE_CLAIM:
            del self.fields["underfunded_reason"]
        elif project.secured_usd < project.budget_usd:
            self.fields["underfunded_reason"].help_text = _(
                "Secured: USD %(secured)s of USD %(budget)s. The court asks that funding be "
                "secured before it endorses: say why the project goes into the claim without."
            ) % {"secured": project.secured_usd, "budget": project.budget_usd}

    def uploads(self) -> list[ProjectUpload]:
        if self.checked is None:
            return []
        return [
            ProjectUpload(
                kind=self.cleaned_data["kind"]
                or DOCUMENT_OF_MOVE.get(self.move.to, ProjectDocumentKind.OTHER),
                file=self.cleaned_data["file"],
                checked=self.checked,
            )
        ]


class ClaimRequestForm(RefusalTakesTheFocus, forms.Form):
    case = RecordChoiceField(label=_("Case"), queryset=Case.objects.none())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, cases: list[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases_of_projects().filter(pk__in=[c.pk for c in cases]))
        if len(cases) == 1:
            self.fields["case"].initial = cases[0].pk
