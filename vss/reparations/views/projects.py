"""The projects' pages: the list, a project's page drawn from the sections the areas
register, its form, its partners, documents and moves, and the Lead Co-Lawyers' requests."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vss import policy
from vss.accounts.models import User
from vss.audit.forms import record_form_page
from vss.core.downloads import private_download
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


def _form_page(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    write: Callable[[], Project],
    done: Callable[[Project], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page of one form whose saving leads to the project's page."""
    return record_form_page(
        request,
        form,
        write,
        done=done,
        detail="reparations:project_detail",
        template=template,
        context=context,
    )


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
    return _form_page(
        request,
        form,
        lambda: services.project_create(user=user, data=form.project_data()),
        lambda project: _("Project %(reference)s created.") % {"reference": project.reference},
        "reparations/projects/form.html",
        {},
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
    return _form_page(
        request,
        form,
        lambda: services.project_update(
            user=user,
            project=project,
            data=form.project_data(),
            version=form.cleaned_data["version"],
        ),
        lambda project: _("Project saved."),
        "reparations/projects/form.html",
        {"project": project},
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

    def write() -> Project:
        d = form.cleaned_data
        change = lifecycle.project_transition(
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
        return change.project

    return _form_page(
        request,
        form,
        write,
        lambda project: (
            _("The project is now “%(status)s”.") % {"status": ProjectStatus(to_status).label}
        ),
        "reparations/projects/move.html",
        {"project": project, "move": move},
    )


@GET_POST
def partner_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = PartnerForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: (
            services.project_partner_add(
                user=user, project=project, data=form.partner_data()
            ).project
        ),
        lambda project: _("Partner added."),
        "reparations/projects/partner_form.html",
        {"project": project},
    )


@GET_POST
def partner_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    partnership = selectors.partnership_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = ReasonForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: (
            services.project_partner_end(
                user=user, partnership=partnership, reason=form.cleaned_data["reason"]
            ).project
        ),
        lambda project: _("Partnership ended."),
        "reparations/projects/partner_end.html",
        {"project": partnership.project, "partnership": partnership},
    )


@GET_POST
def document_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_PROJECTS)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        lambda: (
            services.project_document_add(user=user, project=project, upload=form.upload()).project
        ),
        lambda project: _("Document added."),
        "reparations/projects/document_form.html",
        {"project": project},
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
    return _form_page(
        request,
        form,
        lambda: (
            claims.claim_request_mark(
                user=user,
                project=project,
                case=form.cleaned_data["case"],
                note=form.cleaned_data["note"],
            ).project
        ),
        lambda project: _("Your request in the claim is recorded."),
        "reparations/projects/claim_request_form.html",
        {"project": project},
    )


@GET_POST
def claim_request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    claim_request = selectors.claim_request_for_user(user, pk)
    if not policy.can_request_in_claim(user, claim_request.project):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: (
            claims.claim_request_withdraw(
                user=user, request=claim_request, reason=form.cleaned_data["reason"]
            ).project
        ),
        lambda project: _("Your request is withdrawn."),
        "reparations/projects/claim_request_withdraw.html",
        {"project": claim_request.project, "claim_request": claim_request},
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
