"""The consultation's pages: proposals and their sorting, tags, themes, the bringing in
of the VIF wishes, and the tally."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.accounts.models import User
from vss.audit.forms import form_saved
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import back_to_filtered_list, list_page
from vss.policy import Right

from ..forms_consultation import (
    ArchiveForm,
    BulkAction,
    ImportForm,
    ProposalBulkForm,
    ProposalCorrectionForm,
    ProposalFilterForm,
    ProposalForm,
    TagForm,
    TallyFilterForm,
    ThemeForm,
    ThemeProjectForm,
)
from ..models import ImportStatus, Proposal
from ..selectors import consultation as selectors
from ..services import consultation as services


@require_GET
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_PROPOSALS)
    filter_form = ProposalFilterForm(request.GET or None, user=user)
    filters = filter_form.filters()
    proposals = selectors.proposal_list_for_user(user, filters)
    listing = list_page(request, proposals, filter_form=filter_form)
    selectors.proposal_list_read(user, filters, shown=len(listing.page.object_list))
    may_sort = policy.has_right(user, Right.RECORD_PROPOSALS)
    context: dict[str, Any] = {**listing.context(), "may_sort": may_sort}
    if may_sort:
        # Its fields share their names with the filters': their ids must not.
        context["bulk_form"] = ProposalBulkForm(
            user=user, initial={"filters": listing.query_string}, auto_id="id_bulk_%s"
        )
    template = (
        "reparations/consultation/_proposals.html"
        if request.htmx
        else "reparations/consultation/proposal_list.html"
    )
    return render(request, template, context)


_BULK_DONE = {
    BulkAction.CATEGORY: lambda n: ngettext(
        "%(count)s proposal sorted.", "%(count)s proposals sorted.", n
    ),
    BulkAction.TAG: lambda n: ngettext(
        "%(count)s proposal tagged.", "%(count)s proposals tagged.", n
    ),
    BulkAction.THEME: lambda n: ngettext(
        "%(count)s proposal put in the theme.", "%(count)s proposals put in the theme.", n
    ),
    BulkAction.PROJECT: lambda n: ngettext(
        "%(count)s proposal linked to the project.", "%(count)s proposals linked to the project.", n
    ),
}


@require_POST
def proposal_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.RECORD_PROPOSALS)
    form = ProposalBulkForm(request.POST, user=user)
    back = back_to_filtered_list(request, "reparations:proposal_list")
    if not form.is_valid():
        for errors in form.errors.values():
            for problem in errors:
                messages.error(request, str(problem))
        return back
    d = form.cleaned_data
    proposals = selectors.proposals_ticked(user, d["proposals"])
    action = d["action"]
    try:
        if action == BulkAction.CATEGORY:
            count = services.proposals_set_category(
                user=user, proposals=proposals, category=d["category"]
            )
        elif action == BulkAction.TAG:
            count = services.proposals_add_tag(user=user, proposals=proposals, tag=d["tag"])
        elif action == BulkAction.THEME:
            count = services.proposals_put_in_theme(
                user=user, proposals=proposals, theme=d["theme"]
            )
        else:
            count = services.proposals_link_project(
                user=user, proposals=proposals, project=d["project"]
            )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return back
    messages.success(request, _BULK_DONE[action](count) % {"count": count})
    return back


@require_http_methods(["GET", "POST"])
def proposal_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.RECORD_PROPOSALS)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_record(user=user, data=form.data_for_service())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal recorded."))
            return redirect("reparations:proposal_detail", pk=proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reparations/consultation/proposal_form.html", {"form": form}, status=status
    )


def _detail(
    request: AuthenticatedHttpRequest, pk: int, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    proposal = selectors.proposal_get_for_user(user, pk)
    context: dict[str, Any] = {"proposal": proposal}
    if policy.has_right(user, Right.RECORD_PROPOSALS):
        initial = {"version": proposal.version}
        context["correction_form"] = forms.get("correction_form") or ProposalCorrectionForm(
            initial={**initial, "language": proposal.language, "category": proposal.category}
        )
        context["archive_form"] = forms.get("archive_form") or ArchiveForm(initial=initial)
    return render(request, "reparations/consultation/proposal_detail.html", context, status=status)


@require_GET
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _change_proposal(
    request: AuthenticatedHttpRequest,
    pk: int,
    form: ProposalCorrectionForm | ArchiveForm,
    write: Callable[[User, Proposal, dict[str, Any]], object],
    done: str,
    then: str,
) -> HttpResponse:
    """A change from the proposal's page, refused on a stale version like any other."""
    user = request.user
    proposal = selectors.proposal_for_action(user, pk)
    policy.require_right(user, Right.RECORD_PROPOSALS)
    if form_saved(form, lambda: write(user, proposal, form.cleaned_data)):
        messages.success(request, done)
        return redirect(then)
    form_name = "archive_form" if isinstance(form, ArchiveForm) else "correction_form"
    return _detail(request, pk, status=400, **{form_name: form})


