"""How the audit log names what an entry is about, in the reader's language: the kind of
record (the model's name, not its label "accounts.user"), each changed field (its
verbose name, not `court_document`) and each value with choices (its label, not
`transmitted`). Entries keep codes, so they read in whichever language the log is read in;
a record type or field no longer known is shown as it was written."""

from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .labels import worded_value
from .registry import change_label, record_type_choices


@cache
def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(object_type: str, name: str) -> models.Field | None:
    model = _model(object_type)
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        try:  # a foreign key is often written by its column ("lawyer_id")
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            return None
    return field if isinstance(field, models.Field) else None


def record_kind(object_type: str) -> str:
    model = _model(object_type)
    if model is not None:
        return capfirst(str(model._meta.verbose_name))
    titles = dict(record_type_choices())
    return str(titles.get(object_type, object_type))


# What a read of many records writes (vss.audit.services.audit_read), whatever their type.
READ_LABELS = {"shown": _("rows shown"), "query": _("searched for")}


def field_label(object_type: str, name: str) -> str:
    registered = change_label(object_type, name) or READ_LABELS.get(name)
    if registered is not None:
        return capfirst(str(registered))
    field = _field(object_type, name)
    if field is None:
        return name
    return capfirst(str(field.verbose_name))


def value_label(object_type: str, name: str, value: Any) -> Any:
    """A coded value by its choice's label, a text written from a wording in the reader's
    language (vss/audit/labels.py); any other value as it is."""
    if isinstance(value, bool):  # a filter ticked, or a flag changed
        return str(_("yes") if value else _("no"))
    field = _field(object_type, name)
    if field is None or not field.choices or not isinstance(value, str | int):
        return worded_value(value) if isinstance(value, str) else value
    labels = {str(code): label for code, label in field.flatchoices}
    label = labels.get(str(value))
    return str(label) if label is not None else value
