from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from vss import policy
from vss.core.http import AuthenticatedHttpRequest

from .figures import (
    application_figures,
    outreach_figures,
    reparations_figure,
    representation_figures,
    support_figure,
)
from .forms import DashboardFilterForm


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_view_statistics(request.user):
        raise PermissionDenied
    filter_form = DashboardFilterForm(request.GET or None)
    # A filter refused is said, with what was typed, and no figure is drawn for it.
    figures = []
    if not filter_form.is_bound or filter_form.is_valid():
        selection = filter_form.selection()
        figures = [
            *application_figures(request.user, selection),
            *representation_figures(request.user, selection),
            support_figure(request.user, selection),
            reparations_figure(request.user, selection),
            *outreach_figures(request.user, selection),
        ]
    return render(
        request, "reports/dashboard/page.html", {"filter_form": filter_form, "figures": figures}
    )


urlpatterns: list[URLPattern] = [path("figures/", dashboard, name="dashboard")]
