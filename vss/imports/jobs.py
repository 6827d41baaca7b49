"""The two background jobs of an import, run by the worker: the dry run (read, check,
look for duplicates, record what it found) and the import (application_import), each
keeping its progress on the batch's row for the page's progress bar, and each run with
the rights its uploader held at upload, or not at all."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vss import policy
from vss.policy import Right

from . import duplicates, storage
from .models import BatchStatus, ImportBatch, LikelyDuplicate, RowProblem, Stage
from .parsing import FileRefused, read_lines
from .rows import Problem, RowChecker
from .services import CHUNK, ImportRefused, application_import, rows_checked

PROGRESS_EVERY = 1.0  # seconds between progress writes
# Rows whose registry duplicates are looked for in one query.
REGISTRY_CHUNK = 500


class _Progress:
    """Told each count of rows done: writes it on the batch's row at most once every
    PROGRESS_EVERY seconds, through `using` (a connection of its own while the import's
    transaction holds the main one, so the page sees it before the commit)."""

    def __init__(self, batch_id: int, using: BaseDatabaseWrapper | None = None) -> None:
        self.batch_id = batch_id
        self.using = using
        self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        if self.using is None:
            ImportBatch.objects.filter(pk=self.batch_id).update(rows_done=done)
            return
        # The count is for the eye: it never makes the import wait (a row lock held
        # elsewhere) nor fail.
        try:
            with self.using.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} SET rows_done = %s WHERE id = %s",
                    [done, self.batch_id],
                )
        except DatabaseError:
            pass


@contextmanager
def _side_connection() -> Iterator[BaseDatabaseWrapper | None]:
    """A second connection to the database, in autocommit, for progress written during a
    long transaction; None on SQLite, whose one writer at a time would wait on the
    transaction itself (the page then shows the stage without a count until the end)."""
    if connection.vendor == "sqlite":
        yield None
        return
    side = connections.create_connection("default")
    try:
        yield side
    finally:
        side.close()


def _estimate_rows(batch: ImportBatch) -> int:
    """Rows in the file, roughly (lines, less the header), for the bar before the end."""
    path = storage.import_path(batch.file_name)
    if batch.file_format == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True)
            try:
                return max((workbook.worksheets[0].max_row or 1) - 1, 0)
            finally:
                workbook.close()
        except Exception:  # a broken workbook is reported by the reading itself
            return 0
    lines = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


def _may_run(batch: ImportBatch) -> bool:
    user = batch.uploaded_by
    return (
        user.is_active
        and user.role == batch.role
        and policy.has_right(user, Right.IMPORT_APPLICATIONS)
    )


def _fail(batch_id: int, failure: str, error: str = "") -> None:
    ImportBatch.objects.filter(pk=batch_id).update(
        status=BatchStatus.FAILED, failure=failure, error=error[:2000], stage=""
    )


def _record_problems(batch_id: int, problems: list[Problem]) -> None:
    RowProblem.objects.bulk_create(
        (
            RowProblem(batch_id=batch_id, row=p.row, column=p.column, message=p.message)
            for p in problems
        ),
        batch_size=5000,
    )


RIGHTS_CHANGED = gettext_lazy("Your account's rights changed after you uploaded the file.")


def check_now(batch_id: int) -> ImportBatch:
    """The dry run: every row read and checked, every problem and likely duplicate kept
    for the report; nothing written but the report."""
    taken = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.CHECK_QUEUED).update(
        status=BatchStatus.CHECKING, stage=Stage.READING
    )
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if not taken:
        return batch  # a task run twice checks once
    with translation.override(batch.language):
        if not _may_run(batch):
            _fail(batch_id, str(RIGHTS_CHANGED))
        else:
            try:
                _check(batch)
            except FileRefused as refused:
                _fail(batch_id, str(refused))
            except Exception as error:
                _fail(batch_id, _("The file could not be checked."), repr(error))
                raise
    batch.refresh_from_db()
    return batch


def _check(batch: ImportBatch) -> None:
    digest = storage.digest_of(batch.file_name)
    estimate = _estimate_rows(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(rows_total=estimate)
    progress = _Progress(batch.pk)
    user = batch.uploaded_by
    checker = RowChecker()
    in_file = duplicates.InFile()
    problems: list[Problem] = []
    rows = bad = with_duplicates = 0
    lines = read_lines(storage.import_path(batch.file_name), batch.file_format)
    for chunk_of_lines in iter(lambda: list(islice(lines, CHUNK)), []):
        before = len(problems)
        good = next(rows_checked(iter(chunk_of_lines), checker, problems))
        found: list[duplicates.Found] = []
        for data in good:
            found += in_file.add(data)
        ordered = duplicates.by_year(good)
        for start in range(0, len(ordered), REGISTRY_CHUNK):
            found += duplicates.in_registry(user, ordered[start : start + REGISTRY_CHUNK])
        LikelyDuplicate.objects.bulk_create(
            LikelyDuplicate(
                batch_id=batch.pk,
                row=f.row,
                person_id=f.person_id,
                other_row=f.other_row,
                reasons=f.reasons,
            )
            for f in found
        )
        _record_problems(batch.pk, problems[before:])
        rows += len(chunk_of_lines)
        bad += len({p.row for p in problems[before:]})
        with_duplicates += len({f.row for f in found})
        progress(rows)
    if storage.digest_of(batch.file_name) != digest:
        raise FileRefused(_("The file changed while it was checked: upload it again."))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.CHECKED,
        stage="",
        rows_total=rows,
        rows_done=rows,
        bad_rows=bad,
        duplicate_rows=with_duplicates,
        checked_sha256=digest,
        checked_at=timezone.now(),
    )


def import_now(batch_id: int) -> ImportBatch:
    """The import: every row written in one transaction, or none and why."""
    taken = ImportBatch.objects.filter(pk=batch_id, status=BatchStatus.IMPORT_QUEUED).update(
        status=BatchStatus.IMPORTING, stage=Stage.WRITING, rows_done=0
    )
    batch = ImportBatch.objects.select_related("import_requested_by").get(pk=batch_id)
    if not taken:
        return batch
    actor = batch.import_requested_by
    with translation.override(batch.language):
        if actor is None or not _may_run(batch):
            _fail(batch_id, str(RIGHTS_CHANGED))
        else:
            try:
                with _side_connection() as side:
                    application_import(actor=actor, batch=batch, progress=_Progress(batch_id, side))
            except ImportRefused as refused:
                _record_problems(batch_id, refused.problems)
                ImportBatch.objects.filter(pk=batch_id).update(
                    bad_rows=len({p.row for p in refused.problems})
                )
                _fail(batch_id, refused.messages[0])
            except Exception as error:
                _fail(batch_id, _("The import failed: nothing was saved."), repr(error))
                raise
    batch.refresh_from_db()
    return batch
