"""A send's page: its progress bar, asked again every two seconds while the worker sends
(HTMX swaps the bar alone), and once it is done the messages that failed."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from vss.core.http import AuthenticatedHttpRequest

from ..selectors import sends as selectors


@require_GET
def send_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    job = selectors.send_get_for_user(user, pk)
    progress = selectors.send_progress(job)
    failures = selectors.send_failures(user, job) if progress.finished else []
    context = {"job": job, "progress": progress, "failures": failures}
    template = "outreach/sends/_progress.html" if request.htmx else "outreach/sends/detail.html"
    return render(request, template, context)


urlpatterns: list[URLPattern] = [path("sends/<int:pk>/", send_detail, name="send_detail")]
