"""The programme's money: the funding page (gaps by project, category and case), a
project's funding with the officer's forms, and the list of donors."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.policy import Right

from ..forms_funding import BudgetLineForm, DonorForm, PaymentForm, PledgeForm, ReasonForm
from ..models import Project
from ..selectors import funding as selectors
from ..services import funding as services


@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_PROJECTS)
    return render(
        request,
        "reparations/funding/overview.html",
        {
            "overview": selectors.funding_overview(user),
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


def _back(project: Project, message: str, request: AuthenticatedHttpRequest) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("reparations:project_funding", args=[project.pk]))


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
    if form.is_valid():
        try:
            services.budget_line_add(user=user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(project, _("Budget line added."), request)
    return _project_page(request, project, status=400, line_form=form)


@require_POST
def budget_line_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    line = selectors.budget_line_for_user(user, pk)
    form = ReasonForm(request.POST, prefix=f"archive-{line.pk}")
    if form.is_valid():
        try:
            services.budget_line_archive(user=user, line=line, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(line.project, _("Budget line archived."), request)
    return _project_page(request, line.project, status=400, archive_form=form, failed_line=line.pk)


@require_POST
def pledge_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    project = selectors.project_for_funding(user, pk)
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_record(user=user, project=project, data=form.pledge_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(project, _("Pledge recorded."), request)
    return _project_page(request, project, status=400, pledge_form=form)


@require_POST
def payment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    pledge = selectors.pledge_for_user(user, pk)
    form = PaymentForm(request.POST, prefix=f"pay-{pledge.pk}")
    if form.is_valid():
        try:
            services.payment_record(user=user, pledge=pledge, data=form.payment_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(pledge.project, _("Payment recorded."), request)
    return _project_page(
        request, pledge.project, status=400, payment_form=form, failed_pledge=pledge.pk
    )


@require_POST
def pledge_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_PROJECTS)
    pledge = selectors.pledge_for_user(user, pk)
    form = ReasonForm(request.POST, prefix=f"cancel-{pledge.pk}")
    if form.is_valid():
        try:
            services.pledge_cancel(
                user=user,
                pledge=pledge,
                reason=form.cleaned_data["reason"],
                expected_version=_version(request, f"cancel-{pledge.pk}-version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(pledge.project, _("Pledge cancelled."), request)
    return _project_page(
        request, pledge.project, status=400, cancel_form=form, failed_pledge=pledge.pk
    )


def _version(request: AuthenticatedHttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@require_http_methods(["GET", "POST"])
def donor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    donors = selectors.donors(user)
    form = DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.donor_create(user=user, data=form.donor_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Donor added."))
            return redirect("reparations:donor_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reparations/funding/donors.html", {"donors": donors, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def donor_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    donor = selectors.donor_for_edit(user, pk)
    initial = {"name": donor.name, "name_km": donor.name_km, "acronym": donor.acronym}
    form = DonorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.donor_update(user=user, donor=donor, data=form.donor_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Donor saved."))
            return redirect("reparations:donor_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reparations/funding/donor_edit.html",
        {"donor": donor, "form": form},
        status=status,
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
