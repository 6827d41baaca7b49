"""The projects' pages: the list, a project's page drawn from the sections the areas
register, its form, its partners, documents and moves, and the Lead Co-Lawyers' requests."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vss import policy
from vss.accounts.models import User
from vss.audit.services import StaleEdit
from vss.core.downloads import private_download
from vss.core.forms import add_service_errors, resend_from
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy import Right

from .. import workflow
from ..forms_projects import (
    ClaimRequestForm,
    DocumentForm,
    MoveForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
    ReasonForm,
)
from ..models import Project, ProjectStatus
from ..sections import project_sections
from ..selectors import projects as selectors
from ..services import claims, lifecycle
from ..services import projects as services

GET_POST = require_http_methods(["GET", "POST"])


def _status(request: AuthenticatedHttpRequest) -> int:
    """A form shown again after a refusal answers 400; a form opened answers 200."""
    return 400 if request.method == "POST" else 200


@require_GET
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_PROJECTS)
    filter_form = ProjectFilterForm(request.GET or None)
    filters = filter_form.filters()
    listing = list_page(
        request, selectors.project_list_for_user(user, filters), filter_form=filter_form
    )
    selectors.project_list_read(user, filters, shown=len(listing.page.object_list))
    return render(
        request,
        "reparations/projects/list.html",
        {**listing.context(), "may_create": policy.has_right(user, Right.MANAGE_PROJECTS)},
    )


@GET_POST
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = ProjectForm(request.POST or None, initial={"officer": user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(user=user, data=form.project_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Project %(reference)s created.") % {"reference": project.reference}
            )
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request, "reparations/projects/form.html", {"form": form}, status=_status(request)
    )


@require_GET
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    return render(
        request,
        "reparations/projects/detail.html",
        {"project": project, "sections": project_sections.shown_to(user, project)},
    )


@GET_POST
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = ProjectForm(
        request.POST or None, project=project, initial=ProjectForm.initial_of(project)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                user=user,
                project=project,
                data=form.project_data(),
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            add_service_errors(form, error)
            resend_from(form, error.current_version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request,
        "reparations/projects/form.html",
        {"form": form, "project": project},
        status=_status(request),
    )


@GET_POST
def project_move(request: AuthenticatedHttpRequest, pk: int, to_status: str) -> HttpResponse:
    """A move of the lifecycle, posted from the project's page; shown alone again with
    what was typed when it is refused."""
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    if not lifecycle.may_move_projects(user):
        raise PermissionDenied
    if to_status not in ProjectStatus.values:
        raise Http404
    # A move the table does not hold from the project's status is still shown, so that
    # the service's refusal says why.
    move = workflow.transition(project.status, to_status) or workflow.Transition(
        ProjectStatus(to_status), Right.MANAGE_PROJECTS
    )
    form = MoveForm(request.POST or None, request.FILES or None, project=project, move=move)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lifecycle.project_transition(
                user=user,
                project=project,
                to_status=to_status,
                version=d["version"],
                happened_on=d["happened_on"],
                reason=d["reason"],
                chamber=d.get("chamber", ""),
                document_number=d.get("document_number", ""),
                underfunded_reason=d.get("underfunded_reason", ""),
                documents=form.uploads(),
            )
        except StaleEdit as error:
            add_service_errors(form, error)
            resend_from(form, error.current_version)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The project is now “%(status)s”.") % {"status": ProjectStatus(to_status).label},
            )
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request,
        "reparations/projects/move.html",
        {"project": project, "form": form, "move": move},
        status=_status(request),
    )


@GET_POST
def partner_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_partner_add(user=user, project=project, data=form.partner_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partner added."))
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request,
        "reparations/projects/partner_form.html",
        {"project": project, "form": form},
        status=_status(request),
    )


@GET_POST
def partner_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    partnership = selectors.partnership_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_partner_end(
                user=user, partnership=partnership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partnership ended."))
            return redirect("reparations:project_detail", pk=partnership.project_id)
    return render(
        request,
        "reparations/projects/partner_end.html",
        {"project": partnership.project, "partnership": partnership, "form": form},
        status=_status(request),
    )


@GET_POST
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_document_add(user=user, project=project, upload=form.upload())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document added."))
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request,
        "reparations/projects/document_form.html",
        {"project": project, "form": form},
        status=_status(request),
    )


@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get_for_user(request.user, pk)
    # A project's documents are the Section's and the court's papers, named by their
    # authors: their names carry no victim's.
    return private_download(document.file, filename=document.original_name)


@GET_POST
def claim_request_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    if not policy.can_request_in_claim(user, project):
        raise PermissionDenied
    form = ClaimRequestForm(request.POST or None, cases=claims.requestable_cases(user, project))
    if request.method == "POST" and form.is_valid():
        try:
            claims.claim_request_mark(
                user=user,
                project=project,
                case=form.cleaned_data["case"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request in the claim is recorded."))
            return redirect("reparations:project_detail", pk=project.pk)
    return render(
        request,
        "reparations/projects/claim_request_form.html",
        {"project": project, "form": form},
        status=_status(request),
    )


@GET_POST
def claim_request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    claim_request = selectors.claim_request_for_user(user, pk)
    if not policy.can_request_in_claim(user, claim_request.project):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claims.claim_request_withdraw(
                user=user, request=claim_request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is withdrawn."))
            return redirect("reparations:project_detail", pk=claim_request.project_id)
    return render(
        request,
        "reparations/projects/claim_request_withdraw.html",
        {"project": claim_request.project, "claim_request": claim_request, "form": form},
        status=_status(request),
    )


# --- the sections this area draws on a project's page ------------------------------------


def lifecycle_context(user: User, project: Project) -> dict[str, Any]:
    return {
        "lifecycle": selectors.lifecycle_of(user, project),
        "move_forms": [
            MoveForm(project=project, move=move) for move in lifecycle.moves_for(user, project)
        ],
        "may_add_documents": policy.has_right(user, Right.MANAGE_PROJECTS),
    }


def about_context(user: User, project: Project) -> dict[str, Any]:
    return {
        "about": selectors.about(user, project),
        "may_manage": policy.has_right(user, Right.MANAGE_PROJECTS),
        "shows_contacts": policy.can_see_partner_contacts(user),
        "may_request": policy.can_request_in_claim(user, project)
        and claims.accepts_requests(project),
        "own_lawyer_id": policy.lawyer_id_of(user),
    }


urlpatterns = [
    path("projects/", project_list, name="project_list"),
    path("projects/new/", project_create, name="project_create"),
    path("projects/<int:pk>/", project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
    path("projects/<int:pk>/move/<slug:to_status>/", project_move, name="project_move"),
    path("projects/<int:pk>/partners/add/", partner_add, name="partner_add"),
    path("projects/<int:pk>/documents/add/", document_add, name="document_add"),
    path("projects/<int:pk>/claim-requests/add/", claim_request_add, name="claim_request_add"),
    path("partners/<int:pk>/end/", partner_end, name="partner_end"),
    path("documents/<int:pk>/", document_download, name="document_download"),
    path(
        "claim-requests/<int:pk>/withdraw/",
        claim_request_withdraw,
        name="claim_request_withdraw",
    ),
]
