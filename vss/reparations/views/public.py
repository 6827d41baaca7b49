"""The programme's public pages: the endorsed projects by case and category, and a page
per project, read without signing in, in the reader's language."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from ..selectors import public as selectors


@login_not_required
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reparations/public/list.html", {"programme": selectors.public_programme()}
    )


@login_not_required
@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reparations/public/detail.html", {"page": selectors.public_project(pk)})


urlpatterns: list[URLPattern] = [
    path("public/", public_list, name="public_list"),
    path("public/<int:pk>/", public_detail, name="public_detail"),
]
