"""Victim Information Forms and their applications: who sees which, who corrects a form,
who reads and writes the notes on a Civil Party's file, and which status changes a user
may record."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from vss.accounts.models import Role

from .identity import can_see_identity
from .representation import (
    can_work_for_client,
    clients_and_consolidated_groups,
    current_mandates,
    lawyer_id_of,
    led_case_ids,
    mandates_to_work_on,
)
from .rights import Right
from .roles import has_right
from .scope import ScopeFunction, in_scope, sees_every_record

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.applications.models import Application, VictimInformationForm


def _entered_by_own_organisation(
    user: User, forms: QuerySet[VictimInformationForm]
) -> QuerySet[VictimInformationForm]:
    return forms.filter(entered_by_organisation_id=user.organisation_id)


def _forms_of_clients_and_consolidated_groups(
    user: User, forms: QuerySet[VictimInformationForm]
) -> QuerySet[VictimInformationForm]:
    from vss.applications.models import Application

    in_scope = clients_and_consolidated_groups(user, Application.objects.all())
    return forms.filter(pk__in=in_scope.values("form_id"))


FORM_SCOPE: dict[str, ScopeFunction[VictimInformationForm]] = {
    Role.INTERMEDIARY: _entered_by_own_organisation,
    Role.LAWYER: _forms_of_clients_and_consolidated_groups,
}


def forms_in_scope(
    user: User, forms: QuerySet[VictimInformationForm]
) -> QuerySet[VictimInformationForm]:
    return in_scope(FORM_SCOPE, user, forms, right=Right.VIEW_APPLICATIONS)


def _filed_through_own_organisation(
    user: User, applications: QuerySet[Application]
) -> QuerySet[Application]:
    return applications.filter(form__entered_by_organisation_id=user.organisation_id)


APPLICATION_SCOPE: dict[str, ScopeFunction[Application]] = {
    Role.INTERMEDIARY: _filed_through_own_organisation,
    Role.LAWYER: clients_and_consolidated_groups,
}


# A role's scope of at most this many applications is given to the queries as its ids.
SCOPE_AS_IDS = 5_000
# How long a process remembers that a user's scope is larger than that, rather than read
# 5,001 ids again to learn it (12 to 16 ms a page for an intermediary whose organisation
# filed 100,000 forms). Only "larger" is remembered: the plain subquery it leads to is
# right whatever the scope has become since, where a list of ids would not be.
LARGE_SCOPE_SECONDS = 300.0
_large_scope_until: dict[int, float] = {}


def forget_large_scopes() -> None:
    """Forget which users' scopes were found large: the next page reads them again."""
    _large_scope_until.clear()


def applications_in_scope(user: User, applications: QuerySet[Application]) -> QuerySet[Application]:
    """The applications the user may see among `applications`.

    A scope of a few applications (a lawyer's clients, a small intermediary's forms) is
    read first and given by its ids. As a subquery, the planner cannot tell how few rows
    it keeps: for "the newest first" it walked the newest of every application of the
    registry looking for the lawyer's fifty (30 s at a million). A larger scope stays a
    subquery: walking the newest then finds its rows soon."""
    scope = APPLICATION_SCOPE.get(user.role)
    if scope is None or not has_right(user, Right.VIEW_APPLICATIONS):
        return in_scope(APPLICATION_SCOPE, user, applications, right=Right.VIEW_APPLICATIONS)
    from vss.applications.models import Application

    if _large_scope_until.get(user.pk, 0.0) > time.monotonic():
        return scope(user, applications)
    ids = list(
        scope(user, Application.objects.order_by()).values_list("pk", flat=True)[: SCOPE_AS_IDS + 1]
    )
    if len(ids) > SCOPE_AS_IDS:
        _large_scope_until[user.pk] = time.monotonic() + LARGE_SCOPE_SECONDS
        return scope(user, applications)
    return applications.filter(pk__in=ids)


def filing_organisation_of_scope(user: User) -> int | None:
    """The organisation whose filed forms are the whole of the user's scope of
    applications (an intermediary's), so that counts of the scope may be read from the
    counts kept by organisation; None for any other scope."""
    if APPLICATION_SCOPE.get(user.role) is not _filed_through_own_organisation:
        return None
    if not has_right(user, Right.VIEW_APPLICATIONS):
        return None
    return user.organisation_id


def _leading_lawyer(user: User) -> tuple[int, set[int]] | None:
    """The lawyer whose scope the user's is, and the cases whose every Civil Party that
    scope holds (those they lead); None for a user whose scope is not a lawyer's or who
    leads no case."""
    if APPLICATION_SCOPE.get(user.role) is not clients_and_consolidated_groups:
        return None
    if not has_right(user, Right.VIEW_APPLICATIONS):
        return None
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return None
    led = led_case_ids(lawyer_id)
    return (lawyer_id, led) if led else None


def sees_every_civil_party_of(user: User, case_id: int) -> bool:
    """Whether the user's scope holds every Civil Party who filed in the case: a reader of
    the whole registry, or a Lead Co-Lawyer of the case (so that counts of them may be
    read from the case's kept figures rather than counted in the scope)."""
    if sees_every_application(user):
        return True
    leading = _leading_lawyer(user)
    return leading is not None and case_id in leading[1]


