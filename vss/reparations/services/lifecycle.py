"""A project's moves along its lifecycle, driven by the table in workflow.py alone: a move
the table does not hold is refused, and each move asks the right, reason and judgment
data the table names. Two rules go beyond the table: into the claim, the Chief needs a
Lead Co-Lawyer's request and the project's funding secured (or a recorded reason); a
project is evaluated once its evaluation is recorded."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.core.validation import not_in_future
from vss.representation.models import LeadCoLawyerAppointment

from .. import workflow
from ..models import (
    Chamber,
    ClaimRequest,
    Evaluation,
    Project,
    ProjectStatus,
    ProjectStatusChange,
)
from .consultation import answered_flags_after_move
from .projects import ProjectUpload, check_fresh, locked, store_document

# The rights some move of the table asks: whoever holds none of them moves no project.
MOVE_RIGHTS = frozenset(move.right for moves in workflow.PROJECT.values() for move in moves)


def may_move_projects(user: User) -> bool:
    return any(policy.has_right(user, right) for right in MOVE_RIGHTS)


def moves_for(user: User, project: Project) -> list[workflow.Transition]:
    """The moves of the table from the project's status that the user's role may make."""
    return [
        move
        for move in workflow.transitions_from(project.status)
        if policy.has_right(user, move.right)
    ]


def standing_claim_requests() -> QuerySet[ClaimRequest]:
    """The requests not withdrawn, for one of their project's cases, by a lawyer who still
    leads that case (or the case it was severed from, or a segment of it)."""
    leads = LeadCoLawyerAppointment.objects.filter(
        lawyer=OuterRef("lawyer"), ended_on__isnull=True
    ).filter(
        Q(case=OuterRef("case"))
        | Q(case=OuterRef("case__parent"))
        | Q(case__parent=OuterRef("case"))
    )
    return ClaimRequest.objects.filter(
        withdrawn_at__isnull=True, case__projects=F("project")
    ).filter(Exists(leads))


def _refuse_into_the_claim(project: Project, underfunded_reason: str) -> None:
    if not standing_claim_requests().filter(project=project).exists():
        raise ValidationError(
            _(
                "No Lead Co-Lawyer of the project's cases has requested it in the claim: "
                "the project goes into the claim at their request."
            )
        )
    if project.budget_usd <= 0:
        raise ValidationError(
            _("The project has no budget yet: a project goes into the claim once designed.")
        )
    if project.secured_usd < project.budget_usd and not underfunded_reason:
        raise ValidationError(
            {
                "underfunded_reason": _(
                    "Only USD %(secured)s of the budget of USD %(budget)s is secured: the "
                    "court asks that funding be secured before it endorses. Give the reason "
                    "for requesting the project without it."
                )
                % {"secured": project.secured_usd, "budget": project.budget_usd}
            }
        )


def _judgment_errors(chamber: str, document_number: str) -> dict[str, str]:
    errors = {}
    if chamber not in Chamber.values:
        errors["chamber"] = _("Name the chamber that gave the judgment.")
    if not document_number:
        errors["document_number"] = _("Give the court document number of the judgment.")
    return errors


@transaction.atomic
def project_transition(
    *,
    user: User,
    project: Project,
    to_status: str,
    version: int,
    happened_on: datetime.date,
    reason: str = "",
    chamber: str = "",
    document_number: str = "",
    underfunded_reason: str = "",
    documents: Sequence[ProjectUpload] = (),
) -> ProjectStatusChange:
    """Move the project to `to_status`, decided on a page opened at `version` (else
    StaleEdit), or refuse with the reason why."""
    project = locked(project)
    check_fresh(project, version)
    move = workflow.transition(project.status, to_status)
    if move is None:
        raise ValidationError(
            _("A project that is “%(status)s” cannot become “%(to)s”.")
            % {
                "status": project.get_status_display(),
                "to": ProjectStatus(to_status).label
                if to_status in ProjectStatus.values
                else to_status,
            }
        )
    policy.require_right(user, move.right)
    reason, underfunded_reason = reason.strip(), underfunded_reason.strip()
    chamber, document_number = chamber.strip(), document_number.strip()
    if move.reason_required and not reason:
        raise ValidationError({"reason": _("Give the reason for this move.")})
    if move.judgment:
        errors = _judgment_errors(chamber, document_number)
        if errors:
            raise ValidationError(errors)
    else:
        chamber = document_number = ""
    not_in_future(happened_on, "happened_on")
    previous = project.status_changes.order_by("-happened_on").first()
    if previous is not None and happened_on < previous.happened_on:
        raise ValidationError(
            {
                "happened_on": _("The date cannot be before that of the previous move (%(date)s).")
                % {"date": date_format(previous.happened_on)}
            }
        )
    if move.to == workflow.INTO_THE_CLAIM:
        _refuse_into_the_claim(project, underfunded_reason)
        if project.secured_usd >= project.budget_usd:
            underfunded_reason = ""
    else:
        underfunded_reason = ""
    if (
        move.to == ProjectStatus.EVALUATED
        and not Evaluation.objects.filter(project=project).exists()
    ):
        raise ValidationError(
            _("Record the project's evaluation first: a project is evaluated once it is.")
        )

    old_status, old_track = project.status, project.track
    project.status = move.to
    if move.track is not None:
        project.track = move.track
    project.version += 1
    project.save(update_fields=["status", "track", "version"])
    answered_flags_after_move(project, old_status)
    change = ProjectStatusChange.objects.create(
        project=project,
        from_status=old_status,
        to_status=move.to,
        happened_on=happened_on,
        reason=reason,
        underfunded_reason=underfunded_reason,
        chamber=chamber,
        document_number=document_number,
        decided_by=user,
    )
    changes: dict[str, dict[str, object]] = {
        "status": {"old": old_status, "new": move.to},
        "happened_on": {"old": None, "new": happened_on.isoformat()},
        "version": {"old": project.version - 1, "new": project.version},
    }
    if project.track != old_track:
        changes["track"] = {"old": old_track, "new": project.track}
    for name, value in (
        ("reason", reason),
        ("underfunded_reason", underfunded_reason),
        ("chamber", chamber),
        ("document_number", document_number),
    ):
        if value:
            changes[name] = {"old": None, "new": value}
    audit_record(
        actor=user,
        action=AuditAction.STATUS_CHANGE,
        obj=project,
        label=project.reference,
        changes=changes,
    )
    for upload in documents:
        store_document(user=user, project=project, upload=upload, status_change=change)
    return change
