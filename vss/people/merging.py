"""What a merge of two person records carries to the person kept, registered by the apps
that record something about a person.

An app registers, from its AppConfig.ready(), each foreign key to a person whose rows
follow the person on a merge: the key under which the merge lists the rows it moved (so
that an unmerge gives back exactly those; keys are kept in the merges on record, so they
do not change), the model and its field. A relation whose rows the generic move must not
touch (they move by rules of their own, or stay with the record folded in) is registered
as excluded, with the reason. Every relation to a person is one or the other: a test
fails for a relation that is neither. A relation with a rule of its own (one row per
person, whose two rows are combined rather than moved) registers a `MergeRule`, which
excludes it from the generic move with its reason."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from vss.core.registry import NamedRegistry


@dataclass(frozen=True)
class Followers:
    """Rows made on the person kept after the merge that go back with the record folded
    in, because they rest on rows that go back (a referral on a consent that goes back).
    `rows` gets the person kept's id and the merge's record of what moved."""

    audit_key: str
    rows: Callable[[int, Mapping[str, Any]], set[int]]


@dataclass(frozen=True)
class MovedRows:
    key: str
    model: type[models.Model]
    field: str = "person"
    followers: Followers | None = None

    @property
    def name(self) -> str:
        return self.key

    @property
    def relation(self) -> tuple[str, str]:
        return (self.model._meta.label, self.field)


@dataclass(frozen=True)
class MergeRule:
    """An app's own rule for its rows about the two records. `merge(actor, survivor_id,
    merged_id)` runs once the registered rows have moved and answers the rows it changed
    (a list, one JSON value per row, counted on the merge's page), kept in the merge's
    record under `key`; on an unmerge, `unmerge(actor, survivor_id, merged_id, changed)`
    puts back what that list says."""

    key: str
    model: type[models.Model]
    reason: str
    merge: Callable[[Any, int, int], list[Any]]
    unmerge: Callable[[Any, int, int, list[Any]], None]
    field: str = "person"

    @property
    def name(self) -> str:
        return self.key


_moved: NamedRegistry[MovedRows] = NamedRegistry("kinds of rows moved by a merge")
_excluded: dict[tuple[str, str], str] = {}
_rules: NamedRegistry[MergeRule] = NamedRegistry("rules of a merge")


def register_moved_rows(rows: MovedRows) -> None:
    _moved.register(rows)


def register_excluded_relation(model: type[models.Model], field: str, *, reason: str) -> None:
    if not reason.strip():
        raise ImproperlyConfigured(f"Say why {model._meta.label}.{field} is not moved.")
    _excluded[(model._meta.label, field)] = reason


def register_merge_rule(rule: MergeRule) -> None:
    _rules.register(rule)
    register_excluded_relation(rule.model, rule.field, reason=rule.reason)


def merge_rules() -> list[MergeRule]:
    return _rules.registered()


def moved_rows() -> list[MovedRows]:
    """In the order the apps registered them, which is the order they move in."""
    return _moved.registered()


def excluded_relations() -> dict[tuple[str, str], str]:
    return dict(_excluded)
