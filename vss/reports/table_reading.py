"""What the generic pages of a table report (vss/reports/tables.py) and its files share:
the filters read from a query string, the rows as cells, the audit of each read, and the
PDF drawn in the request or by the background worker from the same template.

A report's rows are read through its own `rows` (the owning app's selector, so the
reader's scope), after its `may_run` test; its cells are its columns' values, masked once
by its `prepare`, so the page, the PDF and the spreadsheet show the same thing."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read
from vss.core.exports import Progress
from vss.core.pdf import render_pdf_file
from vss.exports.audit_labels import LIST_EXPORT
from vss.exports.registry import ExportRows, ListExport, PdfOf, RowsOf, filters_of
from vss.policy import Right, has_right
from vss.tallies.selectors import CountingState, counting_state

from .registry import Report

if TYPE_CHECKING:
    from .tables import ReportFilters, TableReport

# The longest report drawn as a PDF while its reader waits, and the longest drawn in the
# background: WeasyPrint lays a document out whole, in memory. Measured
# (bench/reports/RESULTS.md): a thousand rows take about twenty seconds in English; five
# thousand about two minutes in English and thirteen in Khmer, whose shaping is slower,
# and a gigabyte of memory, which grows with the rows. A longer report is taken as a
# spreadsheet.
PDF_ROWS = 1_000
PDF_JOB_ROWS = 5_000
PDF_TEMPLATE = "reports/table_pdf.html"


def pdf_url_name(report: "TableReport") -> str:
    return f"reports:{report.name}_pdf"


def require_run(user: User, report: "TableReport") -> None:
    if not report.may_run(user):
        raise PermissionDenied


def may_take_files(user: User) -> bool:
    """A report's PDF and spreadsheets are files of what it shows: they need the right
    to export lists, as every list's files do."""
    return has_right(user, Right.EXPORT_LISTS)


def filter_form(report: "TableReport", query: QueryDict, user: User) -> "ReportFilters":
    # The page number alone is not a filter: the form stays unbound, its defaults read.
    asked = query.copy()
    asked.pop("page", None)
    return report.filter_form(asked or None, reader=user)


def count_of(rows: "QuerySet[Any] | Sequence[Any]") -> int:
    return rows.count() if isinstance(rows, QuerySet) else len(rows)


def prepared(report: "TableReport", user: User, rows: Iterable[Any]) -> list[Any]:
    chunk = list(rows)
    return report.prepare(user, chunk) if report.prepare is not None else chunk


def cell_text(value: Any) -> str:
    """A column's value as the page and the PDF write it (a spreadsheet keeps numbers and
    dates as such)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | Decimal):
        return intcomma(value)
    return str(value)


# A word of up to this many characters (a reference, "Germany", a Khmer word written
# without spaces) is kept on one line rather than broken where a narrow column ends.
WORD_LENGTH = 20


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, datetime.date):
        return "date"
    return ""


def _word(text: str) -> bool:
    return 0 < len(text) <= WORD_LENGTH and not any(c.isspace() for c in text)


def _classes(*kinds: str) -> str:
    return " ".join(kind for kind in kinds if kind)


def aligned(report: "TableReport", rows: list[Any]) -> dict[str, Any]:
    """The table's headings and cells, each with the classes that lay it out: numbers to
    the right, under a heading aligned with them, and neither a number, a date nor a
    short word broken across lines (a narrow column of a PDF would otherwise split
    "398,550.00" or "REP-002/01-001" in two); and the cells' text alone, by row."""
    values = [[column.value(row) for column in report.columns] for row in rows]
    kinds = []
    for number in range(len(report.columns)):
        found = {_kind(row[number]) for row in values if row[number] is not None}
        kinds.append(found.pop() if len(found) == 1 else "")
    head = []
    for column, kind in zip(report.columns, kinds, strict=True):
        header = str(column.header)
        head.append((header, _classes(kind, "word" if _word(header) else "")))
    table = []
    for row in values:
        cells_of_row = []
        for value in row:
            text = cell_text(value)
            kind = _kind(value)
            cells_of_row.append((text, kind or ("word" if _word(text) else "")))
        table.append(cells_of_row)
    return {"head": head, "table": table, "cells": [[text for text, _ in row] for row in table]}


