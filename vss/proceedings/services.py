import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.services import audited_update
from vss.policy import Right

from .models import Case

KEY_DATES = [
    "investigation_closed_on",
    "closing_order_on",
    "trial_judgment_on",
    "appeal_judgment_on",
]


@transaction.atomic
def case_set_key_dates(
    *,
    actor: User,
    case: Case,
    dates: dict[str, datetime.date | None],
    is_terminated: bool | None = None,
    expected_version: int | None = None,
) -> Case:
    """Record a case's milestones. The notice that the investigation has ended starts the
    15 days in which Civil Party applications may still be filed. Only the dates given
    change (a date to clear is given as None); `is_terminated` None keeps the flag."""
    policy.require_right(actor, Right.MANAGE_CASES)
    case = Case.objects.select_for_update().get(pk=case.pk)
    values: dict[str, object] = {name: dates[name] for name in KEY_DATES if name in dates}
    if is_terminated is not None:
        values["is_terminated"] = is_terminated
    after: list[datetime.date | None] = [
        dates[name] if name in dates else getattr(case, name) for name in KEY_DATES
    ]
    ordered = [d for d in after if d is not None]
    if ordered != sorted(ordered):
        raise ValidationError(
            _("The dates must follow one another in the order of the proceedings.")
        )
    audited_update(
        case, actor=actor, values=values, label=case.number, expected_version=expected_version
    )
    return case
