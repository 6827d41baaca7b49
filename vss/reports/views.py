"""The reports page: the standard reports the reader's rights open, and the way to the
figures."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from vss import policy
from vss.core.http import AuthenticatedHttpRequest

from .registry import reports_for


@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_view_statistics(request.user):
        raise PermissionDenied
    return render(request, "reports/index.html", {"reports": reports_for(request.user)})


urlpatterns: list[URLPattern] = [path("", index, name="index")]
