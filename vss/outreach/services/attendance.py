"""Recording the day: who came and whether their allowance was paid, sent from the tablet
the officer ticks them on. A tablet that lost its connection keeps its check-ins and sends
them again, maybe twice, maybe from two tablets at once: each check-in carries a key made
on the device, so that whatever is sent again is recorded once."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.services import audited_update

from ..models import AllowanceCurrency, Event, Invitation, InvitationStatus
from .logistics import event_label


@dataclass(frozen=True)
class Allowance:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class CheckIn:
    """One tick on the tablet: the person came (`present`) and/or was paid."""

    key: uuid.UUID
    invitation_id: int
    present: bool = True
    at: datetime.datetime | None = None
    allowance: Allowance | None = None


class Outcome:
    RECORDED = "recorded"
    # Sent before (a retry), or the person was already checked in from another tablet.
    ALREADY = "already"
    REFUSED = "refused"


@dataclass(frozen=True)
class CheckInResult:
    key: str
    outcome: str
    message: str = ""


def require_recording(user: User, event: Event) -> None:
    if not (
        policy.events_in_scope(user, Event.objects.filter(pk=event.pk)).exists()
        and policy.can_record_attendance(user, event)
    ):
        raise PermissionDenied


def _when(at: datetime.datetime | None) -> datetime.datetime:
    """The tablet's time of the tick, unless it is missing or ahead of the server's."""
    now = timezone.now()
    if at is None or timezone.is_naive(at) or at > now:
        return now
    return at


def _allowance_values(allowance: Allowance, at: datetime.datetime) -> dict[str, Any]:
    if allowance.currency not in AllowanceCurrency.values:
        raise ValidationError(_("An allowance is paid in riel or in US dollars."))
    if allowance.amount < 0:
        raise ValidationError(_("An allowance cannot be negative."))
    return {
        "allowance_amount": allowance.amount.quantize(Decimal("0.01")),
        "allowance_currency": allowance.currency,
        "allowance_paid_at": at,
    }


@transaction.atomic
def check_in_record(*, user: User, event: Event, check_in: CheckIn) -> CheckInResult:
    """One check-in, recorded once: the same key sent again, or a person already
    checked in or paid, changes nothing and says so."""
    require_recording(user, event)
    invitation = (
        Invitation.objects.select_for_update()
        .filter(event=event, pk=check_in.invitation_id)
        .first()
    )
    if invitation is None or invitation.status != InvitationStatus.ACCEPTED:
        raise ValidationError(_("This person is not among the event's participants."))
    if Invitation.objects.filter(check_in_key=check_in.key).exclude(pk=invitation.pk).exists():
        raise ValidationError(_("This check-in was already recorded for someone else."))
    at = _when(check_in.at)
    values: dict[str, Any] = {}
    came = invitation.attended_at is not None
    if check_in.present and not came:
        values |= {"attended_at": at, "checked_in_by": user, "check_in_key": check_in.key}
    if check_in.allowance is not None and invitation.allowance_paid_at is None:
        if not (came or check_in.present):
            raise ValidationError(_("Check the person in before paying their allowance."))
        values |= _allowance_values(check_in.allowance, at)
    if not values:
        return CheckInResult(key=str(check_in.key), outcome=Outcome.ALREADY)
    audited_update(invitation, actor=user, values=values, label=event_label(event))
    return CheckInResult(key=str(check_in.key), outcome=Outcome.RECORDED)


def check_ins_record(*, user: User, event: Event, check_ins: list[CheckIn]) -> list[CheckInResult]:
    """Each check-in in a transaction of its own, so that one refused does not hold back
    the others; the answer says, for each key, what became of it."""
    require_recording(user, event)
    results = []
    for check_in in check_ins:
        try:
            results.append(check_in_record(user=user, event=event, check_in=check_in))
        except ValidationError as error:
            results.append(
                CheckInResult(
                    key=str(check_in.key), outcome=Outcome.REFUSED, message=error.messages[0]
                )
            )
        except IntegrityError:
            # The same key sent at the same moment for another person: the key was made
            # for one tick only.
            results.append(
                CheckInResult(
                    key=str(check_in.key),
                    outcome=Outcome.REFUSED,
                    message=_("This check-in was already recorded for someone else."),
                )
            )
    return results


# Far more than a day's participants: a body larger is not a tablet's queue.
MOST_CHECK_INS = 2000


def _check_in_read(item: object) -> CheckIn:
    if not isinstance(item, dict):
        raise ValidationError(_("A check-in could not be read."))
    try:
        key = uuid.UUID(str(item["key"]))
        invitation_id = int(item["invitation"])
        at = datetime.datetime.fromisoformat(str(item["at"])) if item.get("at") else None
        allowance = None
        if item.get("allowance"):
            paid = item["allowance"]
            allowance = Allowance(
                amount=Decimal(str(paid["amount"])), currency=str(paid["currency"])
            )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise ValidationError(_("A check-in could not be read.")) from error
    return CheckIn(
        key=key,
        invitation_id=invitation_id,
        present=bool(item.get("present", True)),
        at=at,
        allowance=allowance,
    )


def check_ins_read(payload: object) -> list[CheckIn]:
    """The check-ins a tablet sent: {"check_ins": [{"key", "invitation", "present", "at",
    "allowance": {"amount", "currency"}}]}; a body that is not one is refused whole."""
    if not isinstance(payload, dict) or not isinstance(payload.get("check_ins"), list):
        raise ValidationError(_("The check-ins could not be read."))
    items = payload["check_ins"]
    if len(items) > MOST_CHECK_INS:
        raise ValidationError(_("Too many check-ins at once: send them in parts."))
    return [_check_in_read(item) for item in items]
