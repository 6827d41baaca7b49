"""A scope is a table from role to scope function: the roles that see part of a kind of
record name the function that keeps that part; every other role with the right (the
Section's staff) sees all of it. A new role adds a row, not a branch."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet

from .rights import Right
from .roles import has_right

if TYPE_CHECKING:
    from vss.accounts.models import User

M = TypeVar("M", bound=Model)

ScopeFunction = Callable[["User", QuerySet[M]], QuerySet[M]]


def every_record(user: User, records: QuerySet[M]) -> QuerySet[M]:
    return records


def in_scope(
    table: Mapping[str, ScopeFunction[M]],
    user: User,
    records: QuerySet[M],
    *,
    right: Right,
    default: ScopeFunction[M] = every_record,
) -> QuerySet[M]:
    """The records the user may see: none without the right, then what the user's role's
    scope function keeps (all of them for a role the table does not name)."""
    if not has_right(user, right):
        return records.none()
    return table.get(user.role, default)(user, records)


def sees_every_record(table: Mapping[str, ScopeFunction[M]], user: User, *, right: Right) -> bool:
    """Whether `in_scope` keeps every record for the user: a count kept of the whole
    registry (vss.tallies) is then the user's count too."""
    return has_right(user, right) and user.role not in table
