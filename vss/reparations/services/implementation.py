"""Every write of a project at work: its milestones, the progress reports with their files
and the people they reached, the Civil Parties who took part, and the final evaluation.
Each function checks the user's right, writes in one transaction and audits the write in
it. A report's text and a file's caption are read by the project's donors: the log keeps
that they were written, with the report's counts, never a person's name."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.applications.uploads import CheckedUpload, name_for_storage
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.core.validation import not_in_future
from vss.geo.models import Province
from vss.people.models import Language, Sex
from vss.policy import Right

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
from ..workflow import AT_WORK

# A project evaluated or abandoned is over: nothing more falls due in it.
CLOSED = frozenset({ProjectStatus.EVALUATED, ProjectStatus.ABANDONED})


@dataclass(frozen=True)
class PeopleReached:
    province: Province
    sex: str
    count: int


@dataclass(frozen=True)
class CheckedFile:
    """A file judged by `check_upload`: `upload` is what the check kept (an image drawn
    again from its pixels), never the bytes as they came."""

    upload: File
    checked: CheckedUpload
    caption: str = ""
    # Where the file was kept aside between two attempts at a form: emptied once stored.
    staged_path: str = ""


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _required(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise ValidationError({field: message})
    return text.strip()


def _created(user: User, record: models.Model, project: Project, values: dict[str, Any]) -> None:
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=record,
        label=project.reference,
        changes=new_values(values),
    )


def _stored_file(user: User, file: CheckedFile, *, default: str) -> dict[str, Any]:
    """The fields of a StoredFile for a file judged by check_upload, stored under its
    digest with the name it came with kept for the download."""
    if file.staged_path:
        staged_path = file.staged_path
        transaction.on_commit(lambda: default_storage.delete(staged_path))
    return {
        "original_name": name_for_storage(file.upload, file.checked, default=default),
        "file": file.upload,
        "content_type": file.checked.content_type,
        "size": file.checked.size,
        "sha256": file.checked.sha256,
        "uploaded_by": user,
    }


def _project_of(record: Milestone | Participation | ProgressAttachment) -> Project:
    return record.report.project if isinstance(record, ProgressAttachment) else record.project


def _archived(
    record: Milestone | Participation | ProgressAttachment, user: User, reason: str
) -> None:
    if record.archived_at is not None:
        raise ValidationError(_("This was already archived."))
    record.archived_at = timezone.now()
    record.archived_by = user
    record.archive_reason = _required(reason, "reason", _("Say why it is archived."))
    record.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=user,
        action=AuditAction.ARCHIVE,
        obj=record,
        label=_project_of(record).reference,
        changes=new_values(
            {"archived_at": record.archived_at.isoformat(), "archive_reason": reason.strip()}
        ),
    )


# --- milestones ---------------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, user: User, project: Project, title: str, due_on: datetime.date) -> Milestone:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = _locked(project)
    if project.status in CLOSED:
        raise ValidationError(_("This project is over: it takes no more milestones."))
    milestone = Milestone.objects.create(
        project=project,
        title=_required(title, "title", _("Name the milestone.")),
        due_on=due_on,
        recorded_by=user,
    )
    _created(
        user,
        milestone,
        project,
        {"project": project.pk, "title": milestone.title, "due_on": due_on.isoformat()},
    )
    return milestone


@transaction.atomic
def milestone_mark_done(
    *, user: User, milestone: Milestone, done_on: datetime.date, note: str = ""
) -> Milestone:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    if milestone.archived_at is not None:
        raise ValidationError(_("This milestone was archived."))
    if milestone.done_on is not None:
        raise ValidationError(_("This milestone is already done."))
    not_in_future(done_on, "done_on")
    milestone.done_on = done_on
    milestone.done_note = note.strip()
    milestone.save(update_fields=["done_on", "done_note"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=milestone,
        label=milestone.project.reference,
        changes=new_values({"done_on": done_on.isoformat(), "done_note": milestone.done_note}),
    )
    return milestone


@transaction.atomic
def milestone_archive(*, user: User, milestone: Milestone, reason: str) -> Milestone:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    _archived(milestone, user, reason)
    return milestone


# --- progress reports ---------------------------------------------------------------------


def _require_reporting(user: User, project: Project) -> None:
    if not policy.can_report_progress(user, project):
        raise PermissionDenied
    if project.status not in AT_WORK:
        raise ValidationError(
            _("Progress is reported from the project's design until its evaluation.")
        )


def _counts_checked(counts: Sequence[PeopleReached]) -> list[PeopleReached]:
    seen: set[tuple[str, str]] = set()
    for row in counts:
        if row.sex not in Sex.values:
            raise ValidationError({"counts": _("Choose a sex for each count.")})
        if row.count < 0:
            raise ValidationError({"counts": _("A count of people cannot be negative.")})
        key = (row.province.pk, row.sex)
        if key in seen:
            raise ValidationError(
                {
                    "counts": _(
                        "%(province)s is counted twice for the same sex: give one count for each."
                    )
                    % {"province": row.province}
                }
            )
        seen.add(key)
    return list(counts)


def _attachment_stored(user: User, report: ProgressReport, file: CheckedFile) -> ProgressAttachment:
    attachment = ProgressAttachment.objects.create(
        report=report, caption=file.caption.strip(), **_stored_file(user, file, default="file")
    )
    _created(user, attachment, report.project, {"report": report.pk, "sha256": attachment.sha256})
    return attachment


@transaction.atomic
def progress_report_submit(
    *,
    user: User,
    project: Project,
    period_start: datetime.date,
    period_end: datetime.date,
    text: str,
    language: str,
    counts: Sequence[PeopleReached] = (),
    files: Sequence[CheckedFile] = (),
) -> ProgressReport:
    """A report on a period of the work, with the people it reached by province and sex
    and its files and photos, each already judged by its content."""
    project = _locked(project)
    _require_reporting(user, project)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    not_in_future(period_end, "period_end")
    if language not in Language.values:
        raise ValidationError({"language": _("Choose the language of the report.")})
    rows = _counts_checked(counts)
    report = ProgressReport.objects.create(
        project=project,
        period_start=period_start,
        period_end=period_end,
        text=_required(text, "text", _("Write the report.")),
        language=language,
        submitted_by=user,
    )
    BeneficiaryCount.objects.bulk_create(
        BeneficiaryCount(report=report, province=row.province, sex=row.sex, count=row.count)
        for row in rows
    )
    _created(
        user,
        report,
        project,
        {
            "project": project.pk,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "language": language,
            "people_reached": [[r.province.pk, r.sex, r.count] for r in rows],
        },
    )
    for file in files:
        _attachment_stored(user, report, file)
    return report


@transaction.atomic
def progress_attachment_add(
    *, user: User, report: ProgressReport, file: CheckedFile
) -> ProgressAttachment:
    """A file or photo added to a report after it was submitted."""
    project = _locked(report.project)
    _require_reporting(user, project)
    return _attachment_stored(user, report, file)


@transaction.atomic
def progress_attachment_archive(
    *, user: User, attachment: ProgressAttachment, reason: str
) -> ProgressAttachment:
    """Take a file or photo off its report (a face shown without consent, a file of
    another project): whoever may report on the project may, at any time."""
    attachment = (
        ProgressAttachment.objects.select_for_update()
        .select_related("report__project")
        .get(pk=attachment.pk)
    )
    if not policy.can_report_progress(user, attachment.report.project):
        raise PermissionDenied
    _archived(attachment, user, reason)
    return attachment


# --- Civil Parties taking part ------------------------------------------------------------


def _civil_parties_of(project: Project) -> Q:
    """Civil Parties of the project's cases, of the case a segment was severed from, and
    of the segments severed from a case: one consolidated group follows them all."""
    cases = project.cases.all()
    return Q(status__in=CIVIL_PARTIES) & (
        Q(case__in=cases) | Q(case__sub_cases__in=cases) | Q(case__parent__in=cases)
    )


@transaction.atomic
def participation_add(
    *,
    user: User,
    project: Project,
    vss_number: str,
    took_part_on: datetime.date | None = None,
) -> Participation:
    """Record that a Civil Party, named by VSS number, took part in the project."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = _locked(project)
    if project.status not in AT_WORK:
        raise ValidationError(
            _("Civil Parties take part from the project's design until its evaluation.")
        )
    number = vss_number.strip()
    application = (
        Application.objects.filter(_civil_parties_of(project), vss_number__iexact=number)
        .distinct()
        .first()
        if number
        else None
    )
    if application is None:
        raise ValidationError(
            {"vss_number": _("No Civil Party of this project's cases has this VSS number.")}
        )
    if took_part_on is not None:
        not_in_future(took_part_on, "took_part_on")
    if project.participations.filter(application=application, archived_at__isnull=True).exists():
        raise ValidationError(
            {"vss_number": _("This Civil Party is already recorded as taking part.")}
        )
    participation = Participation.objects.create(
        project=project, application=application, took_part_on=took_part_on, recorded_by=user
    )
    _created(
        user,
        participation,
        project,
        {
            "project": project.pk,
            "application": application.pk,
            "took_part_on": took_part_on.isoformat() if took_part_on else None,
        },
    )
    return participation


