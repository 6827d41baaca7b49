"""Signing up for the newsletter: the address is sent in a POST and never shown back
once taken, and the page that follows says the same for every address. The link in the
confirmation message opens a page whose button confirms, so a mail server or a phone
that opens links to preview them confirms nothing."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from vss.core.network import client_ip
from vss.core.public_language import khmer_by_default

from .. import honeypot
from ..forms import NewsletterForm
from ..services.newsletter import (
    Asked,
    subscriber_confirm,
    subscriber_sign_up,
    subscriber_to_confirm,
)


@login_not_required
@khmer_by_default
@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "km")[:2]
    form = NewsletterForm(
        request.POST if request.method == "POST" else None, initial={"language": language}
    )
    context: dict[str, object] = {"form": form}
    if request.method == "POST":
        if honeypot.caught(request):
            return render(request, "portal/newsletter/refused.html", {"status": 400}, status=400)
        if not form.is_valid():
            return render(request, "portal/newsletter/form.html", context, status=400)
        asked = subscriber_sign_up(
            channel=form.cleaned_data["channel"],
            address=form.cleaned_data["address"],
            language=form.cleaned_data["language"],
            ip_address=client_ip(request),
        )
        if asked is Asked.LIMITED:
            return render(request, "portal/newsletter/refused.html", {"status": 429}, status=429)
        return redirect("portal:newsletter_asked")
    return render(request, "portal/newsletter/form.html", context)


@login_not_required
@khmer_by_default
@require_GET
def newsletter_asked(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/newsletter/asked.html")


@login_not_required
@khmer_by_default
@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        confirmed = subscriber_confirm(token=token)
        return render(
            request,
            "portal/newsletter/confirm.html",
            {"confirmed": confirmed, "usable": confirmed},
            status=200 if confirmed else 404,
        )
    usable = subscriber_to_confirm(token) is not None
    return render(
        request,
        "portal/newsletter/confirm.html",
        {"confirmed": False, "usable": usable},
        status=200 if usable else 404,
    )


urlpatterns: list[URLPattern] = [
    path("", newsletter_signup, name="newsletter_signup"),
    path("asked/", newsletter_asked, name="newsletter_asked"),
    path("confirm/<str:token>/", newsletter_confirm, name="newsletter_confirm"),
]
