"""How the audit log shows a change: `old → new`, with nothing shown as ∅, and what it is
about, in the reader's language (vss/audit/presentation.py)."""

from typing import Any

from django import template

from ..labels import worded
from ..models import AuditEntry
from ..presentation import field_label, record_kind, value_label

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


def _labelled(object_type: str, field: str, value: Any) -> Any:
    if isinstance(value, list):
        return [value_label(object_type, field, item) for item in value]
    return value_label(object_type, field, value)


@register.simple_tag
def audit_changes(entry: AuditEntry) -> list[tuple[str, str]]:
    """Each change of an entry as (the field's name, `old → new`) in the reader's language:
    coded values by their labels."""
    kind = entry.object_type
    shown = []
    for field, change in (entry.changes or {}).items():
        if isinstance(change, dict) and set(change) == {"old", "new"}:
            change = {side: _labelled(kind, field, value) for side, value in change.items()}
        else:
            change = _labelled(kind, field, change)
        shown.append((field_label(kind, field), audit_change(change)))
    return shown


@register.filter
def audit_record(entry: AuditEntry) -> str:
    """The kind of record in the reader's language, its id and the name it had (or what
    was read or done, worded in the reader's language)."""
    text = f"{record_kind(entry.object_type)} {entry.object_id}".strip()
    return f"{text} · {worded(entry.object_label)}" if entry.object_label else text