@dataclass(frozen=True)
class LedScope:
    """A Lead Co-Lawyer's scope in two parts that do not meet: every Civil Party of the
    cases they lead, and the rest (their clients' other applications)."""

    cases: frozenset[int]
    rest: QuerySet[Application]


def led_civil_parties_of_scope(user: User, applications: QuerySet[Application]) -> LedScope | None:
    """For a Lead Co-Lawyer, the cases whose every Civil Party is in their scope and the
    rest of their scope among `applications`, so that the Civil Parties of those cases
    may be counted from the cases' kept figures and the rest counted now; None for any
    other scope."""
    from vss.applications.workflow import CIVIL_PARTIES

    leading = _leading_lawyer(user)
    if leading is None:
        return None
    lawyer_id, led = leading
    rest = applications.filter(pk__in=current_mandates(lawyer_id).values("application_id")).exclude(
        status__in=CIVIL_PARTIES, case_id__in=sorted(led)
    )
    return LedScope(cases=frozenset(led), rest=rest)


def sees_every_application(user: User) -> bool:
    """Whether the user's scope of applications is the whole registry (so that a count of
    it may be read from the kept figures, vss.tallies, rather than counted for them)."""
    return sees_every_record(APPLICATION_SCOPE, user, right=Right.VIEW_APPLICATIONS)


# --- actions on one record ---------------------------------------------------------------

RecordRule = Callable[["User", Any], bool]


def _never(user: User, record: Any) -> bool:
    return False


def _own_and_not_yet_transmitted(user: User, form: VictimInformationForm) -> bool:
    from vss.applications.workflow import OPEN_TO_INTERMEDIARY

    if form.entered_by_organisation_id != user.organisation_id:
        return False
    # Once the VSS has sent an application on to the judges, the form is part of the
    # court record and only VSS staff may correct it.
    return all(app.status in OPEN_TO_INTERMEDIARY for app in form.applications.all())


# Beyond the right: which forms a role may correct (every form for a role not named).
FORM_CORRECTORS: dict[str, RecordRule] = {
    Role.INTERMEDIARY: _own_and_not_yet_transmitted,
}


def can_edit_form(user: User, form: VictimInformationForm) -> bool:
    if not has_right(user, Right.EDIT_FORMS) or form.archived_at is not None:
        return False
    # The form would show the real names in its inputs.
    if not can_see_identity(user, form.applicant):
        return False
    rule = FORM_CORRECTORS.get(user.role)
    return rule is None or rule(user, form)


def can_add_document(user: User, form: VictimInformationForm) -> bool:
    """Staff who may correct the form, or a lawyer adding evidence to a client's file."""
    if can_edit_form(user, form):
        return True
    mandates = mandates_to_work_on(user)
    if form.archived_at is not None or mandates is None:
        return False
    # As can_work_for_client for any of the form's applications, in one query however
    # many cases the form names.
    return mandates.filter(application__form=form).exists()


# Notes on a Civil Party's file are between the VSS and the client's lawyers: not for
# intermediaries, nor a Lead Co-Lawyer who does not represent the client. A role not
# named reads them with the right to view applications and writes them with the right to
# edit forms.
CLIENT_NOTE_READERS: dict[str, RecordRule] = {
    Role.INTERMEDIARY: _never,
    Role.LAWYER: can_work_for_client,
}
CLIENT_NOTE_WRITERS: dict[str, RecordRule] = {
    Role.INTERMEDIARY: _never,
    Role.LAWYER: can_work_for_client,
}


def can_read_client_notes(user: User, application: Application) -> bool:
    rule = CLIENT_NOTE_READERS.get(user.role)
    if rule is not None:
        return rule(user, application)
    return has_right(user, Right.VIEW_APPLICATIONS)


def can_write_client_note(user: User, application: Application) -> bool:
    rule = CLIENT_NOTE_WRITERS.get(user.role)
    if rule is not None:
        return rule(user, application)
    return has_right(user, Right.EDIT_FORMS)


def allowed_transitions(user: User, application: Application) -> list[Any]:
    """The moves the user can make from the application's status: those of the workflow
    their role has the right to, less the receipt of a form certainly late for a user who
    may not accept it late (the status change would only refuse it)."""
    from vss.applications.workflow import DEADLINE_CHECKED, receipt_is_late, transitions_from

    moves = [
        t
        for t in transitions_from(application.kind, application.status)
        if has_right(user, t.right)
    ]
    if (
        any(t.to == DEADLINE_CHECKED for t in moves)
        and not has_right(user, Right.OVERRIDE_DEADLINE)
        and receipt_is_late(application)
    ):
        moves = [t for t in moves if t.to != DEADLINE_CHECKED]
    return moves


def may_accept_late(user: User, application: Application) -> bool:
    """Whether the user may record the application's receipt now, and doing so may find
    it late: only then does the status change form ask for the reason to accept it."""
    from vss.applications.workflow import DEADLINE_CHECKED, receipt_may_be_late

    return (
        has_right(user, Right.OVERRIDE_DEADLINE)
        and any(t.to == DEADLINE_CHECKED for t in allowed_transitions(user, application))
        and receipt_may_be_late(application)
    )
