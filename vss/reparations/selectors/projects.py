"""Reads of projects through the policy's scope (a project outside it is not found) and
what their pages show. A project's own pages name no Civil Party: its officer and the
Section's users are staff, its partners' contacts are the organisations' own staff and its
requests name lawyers, so reading a project is not audited as a read of personal data;
the list is, by one entry, as the Section's programme is read by donors and partners too."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import Organisation, OrganisationKind, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from ..audit_labels import PROJECTS_LIST
from ..models import (
    ClaimRequest,
    Evaluation,
    Project,
    ProjectDocument,
    ProjectPartner,
    ProjectStatus,
    ProjectStatusChange,
)
from ..services.lifecycle import standing_claim_requests

QUEUE_LENGTH = 50


@dataclass
class ProjectFilters:
    case: int | None = None
    category: str = ""
    status: str = ""
    track: str = ""


def _in_scope(user: User, projects: QuerySet[Project]) -> QuerySet[Project]:
    policy.require_right(user, Right.VIEW_PROJECTS)
    return policy.projects_in_scope(user, projects)


def project_list_for_user(user: User, filters: ProjectFilters) -> QuerySet[Project]:
    projects = Project.objects.select_related("officer").prefetch_related(
        Prefetch("cases", queryset=Case.objects.order_by("number"))
    )
    if filters.case:
        projects = projects.filter(cases=filters.case)
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.track:
        projects = projects.filter(track=filters.track)
    return _in_scope(user, projects).order_by("reference")


def project_list_read(user: User, filters: ProjectFilters, *, shown: int) -> None:
    audit_list_read(
        actor=user,
        object_type="reparations.project",
        label=audit_label(PROJECTS_LIST),
        filters=filters,
        shown=shown,
    )


def cases_of_projects() -> QuerySet[Case]:
    """The cases a project may answer, for the filters and the project form."""
    return Case.objects.order_by("number")


def groups_of_cases() -> QuerySet[CivilPartyGroup]:
    return CivilPartyGroup.objects.filter(archived_at__isnull=True).select_related("case")


def officers() -> QuerySet[User]:
    return policy.project_officers(User.objects.all()).order_by("username")


def partner_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER).order_by("name")


def project_get_for_user(user: User, pk: int) -> Project:
    """A project in the user's scope (else 404), for its page or an action on it."""
    return get_object_or_404(
        _in_scope(user, Project.objects.select_related("officer", "created_by")), pk=pk
    )


def partnership_for_user(user: User, pk: int) -> ProjectPartner:
    """A current partnership of a project in the user's scope (else 404)."""
    return get_object_or_404(
        ProjectPartner.objects.filter(
            project__in=_in_scope(user, Project.objects.all()), ended_at__isnull=True
        ).select_related("project", "organisation"),
        pk=pk,
    )


def claim_request_for_user(user: User, pk: int) -> ClaimRequest:
    """A standing request of a project in the user's scope (else 404)."""
    return get_object_or_404(
        ClaimRequest.objects.filter(
            project__in=_in_scope(user, Project.objects.all()), withdrawn_at__isnull=True
        ).select_related("project", "case", "lawyer"),
        pk=pk,
    )


def document_get_for_user(user: User, pk: int) -> ProjectDocument:
    """A document to download: for the Section and the lawyers alone (else 403), of a
    project in scope (else 404); the download is audited."""
    if not policy.can_read_project_documents(user):
        raise PermissionDenied
    document = get_object_or_404(
        ProjectDocument.objects.filter(
            project__in=_in_scope(user, Project.objects.all()), archived_at__isnull=True
        ).select_related("project"),
        pk=pk,
    )
    audit_record(
        actor=user, action=AuditAction.DOWNLOAD, obj=document, label=document.project.reference
    )
    return document


# --- the project's page ------------------------------------------------------------------


@dataclass
class Lifecycle:
    history: Sequence[ProjectStatusChange]
    documents: list[ProjectDocument]
    shows_documents: bool
    has_evaluation: bool


def lifecycle_of(user: User, project: Project) -> Lifecycle:
    shows_documents = policy.can_read_project_documents(user)
    history = list(
        project.status_changes.select_related("decided_by").prefetch_related(
            Prefetch(
                "documents",
                queryset=ProjectDocument.objects.filter(archived_at__isnull=True),
                to_attr="current_documents",
            )
        )
    )
    documents = []
    if shows_documents:
        documents = list(
            project.documents.filter(archived_at__isnull=True, status_change__isnull=True)
            .select_related("uploaded_by")
            .order_by("uploaded_at", "id")
        )
    return Lifecycle(
        history=history,
        documents=documents,
        shows_documents=shows_documents,
        has_evaluation=Evaluation.objects.filter(project=project).exists(),
    )


@dataclass
class About:
    cases: list[Case]
    groups: list[CivilPartyGroup]
    partners: list[ProjectPartner]
    former_partners: list[ProjectPartner]
    claim_requests: list[ClaimRequest] | None


def about(user: User, project: Project) -> About:
    partnerships = list(project.partnerships.select_related("organisation", "ended_by"))
    claim_requests = None
    if policy.can_see_claim_requests(user):
        claim_requests = list(
            project.claim_requests.select_related(
                "case", "lawyer", "marked_by", "withdrawn_by"
            ).order_by("withdrawn_at", "marked_at", "id")
        )
    return About(
        cases=list(project.cases.order_by("number")),
        groups=list(project.groups_served.select_related("case").order_by("case__number", "name")),
        partners=[p for p in partnerships if p.ended_at is None],
        former_partners=[p for p in partnerships if p.ended_at is not None],
        claim_requests=claim_requests,
    )


# --- work queues -------------------------------------------------------------------------


def projects_awaiting_officer(user: User) -> list[Project]:
    """The projects the user is responsible for whose next move is theirs: a judgment to
    record, an agreement to sign, work to start, a recorded evaluation to close on, or a
    budget secured in full."""
    if not policy.has_right(user, Right.MANAGE_PROJECTS):
        return []
    projects = Project.objects.filter(officer=user).filter(
        Q(
            status__in=[
                ProjectStatus.REQUESTED,
                ProjectStatus.ENDORSED,
                ProjectStatus.NON_JUDICIAL,
                ProjectStatus.AGREEMENT_SIGNED,
            ]
        )
        | Q(status=ProjectStatus.COMPLETED, evaluation__isnull=False)
        | Q(status=ProjectStatus.FUNDRAISING, budget_usd__gt=0, secured_usd__gte=F("budget_usd"))
    )
    return _queue(user, projects)


def projects_awaiting_approval(user: User) -> list[Project]:
    """For the Chief: projects a Lead Co-Lawyer requested in the claim, not yet in it."""
    if not policy.has_right(user, Right.APPROVE_CLAIMS):
        return []
    projects = Project.objects.filter(
        status__in=[ProjectStatus.FUNDRAISING, ProjectStatus.FUNDED]
    ).filter(Exists(standing_claim_requests().filter(project=OuterRef("pk"))))
    return _queue(user, projects)


def _queue(user: User, projects: QuerySet[Project]) -> list[Project]:
    # Projects by reference, title and status: no one's personal data, no read entry.
    return list(
        _in_scope(user, projects.select_related("officer")).order_by("reference")[:QUEUE_LENGTH]
    )
