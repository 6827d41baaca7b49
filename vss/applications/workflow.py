"""The life of an application as a table: which status may follow which, and which right
each move needs. Civil Party applications follow Rule 23bis; complaints follow Rule 49."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from vss.policy import Right

from .models import ApplicationKind, Status

if TYPE_CHECKING:
    from .models import Application


@dataclass(frozen=True)
class Transition:
    to: Status
    right: Right
    reason_required: bool = False


def _exits(*, withdraw: bool = True) -> tuple[Transition, ...]:
    # A withdrawal or a death can end an application at any point before a final
    # outcome; a terminated case ends all of them.
    moves = [
        Transition(Status.DECEASED, Right.RECORD_INTAKE),
        Transition(Status.CASE_TERMINATED, Right.DECIDE, True),
    ]
    if withdraw:
        moves.insert(0, Transition(Status.WITHDRAWN, Right.RECORD_INTAKE, True))
    return tuple(moves)


CIVIL_PARTY: dict[Status, tuple[Transition, ...]] = {
    Status.DRAFT: (
        Transition(Status.RECEIVED, Right.RECORD_INTAKE),
        Transition(Status.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    Status.RECEIVED: (
        Transition(Status.INCOMPLETE, Right.RECORD_INTAKE, True),
        Transition(Status.SCREENED, Right.DECIDE),
        *_exits(),
    ),
    Status.INCOMPLETE: (Transition(Status.RECEIVED, Right.RECORD_INTAKE), *_exits()),
    Status.SCREENED: (
        Transition(Status.TRANSMITTED, Right.DECIDE),
        Transition(Status.INCOMPLETE, Right.DECIDE, True),
        *_exits(),
    ),
    Status.TRANSMITTED: (
        Transition(Status.PROVISIONAL, Right.DECIDE),
        Transition(Status.ADMITTED, Right.DECIDE),
        Transition(Status.REJECTED, Right.DECIDE, True),
        *_exits(),
    ),
    Status.PROVISIONAL: (
        Transition(Status.ADMITTED, Right.DECIDE),
        Transition(Status.REJECTED, Right.DECIDE, True),
        *_exits(),
    ),
    Status.REJECTED: (Transition(Status.APPEALED, Right.DECIDE), *_exits(withdraw=False)),
    Status.APPEALED: (
        Transition(Status.ADMITTED_ON_APPEAL, Right.DECIDE),
        Transition(Status.REJECTION_UPHELD, Right.DECIDE, True),
        *_exits(),
    ),
    Status.ADMITTED: _exits(),
    Status.ADMITTED_ON_APPEAL: _exits(),
}

COMPLAINT: dict[Status, tuple[Transition, ...]] = {
    Status.DRAFT: (
        Transition(Status.RECEIVED, Right.RECORD_INTAKE),
        Transition(Status.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    Status.RECEIVED: (
        Transition(Status.SENT_TO_PROSECUTORS, Right.DECIDE),
        Transition(Status.WITHDRAWN, Right.RECORD_INTAKE, True),
    ),
    Status.SENT_TO_PROSECUTORS: (
        Transition(Status.COMPLAINT_REJECTED, Right.DECIDE, True),
        Transition(Status.JOINED, Right.DECIDE),
        Transition(Status.FORWARDED, Right.DECIDE),
    ),
    Status.COMPLAINT_REJECTED: (Transition(Status.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
    Status.JOINED: (Transition(Status.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
    Status.FORWARDED: (Transition(Status.COMPLAINANT_NOTIFIED, Right.RECORD_INTAKE),),
}

_TABLES = {ApplicationKind.CIVIL_PARTY: CIVIL_PARTY, ApplicationKind.COMPLAINT: COMPLAINT}

# Statuses in which an intermediary may still correct the form it entered.
OPEN_TO_INTERMEDIARY = frozenset(
    {Status.DRAFT, Status.RECEIVED, Status.INCOMPLETE, Status.SCREENED}
)
# Moving here, a filing received after the deadline needs an explicit override.
DEADLINE_CHECKED = Status.RECEIVED
CIVIL_PARTIES = frozenset({Status.PROVISIONAL, Status.ADMITTED, Status.ADMITTED_ON_APPEAL})
# Received and waiting for someone with the right to decide (a move that needs
# Right.DECIDE, the case's termination aside): screening, transmission to the judges, the
# judges' decision (a provisional Civil Party's admission included), an appeal's outcome,
# the Co-Prosecutors' answer to a complaint. An incomplete form waits for its applicant,
# a rejection for an appeal the applicant may lodge.
AWAITING_DECISION = frozenset(
    {
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.PROVISIONAL,
        Status.APPEALED,
        Status.SENT_TO_PROSECUTORS,
    }
)
# Rule 23ter: from the Closing Order, these moves need a lawyer on the application.
NEEDS_LAWYER_AFTER_CLOSING_ORDER = frozenset(
    {Status.TRANSMITTED, Status.ADMITTED, Status.ADMITTED_ON_APPEAL}
)


def receipt_may_be_late(application: "Application") -> bool:
    """Whether recording the receipt may find the form late (as the status change does):
    the first receipt, which gives the VSS number, in a case with a deadline, of a form
    received after it, or not yet dated when the deadline has passed (the receipt's date,
    today at the latest, then decides)."""
    deadline = application.case.application_deadline
    if application.vss_number is not None or deadline is None:
        return False
    received = application.form.received_on
    return (received or timezone.localdate()) > deadline


def receipt_is_late(application: "Application") -> bool:
    """Whether recording the receipt will find the form late whatever date is given: the
    first receipt of a form dated after its case's deadline. An undated form may still be
    received on time, with the date it came in."""
    deadline = application.case.application_deadline
    received = application.form.received_on
    return (
        application.vss_number is None
        and deadline is not None
        and received is not None
        and received > deadline
    )


def transitions_from(kind: str, status: str) -> tuple[Transition, ...]:
    return _TABLES[ApplicationKind(kind)].get(Status(status), ())


def find_transition(kind: str, status: str, to: str) -> Transition | None:
    return next((t for t in transitions_from(kind, status) if t.to == to), None)
