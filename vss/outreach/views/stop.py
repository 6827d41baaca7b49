"""The page every message links to, where its reader stops the Section's messages:
reached without signing in, by the token the message carried, which names no one."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from ..selectors import preferences as selectors
from ..services import preferences as services


@login_not_required
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    selectors.require_stop_token(token)
    if request.method == "POST":
        services.messages_stop(token=token, how="link")
        return render(request, "outreach/stop.html", {"stopped": True})
    return render(request, "outreach/stop.html", {"stopped": False, "token": token})


urlpatterns: list[URLPattern] = [path("stop/<str:token>/", stop, name="stop")]
