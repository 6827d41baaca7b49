import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from vss.accounts.models import User

from . import context
from .models import AuditAction, AuditEntry

ModelT = TypeVar("ModelT", bound=models.Model)


class MalformedChanges(ValueError):
    """Changes the audit log could not show: the auditor reads every change as
    `field: old → new`, so anything else would reach the log as an empty arrow."""


def _is_audit_value(value: object) -> bool:
    # What the log can show and JSON can keep: plain values, lists of them (ids, aliases)
    # and small named tallies (what a merge moved).
    if value is None or isinstance(value, bool | int | float | str):
        return True
    if isinstance(value, list):
        return all(_is_audit_value(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_audit_value(v) for k, v in value.items())
    return False


def check_changes(changes: Mapping[str, Any]) -> None:
    """Refuse changes that are not `{"field": {"old": …, "new": …}}` with plain values."""
    for field, change in changes.items():
        if not isinstance(field, str) or not field:
            raise MalformedChanges(f"A change is named by its field, not {field!r}.")
        if not isinstance(change, dict) or set(change) != {"old", "new"}:
            raise MalformedChanges(
                f"The change of {field!r} must be {{'old': …, 'new': …}}, not {change!r}."
            )
        for side in ("old", "new"):
            if not _is_audit_value(change[side]):
                raise MalformedChanges(
                    f"The {side} value of {field!r} is not a plain value: {change[side]!r}."
                )


def audit_entry(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """One audit entry, checked but not yet written (see `audit_record_all`)."""
    check_changes(changes or {})
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    request = context.current()
    signed_in = actor is not None and actor.is_authenticated
    return AuditEntry(
        actor=actor if signed_in else None,
        actor_username=actor.get_username() if actor is not None and signed_in else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:120],
        changes=dict(changes or {}),
        ip_address=request.ip_address,
        request_id=request.request_id,
        client_request_id=request.client_request_id,
    )


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. Callers run inside their own transaction, so the entry and
    the change it describes are committed together or not at all."""
    entry = audit_entry(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        label=label,
        changes=changes,
    )
    entry.save()
    return entry


def _plain(value: Any) -> Any:
    """A filter's value as the log keeps it: a record by its id, a date as text."""
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return str(value)


def audit_read(
    *,
    actor: User,
    object_type: str,
    label: str,
    shown: int,
    asked: Mapping[str, Any] | None = None,
    searched: str = "",
    obj: models.Model | None = None,
    action: AuditAction | None = None,
) -> AuditEntry:
    """One entry for a page that shows many people at once (a list, a search, a check):
    what was asked (`asked`, the filters or fields typed; `searched`, a name or number
    typed) and how many rows were `shown`, never which: the log would otherwise become a
    second list of who matched, protected people included. A search writes SEARCH, any
    other read VIEW, so the auditor can look for searches alone."""
    values = {name: _plain(value) for name, value in (asked or {}).items()}
    if searched.strip():
        values["query"] = searched.strip()
    values["shown"] = shown
    return audit_record(
        actor=actor,
        action=action or (AuditAction.SEARCH if searched.strip() else AuditAction.VIEW),
        obj=obj,
        object_type=object_type,
        label=label,
        changes=new_values(values),
    )


def audit_list_read(
    *,
    actor: User,
    object_type: str,
    label: str,
    filters: Any,
    shown: int,
    query: str = "query",
    action: AuditAction | None = None,
) -> AuditEntry:
    """`audit_read` for a page of a list (or its export, a DOWNLOAD): its filters (a
    dataclass), the text searched in its `query` field if it has one, and how many rows
    the page showed."""
    values = dataclasses.asdict(filters)
    searched = values.pop(query, "") or ""
    # A filter left at its default is not asked: an empty text, no choice, a box unticked.
    asked = {
        name: value
        for name, value in values.items()
        if value not in ("", None, []) and value is not False
    }
    return audit_read(
        actor=actor,
        object_type=object_type,
        label=label,
        asked=asked,
        searched=searched,
        shown=shown,
        action=action,
    )


def audit_record_all(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Write many entries built by `audit_entry` in one statement (a move of thousands)."""
    return AuditEntry.objects.bulk_create(entries)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Old and new values of the fields that changed, as the audit log stores them."""
    return {
        key: {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def new_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The changes of something that did not exist before: every value it was given, in
    order. A field left empty is not a change, so it is not listed as `∅ → ∅`."""
    return {
        key: {"old": None, "new": value}
        for key, value in values.items()
        if value is not None and value != ""
    }


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited values of `fields`, as JSON-friendly values (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)  # type: ignore[union-attr]
        values[name] = value if value is None or isinstance(value, bool | int | str) else str(value)
    return values


VERSION_FIELD = "version"


class StaleEdit(ValidationError):
    """A save from a form opened on an older version of the record: someone else saved
    it meanwhile, and writing the form as it stands would silently put back what they
    changed. `changed` names the fields changed meanwhile, each with its value now (None
    when the user may not see it); `record` (the model's label) and `current_version` let
    the form be sent again from the version now saved, once the user has checked it."""

    def __init__(
        self, changed: list[tuple[str, str | None]], *, record: str = "", current_version: int = 0
    ) -> None:
        self.changed = changed
        self.record = record
        self.current_version = current_version
        lines = ", ".join(
            label if value is None else f"{label}: {value}" for label, value in changed
        )
        super().__init__(
            _(
                "Someone else saved this record after you opened it, so your changes were "
                "not saved. Changed meanwhile: %(fields)s. Check the values below against "
                "the record and save again."
            )
            % {"fields": lines or _("(not recorded)")},
            code="stale",
        )


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:  # a related value kept beside the columns (crimes, aliases)
        return str(capfirst(name.replace("_", " ")))


def _changed_since(
    obj: models.Model, version: int, hidden: Collection[str]
) -> list[tuple[str, str | None]]:
    """What the audited saves after `version` changed, read from their audit entries: each
    audited save of a versioned record lists its version, so the entries tell exactly
    what the user did not see."""
    entries = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=AuditAction.UPDATE,
        **{f"changes__{VERSION_FIELD}__new__gt": version},
    ).order_by("pk")
    latest: dict[str, Any] = {}
    for entry in entries:
        for name, change in entry.changes.items():
            if name != VERSION_FIELD:
                latest[name] = change["new"]
    return [
        (
            _field_label(type(obj), name),
            None if name in hidden else _shown_value(type(obj), name, value),
        )
        for name, value in latest.items()
    ]


def _shown_value(model: type[models.Model], name: str, value: Any) -> str:
    """A value as the user read it on the form: a related record (a group's lawyer) by
    its name rather than its id. Fields the user may not see never get here (`hidden`)."""
    if value in (None, "", []):
        return "∅"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a related value kept beside the columns (crimes, aliases)
        return str(value)
    if field.many_to_one and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        if related is not None:
            return str(related)
    return str(value)


def check_version(
    obj: models.Model, expected_version: int | None, *, hidden: Collection[str] = ()
) -> None:
    """Refuse with `StaleEdit` when `obj` (read under the caller's row lock) is no longer
    at the version the user's form was opened on; None checks nothing."""
    if expected_version is None:
        return
    current = getattr(obj, VERSION_FIELD)
    if current != expected_version:
        raise StaleEdit(
            _changed_since(obj, expected_version, hidden),
            record=obj._meta.label_lower,
            current_version=current,
        )


def audited_update(
    obj: ModelT,
    *,
    actor: User | None,
    values: Mapping[str, Any],
    label: str = "",
    check: Callable[[], None] | None = None,
    related: Mapping[str, tuple[Any, Any]] | None = None,
    expected_version: int | None = None,
    hidden: Collection[str] = (),
) -> dict[str, Any]:
    """Give `obj` the new `values` (by field name; a foreign key by instance or by id),
    save the fields that changed and audit their old and new values in one entry.

    `check` runs once the values are set and before anything is saved (a `full_clean`);
    `related` adds what is kept beside the record's own columns (a form's crimes, a
    person's aliases) as (before, after) to the same entry. The caller holds the
    transaction and any row lock. Returns the changes, empty when nothing changed, in
    which case nothing is saved or audited.

    A record with a `version` counts its audited saves. `expected_version`, the version
    the user's form was opened with, refuses the save with `StaleEdit` when the record has
    moved on since (the caller holds the row lock, so the comparison stands until commit);
    `hidden` names the fields whose new values the user may not see in that refusal."""
    versioned = any(f.name == VERSION_FIELD for f in obj._meta.concrete_fields)
    if versioned:
        check_version(obj, expected_version, hidden=hidden)
    before = snapshot(obj, values)
    for name, value in values.items():
        field = obj._meta.get_field(name)
        setattr(obj, name if isinstance(value, models.Model) else field.attname, value)  # type: ignore[union-attr]
    if check is not None:
        check()
    own_changes = diff(before, snapshot(obj, values))
    related_changes = diff(
        {name: pair[0] for name, pair in (related or {}).items()},
        {name: pair[1] for name, pair in (related or {}).items()},
    )
    version_change: dict[str, Any] = {}
    if versioned and (own_changes or related_changes):
        old_version = getattr(obj, VERSION_FIELD)
        setattr(obj, VERSION_FIELD, old_version + 1)
        version_change[VERSION_FIELD] = {"old": old_version, "new": old_version + 1}
    if own_changes or version_change:
        # A save that changed something also refreshes the record's "updated" stamp.
        touched = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*own_changes, *version_change, *touched])
    changes = dict(sorted({**own_changes, **related_changes, **version_change}.items()))
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, label=label, changes=changes)
    return changes
