"""Reads of a project at work, through the projects' scope (a partner its own projects, a
donor those it funds, a Lead Co-Lawyer those of the cases they lead): out of it, 404.
Milestones, reports, counts and photos carry no one's name by design (donors read them);
the Civil Parties taking part do, so their list is shown only where the policy allows and
every read of it is audited."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_read, audit_record
from vss.geo.models import Province
from vss.people.models import Sex
from vss.policy import Right

from ..audit_labels import PARTICIPANTS_OF
from ..models import (
    BeneficiaryCount,
    Evaluation,
    Milestone,
    Participation,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectDocument,
    ProjectDocumentKind,
    ProjectStatus,
)
from ..services.implementation import CLOSED
from ..workflow import AT_WORK

QUEUE_LENGTH = 50


def _projects(user: User) -> QuerySet[Project]:
    return policy.projects_in_scope(user, Project.objects.all())


def project_for_manager(user: User, pk: int) -> Project:
    """A project the user runs: the right first (403), then the scope (404)."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    return get_object_or_404(_projects(user), pk=pk)


def project_for_reporter(user: User, pk: int) -> Project:
    """A project the user reports on: 403 for a role that reports on none, 404 for a
    project out of scope (another partner's), 403 for one in scope it may not report on."""
    policy.require_right(user, Right.REPORT_PROGRESS)
    project = get_object_or_404(_projects(user), pk=pk)
    if not policy.can_report_progress(user, project):
        raise PermissionDenied
    return project


def milestone_for_manager(user: User, pk: int) -> Milestone:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    return get_object_or_404(
        Milestone.objects.select_related("project").filter(project__in=_projects(user)), pk=pk
    )


def participation_for_manager(user: User, pk: int) -> Participation:
    """A participation about to be archived: the page names the Civil Party, so it is a
    read of their record."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    participation = get_object_or_404(
        Participation.objects.select_related("project", "application__applicant").filter(
            project__in=_projects(user)
        ),
        pk=pk,
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participation,
        label=participation.project.reference,
    )
    return participation


def _current_attachments() -> QuerySet[ProgressAttachment]:
    return ProgressAttachment.objects.filter(archived_at__isnull=True)


def _attachments() -> Prefetch:
    return Prefetch("attachments", queryset=_current_attachments().order_by("id"))


def report_for_user(user: User, pk: int) -> ProgressReport:
    policy.require_right(user, Right.VIEW_PROJECTS)
    return get_object_or_404(
        ProgressReport.objects.select_related("project", "submitted_by")
        .prefetch_related(_attachments(), "counts__province")
        .filter(project__in=_projects(user)),
        pk=pk,
    )


def report_for_reporter(user: User, pk: int) -> ProgressReport:
    """A report the user adds a file to: as `project_for_reporter`."""
    policy.require_right(user, Right.REPORT_PROGRESS)
    report = report_for_user(user, pk)
    if not policy.can_report_progress(user, report.project):
        raise PermissionDenied
    return report


@dataclass
class ReportPage:
    report: ProgressReport
    counts: list[BeneficiaryCount]
    photos: list[ProgressAttachment]
    files: list[ProgressAttachment]
    can_add_files: bool
    # Whoever may report on the project takes a file off its report, at any time.
    can_archive_files: bool
    # A file's own name may carry a person's: shown to those who may see who took part.
    shows_file_names: bool


def report_page(user: User, report: ProgressReport) -> ReportPage:
    """What a report's page shows, for a report found by `report_for_user`."""
    attachments = list(report.attachments.all())
    return ReportPage(
        report=report,
        counts=list(report.counts.all()),
        photos=[a for a in attachments if a.is_photo],
        files=[a for a in attachments if not a.is_photo],
        can_add_files=report.project.status in AT_WORK
        and policy.can_report_progress(user, report.project),
        can_archive_files=policy.can_report_progress(user, report.project),
        shows_file_names=policy.can_see_participants(user, report.project),
    )


def attachment_for_user(user: User, pk: int) -> ProgressAttachment:
    """A report's file or photo, for whoever reads the report (a donor the photos of the
    projects it funds)."""
    policy.require_right(user, Right.VIEW_PROJECTS)
    return get_object_or_404(
        _current_attachments()
        .select_related("report__project")
        .filter(report__project__in=_projects(user)),
        pk=pk,
    )


def attachment_for_reporter(user: User, pk: int) -> ProgressAttachment:
    """A file about to be taken off its report: as `project_for_reporter`."""
    policy.require_right(user, Right.REPORT_PROGRESS)
    attachment = attachment_for_user(user, pk)
    if not policy.can_report_progress(user, attachment.report.project):
        raise PermissionDenied
    return attachment


def attachment_file_name(user: User, attachment: ProgressAttachment) -> str:
    """The name a file is offered under: the name it came with, protected people's names
    in it masked, for those who may see who took part (see ReportPage.shows_file_names);
    for anyone else, one made of the report's number and the file's."""
    if not policy.can_see_participants(user, attachment.report.project):
        return f"report-{attachment.report_id}-{attachment.pk}"
    return policy.free_text(user, attachment.original_name)


def attachment_downloaded(user: User, attachment: ProgressAttachment) -> None:
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=attachment,
        label=attachment.report.project.reference,
    )


# --- the project's page ---------------------------------------------------------------------


@dataclass
class ReachedRow:
    province: Province
    by_sex: dict[str, int]
    total: int


@dataclass
class PeopleReachedTotals:
    """People reached, summed over the project's reports: a row per province, a column
    per sex."""

    rows: list[ReachedRow] = field(default_factory=list)
    by_sex: dict[str, int] = field(default_factory=dict)
    total: int = 0
    sexes: list[tuple[str, Any]] = field(default_factory=lambda: list(Sex.choices))


