"""The programme's money: the funding page (gaps by project, category and case), a
project's funding with the officer's forms, and the list of donors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.core.forms import saved_through
from vss.core.http import AuthenticatedHttpRequest
from vss.core.pagination import page_with_count
from vss.policy import Right

from ..forms_funding import (
    BudgetLineForm,
    CancelForm,
    DonorForm,
    PaymentForm,
    PledgeForm,
    ReasonForm,
)
from ..models import Project
from ..selectors import funding as selectors
from ..services import funding as services


@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_PROJECTS)
    overview = selectors.funding_overview(user)
    return render(
        request,
        "reparations/funding/overview.html",
        {
            "overview": overview,
            "page": page_with_count(request, overview.projects),
            "manages": policy.has_right(user, Right.MANAGE_PROJECTS),
        },
    )


def _project_page(
    request: AuthenticatedHttpRequest, project: Project, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    funding = selectors.funding_of_project(user, project)
    manages = policy.has_right(user, Right.MANAGE_PROJECTS)
    context: dict[str, Any] = {"funding": funding, "project": project, "manages": manages}
    if manages:
        failed = forms.get("failed_pledge")
        for pledge in funding.pledges:
            # Each pledge's own payment form; the one refused comes back as typed.
            pledge.payment_form = (  # type: ignore[attr-defined]
                forms["payment_form"]
                if failed == pledge.pk and "payment_form" in forms
                else PaymentForm(prefix=f"pay-{pledge.pk}")
            )
        context |= {
            "line_form": forms.get("line_form") or BudgetLineForm(),
            "pledge_form": forms.get("pledge_form") or PledgeForm(),
            "failed_pledge": failed,
            "cancel_form": forms.get("cancel_form"),
            "archive_form": forms.get("archive_form"),
            "failed_line": forms.get("failed_line"),
        }
    return render(request, "reparations/funding/project.html", context, status=status)


def _sent(
    request: AuthenticatedHttpRequest,
    project: Project,
    form: forms.Form,
    write: Callable[[], object],
    done: str,
    **refused: Any,
) -> HttpResponse:
    """Back to the project's funding once the service took the form; else the page again,
    the refused form as typed among the others."""
    if saved_through(form, write):
        messages.success(request, done)
        return redirect(reverse("reparations:project_funding", args=[project.pk]))
    return _project_page(request, project, status=400, **refused)


@require_GET
def project_funding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.VIEW_PROJECTS)
    return _project_page(request, selectors.project_for_funding(request.user, pk))


@require_POST
def budget_line_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = selectors.project_for_funding(user, pk)
    form = BudgetLineForm(request.POST)
    return _sent(
        request,
        project,
        form,
        lambda: services.budget_line_add(user=user, project=project, **form.cleaned_data),
        _("Budget line added."),
        line_form=form,
    )


@require_POST
def budget_line_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    line = selectors.budget_line_for_user(user, pk)
    form = ReasonForm(request.POST, prefix=f"archive-{line.pk}")
    return _sent(
        request,
        line.project,
        form,
        lambda: services.budget_line_archive(
            user=user, line=line, reason=form.cleaned_data["reason"]
        ),
        _("Budget line archived."),
        archive_form=form,
        failed_line=line.pk,
    )


@require_POST
def pledge_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = selectors.project_for_funding(user, pk)
    form = PledgeForm(request.POST)
    return _sent(
        request,
        project,
        form,
        lambda: services.pledge_record(user=user, project=project, data=form.pledge_data()),
        _("Pledge recorded."),
        pledge_form=form,
    )


@require_POST
def payment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    pledge = selectors.pledge_for_user(user, pk)
    form = PaymentForm(request.POST, prefix=f"pay-{pledge.pk}")
    return _sent(
        request,
        pledge.project,
        form,
        lambda: services.payment_record(user=user, pledge=pledge, data=form.payment_data()),
        _("Payment recorded."),
        payment_form=form,
        failed_pledge=pledge.pk,
    )


@require_POST
def pledge_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    pledge = selectors.pledge_for_user(user, pk)
    form = CancelForm(request.POST, prefix=f"cancel-{pledge.pk}")
    return _sent(
        request,
        pledge.project,
        form,
        lambda: services.pledge_cancel(
            user=user,
            pledge=pledge,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        _("Pledge cancelled."),
        cancel_form=form,
        failed_pledge=pledge.pk,
    )


def _donor_page(
    request: AuthenticatedHttpRequest,
    form: DonorForm,
    write: Callable[[], object],
    done: str,
    page: tuple[str, dict[str, Any]],
) -> HttpResponse:
    """A donor's form, sent or not: saved, back to the list; else drawn (again)."""
    if request.method == "POST" and saved_through(form, write):
        messages.success(request, done)
        return redirect("reparations:donor_list")
    template, context = page
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def donor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    donors = selectors.donors(user)
    form = DonorForm(request.POST or None)
    return _donor_page(
        request,
        form,
        lambda: services.donor_create(user=user, data=form.donor_data()),
        _("Donor added."),
        ("reparations/funding/donors.html", {"donors": donors}),
    )


@require_http_methods(["GET", "POST"])
def donor_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    donor = selectors.donor_for_edit(user, pk)
    initial = {"name": donor.name, "name_km": donor.name_km, "acronym": donor.acronym}
    form = DonorForm(request.POST or None, initial=initial)
    return _donor_page(
        request,
        form,
        lambda: services.donor_update(user=user, donor=donor, data=form.donor_data()),
        _("Donor saved."),
        ("reparations/funding/donor_edit.html", {"donor": donor}),
    )


urlpatterns: list[URLPattern] = [
    path("funding/", overview, name="funding"),
    path("funding/donors/", donor_list, name="donor_list"),
    path("funding/donors/<int:pk>/", donor_edit, name="donor_edit"),
    path("projects/<int:pk>/funding/", project_funding, name="project_funding"),
    path("projects/<int:pk>/funding/budget-lines/", budget_line_add, name="budget_line_add"),
    path("funding/budget-lines/<int:pk>/archive/", budget_line_archive, name="budget_line_archive"),
    path("projects/<int:pk>/funding/pledges/", pledge_add, name="pledge_add"),
    path("funding/pledges/<int:pk>/payments/", payment_add, name="payment_add"),
    path("funding/pledges/<int:pk>/cancel/", pledge_cancel, name="pledge_cancel"),
]
