"""Pages of the focal persons: their list by place, a focal person's page with the
materials handed to them, the forms that appoint, hand over, record a signed list's
return and archive, the overdue lists and the download of a signed list's scan."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vss import policy
from vss.audit.forms import form_saved
from vss.core.downloads import private_download
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy import Right

from ..forms_focal import (
    AppointForm,
    ArchiveForm,
    FocalFilterForm,
    HandoverArchiveForm,
    HandoverForm,
    ReturnForm,
)
from ..selectors import focal as selectors
from ..services import focal as services

TEMPLATES = "outreach/focal"
GET_POST = require_http_methods(["GET", "POST"])


def _form_page(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"{TEMPLATES}/{template}", context, status=status)


@require_GET
def focal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filter_form = FocalFilterForm(request.GET or None)
    filters = filter_form.filters()
    focal = selectors.focal_person_list_for_user(user, filters)
    listing = list_page(request, focal, filter_form=filter_form)
    selectors.focal_person_list_read(user, filters, shown=len(listing.page.object_list))
    context = {**listing.context(), "can_manage": policy.has_right(user, Right.MANAGE_EVENTS)}
    template = "_focal_persons.html" if request.htmx else "list.html"
    return render(request, f"{TEMPLATES}/{template}", context)


@require_GET
def focal_candidates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Civil Parties matching what is typed in the appointment form (HTMX)."""
    query = request.GET.get("query", "")
    candidates = selectors.civil_party_candidates(request.user, query)
    return render(
        request,
        f"{TEMPLATES}/_candidates.html",
        {"candidates": candidates, "searched": query.strip(), "chosen": None},
    )


@GET_POST
def focal_appoint(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Without a script, the search button sends the form to draw it again with the
    Civil Parties found; with one, HTMX fills them in as the name is typed."""
    user = request.user
    selectors.require_appointing(user)
    searching = request.method == "POST" and "search" in request.POST
    if searching:
        form = AppointForm(
            initial={name: request.POST.get(name, "") for name in AppointForm.base_fields}
        )
    else:
        form = AppointForm(request.POST or None)
    query = request.POST.get("query", "")
    chosen = None
    if request.method == "POST" and not searching and form.is_valid():
        chosen = form.cleaned_data["person"]
        person = selectors.civil_party_for_appointing(user, chosen) if chosen else None
        if person is None:
            form.add_error("query", _("Search for the Civil Party, then choose them."))
        elif saved := form_saved(
            form,
            lambda: services.focal_person_appoint(
                user=user,
                person=person,
                village=form.village_chosen(),
                appointed_on=form.cleaned_data["appointed_on"],
                note=form.cleaned_data["note"],
            ),
        ):
            messages.success(request, _("Focal person appointed."))
            return redirect("outreach:focal_detail", pk=saved.value.pk)
    context = {
        "form": form,
        "candidates": selectors.civil_party_candidates(user, query) if query.strip() else [],
        "searched": query.strip(),
        "chosen": chosen,
    }
    status = 400 if request.method == "POST" and not searching else 200
    return render(request, f"{TEMPLATES}/appoint.html", context, status=status)


@require_GET
def focal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    focal = selectors.focal_person_for_user(user, pk)
    handovers = list(focal.handovers.all())
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "focal": focal,
            "handovers": [(h, selectors.is_overdue(h)) for h in handovers],
            "can_manage": policy.has_right(user, Right.MANAGE_EVENTS),
        },
    )


@GET_POST
def focal_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    focal = selectors.focal_person_for_manager(request.user, pk)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form_saved(
        form,
        lambda: services.focal_person_archive(
            user=request.user, focal_person=focal, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, _("Focal person's appointment ended."))
        return redirect("outreach:focal_detail", pk=focal.pk)
    return _form_page(request, "archive.html", {"focal": focal, "form": form})


@GET_POST
def handover_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    focal = selectors.focal_person_for_manager(request.user, pk)
    form = HandoverForm(request.POST or None, events=selectors.events_for_handover(request.user))
    if request.method == "POST" and form_saved(
        form,
        lambda: services.handover_record(
            user=request.user, focal_person=focal, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Handover of materials recorded."))
        return redirect("outreach:focal_detail", pk=focal.pk)
    return _form_page(request, "handover_form.html", {"focal": focal, "form": form})


@GET_POST
def handover_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handover = selectors.handover_for_manager(request.user, pk)
    # A mutable copy: a refused form carries the file it checked in its hidden field.
    data = request.POST.copy() if request.method == "POST" else None
    form = ReturnForm(
        data,
        request.FILES or None,
        user_id=request.user.pk,
        initial={"version": handover.version},
    )

    def write() -> object:
        d = form.cleaned_data
        return services.handover_return_record(
            user=request.user,
            handover=handover,
            returned_on=d["returned_on"],
            receipts_signed=d["receipts_signed"],
            scan=form.checked_scan(),
            version=d["version"],
        )

    if request.method == "POST" and form_saved(form, write):
        messages.success(request, _("Signed list recorded."))
        return redirect("outreach:focal_detail", pk=handover.focal_person_id)
    if request.method == "POST":
        form.keep_for_next_attempt()
    return _form_page(request, "return_form.html", {"handover": handover, "form": form})


@GET_POST
def handover_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    handover = selectors.handover_for_manager(request.user, pk)
    form = HandoverArchiveForm(request.POST or None, initial={"version": handover.version})
    if request.method == "POST" and form_saved(
        form,
        lambda: services.handover_archive(
            user=request.user,
            handover=handover,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        ),
    ):
        messages.success(request, _("Handover archived."))
        return redirect("outreach:focal_detail", pk=handover.focal_person_id)
    return _form_page(request, "handover_archive.html", {"handover": handover, "form": form})


@require_GET
def overdue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    listing = list_page(request, selectors.overdue_handover_list_for_user(user))
    selectors.overdue_handover_list_read(user, shown=len(listing.page.object_list))
    return render(request, f"{TEMPLATES}/overdue.html", listing.context())


@require_GET
def receipt_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    scan = selectors.scan_for_user(request.user, pk)
    selectors.scan_downloaded(request.user, scan)
    return private_download(scan.file, filename=selectors.scan_file_name(scan))


urlpatterns: list[URLPattern] = [
    path("focal-persons/", focal_list, name="focal_list"),
    path("focal-persons/appoint/", focal_appoint, name="focal_appoint"),
    path("focal-persons/candidates/", focal_candidates, name="focal_candidates"),
    path("focal-persons/<int:pk>/", focal_detail, name="focal_detail"),
    path("focal-persons/<int:pk>/archive/", focal_archive, name="focal_archive"),
    path("focal-persons/<int:pk>/handovers/add/", handover_add, name="focal_handover_add"),
    path("handovers/overdue/", overdue_list, name="focal_overdue"),
    path("handovers/<int:pk>/return/", handover_return, name="focal_handover_return"),
    path("handovers/<int:pk>/archive/", handover_archive, name="focal_handover_archive"),
    path("signed-lists/<int:pk>/", receipt_download, name="focal_receipt_download"),
]
