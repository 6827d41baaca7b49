"""Reads of exports: the rows of a list for the user who asks (their right to export
and the list's own checks of right and scope), and an export job, which is its
requester's alone: anyone else, whatever their role, does not find it (404)."""

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record, new_values
from vss.policy import Right

from . import storage
from .audit_labels import LIST_EXPORT, job_label
from .models import ExportJob, JobStatus
from .registry import ExportRows, ListExport, list_export


def export_rows_for_user(user: User, export: ListExport, params: QueryDict) -> ExportRows:
    policy.require_right(user, Right.EXPORT_LISTS)
    return export.rows(user, params)


def export_read(
    user: User,
    export: ListExport,
    rows: ExportRows,
    *,
    export_format: str,
    shown: int,
    action: AuditAction,
) -> None:
    """An export's rows leaving the database, audited as the list's pages are, with its
    filters and its number of rows, never which rows."""
    audit_list_read(
        actor=user,
        object_type=rows.object_type,
        label=audit_label(LIST_EXPORT, list=export.label, format=export_format),
        filters=rows.filters,
        shown=shown,
        query=rows.query_field,
        action=action,
    )


def job_get_for_user(user: User, pk: int) -> ExportJob:
    policy.require_right(user, Right.EXPORT_LISTS)
    return get_object_or_404(
        ExportJob.objects.select_related("requested_by"), pk=pk, requested_by=user
    )


def job_download_for_user(user: User, pk: int) -> ExportJob:
    """The finished job whose file the requester takes, the download audited."""
    job = job_get_for_user(user, pk)
    if job.status != JobStatus.DONE or not storage.export_path(job.file_name).is_file():
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=job,
        label=job_label(
            job=job.pk,
            list_label=list_export(job.list_name).label,
            export_format=job.export_format,
        ),
        changes=new_values({"written": job.written, "params": job.params}),
    )
    return job
