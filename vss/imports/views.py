from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from vss.core.exports import csv_response, file_response, xlsx_file
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page

from . import selectors, services
from .forms import ConfirmForm, TemplateForm, UploadForm
from .models import FileFormat
from .presenters import REPORT_COLUMNS, TEMPLATE_COLUMNS, reason_words, report_rows
from .rows import COLUMNS


def _home(request: AuthenticatedHttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    listing = list_page(request, selectors.batches_for_user(request.user))
    return render(
        request,
        "imports/home.html",
        {
            **listing.context(),
            "form": form,
            "columns": COLUMNS,
            "crime_types": selectors.crime_types(),
        },
        status=status,
    )


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _home(request, UploadForm())


@require_POST
def upload(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    selectors.batches_for_user(request.user)  # the right first: 403 before the form
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = services.import_batch_upload(
                actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:detail", pk=batch.pk)
    return _home(request, form, status=400)


@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get_for_user(request.user, pk)
    context: dict[str, object] = {"batch": batch}
    if request.htmx and batch.is_running:
        return render(request, "imports/_progress.html", context)
    if not batch.is_running:
        report = selectors.batch_report(request.user, batch)
        context |= {
            "report": report,
            "reasons": reason_words(),
            "confirm": ConfirmForm(initial={"sha256": batch.checked_sha256}),
            "shown": selectors.SHOWN,
        }
    if request.htmx:
        # The job finished while the page polled: the whole page again, with the report.
        response = render(request, "imports/detail.html", context)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/detail.html", context)


@require_POST
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    batch = selectors.batch_get_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["sha256"]))
        services.import_batch_confirm(
            actor=request.user, batch=batch, sha256=form.cleaned_data["sha256"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", pk=batch.pk)


@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    batch = selectors.batch_get_for_user(request.user, pk)
    if batch.is_running:
        raise Http404
    found = selectors.batch_report(request.user, batch, limit=None)
    return csv_response(report_rows(found), REPORT_COLUMNS, filename=f"import-{batch.pk}-report")


@require_GET
def template(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    selectors.batches_for_user(request.user)
    form = TemplateForm(request.GET)
    if not form.is_valid():
        raise Http404
    if form.cleaned_data["format"] == FileFormat.XLSX:
        return file_response(
            xlsx_file([], TEMPLATE_COLUMNS), FileFormat.XLSX, filename="vss-import-template"
        )
    return csv_response([], TEMPLATE_COLUMNS, filename="vss-import-template")
