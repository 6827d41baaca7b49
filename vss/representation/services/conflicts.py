"""Conflicts of interest between a lawyer and a person: declared, then lifted with a
reason. A conflict not lifted blocks a mandate unless the Chief overrides it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.core.validation import not_in_future
from vss.people.models import Person
from vss.policy import Right
from vss.representation.audit_labels import CONFLICT

from ..models import ConflictOfInterest, Lawyer


@transaction.atomic
def conflict_declare(
    *,
    actor: User,
    lawyer: Lawyer,
    person: Person,
    description: str,
    declared_on: datetime.date | None = None,
) -> ConflictOfInterest:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Describe the conflict.")})
    declared_on = declared_on or timezone.localdate()
    not_in_future(declared_on, "declared_on")
    if ConflictOfInterest.objects.filter(
        lawyer=lawyer, person=person, lifted_on__isnull=True
    ).exists():
        raise ValidationError(
            _("A conflict between this lawyer and this person is already declared.")
        )
    conflict = ConflictOfInterest.objects.create(
        lawyer=lawyer,
        person=person,
        description=description,
        declared_on=declared_on,
        declared_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=conflict,
        label=audit_label(CONFLICT, lawyer=lawyer, person=person.pk),
        changes=new_values({"lawyer": lawyer.pk, "person": person.pk, "description": description}),
    )
    return conflict


@transaction.atomic
def conflict_lift(
    *,
    actor: User,
    conflict: ConflictOfInterest,
    reason: str,
    lifted_on: datetime.date | None = None,
) -> ConflictOfInterest:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if conflict.lifted_on is not None:
        raise ValidationError(_("This conflict has already been lifted."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the conflict.")})
    lifted_on = lifted_on or timezone.localdate()
    not_in_future(lifted_on, "lifted_on")
    if lifted_on < conflict.declared_on:
        raise ValidationError(
            {"lifted_on": _("A conflict cannot be lifted before it was declared.")}
        )
    conflict.lifted_on = lifted_on
    conflict.lift_reason = reason
    conflict.lifted_by = actor
    conflict.save(update_fields=["lifted_on", "lift_reason", "lifted_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=conflict,
        label=audit_label(CONFLICT, lawyer=conflict.lawyer, person=conflict.person_id),
        changes={
            "lifted_on": {"old": None, "new": lifted_on.isoformat()},
            "lift_reason": {"old": "", "new": reason},
        },
    )
    return conflict
