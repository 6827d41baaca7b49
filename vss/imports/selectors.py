"""Reads of imports. An import is its uploader's alone (as an export is): anyone else,
whatever their role, does not find it (404). The report shows the registered people a
row may be through the access policy, and its reading is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_read
from vss.people.models import Person
from vss.policy import Right
from vss.proceedings.models import CrimeType

from .models import ImportBatch, LikelyDuplicate, RowProblem

# Shown on the page; the report's file holds every line.
SHOWN = 200


def batches_for_user(user: User) -> QuerySet[ImportBatch]:
    policy.require_right(user, Right.IMPORT_APPLICATIONS)
    return ImportBatch.objects.filter(uploaded_by=user)


def batch_get_for_user(user: User, pk: int) -> ImportBatch:
    policy.require_right(user, Right.IMPORT_APPLICATIONS)
    return get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by"), pk=pk, uploaded_by=user
    )


@dataclass
class DuplicateLine:
    row: int
    other_row: int | None
    person_id: int | None
    name: str
    reasons: list[str]


@dataclass
class Report:
    problems: list[RowProblem]
    duplicates: list[DuplicateLine]


def _duplicate_lines(user: User, found: list[LikelyDuplicate]) -> list[DuplicateLine]:
    ids = {d.person_id for d in found if d.person_id}
    # Within scope at the moment of reading, not only at the dry run's.
    people = {p.pk: p for p in policy.people_in_scope(user, Person.objects.filter(pk__in=ids))}
    lines = []
    for d in found:
        if d.person_id is None:
            lines.append(DuplicateLine(d.row, d.other_row, None, "", d.reasons))
            continue
        person = people.get(d.person_id)
        if person is None or not policy.can_see_identity(user, person):
            continue
        lines.append(
            DuplicateLine(d.row, None, person.pk, policy.display_name(user, person), d.reasons)
        )
    return lines


def batch_report(user: User, batch: ImportBatch, *, limit: int | None = SHOWN) -> Report:
    """What the dry run (or a refused import) found, the registered people named through
    the policy; the read is in the audit log with how many lines were shown."""
    problems = batch.problems.all()
    found = batch.duplicates.all()
    if limit is not None:
        problems, found = problems[:limit], found[:limit]
    report = Report(list(problems), _duplicate_lines(user, list(found)))
    audit_read(
        actor=user,
        object_type="imports.importbatch",
        obj=batch,
        label=batch.reference,
        # The whole report as a file is a download; its page, a view.
        action=AuditAction.VIEW if limit is not None else AuditAction.DOWNLOAD,
        shown=len(report.problems) + len(report.duplicates),
    )
    return report


def crime_types() -> list[CrimeType]:
    """The codes the `crimes` column takes, for the page that documents the columns."""
    return list(CrimeType.objects.all())
