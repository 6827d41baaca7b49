"""Following one's application without an account: the reference, the secret code and
the year of birth, always sent in a POST so that none of them lands in a URL or a log."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vss.core.network import client_ip
from vss.core.public_language import khmer_by_default

from ..forms import FollowForm
from ..plain_words import PLAIN_STATUS, plain_status
from ..services.following import Outcome, application_follow


@login_not_required
@khmer_by_default
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form, "section_phone": settings.VSS_SECTION_PHONE}
    if request.method == "POST" and form.is_valid():
        check = application_follow(
            reference=form.cleaned_data["reference"],
            code=form.cleaned_data["code"],
            birth_year=form.cleaned_data["birth_year"],
            ip_address=client_ip(request),
        )
        if check.outcome is Outcome.SHOWN and check.application is not None:
            return render(
                request,
                "portal/follow/status.html",
                {
                    "application": check.application,
                    "current": plain_status(check.application),
                    "history": [(step.on, PLAIN_STATUS[step.status]) for step in check.history],
                    "section_phone": settings.VSS_SECTION_PHONE,
                },
            )
        context["outcome"] = check.outcome.value
        # Whatever was wrong, the form comes back the same: the typed reference, never the
        # code nor the year.
        form = FollowForm(initial={"reference": form.cleaned_data["reference"]})
        context["form"] = form
        status = 429 if check.outcome is Outcome.LIMITED else 200
        return render(request, "portal/follow/form.html", context, status=status)
    return render(request, "portal/follow/form.html", context)
