"""Where apps built on applications take part in its workflow without applications
knowing them: a status check may refuse a move (Rule 23ter needs a lawyer), a status
listener hears of each move once it is recorded (a client's lawyers are told). Apps
register theirs from their AppConfig.ready()."""

import datetime
from typing import Protocol

from .models import Application, StatusChange


class StatusCheck(Protocol):
    def __call__(
        self, *, application: Application, to_status: str, decided_on: datetime.date
    ) -> str | None:
        """The reason the move is refused, or None to let it through."""


class StatusListener(Protocol):
    def __call__(self, *, application: Application, change: StatusChange) -> None: ...


_status_checks: list[StatusCheck] = []
_status_listeners: list[StatusListener] = []


def register_status_check(check: StatusCheck) -> None:
    if check not in _status_checks:
        _status_checks.append(check)


def register_status_listener(listener: StatusListener) -> None:
    if listener not in _status_listeners:
        _status_listeners.append(listener)


def status_change_refusals(
    *, application: Application, to_status: str, decided_on: datetime.date
) -> list[str]:
    """Why the registered checks refuse the move, in the order they were registered."""
    refusals = (
        check(application=application, to_status=to_status, decided_on=decided_on)
        for check in _status_checks
    )
    return [refusal for refusal in refusals if refusal]


def status_changed(*, application: Application, change: StatusChange) -> None:
    # Called inside the service's transaction: what a listener writes stands or falls
    # with the move it was told of.
    for listener in _status_listeners:
        listener(application=application, change=change)
