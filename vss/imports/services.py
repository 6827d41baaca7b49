"""Writes of imports: a file uploaded (then checked in the background), its import asked
for, and the import itself, `application_import`.

How a file of a million forms is written and audited. A form entered by hand is saved
row by row with an audit entry per record (vss.applications.services.form_create): at a
million rows that is some ten million statements and as many audit entries, each sealed
into the log's hash chain, hours of work. The import writes the same records in bulk, by
chunks so that memory stays flat (COPY on PostgreSQL, bulk_create elsewhere: `_insert`),
inside ONE transaction, so a file is
imported whole or not at all; and it is audited as one act, in that same transaction:
one entry on the import naming the file's digest, its rows and the ids of every person,
form and application it created (as runs of consecutive ids), while each form keeps the
import and the line it came from (ImportedForm). Nothing is lost to the log: any record's
origin is its ImportedForm, and the import's entry says who did it, when, from what file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import (
    Application,
    CrimeSuffered,
    Harm,
    VictimInformationForm,
    VictimType,
)
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.people.models import Person, PersonName
from vss.people.services import person_build, person_name_rows
from vss.policy import Right

from . import storage
from .models import BatchStatus, ImportBatch, ImportedForm
from .parsing import FileRefused, Line, format_of, read_lines
from .rows import Problem, RowChecker, RowData
from .tasks import check_batch, import_batch

# Ten thousand forms' records in memory at once: large enough that a statement's round
# trip is small beside its rows, small enough to stay a few tens of megabytes.
CHUNK = 10_000
MAX_UPLOAD = 500 * 1024 * 1024


class ImportRefused(ValidationError):
    """The file's rows are not all good: nothing was written. `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        whole_file = [p.message for p in problems if p.row == 0]
        if whole_file:
            # The file as a whole was refused: that is the reason, not a count of rows.
            message = whole_file[0]
        else:
            message = _("Nothing was imported: %(count)s problem(s) in the file.") % {
                "count": len(problems)
            }
        super().__init__(message)


def _chunks(upload: UploadedFile) -> Iterator[bytes]:
    upload.seek(0)
    yield from upload.chunks()


@transaction.atomic
def import_batch_upload(*, actor: User, upload: UploadedFile) -> ImportBatch:
    """Keep a spreadsheet of forms privately and ask for its dry run."""
    policy.require_right(actor, Right.IMPORT_APPLICATIONS)
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    upload.seek(0)
    file_format = format_of(name, upload.read(64))
    if file_format is None:
        raise ValidationError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if not upload.size:
        raise ValidationError(_("The file is empty: a header row is expected."))
    if upload.size > MAX_UPLOAD:
        raise ValidationError(
            _("The file is larger than %(size)s MB: split it.") % {"size": MAX_UPLOAD >> 20}
        )
    file_name, size, sha256 = storage.store(_chunks(upload), file_format)
    try:
        batch = ImportBatch.objects.create(
            uploaded_by=actor,
            role=actor.role,
            language=translation.get_language() or "en",
            original_name=name,
            file_format=file_format,
            file_name=file_name,
            size=size,
            sha256=sha256,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=batch,
            label=batch.reference,
            changes={
                "sha256": {"old": None, "new": sha256},
                "size": {"old": None, "new": size},
                "file_format": {"old": None, "new": file_format},
            },
        )
    except Exception:
        # Refused after the file was written: it must not stay on disk, owned by no record.
        storage.remove(file_name)
        raise
    transaction.on_commit(lambda: check_batch.enqueue(batch_id=batch.pk))
    return batch


@transaction.atomic
def import_batch_confirm(*, actor: User, batch: ImportBatch, sha256: str) -> ImportBatch:
    """Ask for the import of a file whose dry run found nothing wrong. `sha256` is the
    digest the confirming page showed: the file imported is the one that was checked, or
    none is."""
    policy.require_right(actor, Right.IMPORT_APPLICATIONS)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.uploaded_by_id != actor.pk:
        raise PermissionDenied
    if batch.status != BatchStatus.CHECKED:
        raise ValidationError(_("This file is not waiting to be imported."))
    if batch.bad_rows or not batch.rows_total:
        raise ValidationError(
            _(
                "The dry run found rows that cannot be imported: correct the file and upload it again."
            )
        )
    current = storage.digest_of(batch.file_name)
    if sha256 != batch.checked_sha256 or current != batch.checked_sha256:
        raise ValidationError(
            _(
                "The file changed since its dry run, so it is not imported: upload it again "
                "for a new dry run."
            )
        )
    batch.status = BatchStatus.IMPORT_QUEUED
    batch.import_requested_by = actor
    batch.rows_done = 0
    batch.save(update_fields=["status", "import_requested_by", "rows_done"])
    audit_record(
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        obj=batch,
        label=batch.reference,
        changes={"status": {"old": BatchStatus.CHECKED.value, "new": batch.status}},
    )
    transaction.on_commit(lambda: import_batch.enqueue(batch_id=batch.pk))
    return batch


def id_runs(ids: Iterable[int]) -> list[str]:
    """Ids as runs of consecutive ids, ["101-250", "300"]: the ids a bulk insert takes
    from a sequence are mostly one run, so a million ids are a few words of the log."""
    runs: list[list[int]] = []
    for pk in sorted(ids):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return [f"{first}-{last}" if last != first else str(first) for first, last in runs]