@transaction.atomic
def participation_archive(
    *, user: User, participation: Participation, reason: str
) -> Participation:
    policy.require_right(user, Right.MANAGE_PROJECTS)
    participation = (
        Participation.objects.select_for_update().select_related("project").get(pk=participation.pk)
    )
    _archived(participation, user, reason)
    return participation


# --- evaluation ---------------------------------------------------------------------------


@transaction.atomic
def evaluation_record(
    *,
    user: User,
    project: Project,
    evaluated_on: datetime.date,
    evaluator: str,
    summary: str,
    language: str,
    document: CheckedFile | None = None,
) -> Evaluation:
    """The final evaluation of a completed project, which the move to EVALUATED needs;
    its report, if any, is kept among the project's documents."""
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = _locked(project)
    if project.status != ProjectStatus.COMPLETED:
        raise ValidationError(_("A project is evaluated once it is completed."))
    if Evaluation.objects.filter(project=project).exists():
        raise ValidationError(_("This project's evaluation is already recorded."))
    not_in_future(evaluated_on, "evaluated_on")
    if language not in Language.values:
        raise ValidationError({"language": _("Choose the language of the findings.")})
    evaluation = Evaluation.objects.create(
        project=project,
        evaluated_on=evaluated_on,
        evaluator=_required(evaluator, "evaluator", _("Name who evaluated the project.")),
        summary=_required(summary, "summary", _("Write the findings.")),
        language=language,
        recorded_by=user,
    )
    _created(
        user,
        evaluation,
        project,
        {
            "project": project.pk,
            "evaluated_on": evaluated_on.isoformat(),
            "evaluator": evaluation.evaluator,
            "language": language,
        },
    )
    if document is not None:
        stored = ProjectDocument.objects.create(
            project=project,
            kind=ProjectDocumentKind.EVALUATION,
            **_stored_file(user, document, default="evaluation"),
        )
        _created(
            user,
            stored,
            project,
            {"project": project.pk, "kind": stored.kind, "sha256": stored.sha256},
        )
    return evaluation
