"""Forms of Civil Party groups and of the grouping tool."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation, OrganisationKind
from vss.applications.models import Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.core.forms import RecordChoiceField, VersionField
from vss.core.validation import ticked_ids
from vss.geo.models import CrimeSite, Province
from vss.proceedings.models import Case

from ..models import CivilPartyGroup, GroupBasis, Lawyer, LawyerStatus
from ..selectors.groups import NONE, GroupingFilters


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    basis = forms.ChoiceField(label=_("Formed by"), choices=GroupBasis.choices)
    legal_team = forms.CharField(label=_("Legal team"), max_length=200, required=False)
    crime_site = RecordChoiceField(
        label=_("Crime site"), queryset=CrimeSite.objects.all(), required=False, empty_label="—"
    )
    intermediary = RecordChoiceField(
        label=_("Intermediary organisation"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY),
        required=False,
        empty_label="—",
    )
    province = RecordChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label="—"
    )
    lawyer = RecordChoiceField(
        label=_("Common lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        required=False,
        empty_label="—",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {
            GroupBasis.LEGAL_TEAM: "legal_team",
            GroupBasis.CRIME_SITE: "crime_site",
            GroupBasis.INTERMEDIARY: "intermediary",
            GroupBasis.PROVINCE: "province",
        }.get(data.get("basis", ""))
        if needed and not data.get(needed):
            self.add_error(needed, _("Name what the group is formed by."))
        return data


class GroupEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    lawyer = RecordChoiceField(
        label=_("Common lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        required=False,
        empty_label="—",
    )
    version = VersionField()


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"), widget=forms.Textarea(attrs={"rows": 2})
    )


class GroupingForm(forms.Form):
    """The selection (filters), the target and the common lawyer. The same fields travel
    in the preview's query string and in the confirmation, so both read one selection."""

    statuses = forms.MultipleChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Status if s in CIVIL_PARTIES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    province = RecordChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label="—"
    )
    crime_site = RecordChoiceField(
        label=_("Crime site named in the VIF"),
        queryset=CrimeSite.objects.all(),
        required=False,
        empty_label="—",
    )
    intermediary = RecordChoiceField(
        label=_("Intermediary organisation"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.INTERMEDIARY),
        required=False,
        empty_label="—",
    )
    current_group = forms.ChoiceField(label=_("Current group"), required=False)
    current_lawyer = forms.ChoiceField(label=_("Current lawyer"), required=False)
    target_group = RecordChoiceField(
        label=_("Move them to the group"), queryset=CivilPartyGroup.objects.none()
    )
    lawyer = RecordChoiceField(
        label=_("Common lawyer"),
        queryset=Lawyer.objects.on_the_list(),
        required=False,
        empty_label=_("The group's lawyer"),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = list(
            CivilPartyGroup.objects.filter(case=case, archived_at__isnull=True).select_related(
                "lawyer"
            )
        )
        target = self.fields["target_group"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = CivilPartyGroup.objects.filter(case=case, archived_at__isnull=True)
        current_group = self.fields["current_group"]
        assert isinstance(current_group, forms.ChoiceField)
        current_group.choices = [
            ("", _("Any")),
            (NONE, _("In no group")),
            *[(str(g.pk), str(g)) for g in groups],
        ]
        current_lawyer = self.fields["current_lawyer"]
        assert isinstance(current_lawyer, forms.ChoiceField)
        current_lawyer.choices = [
            ("", _("Any")),
            (NONE, _("Without a lawyer")),
            *[(str(lawyer.pk), str(lawyer)) for lawyer in Lawyer.objects.all()],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group = data.get("target_group")
        if group is not None and data.get("lawyer") is None:
            if group.lawyer is None or group.lawyer.status != LawyerStatus.RECOGNISED:
                self.add_error("lawyer", _("Choose the common lawyer: the group has none."))
            else:
                data["lawyer"] = group.lawyer
        return data

    def filters(self) -> GroupingFilters:
        d = self.cleaned_data
        return GroupingFilters(
            statuses=list(d["statuses"]),
            province_code=d["province"].pk if d["province"] else "",
            crime_site_id=d["crime_site"].pk if d["crime_site"] else None,
            intermediary_id=d["intermediary"].pk if d["intermediary"] else None,
            group=d["current_group"],
            lawyer=d["current_lawyer"],
        )


class ConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput)
    end_other_mandates = forms.BooleanField(
        label=_("End their other lawyers' mandates"), required=False, initial=True
    )
    conflict_override_reason = forms.CharField(
        label=_("Reason for overriding the conflicts of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class _GroupChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        lawyer = obj.lawyer or _("no common lawyer")
        return f"{obj.case.number} · {obj} · {lawyer}"


class AddToGroupForm(forms.Form):
    """Civil Parties ticked on a list (`application`, one value each) and the group they
    join, under its common lawyer; `filters` brings the officer back to the list as it
    was."""

    group = _GroupChoiceField(
        label=_("Group"),
        queryset=CivilPartyGroup.objects.filter(archived_at__isnull=True)
        .select_related("case", "lawyer")
        .order_by("case__number", "name"),
        empty_label="—",
    )
    filters = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ids = ticked_ids(self.data, "application")
        if not ids:
            raise forms.ValidationError(_("Tick the Civil Parties to add first."))
        if None in ids:
            raise forms.ValidationError(
                _("This form was sent incomplete. Reload the list and try again.")
            )
        cleaned["applications"] = ids
        return cleaned
