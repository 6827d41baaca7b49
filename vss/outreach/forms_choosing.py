"""Forms of choosing who comes: the draw (who may be drawn, how many, the quotas), the
invitation list's filters, a reply, the needs and a companion."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.core.forms import RecordsField, RefusalTakesTheFocus, VersionField, offer_choices
from vss.geo.models import Province
from vss.people.models import Ethnicity, Language, Sex
from vss.proceedings.models import CrimeType

from .draw import Quota
from .models import Invitation, InvitationStatus
from .selectors.choosing import DIMENSION_NAMES, InvitationFilters, PoolFilters

DIMENSION_LABELS = DIMENSION_NAMES
MOST_WAITING = 500


def _province_choices() -> list[tuple[str, str]]:
    return [(p.code, p.localized_name) for p in Province.objects.order_by("code")]


def _crime_choices() -> list[tuple[str, str]]:
    khmer = (get_language() or "km")[:2] == "km"
    french = (get_language() or "km")[:2] == "fr"
    return [
        (c.code, (khmer and c.name_km) or (french and c.name_fr) or c.name)
        for c in CrimeType.objects.order_by("category", "name")
    ]


def _values_by_dimension() -> dict[str, list[tuple[str, str]]]:
    return {
        "sex": [(s.value, str(s.label)) for s in Sex if s != Sex.UNKNOWN],
        "province": _province_choices(),
        "ethnicity": [(e.value, str(e.label)) for e in Ethnicity if e != Ethnicity.UNKNOWN],
        "crime_type": _crime_choices(),
    }


class DrawForm(RefusalTakesTheFocus, forms.Form):
    size = forms.IntegerField(label=_("People to choose"), min_value=1)
    waiting = forms.IntegerField(
        label=_("People on the waiting list"), min_value=0, max_value=MOST_WAITING, initial=0
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**62,
        required=False,
        help_text=_("Leave empty for a new draw; give an earlier draw's seed to make it again."),
    )
    # Ticks rather than a list box: several provinces are chosen without a key held down.
    provinces = forms.MultipleChoiceField(
        label=_("Provinces"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sexes = forms.MultipleChoiceField(
        label=_("Sex"), required=False, widget=forms.CheckboxSelectMultiple
    )
    ethnicities = forms.MultipleChoiceField(
        label=_("Ethnicity"), required=False, widget=forms.CheckboxSelectMultiple
    )
    crime_types = forms.MultipleChoiceField(
        label=_("Crimes suffered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    age_min = forms.IntegerField(label=_("Aged at least"), min_value=0, required=False)
    age_max = forms.IntegerField(label=_("Aged at most"), min_value=0, required=False)
    balanced_by = forms.MultipleChoiceField(
        label=_("Balanced by"),
        required=False,
        choices=list(DIMENSION_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each value at least its share of the people who could be drawn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = _values_by_dimension()
        self.fields["provinces"].choices = values["province"]  # type: ignore[attr-defined]
        self.fields["sexes"].choices = values["sex"]  # type: ignore[attr-defined]
        self.fields["ethnicities"].choices = values["ethnicity"]  # type: ignore[attr-defined]
        self.fields["crime_types"].choices = values["crime_type"]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("age_min"), cleaned.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The highest age is below the lowest."))
        return cleaned

    def pool_filters(self) -> PoolFilters:
        data = self.cleaned_data
        return PoolFilters(
            provinces=data["provinces"],
            sexes=data["sexes"],
            ethnicities=data["ethnicities"],
            crime_types=data["crime_types"],
            languages=data["languages"],
            age_min=data["age_min"],
            age_max=data["age_max"],
        )


class QuotaForm(forms.Form):
    value = forms.ChoiceField(label=_("Value"), required=False)
    minimum = forms.IntegerField(label=_("At least"), min_value=1, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = _values_by_dimension()
        self.fields["value"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (DIMENSION_LABELS[d], [(f"{d}:{code}", label) for code, label in values[d]])
                for d in DIMENSION_LABELS
            ),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("value")) != bool(cleaned.get("minimum")):
            self.add_error("minimum", _("Give both the value and how many at least."))
        return cleaned

    def quota(self) -> Quota | None:
        value, minimum = self.cleaned_data.get("value"), self.cleaned_data.get("minimum")
        if not value or not minimum:
            return None
        dimension, code = value.split(":", 1)
        return Quota(dimension, code, minimum)


QuotaFormSet = forms.formset_factory(QuotaForm, extra=6, max_num=30, absolute_max=30)


def quotas_of(formset: Any) -> list[Quota]:
    return [q for form in formset.forms if (q := form.quota()) is not None]


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InvitationStatus.choices]
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    unreached = forms.BooleanField(label=_("Not reached: to call or visit"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("All")), *_province_choices()]  # type: ignore[attr-defined]

    def filters(self) -> InvitationFilters:
        if not self.is_bound or not self.is_valid():
            return InvitationFilters()
        return InvitationFilters(
            status=self.cleaned_data["status"],
            province=self.cleaned_data["province"],
            unreached=self.cleaned_data["unreached"],
        )


class ReplyForm(RefusalTakesTheFocus, forms.Form):
    reply = forms.ChoiceField(
        label=_("Reply"),
        choices=[("accepted", _("Will come")), ("declined", _("Will not come"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note on the reply"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = VersionField()


class RepliesForm(RefusalTakesTheFocus, forms.Form):
    """One reply for the invitations ticked in the list; each row sends the version it
    was shown at (`version-<id>`), checked invitation by invitation."""

    invitations = RecordsField(
        label=_("Invitations ticked"),
        queryset=Invitation.objects.none(),
        error_messages={"required": _("Tick at least one invitation.")},
    )
    reply = forms.ChoiceField(
        label=_("Reply of everyone ticked"),
        choices=[("accepted", _("Will come")), ("declined", _("Will not come"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note on the reply"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, invitations: QuerySet[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, invitations=invitations)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        versions: dict[int, int] = {}
        for invitation in cleaned.get("invitations", ()):
            sent = self.data.get(f"version-{invitation.pk}", "")
            if not str(sent).isdigit() or len(str(sent)) > 9:
                raise ValidationError(
                    _("This form was sent incomplete. Open the list again and redo the change.")
                )
            versions[invitation.pk] = int(sent)
        cleaned["versions"] = versions
        return cleaned

    def ticked(self) -> set[str]:
        """The ids ticked as sent, to tick them again when the form is shown again."""
        return set(self.data.getlist("invitations")) if hasattr(self.data, "getlist") else set()


class NeedsForm(RefusalTakesTheFocus, forms.Form):
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("A wheelchair, help to walk or to read, a seat near the door."),
    )
    version = VersionField()


class CompanionForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.CharField(label=_("Relationship"), max_length=100, required=False)
    reason = forms.CharField(label=_("Why they come"), max_length=200, required=False)
    needs_seat = forms.BooleanField(label=_("Needs a seat"), required=False, initial=True)
