from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import template
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.db import models
from django.forms import BaseForm, BoundField
from django.template.context import Context
from django.utils.safestring import SafeString

from vss.core.panels import ShownPanel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: Context, panel: ShownPanel) -> SafeString:
    """A panel drawn with what its selector gave it, over the page's own context."""
    template_ = context.template.engine.get_template(panel.template)  # type: ignore[union-attr]
    with context.push(panel.context):
        return template_.render(context)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def choice_label(obj: models.Model, field_name: str) -> Any:
    """The label of a choice field's value, as `get_FOO_display` gives it.

    Django's `get_FOO_display` rebuilds a hashable copy of every choice on each call, which
    translates every label of the field to hash it; on the detail and list pages that was
    a quarter of the rendering time. The labels stay lazy here, so each renders in the
    language of the request."""
    field = obj._meta.get_field(field_name)
    assert isinstance(field, models.Field)
    value = getattr(obj, field.attname)
    return _choice_labels(field).get(value, value)


@cache
def _choice_labels(field: models.Field) -> dict[Any, Any]:  # type: ignore[type-arg]
    return dict(field.flatchoices)


@dataclass
class ErrorSummary:
    general: list[str]  # the form's own errors and its hidden fields'
    fields: list[tuple[BoundField, str]]  # each error of a field the user sees


@register.filter
def error_summary(form: BaseForm) -> ErrorSummary:
    """What `_form_errors.html` lists of a form's errors; nothing for a form not sent."""
    if not form.is_bound:
        return ErrorSummary([], [])
    general = [str(e) for e in form.non_field_errors()]
    general += [str(e) for field in form.hidden_fields() for e in field.errors]
    fields = [(field, str(e)) for field in form.visible_fields() for e in field.errors]
    return ErrorSummary(general, fields)


@register.filter
def any_refusal(messages: Iterable[Message]) -> bool:
    """Whether one of the messages tells of something refused or gone wrong."""
    return any(message.level >= constants.WARNING for message in messages)
