"""An export job written by the background worker: the list's rows, read again through
the list's own selector with the requester's rights, into a file outside the web root,
the rows written so far kept on the job's row for its page's progress bar."""

import os
import secrets
import time

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils import timezone, translation

from vss.audit.models import AuditAction
from vss.core import workers
from vss.core.exports import write_csv, write_xlsx

from . import storage
from .models import ExportFormat, ExportJob, Failure, JobStatus
from .registry import list_export
from .selectors import export_read, export_rows_for_user

PROGRESS_EVERY = 1.0  # seconds between progress writes


class RightsChanged(Exception):
    pass


class _Progress:
    """Told each count of rows written: keeps the last, and writes it on the job's row at
    most once every PROGRESS_EVERY seconds."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = time.monotonic()
        self.written = 0

    def __call__(self, written: int) -> None:
        self.written = written
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY:
            ExportJob.objects.filter(pk=self.job_id).update(written=written)
            self.last = now


def _query(params: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in params.items():
        query.setlist(name, values)
    return query


def write_export_now(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    # A job left running by a worker that died is written again from its start.
    takeable = (JobStatus.QUEUED, JobStatus.RUNNING) if workers.resumed() else (JobStatus.QUEUED,)
    taken = ExportJob.objects.filter(pk=job_id, status__in=takeable).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return job  # a task run twice writes one file
    file_name = f"{secrets.token_hex(16)}.{job.export_format}"
    # Written under a name of the job's until whole, so that the file a dead worker left
    # half-written is found and removed by the run that takes its job up.
    partial = f"{job_id}.partial"
    storage.remove(partial)
    try:
        written = _write(job, partial)
        os.replace(storage.export_path(partial), storage.export_path(file_name))
    except Exception as error:  # the job's page must say it failed, whatever the cause
        storage.remove(partial)
        failure = Failure.RIGHTS_CHANGED if isinstance(error, RightsChanged) else Failure.ERROR
        ExportJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            failure=failure,
            error=repr(error)[:2000],
            finished_at=timezone.now(),
        )
        if failure == Failure.ERROR:
            raise
    else:
        ExportJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, written=written, file_name=file_name, finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def _write(job: ExportJob, file_name: str) -> int:
    user = job.requested_by
    if not user.is_active or user.role != job.role:
        raise RightsChanged
    export = list_export(job.list_name)
    progress = _Progress(job.pk)
    with translation.override(job.language):
        try:
            rows = export_rows_for_user(user, export, _query(job.params))
        except (PermissionDenied, Http404) as refused:
            raise RightsChanged from refused
        # Created for the service's user alone, as uploaded documents are.
        descriptor = os.open(
            storage.prepared_path(file_name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
        )
        read = rows.read()
        if job.export_format == ExportFormat.PDF:
            if export.pdf is None:
                raise ValueError(f"{export.name} is not drawn as a PDF")
            with os.fdopen(descriptor, "wb") as handle:
                export.pdf(user, _query(job.params), rows, handle, progress)
        elif job.export_format == ExportFormat.XLSX:
            with os.fdopen(descriptor, "wb") as handle:
                write_xlsx(read, rows.columns, handle, progress)
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as text:
                write_csv(read, rows.columns, text, progress)
    export_read(
        user,
        export,
        rows,
        export_format=job.export_format,
        shown=progress.written,
        action=AuditAction.EXPORT,
    )
    return progress.written
