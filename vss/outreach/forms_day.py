"""Forms of an event's logistics."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from vss.core.forms import RecordChoiceField, RefusalTakesTheFocus, VersionField, offer_choices
from vss.geo.fields import VillageField, VillageInput
from vss.geo.models import Province

from .models import PickUpPoint

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PickUpPointForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("Place"), max_length=200)
    village_code = VillageField(label=_("Village"), required=False, widget=VillageInput())
    pick_up_at = forms.DateTimeField(
        label=_("Pick-up time"), widget=DATETIME_INPUT, input_formats=["%Y-%m-%dT%H:%M"]
    )


class VehicleForm(RefusalTakesTheFocus, forms.Form):
    label = forms.CharField(label=_("Vehicle"), max_length=100)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100)
    province = RecordChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label="—"
    )
    route = forms.CharField(label=_("Route"), max_length=200, required=False)
    driver_contact = forms.CharField(label=_("Driver's contact"), max_length=200, required=False)


class AccommodationForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("Place to stay"), max_length=200)
    beds = forms.IntegerField(label=_("Beds"), min_value=1, max_value=1000)
    nights = forms.IntegerField(label=_("Nights"), min_value=1, max_value=30, initial=1)
    village_code = VillageField(label=_("Village"), required=False, widget=VillageInput())


class PlacingForm(forms.Form):
    """Seats or beds given out again, from the plan as the officer saw it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PickUpPointChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: PickUpPoint) -> str:
        when = formats.date_format(timezone.localtime(obj.pick_up_at), "DATETIME_FORMAT")
        return f"{obj.name}, {when}"


class PickUpChoiceForm(RefusalTakesTheFocus, forms.Form):
    """The officer's choice of where a participant is picked up."""

    pick_up_point = PickUpPointChoiceField(
        label=_("Pick-up point"),
        queryset=PickUpPoint.objects.none(),
        required=False,
        empty_label=_("The point that serves where the person lives"),
        help_text=_("Kept when the seats are given out again."),
    )
    version = VersionField()

    def __init__(self, *args: Any, points: QuerySet[PickUpPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, pick_up_point=points)
