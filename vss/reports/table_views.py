"""The pages of every table report (vss/reports/tables.py), made from its declaration:
/reports/<name>/, the report filtered by GET with its totals and a page of its table, and
/reports/<name>/pdf/, the whole report drawn as a PDF while its reader waits (a longer one
is drawn in the background, through the exports)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vss.audit.models import AuditAction
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.core.pdf import pdf_response
from vss.exports.registry import filters_of
from vss.tallies.services import counting_request_if_out_of_date

from . import table_reading as reading
from .tables import TableReport, table_reports

View = Callable[[AuthenticatedHttpRequest], HttpResponseBase]


def report_page(report: TableReport) -> View:
    @require_GET
    def page(request: AuthenticatedHttpRequest) -> HttpResponse:
        user = request.user
        reading.require_run(user, report)
        form = reading.filter_form(report, request.GET, user)
        context: dict[str, object] = {
            "report": report,
            "filter_form": form,
            "pdf_url_name": reading.pdf_url_name(report),
        }
        if form.is_bound and not form.is_valid():
            # The filters come back with what is wrong with them, and no rows: an answer
            # read with other filters than those asked would mislead.
            return render(request, "reports/table.html", context | {"invalid": True}, status=400)
        filters = form.filters()
        rows = report.rows(user, filters)
        listing = list_page(request, rows, filter_form=form)
        shown = reading.prepared(report, user, listing.page.object_list)
        reading.report_read(user, report, filters, shown=len(shown))
        count = listing.page.count
        if report.counted is not None and report.counted(user, filters):
            # Figures older than they may be are counted again in the background.
            state = counting_request_if_out_of_date(user=user)
            context |= {
                "counting": state,
                "counted_note": reading.counted_note(report, user, filters, state),
            }
        context |= listing.context() | {
            "headers": [str(column.header) for column in report.columns],
            **reading.aligned(report, shown),
            "totals": report.totals(user, filters, rows) if report.totals is not None else [],
            "total_rows": count.value if count is not None else len(shown),
            "can_take_files": reading.may_take_files(user),
        }
        return render(request, "reports/table.html", context)

    page.__name__ = page.__qualname__ = f"report_{report.name.replace('-', '_')}"
    return page


def report_pdf(report: TableReport) -> View:
    @require_GET
    def pdf(request: AuthenticatedHttpRequest) -> HttpResponseBase:
        user = request.user
        reading.require_run(user, report)
        if not reading.may_take_files(user):
            raise PermissionDenied
        back = f"{reverse(f'reports:{report.name}')}?{request.GET.urlencode()}"
        form = reading.filter_form(report, request.GET, user)
        try:
            filters = filters_of(form)
        except ValidationError:
            return redirect(back)
        rows = report.rows(user, filters)
        total = reading.count_of(rows)
        if total > report.pdf_rows:
            messages.error(
                request,
                _(
                    "A PDF of more than %(limit)s rows is not drawn while you wait: ask for "
                    "it to be drawn in the background."
                )
                % {"limit": intcomma(report.pdf_rows)},
            )
            return redirect(back)
        shown = reading.prepared(report, user, rows)
        reading.report_read(
            user,
            report,
            filters,
            shown=len(shown),
            export_format="pdf",
            action=AuditAction.DOWNLOAD,
        )
        content = reading.draw_pdf(report, user, form, shown)
        return pdf_response(content, filename=f"{report.filename}.pdf")

    pdf.__name__ = pdf.__qualname__ = f"report_{report.name.replace('-', '_')}_pdf"
    return pdf


def urlpatterns() -> list[URLPattern]:
    """Read when the URLs are first resolved, after every app's ready() has registered
    its reports."""
    patterns = []
    for report in table_reports.in_order():
        patterns += [
            path(f"{report.name}/", report_page(report), name=report.name),
            path(f"{report.name}/pdf/", report_pdf(report), name=f"{report.name}_pdf"),
        ]
    return patterns
