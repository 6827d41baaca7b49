"""Following one's application: the reference, the secret code and the year of birth
open its status and history, counted against limits per address and per reference, and
every answer that opened it is in the audit log as a read by someone not signed in."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from django.db import transaction

from vss.applications.models import Application
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from ..audit_labels import FOLLOWED
from .receipts import receipt_matching, reference_normalised
from .throttling import Limit, attempt_allowed

# A person who mistypes tries again a few times; a guesser needs millions of tries.
PER_ADDRESS = Limit(action="follow-ip", attempts=10, window=datetime.timedelta(minutes=15))
PER_REFERENCE = Limit(action="follow-ref", attempts=5, window=datetime.timedelta(hours=1))
# All connections together: some ten seconds of a core a minute at most, whatever number
# of addresses a guesser uses, so the checks never crowd out the staff's work. People
# following their application make a few hundred checks a day.
EVERYONE = Limit(action="follow-all", attempts=300, window=datetime.timedelta(minutes=1))


class Outcome(enum.Enum):
    SHOWN = "shown"
    NO_MATCH = "no_match"
    LIMITED = "limited"


@dataclass(frozen=True)
class Step:
    status: str
    on: datetime.date


@dataclass(frozen=True)
class StatusCheck:
    outcome: Outcome
    application: Application | None = None
    history: list[Step] = field(default_factory=list)


@transaction.atomic
def application_follow(
    *, reference: str, code: str, birth_year: int | None, ip_address: str | None
) -> StatusCheck:
    """Checks the three answers and, when they match, reads the application's status and
    its history. Both limits count every try, known reference or not, so being refused
    tells nothing about the reference either."""
    by_address = attempt_allowed(limit=PER_ADDRESS, subject=ip_address or "")
    by_reference = attempt_allowed(limit=PER_REFERENCE, subject=reference_normalised(reference))
    if not (by_address and by_reference):
        return StatusCheck(Outcome.LIMITED)
    # Counted once the try is within its own limits, so one address refused does not
    # use up everyone's checks.
    if not attempt_allowed(limit=EVERYONE, subject=""):
        return StatusCheck(Outcome.LIMITED)
    receipt = receipt_matching(reference=reference, code=code, birth_year=birth_year)
    if receipt is None:
        return StatusCheck(Outcome.NO_MATCH)
    application = receipt.application
    history = [
        Step(status=change.to_status, on=change.decided_on)
        for change in application.status_changes.order_by("at", "id")
    ]
    audit_record(
        actor=None,
        action=AuditAction.VIEW,
        obj=application,
        label=audit_label(FOLLOWED, application=application.vss_number or application.pk),
    )
    return StatusCheck(Outcome.SHOWN, application=application, history=history)
