"""The life of an application as a table: which status may follow which, and which right
each move needs. Civil Party applications follow Rule 23bis; complaints follow Rule 49."""

from dataclasses import dataclass

from vss.rights import Right

from .models import ApplicationKind, Status

S = Status


@dataclass(frozen=True)
class Transition:
    to: Status
    right: Right
    reason_required: bool = False


def _exits(*, withdraw: bool = True) -> tuple[Transition, ...]:
    # A withdrawal or a death can end an application at any point before a final
    # outcome; a terminated case ends all of them.
    moves = [
        Transition(S.DECEASED, Right.RECORD_INTAKE),
        Transition(S.CASE_TERMINATED, Right.DECIDE, True),
    ]
    if withdraw:
        moves.insert(0, Transition(S.WITHDRAWN, Right.RECORD_INTAKE, True))
    return tuple(moves)


CIVIL_PARTY: dict[Status, tuple[Transition, ...]] = {
    S.DRAFT: (
        Transition(S.RECEIVED, Right.RECORD_INTAKE),
        Transition(S.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    S.RECEIVED: (
        Transition(S.INCOMPLETE, Right.RECORD_INTAKE, True),
        Transition(S.SCREENED, Right.DECIDE),
        *_exits(),
    ),
    S.INCOMPLETE: (Transition(S.RECEIVED, Right.RECORD_INTAKE), *_exits()),
    S.SCREENED: (
        Transition(S.TRANSMITTED, Right.DECIDE),
        Transition(S.INCOMPLETE, Right.DECIDE, True),
        *_exits(),
    ),
    S.TRANSMITTED: (
        Transition(S.PROVISIONAL, Right.DECIDE),
        Transition(S.ADMITTED, Right.DECIDE),
        Transition(S.REJECTED, Right.DECIDE, True),
        *_exits(),
    ),
    S.PROVISIONAL: (
        Transition(S.ADMITTED, Right.DECIDE),
        Transition(S.REJECTED, Right.DECIDE, True),
        *_exits(),
    ),
    S.REJECTED: (Transition(S.APPEALED, Right.DECIDE), *_exits(withdraw=False)),
    S.APPEALED: (
        Transition(S.ADMITTED_ON_APPEAL, Right.DECIDE),
        Transition(S.REJECTION_UPHELD, Right.DECIDE, True),
        *_exits(),
    ),
    S.ADMITTED: _exits(),
    S.ADMITTED_ON_APPEAL: _exits(),
}

COMPLAINT: dict[Status, tuple[Transition, ...]] = {
    S.DRAFT: (
        Transition(S.RECEIVED, Right.RECORD_INTAKE),
        Transition(S.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    S.RECEIVED: (
        Transition(S.SENT_TO_PROSECUTORS, Right.DECIDE),
        Transition(S.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    S.SENT_TO_PROSECUTORS: (
        Transition(S.COMPLAINT_REJECTED, Right.DECIDE, True),
        Transition(S.JOINED, Right.DECIDE),
        Transition(S.FORWARDED, Right.DECIDE),
    ),
    S.COMPLAINT_REJECTED: (Transition(S.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
    S.JOINED: (Transition(S.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
    S.FORWARDED: (Transition(S.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
}

_TABLES = {ApplicationKind.CIVIL_PARTY: CIVIL_PARTY, ApplicationKind.COMPLAINT: COMPLAINT}

# Statuses in which an intermediary may still correct the form it entered.
OPEN_TO_INTERMEDIARY = frozenset({S.DRAFT, S.RECEIVED, S.INCOMPLETE, S.SCREENED})
# Moving here, a filing received after the deadline needs an explicit override.
DEADLINE_CHECKED = S.RECEIVED
CIVIL_PARTIES = frozenset({S.PROVISIONAL, S.ADMITTED, S.ADMITTED_ON_APPEAL})
# Rule 23ter: from the Closing Order, these moves need a lawyer on the application.
NEEDS_LAWYER_AFTER_CLOSING_ORDER = frozenset({S.TRANSMITTED, S.ADMITTED, S.ADMITTED_ON_APPEAL})


def transitions_from(kind: str, status: str) -> tuple[Transition, ...]:
    return _TABLES[ApplicationKind(kind)].get(Status(status), ())


def find_transition(kind: str, status: str, to: str) -> Transition | None:
    return next((t for t in transitions_from(kind, status) if t.to == to), None)