def _chosen(field: forms.Field, value: Any) -> str:
    if isinstance(value, list | tuple | QuerySet):
        return ", ".join(_chosen(field, one) for one in value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}  # type: ignore[union-attr,misc]
        return str(labels.get(str(value), value))
    return cell_text(value)


def filters_as_read(form: "ReportFilters") -> list[tuple[str, str]]:
    """The filters the rows were read with, by their labels, as a PDF's heading says
    them: only those given."""
    if not form.is_bound or not form.is_valid():
        return []
    read = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], False) or (isinstance(value, QuerySet) and not value):
            continue
        read.append((str(field.label or name), _chosen(field, value)))
    return read


def report_read(
    user: User,
    report: "TableReport",
    filters: Any,
    *,
    shown: int,
    export_format: str = "",
    action: AuditAction | None = None,
) -> None:
    """A page or a file of the report read: audited with its filters and the number of
    rows, never which."""
    label = (
        audit_label(LIST_EXPORT, list=report.audit_label, format=export_format)
        if export_format
        else audit_label(report.audit_label)
    )
    audit_list_read(
        actor=user,
        object_type=report.object_type,
        label=label,
        filters=filters,
        shown=shown,
        action=action,
    )


def counted_note(report: "TableReport", user: User, filters: Any, state: CountingState) -> str:
    """What the report says of its figures read as last counted ("" when it counts them
    now): as of when, or that they have not been counted yet."""
    if report.counted is None or not report.counted(user, filters):
        return ""
    if state.counted_at is None:
        return _("The figures have not been counted yet.")
    moment = date_format(timezone.localtime(state.counted_at), "SHORT_DATETIME_FORMAT")
    return str(report.counted_note) % {"moment": moment}


def pdf_context(
    report: "TableReport", user: User, form: "ReportFilters", rows: list[Any]
) -> dict[str, Any]:
    filters = form.filters()
    return {
        "report": report,
        "counted_note": counted_note(report, user, filters, counting_state())
        if report.counted is not None
        else "",
        "filters_read": filters_as_read(form),
        "totals": report.totals(user, filters, rows) if report.totals is not None else [],
        "headers": [str(column.header) for column in report.columns],
        **aligned(report, rows),
        "row_count": len(rows),
        "today": timezone.localdate(),
    }


def draw_pdf(report: "TableReport", user: User, form: "ReportFilters", rows: list[Any]) -> bytes:
    return render_pdf_file(PDF_TEMPLATE, pdf_context(report, user, form, rows))


def _export_rows(report: "TableReport") -> RowsOf:
    def rows_of(user: User, query: QueryDict) -> ExportRows:
        require_run(user, report)
        filters = filters_of(filter_form(report, query, user))
        prepare = report.prepare
        return ExportRows(
            rows=report.rows(user, filters),
            columns=list(report.columns),
            object_type=report.object_type,
            filters=filters,
            prepare=(lambda chunk: prepare(user, chunk)) if prepare is not None else None,
        )

    return rows_of


def _counted(rows: Iterable[Any], progress: Progress) -> list[Any]:
    read = []
    for row in rows:
        read.append(row)
        if len(read) % 500 == 0:
            progress(len(read))
    progress(len(read))
    return read


def _pdf_of(report: "TableReport") -> PdfOf:
    def write(
        user: User, query: QueryDict, rows: ExportRows, handle: IO[bytes], progress: Progress
    ) -> None:
        # The progress bar follows the rows read and masked; the drawing comes after, at
        # once, since WeasyPrint lays a document out whole.
        read = _counted(rows.read(), progress)
        handle.write(draw_pdf(report, user, filter_form(report, query, user), read))

    return write


def list_export_of(report: "TableReport") -> ListExport:
    return ListExport(
        name=report.name,
        title=report.export_title or report.title,
        label=report.audit_label,
        list_url=f"reports:{report.name}",
        filename=report.filename,
        rows=_export_rows(report),
        pdf=_pdf_of(report),
        pdf_rows=report.pdf_job_rows,
    )


def index_entry_of(report: "TableReport") -> Report:
    return Report(
        name=report.name,
        title=report.title,
        summary=report.summary,
        url_name=f"reports:{report.name}",
        order=report.order,
        shown=report.may_run,
    )
