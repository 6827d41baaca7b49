"""Writes of exports: asking for one (a job a background worker takes) and deleting the
files of old ones."""

import datetime

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.policy import Right

from . import storage
from .audit_labels import JOB_FILE_DELETED, job_label
from .models import ExportJob, JobStatus
from .registry import ListExport
from .tasks import write_export


def params_of(query: QueryDict) -> dict[str, list[str]]:
    """A list's filters as a job keeps them, without the page number."""
    return {name: query.getlist(name) for name in sorted(query) if name != "page"}


@transaction.atomic
def export_job_request(
    *, actor: User, export: ListExport, export_format: str, query: QueryDict, total: int
) -> ExportJob:
    """Ask for the list with these filters as a file, written in the background in the
    language of the request and with the rights the requester holds now."""
    policy.require_right(actor, Right.EXPORT_LISTS)
    export_jobs_expire()
    job = ExportJob.objects.create(
        requested_by=actor,
        role=actor.role,
        list_name=export.name,
        export_format=export_format,
        params=params_of(query),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=total,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=job,
        label=job_label(job=job.pk, list_label=export.label, export_format=export_format),
        changes=new_values({"params": job.params, "total": total}),
    )
    transaction.on_commit(lambda: write_export.enqueue(job_id=job.pk))
    return job


@transaction.atomic
def export_jobs_expire() -> int:
    """Delete the files of the exports finished longer ago than VSS_EXPORT_KEEP_HOURS:
    a file of personal data is kept no longer than it takes to be downloaded."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.VSS_EXPORT_KEEP_HOURS)
    expired = list(
        ExportJob.objects.select_for_update().filter(status=JobStatus.DONE, finished_at__lt=cutoff)
    )
    for job in expired:
        storage.remove(job.file_name)
        job.status, job.file_name = JobStatus.EXPIRED, ""
        job.save(update_fields=["status", "file_name"])
        audit_record(
            actor=None,
            action=AuditAction.ARCHIVE,
            obj=job,
            label=audit_label(JOB_FILE_DELETED, job=job.pk),
            changes={"status": {"old": JobStatus.DONE.value, "new": JobStatus.EXPIRED.value}},
        )
    return len(expired)
