"""A Lead Co-Lawyer's request of a project in the claim of a case they lead, and its
withdrawal. The Chief's approval is the project's move into the claim (lifecycle.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, new_values
from vss.proceedings.models import Case

from ..models import ClaimRequest, Project, ProjectStatus, Track
from .projects import locked

# Before the claim is filed: a request afterwards would ask for what is already asked.
OPEN_TO_REQUESTS = frozenset(
    {ProjectStatus.IDEA, ProjectStatus.DESIGNED, ProjectStatus.FUNDRAISING, ProjectStatus.FUNDED}
)


def accepts_requests(project: Project) -> bool:
    return project.track == Track.JUDICIAL and project.status in OPEN_TO_REQUESTS


def requestable_cases(user: User, project: Project) -> list[Case]:
    """The project's cases that the user leads as a Lead Co-Lawyer."""
    return list(project.cases.filter(pk__in=policy.lead_case_ids(user)).order_by("number"))


@transaction.atomic
def claim_request_mark(*, user: User, project: Project, case: Case, note: str = "") -> ClaimRequest:
    if not policy.can_request_in_claim(user, project):
        raise PermissionDenied
    project = locked(project)
    if case not in requestable_cases(user, project):
        raise ValidationError({"case": _("Choose a case of the project that you lead.")})
    if not accepts_requests(project):
        raise ValidationError(
            _("A project that is “%(status)s” is no longer requested in a claim.")
            % {"status": project.get_status_display()}
        )
    # A Lead Co-Lawyer's account is a lawyer's: can_request_in_claim found the cases it leads.
    lawyer_id = policy.lawyer_id_of(user)
    if lawyer_id is None:
        raise PermissionDenied
    if ClaimRequest.objects.filter(
        project=project, case=case, lawyer_id=lawyer_id, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(_("You have already requested this project in this case's claim."))
    request = ClaimRequest.objects.create(
        project=project, case=case, lawyer_id=lawyer_id, note=note.strip(), marked_by=user
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=request,
        label=project.reference,
        changes=new_values({"case": case.pk, "lawyer": lawyer_id, "note": request.note}),
    )
    return request


@transaction.atomic
def claim_request_withdraw(*, user: User, request: ClaimRequest, reason: str) -> ClaimRequest:
    """The lawyer who made a request withdraws it, while the project is not yet in the
    claim; the record stays, with the reason."""
    request = ClaimRequest.objects.select_for_update().select_related("project").get(pk=request.pk)
    if not policy.can_request_in_claim(user, request.project):
        raise PermissionDenied
    if request.lawyer_id != policy.lawyer_id_of(user):
        raise PermissionDenied
    if request.withdrawn_at is not None:
        raise ValidationError(_("This request has already been withdrawn."))
    if not accepts_requests(request.project):
        raise ValidationError(
            _("The project is already in the claim: the Chief takes it out, with a reason.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is withdrawn.")})
    audited_update(
        request,
        actor=user,
        values={
            "withdrawn_at": timezone.now(),
            "withdrawn_by": user,
            "withdrawal_reason": reason.strip(),
        },
        label=request.project.reference,
    )
    return request
