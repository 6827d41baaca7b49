"""Reports and figures: the Section's staff read its figures; each standard report names
the rights its rows need besides (a list of Civil Parties needs the right to read
applications, and shows names only as `identity` allows)."""

from __future__ import annotations

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
