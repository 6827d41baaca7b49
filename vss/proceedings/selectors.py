import datetime
from dataclasses import dataclass

from django.conf import settings
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


def cases_open_for_applications(today: datetime.date) -> list[Case]:
    """The cases a victim may still apply in, for the public site, with the nearest
    deadline first: a case taking applications whose deadline (15 days after the notice
    of the end of its investigation) has not passed, or is not set yet. The demo's
    practice case is among them where there is one: only demo data makes it, and
    production refuses it."""
    cases = Case.objects.filter(accepts_applications=True, is_terminated=False)
    open_cases = [
        case
        for case in cases
        if case.application_deadline is None or case.application_deadline >= today
    ]
    return sorted(
        open_cases,
        key=lambda case: (
            case.application_deadline is None,
            case.application_deadline,
            case.number,
        ),
    )


def public_cases() -> list[Case]:
    """The court's cases, for the public site's figures: the demo's practice case is not
    one of them."""
    return list(Case.objects.filter(is_demo=False))


def application_deadlines(
    due_from: datetime.date | None, due_to: datetime.date | None
) -> list[Case]:
    """The cases taking applications whose deadline falls within the period (either end
    open), the nearest first. Cases are the court's public record: no scope narrows them."""
    cases = Case.objects.filter(
        accepts_applications=True, is_terminated=False, investigation_closed_on__isnull=False
    )
    # The deadline is a fixed number of days after the end of the investigation.
    after = datetime.timedelta(days=settings.VSS_APPLICATION_DEADLINE_DAYS)
    if due_from is not None:
        cases = cases.filter(investigation_closed_on__gte=due_from - after)
    if due_to is not None:
        cases = cases.filter(investigation_closed_on__lte=due_to - after)
    return list(cases.order_by("investigation_closed_on", "number"))
