from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from .columns import ShownColumns, case_columns
from .models import Case


@dataclass
class CaseTable:
    cases: list[Case]
    # What the apps above add to each case's row, by column name (see `columns`).
    columns: dict[str, ShownColumns]


def case_table_for_user(user: User) -> CaseTable:
    """Every case, with the columns the other apps add for this user."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    cases = list(Case.objects.select_related("parent").prefetch_related("charged_persons"))
    return CaseTable(cases=cases, columns=case_columns.shown_to(user, cases))


def case_get_for_user(user: User, pk: int, right: Right) -> Case:
    """A case for a page needing `right` (else 403). Cases are the court's public record:
    no scope narrows them, so only a case that does not exist is not found."""
    policy.require_right(user, right)
    return get_object_or_404(Case, pk=pk)
