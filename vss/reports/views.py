"""The reports page: the standard reports the reader's rights open, and the way to the
figures."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from vss import policy
from vss.core.http import AuthenticatedHttpRequest
from vss.tallies.services import counting_request_if_out_of_date

from .maps import MapForm, figure_map
from .registry import reports_for


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_view_statistics(request.user):
        raise PermissionDenied
    return render(request, "reports/index.html", {"reports": reports_for(request.user)})


@require_GET
def province_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A figure, chosen by GET with no script, shaded on the map of the provinces."""
    if not policy.can_view_statistics(request.user):
        raise PermissionDenied
    form = MapForm(request.GET or None)
    figure, case = form.chosen()
    counting = None
    if figure.counted is not None and figure.counted(request.user):
        # Counts older than they may be are counted again in the background.
        counting = counting_request_if_out_of_date(user=request.user)
    return render(
        request,
        "reports/map.html",
        {"form": form, "map": figure_map(request.user, figure, case), "counting": counting},
    )


urlpatterns: list[URLPattern] = [path("", index, name="index")]
