from typing import Any

from django.db import models

from vss.accounts.models import User

from . import context
from .models import AuditAction, AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Callers run inside their own transaction, so the entry and
    the change it describes are committed together or not at all."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    request = context.current()
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_username=actor.get_username() if actor is not None and actor.is_authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:120],
        changes=changes or {},
        ip_address=request.ip_address,
        request_id=request.request_id,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed, as the audit log stores them."""
    return {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audited values of `fields`, as JSON-friendly values (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)  # type: ignore[union-attr]
        values[name] = value if value is None or isinstance(value, bool | int | str) else str(value)
    return values
