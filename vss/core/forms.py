import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .validation import record_id


class ChoicesInOneQuery(ModelChoiceIterator):
    """A choice field's records read by one plain query. Django reads them through a
    server-side cursor, made for long results: on PostgreSQL three round trips, each its
    own transaction, for the dozen cases or provinces of a select."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset.all():
            yield self.choice(record)


class RecordChoiceField(forms.ModelChoiceField):
    """The project's ModelChoiceField (a test holds every form to it)."""

    iterator = ChoicesInOneQuery


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The project's ModelMultipleChoiceField."""

    iterator = ChoicesInOneQuery


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates whatever the interface language."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date typed by hand is read day first, as dates are written in Cambodia."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a real date, day first: for example 25/12/1950."),
    }


class MonthInput(forms.TextInput):
    """The browser's month picker, which sends "2024-05"; where a browser has none, a box
    in which the month is typed so or month first ("05/2024")."""

    input_type = "month"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return super().format_value(value)


class MonthField(forms.Field):
    """A month, as the first day of it: "2024-05", "05/2024" or "5-2024"."""

    widget = MonthInput
    default_error_messages = {
        "invalid": _("Enter a month and its year: for example 05/2024."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = str(value).strip()
        for separator in ("/", "-", "."):
            parts = text.split(separator)
            if len(parts) != 2 or not all(part.isdigit() for part in parts):
                continue
            year, month = (parts[0], parts[1]) if len(parts[0]) == 4 else (parts[1], parts[0])
            if len(year) == 4 and 1 <= int(month) <= 12:
                return datetime.date(int(year), int(month), 1)
        raise ValidationError(self.error_messages["invalid"], code="invalid")


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month `month` falls in."""
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )


class SearchChoiceWidget(forms.Widget):
    """A choice among many records (hundreds of lawyers) found by typing: the page sends
    no list, the search URL answers the first matches as radio buttons (htmx), and the
    form posts the chosen one's id as a select would. A form drawn again shows the one
    chosen."""

    template_name = "core/widgets/search_choice.html"
    use_fieldset = True

    def __init__(self, search_url: Any = "", attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.queryset: QuerySet[Any] | None = None

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = None
        if value not in (None, "") and self.queryset is not None:
            chosen = self.queryset.filter(pk=record_id(str(value))).first()
        context["widget"].update(
            search_url=str(self.search_url),
            options=[(chosen.pk, str(chosen))] if chosen is not None else [],
            chosen=chosen.pk if chosen is not None else None,
        )
        return context


class SearchChoiceField(RecordChoiceField):
    """A ModelChoiceField whose choices are found by typing (SearchChoiceWidget)."""

    def __init__(self, queryset: QuerySet[Any], *, search_url: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", SearchChoiceWidget(search_url))
        super().__init__(queryset, **kwargs)

    @property  # type: ignore[override]
    def queryset(self) -> QuerySet[Any] | None:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Any] | None) -> None:
        # The widget reads the one chosen record, never the whole list.
        self._queryset = None if queryset is None else queryset.all()
        self.widget.queryset = self._queryset  # type: ignore[attr-defined]


class RefusalTakesTheFocus:
    """For a form whose first field takes the focus when the page opens: drawn again after
    a refusal, the refusal (`_form_errors.html`, before the fields) takes it alone, so
    that it is read first; with two, which one gets it is the browser's choice."""

    def add_error(self, field: str | None, error: Any) -> None:
        # Every error passes here: the form's own checks' and those a view adds after.
        super().add_error(field, error)  # type: ignore[misc]
        no_autofocus(self)  # type: ignore[arg-type]


def no_autofocus(form: forms.BaseForm) -> forms.BaseForm:
    """The form with no field taking the focus (each form has its own copy of its widgets),
    where something else on the page must take it."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)
    return form


class SentCheckboxInput(forms.CheckboxInput):
    """A checkbox that tells "unticked" from "not sent": a hidden companion goes with it,
    so a POST that lacks the field altogether leaves the value as it was instead of
    clearing it."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        # Sent before the box: when ticked, the box's own value comes after and wins.
        companion = format_html('<input type="hidden" name="{}" value="off">', name)
        return companion + super().render(name, value, attrs, renderer)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name not in data:
            return None
        # A plain dict (a form built in code) holds one value, perhaps a bool.
        values = data.getlist(name) if hasattr(data, "getlist") else [data[name]]
        return any(v is True or v in ("on", "true", "True", "1") for v in values)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


class VersionField(forms.IntegerField):
    """The version of the record the form was opened on, sent back with the form so that
    a save over someone else's later save is refused (see `audited_update`)."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("This form was sent incomplete. Open the record again and redo the change."),
        "invalid": _("This form was sent incomplete. Open the record again and redo the change."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, **kwargs)


class RecordsField(RecordMultipleChoiceField):
    """Records ticked in a list: a value that is no record's id is refused as a choice
    not offered, before the database is asked (SQLite cannot even hold a number of 30
    digits as a parameter)."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if record_id(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


def offer_choices(form: forms.BaseForm, **querysets: QuerySet[Any]) -> None:
    """The records each named choice field of `form` offers, read when the form is made
    rather than once when its class is."""
    for name, queryset in querysets.items():
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


def resend_from(form: forms.BaseForm, current_version: int, field: str = "version") -> None:
    """After a stale save was refused, the form shown again (with what the user typed)
    carries the version now saved, so that saving it again, once checked, is accepted."""
    data = QueryDict(mutable=True)
    for name in form.data:
        data.setlist(name, form.data.getlist(name))  # type: ignore[attr-defined]
    data[form.add_prefix(field)] = str(current_version)
    form.data = data


def sent_values(form: forms.BaseForm, names: Iterable[str]) -> dict[str, Any]:
    """The cleaned values of those of `names` the POST actually carried: a form never
    clears a field it did not show; a cleared field is sent empty."""
    return {
        name: form.cleaned_data[name]
        for name in names
        if not form.fields[name].widget.value_omitted_from_data(
            form.data, form.files, form.add_prefix(name)
        )
    }


def _as_sent(value: Any) -> str:
    """A saved value as a browser would send it back in the form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def fill_unsent(form: forms.BaseForm, current: Mapping[str, Any]) -> None:
    """Before a correction is validated, every field of `current` (the record's saved
    values, as the form's initial) that the POST did not carry is filled with its saved
    value: a form never clears a field it did not show (a partial POST, a section left
    out). Checkboxes tell "not sent" from "unticked" only with `SentCheckboxInput`."""
    data = QueryDict(mutable=True)
    for name in form.data:
        data.setlist(name, form.data.getlist(name))  # type: ignore[attr-defined]
    for name, value in current.items():
        key = form.add_prefix(name)
        if name in form.fields and form.fields[name].widget.value_omitted_from_data(
            data, form.files, key
        ):
            data[key] = _as_sent(value)
    form.data = data


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form that asked for it, beside the field it is
    about (or above the form), so the user sees why and keeps what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def add_service_messages(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal of an action asked by a button alone (no form to draw again),
    shown on the page that answers it, one message for each reason."""
    for message in error.messages:
        messages.error(request, message)


def saved_through(form: forms.BaseForm, write: Callable[[], object]) -> bool:
    """Whether a sent form was valid and the service `write` took it; a refusal by the
    service lands on the form (`add_service_errors`), to be drawn again as typed."""
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True