@require_POST
def proposal_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change_proposal(
        request,
        pk,
        ProposalCorrectionForm(request.POST),
        lambda user, proposal, d: services.proposal_correct(
            user=user,
            proposal=proposal,
            language=d["language"],
            category=d["category"],
            expected_version=d["version"],
        ),
        _("Proposal corrected."),
        reverse("reparations:proposal_detail", args=[pk]),
    )


@require_POST
def proposal_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _change_proposal(
        request,
        pk,
        ArchiveForm(request.POST),
        lambda user, proposal, d: services.proposal_archive(
            user=user, proposal=proposal, reason=d["reason"], expected_version=d["version"]
        ),
        _("Proposal archived."),
        reverse("reparations:proposal_list"),
    )


@require_http_methods(["GET", "POST"])
def tag_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_PROPOSALS)
    may_create = policy.has_right(user, Right.RECORD_PROPOSALS)
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    form = TagForm(request.POST or None) if may_create else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.tag_create(user=user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tag created."))
            return redirect("reparations:tag_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reparations/consultation/tag_list.html",
        {"tags": selectors.tags(), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def theme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    themes = selectors.theme_list_for_user(user)
    may_create = policy.has_right(user, Right.RECORD_PROPOSALS)
    if request.method == "POST" and not may_create:
        raise PermissionDenied
    form = ThemeForm(request.POST or None) if may_create else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            theme = services.theme_create(
                user=user, name=d["name"], case=d["case"], category=d["category"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme created."))
            return redirect("reparations:theme_detail", pk=theme.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reparations/consultation/theme_list.html",
        {"themes": themes.themes, "counting": themes.counting, "form": form},
        status=status,
    )


def _theme_page(
    request: AuthenticatedHttpRequest, pk: int, form: ThemeProjectForm | None = None
) -> HttpResponse:
    user = request.user
    page = selectors.theme_get_for_user(user, pk)
    context: dict[str, Any] = {"page": page, "theme": page.theme}
    if policy.has_right(user, Right.RECORD_PROPOSALS):
        context["project_form"] = form or ThemeProjectForm(user=user)
    status = 400 if form is not None else 200
    return render(request, "reparations/consultation/theme_detail.html", context, status=status)


@require_GET
def theme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _theme_page(request, pk)


@require_POST
def theme_link_project(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    theme = selectors.theme_for_action(user, pk)
    policy.require_right(user, Right.RECORD_PROPOSALS)
    form = ThemeProjectForm(request.POST, user=user)
    if form.is_valid():
        try:
            count = services.theme_link_project(
                user=user, theme=theme, project=form.cleaned_data["project"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _BULK_DONE[BulkAction.PROJECT](count) % {"count": count})
            return redirect("reparations:theme_detail", pk=pk)
    return _theme_page(request, pk, form)


@require_http_methods(["GET", "POST"])
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.RECORD_PROPOSALS)
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.proposal_import_request(user=user, case=form.cleaned_data["case"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reparations:import_detail", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reparations/consultation/import_start.html",
        {"form": form, "imports": selectors.recent_imports(user)},
        status=status,
    )


@require_GET
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_for_user(request.user, pk)
    template = (
        "reparations/consultation/_import_progress.html"
        if request.htmx
        else "reparations/consultation/import_detail.html"
    )
    under_way = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(request, template, {"job": job, "under_way": under_way})


@require_GET
def tally(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_TALLIES)
    form = TallyFilterForm(request.GET or None, user=user)
    rows = selectors.tally_for_user(user, form.case_id())
    return render(
        request,
        "reparations/consultation/tally.html",
        {
            "filter_form": form,
            "rows": rows,
            "categories": selectors.category_labels(),
            "provinces": selectors.provinces_by_code(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("consultation/proposals/", proposal_list, name="proposal_list"),
    path("consultation/proposals/act/", proposal_bulk, name="proposal_bulk"),
    path("consultation/proposals/new/", proposal_create, name="proposal_create"),
    path("consultation/proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("consultation/proposals/<int:pk>/correct/", proposal_correct, name="proposal_correct"),
    path("consultation/proposals/<int:pk>/archive/", proposal_archive, name="proposal_archive"),
    path("consultation/tags/", tag_list, name="tag_list"),
    path("consultation/themes/", theme_list, name="theme_list"),
    path("consultation/themes/<int:pk>/", theme_detail, name="theme_detail"),
    path("consultation/themes/<int:pk>/project/", theme_link_project, name="theme_link_project"),
    path("consultation/bring-in/", import_start, name="import_start"),
    path("consultation/bring-in/<int:pk>/", import_detail, name="import_detail"),
    path("consultation/tally/", tally, name="tally"),
]