def people_reached(project: Project) -> PeopleReachedTotals:
    sums = (
        BeneficiaryCount.objects.filter(report__project=project)
        .values("province", "sex")
        .annotate(people=Sum("count"))
        .order_by("province", "sex")
    )
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for row in sums:
        cells[row["province"]][row["sex"]] = row["people"]
    provinces = Province.objects.in_bulk(list(cells))
    totals = PeopleReachedTotals()
    for code, by_sex in cells.items():
        full = {sex: by_sex.get(sex, 0) for sex in Sex.values}
        totals.rows.append(ReachedRow(provinces[code], full, sum(full.values())))
    totals.by_sex = {sex: sum(r.by_sex[sex] for r in totals.rows) for sex in Sex.values}
    totals.total = sum(totals.by_sex.values())
    return totals


def current_participations(project: Project) -> QuerySet[Participation]:
    return project.participations.filter(archived_at__isnull=True)


@dataclass
class Implementation:
    project: Project
    milestones: list[Milestone]
    reports: list[ProgressReport]
    reached: PeopleReachedTotals
    participants: int
    today: datetime.date
    # Not evaluated or abandoned: its milestones may still fall overdue.
    running: bool
    can_manage: bool
    can_report: bool


def implementation_of(user: User, project: Project) -> Implementation:
    """The implementation section of a project the page found in the user's scope."""
    reports = list(project.reports.select_related("submitted_by").prefetch_related(_attachments()))
    return Implementation(
        project=project,
        milestones=list(project.milestones.filter(archived_at__isnull=True)),
        reports=reports,
        reached=people_reached(project),
        participants=current_participations(project).count(),
        today=timezone.localdate(),
        running=project.status not in CLOSED,
        can_manage=policy.has_right(user, Right.MANAGE_PROJECTS) and project.status not in CLOSED,
        can_report=project.status in AT_WORK and policy.can_report_progress(user, project),
    )


@dataclass
class Participant:
    participation: Participation
    name: str


def participants_of(user: User, project: Project) -> list[Participant]:
    """The Civil Parties taking part, named as the identity rules allow (a protected
    person by pseudonym); for a user the policy lets see them, else refused. The read is
    audited: what was shown and how many, never whom."""
    if not policy.can_see_participants(user, project):
        raise PermissionDenied
    rows = [
        Participant(p, policy.display_name(user, p.application.applicant))
        for p in current_participations(project)
        .select_related("application__applicant", "application__case")
        .order_by("application__vss_number", "id")
    ]
    if rows:
        audit_read(
            actor=user,
            object_type="reparations.participation",
            label=audit_label(PARTICIPANTS_OF, project=project.reference),
            asked={"project": project.pk},
            shown=len(rows),
        )
    return rows


def participants_section(user: User, project: Project) -> dict[str, object]:
    return {
        "participants_project": project,
        "participants": participants_of(user, project),
        "can_manage_participants": policy.has_right(user, Right.MANAGE_PROJECTS)
        and project.status in AT_WORK,
    }


@dataclass
class EvaluationSection:
    project: Project
    evaluation: Evaluation | None
    documents: list[ProjectDocument]
    can_record: bool
    # The evaluation's report is among the project's documents, which the policy keeps
    # to the Section and the lawyers: a partner or a donor reads the findings on the page.
    can_download: bool


def evaluation_of(user: User, project: Project) -> EvaluationSection:
    evaluation = Evaluation.objects.filter(project=project).select_related("recorded_by").first()
    documents = list(
        project.documents.filter(kind=ProjectDocumentKind.EVALUATION, archived_at__isnull=True)
    )
    return EvaluationSection(
        project=project,
        evaluation=evaluation,
        documents=documents,
        can_record=evaluation is None
        and project.status == ProjectStatus.COMPLETED
        and policy.has_right(user, Right.MANAGE_PROJECTS),
        can_download=policy.can_read_project_documents(user),
    )


def shows_evaluation(user: User, project: Project) -> bool:
    """Once the project is completed: before, there is nothing to evaluate."""
    return project.status in (ProjectStatus.COMPLETED, ProjectStatus.EVALUATED)


# --- the work queue -------------------------------------------------------------------------


def overdue_milestones(user: User, today: datetime.date | None = None) -> list[Milestone] | None:
    """Milestones past their date and not done, in projects still running: the
    responsible officer's own; the Chief, who approves what the programme does, sees
    every officer's. None for a user who runs no project."""
    if not policy.has_right(user, Right.MANAGE_PROJECTS):
        return None
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(
        due_on__lt=today,
        done_on__isnull=True,
        archived_at__isnull=True,
        project__in=_projects(user).exclude(status__in=CLOSED),
    )
    if not policy.has_right(user, Right.APPROVE_CLAIMS):
        milestones = milestones.filter(project__officer=user)
    return list(milestones.select_related("project").order_by("due_on", "id")[:QUEUE_LENGTH])


def milestones_due_for_user(
    user: User, due_from: datetime.date | None, due_to: datetime.date | None
) -> QuerySet[Milestone]:
    """The milestones not yet done, due within the period (either end open), of the
    projects still running the user may read, the earliest due first."""
    policy.require_right(user, Right.VIEW_PROJECTS)
    milestones = Milestone.objects.filter(
        done_on__isnull=True,
        archived_at__isnull=True,
        project__in=_projects(user).exclude(status__in=CLOSED),
    )
    if due_from is not None:
        milestones = milestones.filter(due_on__gte=due_from)
    if due_to is not None:
        milestones = milestones.filter(due_on__lte=due_to)
    return (
        milestones.select_related("project__officer")
        .prefetch_related("project__cases")
        .order_by("due_on", "id")
    )
