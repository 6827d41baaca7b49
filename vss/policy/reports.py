"""Reports and figures: the Section's staff read its figures; each standard report names
the rights its rows need besides (a list of Civil Parties needs the right to read
applications, and shows names only as `identity` allows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .rights import Right
from .roles import has_right

if TYPE_CHECKING:
    from vss.accounts.models import User


def can_view_statistics(user: User) -> bool:
    return has_right(user, Right.VIEW_STATISTICS)


def can_run_report(user: User, *rights: Right) -> bool:
    """A standard report opens to a reader of figures who also holds every right its
    rows need."""
    return can_view_statistics(user) and all(has_right(user, right) for right in rights)


def can_run_scoped_report(user: User, right: Right, *, outside: Callable[[User], bool]) -> bool:
    """A standard report whose rows are scoped by `right`: the Section's readers of
    figures who hold the right read all of it; the users of an organisation outside the
    Section for whom `outside` holds (a donor, a partner) read the rows of their own
    organisation, through the same scope, though they read no other figure."""
    if outside(user):
        return has_right(user, right)
    return can_run_report(user, right)
