"""How the audit log shows a change: `old → new`, with nothing shown as ∅."""

from typing import Any

from django import template

register = template.Library()

NOTHING = "∅"


def _shown(value: Any, *, nested: bool) -> str:
    if value is None or (isinstance(value, str | list | dict) and not value):
        return NOTHING
    if isinstance(value, list | dict):
        items = (
            (f"{key}: {_shown(item, nested=True)}" for key, item in value.items())
            if isinstance(value, dict)
            else (_shown(item, nested=True) for item in value)
        )
        text = ", ".join(items)
        return f"({text})" if nested else text
    return str(value)


@register.filter
def audit_value(value: Any) -> str:
    """One side of a change: lists (ids, spellings) and tallies (what a merge moved) read
    as lists, not in Python's notation; an empty value as ∅."""
    return _shown(value, nested=False)


@register.filter
def audit_change(change: Any) -> str:
    """A change as `old → new`. Entries written before the log refused other shapes may
    hold a bare value: it is shown as it was written."""
    if isinstance(change, dict) and set(change) == {"old", "new"}:
        return f"{audit_value(change['old'])} → {audit_value(change['new'])}"
    return audit_value(change)
