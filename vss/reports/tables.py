"""Standard reports that are a table: the same rows, filtered the same way, as a page, a PDF
and a spreadsheet.

A report is declared once, by the module that makes it, as a `TableReport`: its filters (a
form read from the query string), its rows (through the owning app's access-aware
selector, so a reader's scope and rights decide what it holds), and its columns. From that
one declaration the reports app serves the page at /reports/<name>/ (URL name
`reports:<name>`), the PDF at /reports/<name>/pdf/ (`reports:<name>_pdf`), and the files
through the background exports (list name `<name>`), each read audited with the report's
filters and the number of rows, never a cell.

A column's value is what every format shows: the page, the PDF and the spreadsheet cannot
disagree, and a protected person is masked once, in `prepare`, for all of them."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vss.audit.registry import register_change_labels
from vss.core.exports import Column
from vss.core.forms import RecordChoiceField
from vss.core.registry import NamedRegistry
from vss.exports.registry import register_list_export
from vss.proceedings.models import Case

from .registry import reports
from .table_reading import PDF_JOB_ROWS, PDF_ROWS, index_entry_of, list_export_of

if TYPE_CHECKING:
    from vss.accounts.models import User


def case_filter() -> RecordChoiceField:
    """The choice of a case that most reports filter by, every case when none is chosen,
    the cases in the order of their numbers."""
    return RecordChoiceField(
        label=_("Case"),
        queryset=Case.objects.order_by("number"),
        required=False,
        empty_label=_("Every case"),
        error_messages={"invalid_choice": _("There is no such case. Choose one in the list.")},
    )


class ReportFilters(forms.Form):
    """A report's filters, read by GET. `filters()` gives what the rows are asked with: a
    frozen dataclass, which is also what the audit log records of each read."""

    def __init__(self, *args: Any, reader: "User | None" = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Who reads the report: a filter offers only the choices within their scope (a
        # donor chooses among its own organisation, not every donor).
        self.reader = reader

    def filters(self) -> Any:
        raise NotImplementedError


def money(amount: Decimal) -> str:
    """An amount of a total, to the cent, grouped as the reader's language writes it."""
    return intcomma(amount.quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Total:
    """A figure of the whole report, not of one page: shown above the table and in the
    PDF's heading."""

    label: str | Promise
    value: int | str


@dataclass(frozen=True)
class TableReport:
    name: str
    title: str | Promise
    # What it answers, in a sentence, on the reports page and under the report's title.
    summary: str | Promise
    order: int
    # Who may run it: the policy's test (vss/policy/reports.py), never a role named here.
    may_run: Callable[["User"], bool]
    filter_form: type[ReportFilters]
    # The rows the reader may read with these filters, in the report's order: a queryset
    # (read in chunks for a file) or, for a report gathered from several sources, a list.
    rows: Callable[["User", Any], "QuerySet[Any] | Sequence[Any]"]
    columns: Sequence[Column]
    # The audit log's wording of the report (vss/audit/labels.py) and the kind of record
    # its rows are ("applications.application").
    audit_label: str
    object_type: str
    filename: str
    # What the rows become before they are shown or written, a chunk at a time: where a
    # protected person is masked by the reader's rights.
    prepare: Callable[["User", list[Any]], list[Any]] | None = None
    # The figures above the table, for the reader and the filters; given the rows read
    # for them too (`rows` above, not the page's slice), so that a report gathered from
    # several sources counts what it has read rather than reading it again.
    totals: Callable[["User", Any, Any], list[Total]] | None = None
    landscape: bool = False
    # The report's name where its export's page says "Export of …" ("the pending
    # decisions"); its title when not given.
    export_title: str | Promise | None = None
    # The most rows drawn as a PDF while the reader waits, and in the background.
    pdf_rows: int = PDF_ROWS
    pdf_job_rows: int = PDF_JOB_ROWS
    # Whether the reader's figures are read as last counted (vss.tallies), and what the
    # page then says of them, with the moment of the count as `%(moment)s`.
    counted: Callable[["User", Any], bool] | None = None
    counted_note: str | Promise = ""


table_reports: NamedRegistry[TableReport] = NamedRegistry("table reports")


def register_table_report(report: TableReport) -> None:
    """Called from an AppConfig.ready() (the reports app's hooks): the page, the PDF and
    the export of the report exist from then on, and the reports page lists it."""
    if report in table_reports.registered():
        return  # a second ready()
    table_reports.register(report)
    reports.register(index_entry_of(report))
    register_list_export(list_export_of(report))
    register_change_labels(report.object_type, filter_labels(report))


def filter_labels(report: TableReport) -> dict[str, str | Promise]:
    """The audit log's names of the report's filters, as its form labels them: a read
    records its filters by their names in the filters' dataclass (`case_id` for the form's
    `case`)."""
    fields = report.filter_form.base_fields
    labels: dict[str, str | Promise] = {}
    for name in fields:
        label = fields[name].label
        if label is not None:
            labels[name] = label
            labels[f"{name}_id"] = label
    return labels
