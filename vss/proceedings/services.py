import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, diff, snapshot
from vss.rights import Right

from .models import Case

KEY_DATES = [
    "investigation_closed_on",
    "closing_order_on",
    "trial_judgment_on",
    "appeal_judgment_on",
]


@transaction.atomic
def case_set_key_dates(
    *, actor: User, case: Case, dates: dict[str, datetime.date | None], is_terminated: bool
) -> Case:
    """Record a case's milestones. The notice that the investigation has ended starts the
    15 days in which Civil Party applications may still be filed."""
    policy.require_right(actor, Right.MANAGE_CASES)
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = snapshot(case, [*KEY_DATES, "is_terminated"])
    for name in KEY_DATES:
        setattr(case, name, dates.get(name))
    case.is_terminated = is_terminated
    ordered = [d for d in (dates.get(n) for n in KEY_DATES) if d is not None]
    if ordered != sorted(ordered):
        raise ValidationError(
            _("The dates must follow one another in the order of the proceedings.")
        )
    after = snapshot(case, [*KEY_DATES, "is_terminated"])
    changes = diff(before, after)
    if changes:
        case.save(update_fields=[*KEY_DATES, "is_terminated"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=case, label=case.number, changes=changes
        )
    return case
