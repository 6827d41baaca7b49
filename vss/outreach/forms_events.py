"""The forms of the events' pages (the list's filters, the event itself, its cancellation
or its being held, and its archiving) and of the calendar (a court date, the case shown)."""

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
from vss.geo.fields import VillageField, VillageInput, village_value
from vss.geo.models import Village
from vss.proceedings.models import Case
from vss.support.forms import UserChoiceField

from .models import CourtDate, CourtDateKind, Event, EventKind, EventStatus
from .selectors.events import (
    EventFilters,
    cases_of_events,
    court_dates_to_attend,
    event_officers,
    partner_organisations,
)
from .services.calendar import CourtDateData
from .services.events import TITLES, EventData

ALL = [("", _("All"))]
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; it sends ISO values whatever the language."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format=LOCAL_MINUTE)


class DateTimeField(forms.DateTimeField):
    widget = DateTimeInput
    default_error_messages = {
        "invalid": _("Enter a real date and time, for example 25/12/2026 08:30."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [LOCAL_MINUTE, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"])
        super().__init__(**kwargs)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[*ALL, *EventKind.choices], required=False)
    case = RecordChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[*ALL, *EventStatus.choices], required=False
    )
    starts_from = DateField(label=_("From"), required=False)
    starts_until = DateField(label=_("Until"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases_of_events())

    def filters(self) -> EventFilters:
        if not self.is_valid():
            return EventFilters()
        d = self.cleaned_data
        return EventFilters(
            kind=d["kind"],
            case=d["case"].pk if d["case"] else None,
            status=d["status"],
            starts_from=d["starts_from"],
            starts_until=d["starts_until"],
        )


class CourtDateChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        when = timezone.localtime(obj.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{obj.case.number} · {obj.get_kind_display()} · {when}"


class EventForm(RefusalTakesTheFocus, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    starts_at = DateTimeField(label=_("Starts"))
    ends_at = DateTimeField(label=_("Ends"), required=False)
    village = VillageField(
        label=_("Village"),
        required=False,
        widget=VillageInput(),
        help_text=_("Type the village's name or code and choose it; or name the place below."),
    )
    venue = forms.CharField(label=_("Named place"), max_length=200, required=False)
    cases = RecordsField(label=_("Cases"), queryset=Case.objects.none())
    court_date = CourtDateChoiceField(
        label=_("Court date attended"),
        queryset=CourtDate.objects.none(),
        required=False,
        empty_label="—",
    )
    capacity = forms.IntegerField(label=_("Capacity (people)"), min_value=1, max_value=100_000)
    budget_usd = forms.DecimalField(
        label=_("Budget (US dollars)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
    )
    officer = UserChoiceField(label=_("Officer in charge"), queryset=User.objects.none())
    co_organisers = RecordsField(
        label=_("Co-organising partners"),
        queryset=partner_organisations().none(),
        required=False,
        help_text=_("Their users see this event and check its participants in."),
    )
    is_public = forms.BooleanField(
        label=_("Shown on the public calendar"),
        required=False,
        help_text=_("Its title, date and place only: never a name."),
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(
            self,
            cases=cases_of_events(),
            court_date=court_dates_to_attend().order_by("-starts_at"),
            officer=event_officers(),
            co_organisers=partner_organisations(),
        )
        for name in TITLES:
            self.fields[name].widget.attrs["lang"] = name[-2:]
        if event is not None:
            # The event's version when the form was opened (see event_update).
            self.fields["version"] = VersionField()

    @classmethod
    def initial_of(cls, event: Event) -> dict[str, Any]:
        local = timezone.localtime
        return {
            **{name: getattr(event, name) for name in (*TITLES, "kind", "venue", "capacity")},
            "starts_at": local(event.starts_at),
            "ends_at": local(event.ends_at) if event.ends_at else None,
            "village": village_value(event.village),
            "cases": list(event.cases.all()),
            "court_date": event.court_date_id,
            "budget_usd": event.budget_usd,
            "officer": event.officer_id,
            "co_organisers": list(event.co_organisers.all()),
            "is_public": event.is_public,
            "version": event.version,
        }

    def event_data(self) -> EventData:
        d = self.cleaned_data
        return EventData(
            kind=d["kind"],
            title_km=d["title_km"],
            title_en=d["title_en"],
            title_fr=d["title_fr"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            village=Village.objects.get(pk=d["village"]) if d["village"] else None,
            venue=d["venue"],
            cases=list(d["cases"]),
            court_date=d["court_date"],
            capacity=d["capacity"],
            budget_usd=d["budget_usd"],
            officer=d["officer"],
            co_organisers=list(d["co_organisers"]),
            is_public=d["is_public"],
        )


class StatusForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class ArchiveForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CourtDateForm(RefusalTakesTheFocus, forms.Form):
    case = RecordChoiceField(label=_("Case"), queryset=Case.objects.none())
    kind = forms.ChoiceField(label=_("The court sits for"), choices=CourtDateKind.choices)
    starts_at = DateTimeField(label=_("Date and time"))
    title_km = forms.CharField(label=_("Title in Khmer"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("Shown on the public calendar"), required=False, initial=True
    )

    def __init__(self, *args: Any, court_date: CourtDate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases_of_events())
        for name in TITLES:
            self.fields[name].widget.attrs["lang"] = name[-2:]
        if court_date is None:
            self.fields["announce"] = forms.BooleanField(
                label=_("Tell the Civil Parties of the case and their lawyers now"),
                required=False,
                initial=True,
                help_text=_(
                    "Each by their channel and in their language, those who agreed to news."
                ),
            )
        else:
            self.fields["version"] = VersionField()

    @classmethod
    def initial_of(cls, court_date: CourtDate) -> dict[str, Any]:
        return {
            **{name: getattr(court_date, name) for name in (*TITLES, "kind", "is_public")},
            "case": court_date.case_id,
            "starts_at": timezone.localtime(court_date.starts_at),
            "version": court_date.version,
        }

    def court_date_data(self) -> CourtDateData:
        d = self.cleaned_data
        return CourtDateData(
            case=d["case"],
            kind=d["kind"],
            starts_at=d["starts_at"],
            title_km=d["title_km"],
            title_en=d["title_en"],
            title_fr=d["title_fr"],
            is_public=d["is_public"],
        )


class CalendarForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases_of_events())

    def case_id(self) -> int | None:
        if not self.is_valid() or self.cleaned_data["case"] is None:
            return None
        return int(self.cleaned_data["case"].pk)
