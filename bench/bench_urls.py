"""URLs for the benchmark: the project's, plus a minimal view served through the same
middleware (session, authentication, login required, audit context), as the yardstick
the detail page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("vss.urls")),
]
