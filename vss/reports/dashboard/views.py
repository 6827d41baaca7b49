from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.core.http import AuthenticatedHttpRequest
from vss.tallies.selectors import counting_state
from vss.tallies.services import counting_request, counting_request_if_out_of_date

from .forms import DashboardFilterForm
from .sections import dashboard_sections

FILTERS = ("case", "received_from", "received_to")


def _filters_query(request: AuthenticatedHttpRequest) -> str:
    """The page's filters, to come back to them from the count's form and its progress."""
    return urlencode([(name, request.GET[name]) for name in FILTERS if request.GET.get(name)])


def _require_statistics(request: AuthenticatedHttpRequest) -> None:
    if not policy.can_view_statistics(request.user):
        raise PermissionDenied


@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_statistics(request)
    # The figures are read as last counted; counts older than they may be are counted
    # again in the background, while the page says as of when.
    state = counting_request_if_out_of_date(user=request.user)
    filter_form = DashboardFilterForm(request.GET or None)
    # A filter refused is said, with what was typed, and no figure is drawn for it.
    figures = []
    if not filter_form.is_bound or filter_form.is_valid():
        selection = filter_form.selection()
        figures = dashboard_sections(request.user, selection, counted_at=state.stamp)
    return render(
        request,
        "reports/dashboard/page.html",
        {
            "filter_form": filter_form,
            "figures": figures,
            "counting": state,
            "shown_count": state.stamp,
            "filters_query": _filters_query(request),
        },
    )


@require_GET
def counting_progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where the count stands, for the page to poll while one is under way; it offers the
    new figures once they are counted."""
    _require_statistics(request)
    state = counting_state()
    shown = request.GET.get("shown", "")
    return render(
        request,
        "reports/dashboard/_counting.html",
        {
            "counting": state,
            "shown_count": shown,
            "newer": state.stamp != shown,
            "filters_query": _filters_query(request),
        },
    )


@require_POST
def count_again(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_statistics(request)
    counting_request(user=request.user)
    query = _filters_query(request)
    return HttpResponseRedirect(reverse("reports:dashboard") + (f"?{query}" if query else ""))


urlpatterns: list[URLPattern] = [
    path("figures/", dashboard, name="dashboard"),
    path("figures/counting/", counting_progress, name="dashboard_counting"),
    path("figures/count/", count_again, name="dashboard_count"),
]
