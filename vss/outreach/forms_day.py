"""Forms of an event's logistics."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vss.core.forms import RefusalTakesTheFocus
from vss.geo.fields import VillageField, VillageInput
from vss.geo.models import Province

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
    province = forms.ModelChoiceField(
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
