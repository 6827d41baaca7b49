from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.audit.models import AuditAction
from vss.core.exports import csv_response, file_response
from vss.core.http import AuthenticatedHttpRequest
from vss.policy import Right

from . import selectors, services, storage
from .models import ExportFormat
from .registry import list_export


@require_POST
def export_start(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The list named in the form, with the filters of the query string (its page's), as
    a file: a short CSV at once, anything else written in the background, its page
    showing the progress."""
    user = request.user
    policy.require_right(user, Right.EXPORT_LISTS)
    export_format = request.POST.get("format", "")
    if export_format not in ExportFormat.values:
        raise Http404
    export = list_export(request.POST.get("list", ""))
    if export_format == ExportFormat.PDF and export.pdf is None:
        raise Http404
    back = f"{reverse(export.list_url)}?{request.GET.urlencode()}"
    try:
        rows = selectors.export_rows_for_user(user, export, request.GET)
    except ValidationError:
        # The list shows what is wrong with the filters; an export of everything would not.
        return redirect(back)
    total = rows.count()
    if export_format == ExportFormat.PDF and total > export.pdf_rows:
        messages.error(
            request,
            _(
                "A PDF of more than %(limit)s rows is not drawn: narrow the filters, or take "
                "the rows as an Excel file."
            )
            % {"limit": intcomma(export.pdf_rows)},
        )
        return redirect(back)
    if export_format == ExportFormat.CSV and total <= settings.VSS_EXPORT_STREAM_ROWS:
        selectors.export_read(
            user,
            export,
            rows,
            export_format=export_format,
            shown=total,
            action=AuditAction.DOWNLOAD,
        )
        return csv_response(rows.read(), rows.columns, filename=export.filename)
    job = services.export_job_request(
        actor=user, export=export, export_format=export_format, query=request.GET, total=total
    )
    return redirect("exports:job_detail", pk=job.pk)


@require_GET
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(request.user, pk)
    template = "exports/_job_progress.html" if request.htmx else "exports/job_detail.html"
    context = {
        "job": job,
        "export": list_export(job.list_name),
        "keep_hours": settings.VSS_EXPORT_KEEP_HOURS,
    }
    return render(request, template, context)


@require_GET
def job_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    job = selectors.job_download_for_user(request.user, pk)
    return file_response(
        open(storage.export_path(job.file_name), "rb"),
        job.export_format,
        filename=list_export(job.list_name).filename,
    )
