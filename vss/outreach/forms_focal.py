"""Forms of the focal persons' pages. The Civil Party to appoint is found by a search
(their name or VSS number), never picked from a list of every Civil Party; a signed list
is judged by its content when the form is cleaned (`check_upload`)."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.applications.forms import CheckedFileForm
from vss.applications.uploads import stage_upload
from vss.core.forms import (
    DateField,
    RecordChoiceField,
    RefusalTakesTheFocus,
    VersionField,
    offer_choices,
)
from vss.geo.fields import VillageField, VillageInput
from vss.geo.models import District, Village

from .models import Event
from .selectors import focal as selectors
from .selectors.focal import FocalFilters, FocalState
from .services.focal import CheckedScan

PHOTO_OR_PDF = forms.FileInput(attrs={"accept": "image/*,application/pdf"})


class DistrictChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: District) -> str:  # type: ignore[override]
        return f"{obj.localized_name} ({obj.province.localized_name})"


class FocalFilterForm(forms.Form):
    province = RecordChoiceField(
        label=_("Province"), queryset=selectors.provinces(), required=False, empty_label=_("All")
    )
    district = DistrictChoiceField(
        label=_("District"), queryset=selectors.districts(), required=False, empty_label=_("All")
    )
    village = VillageField(label=_("Village"), required=False, widget=VillageInput())
    state = forms.ChoiceField(
        label=_("Appointment"),
        choices=[(FocalState.CURRENT, _("Current")), (FocalState.ARCHIVED, _("Ended"))],
        required=False,
    )

    def filters(self) -> FocalFilters:
        if not self.is_valid():
            return FocalFilters()
        d = self.cleaned_data
        return FocalFilters(
            province_code=d["province"].pk if d["province"] else "",
            district_code=d["district"].pk if d["district"] else "",
            village_code=d["village"] or "",
            state=d["state"] or FocalState.CURRENT,
        )


class AppointForm(RefusalTakesTheFocus, forms.Form):
    """`query` finds the Civil Party (HTMX fills the choices as it is typed, or the
    search button draws the page again with them); `person` is the one chosen."""

    query = forms.CharField(
        label=_("Civil Party"),
        required=False,
        max_length=100,
        help_text=_("Type a name or a VSS number, then choose the person below."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "type": "search",
                "hx-get": reverse_lazy("outreach:focal_candidates"),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-target": "#candidates",
                "hx-sync": "this:replace",
            }
        ),
    )
    # Sent by the radio button of the search's result chosen: the template draws them.
    person = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    village = VillageField(
        label=_("Village served"),
        required=False,
        widget=VillageInput(),
        help_text=_("Leave empty for the village the person lives in."),
    )
    appointed_on = DateField(label=_("Appointed on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def village_chosen(self) -> Village | None:
        code = self.cleaned_data.get("village")
        return Village.objects.get(pk=code) if code else None


class ArchiveForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HandoverArchiveForm(ArchiveForm):
    version = VersionField()


class HandoverForm(RefusalTakesTheFocus, forms.Form):
    materials = forms.CharField(
        label=_("Materials"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was handed over: the newsletter, a leaflet, the judgment's summary."),
    )
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=100_000)
    handed_on = DateField(label=_("Handed over on"), initial=timezone.localdate)
    receipt_due_on = DateField(label=_("Signed list due by"))
    event = RecordChoiceField(
        label=_("At the event"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, event=events)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        handed, due = data.get("handed_on"), data.get("receipt_due_on")
        if handed and due and due < handed:
            self.add_error(
                "receipt_due_on",
                _("The signed list cannot be due before the materials were handed over."),
            )
        return data


class ReturnForm(RefusalTakesTheFocus, CheckedFileForm):
    """The signed list back: its scan or photo is checked by its content, and kept aside
    when the form is refused for something else (CheckedFileForm)."""

    returned_on = DateField(label=_("Returned on"), initial=timezone.localdate)
    receipts_signed = forms.IntegerField(
        label=_("Signatures"),
        min_value=0,
        max_value=100_000,
        help_text=_("How many people signed or put their thumbprint on the list."),
    )
    file = forms.FileField(
        label=_("Scan or photo of the list"), widget=PHOTO_OR_PDF, required=False
    )
    version = VersionField()
    field_order = ["returned_on", "receipts_signed", "file", "staged", "version"]

    def keep_for_next_attempt(self) -> None:
        """The scan, once checked, is put aside whatever else was refused on the form
        (the count, the date, the service's refusal): its other fields share the form."""
        upload = getattr(self, "cleaned_data", {}).get("file")
        if not upload or self.checked is None or self.user_id is None or "file" in self.errors:
            return
        assert isinstance(self.data, QueryDict) and self.data._mutable
        self.data[self.add_prefix("staged")] = stage_upload(
            upload, self.checked, user_id=self.user_id
        )

    def checked_scan(self) -> CheckedScan:
        assert self.checked is not None
        if self.kept is not None:
            return CheckedScan(
                upload=self.kept.file, checked=self.checked, staged_path=self.kept.path
            )
        return CheckedScan(upload=self.cleaned_data["file"], checked=self.checked)