@dataclass
class Written:
    people: list[int]
    forms: list[int]
    applications: list[int]


def _insert(model: type[Model], objs: list[Any]) -> None:
    """Insert new records of `model`, their ids set on them. On PostgreSQL by COPY, the
    ids drawn from the table's sequence first: the ORM's INSERT spends most of its time
    preparing each value of each record (three quarters of an import's time, measured in
    bench/imports), which COPY leaves to the driver; elsewhere by bulk_create."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    now = timezone.now()
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            for name in stamped:
                setattr(obj, name, now)
            obj._state.adding = False
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        attnames = [f.attname for f in fields]
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no COPY
        with raw.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for obj in objs:
                copy.write_row([getattr(obj, name) for name in attnames])


def _write_chunk(actor: User, batch: ImportBatch, chunk: list[RowData], written: Written) -> None:
    people = [person_build(actor=actor, data=data.person) for data in chunk]
    _insert(Person, people)
    _insert(PersonName, [name for person in people for name in person_name_rows(person, [])])
    forms = []
    for data, person in zip(chunk, people, strict=True):
        d = data.form
        forms.append(
            VictimInformationForm(
                applicant=person,
                created_by=actor,
                channel=d.channel,
                intermediary_id=d.intermediary_id,
                received_on=d.received_on,
                signed_on=d.signed_on,
                signature=d.signature,
                consent_share_with_court=d.consent_share_with_court,
                consent_contact=d.consent_contact,
                consent_publish_name=d.consent_publish_name,
                account=d.account,
                reparation_wishes=d.reparation_wishes,
            )
        )
    _insert(VictimInformationForm, forms)
    applications = [
        Application(
            form=form,
            applicant=person,
            case_id=case_id,
            kind=data.kind,
            province_code=(person.village_id or "")[:2],
        )
        for data, person, form in zip(chunk, people, forms, strict=True)
        for case_id in data.case_ids
    ]
    _insert(Application, applications)
    _insert(
        CrimeSuffered,
        [
            CrimeSuffered(form=form, crime_type_id=crime_type_id)
            for data, form in zip(chunk, forms, strict=True)
            for crime_type_id in data.crime_type_ids
        ],
    )
    _insert(
        Harm,
        [
            Harm(form=form, kind=kind, victim_type=VictimType.DIRECT)
            for data, form in zip(chunk, forms, strict=True)
            for kind in data.harm_kinds
        ],
    )
    _insert(
        ImportedForm,
        [
            ImportedForm(batch=batch, row=data.row, form=form)
            for data, form in zip(chunk, forms, strict=True)
        ],
    )
    written.people += [p.pk for p in people]
    written.forms += [f.pk for f in forms]
    written.applications += [a.pk for a in applications]


def _batched(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    while chunk := list(islice(lines, size)):
        yield chunk


def rows_checked(
    lines: Iterator[Line], checker: RowChecker, problems: list[Problem]
) -> Iterator[list[RowData]]:
    """The good rows of `lines` by chunks; the problems of the others added to `problems`."""
    for chunk in _batched(lines, CHUNK):
        good = []
        for line in chunk:
            problems += [Problem(line.number, column, message) for column, message in line.problems]
            data, found = checker.check(line.number, line.values)
            problems += found
            if data is not None and not line.problems:
                good.append(data)
        yield good


@transaction.atomic
def application_import(
    *,
    actor: User,
    batch: ImportBatch,
    progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Write every form of a checked file, in one transaction: every row, or, if any is
    refused now (a case closed since the dry run, the file changed), none, with every
    problem in the ImportRefused raised. Returns the number of forms written."""
    policy.require_right(actor, Right.IMPORT_APPLICATIONS)
    if storage.digest_of(batch.file_name) != batch.checked_sha256:
        raise ImportRefused(
            [
                Problem(
                    0,
                    "",
                    _(
                        "The file changed since its dry run, so it is not imported: upload "
                        "it again for a new dry run."
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    written = Written([], [], [])
    done = 0
    try:
        for good in rows_checked(
            read_lines(storage.import_path(batch.file_name), batch.file_format),
            RowChecker(),
            problems,
        ):
            # Once a row is refused nothing will be kept: the rest is read for its problems.
            if not problems:
                _write_chunk(actor, batch, good, written)
            done += len(good)
            progress(done)
    except FileRefused as refused:
        problems.append(Problem(0, "", str(refused)))
    if problems:
        raise ImportRefused(problems)
    now = timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.IMPORTED,
        forms_created=len(written.forms),
        rows_done=len(written.forms),
        imported_at=now,
        stage="",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=batch,
        label=batch.reference,
        changes={
            "status": {"old": BatchStatus.IMPORTING.value, "new": BatchStatus.IMPORTED.value},
            "sha256": {"old": None, "new": batch.checked_sha256},
            "rows": {"old": None, "new": len(written.forms)},
            "people": {"old": None, "new": id_runs(written.people)},
            "forms": {"old": None, "new": id_runs(written.forms)},
            "applications": {"old": None, "new": id_runs(written.applications)},
        },
    )
    return len(written.forms)
