from functools import cache
from typing import Any

from django import template
from django.db import models
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
