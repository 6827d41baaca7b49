"""The staff pages that write the public site: every page in every language, a new draft
of one, its preview exactly as the public will see it, publishing it, and the history of
a page with the way back to an earlier text."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss.audit.forms import form_saved
from vss.core.http import AuthenticatedHttpRequest

from ..forms import PageTextForm, RestoreForm
from ..models import ContentRevision, PublicPage
from ..selectors import content as selectors
from ..services import content as services
from .site import render_page


def _history_url(revision: ContentRevision) -> str:
    return reverse("portal:content_history", args=[revision.page, revision.language])


@require_GET
def content_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/site/content_list.html",
        {"pages": selectors.pages_overview(request.user), "languages": settings.LANGUAGES},
    )


@require_http_methods(["GET", "POST"])
def content_edit(request: AuthenticatedHttpRequest, page: str, language: str) -> HttpResponse:
    latest = selectors.latest_text(request.user, page, language)
    form = PageTextForm(request.POST or None, initial=PageTextForm.initial_of(latest))

    def write() -> ContentRevision:
        return services.content_revision_write(
            user=request.user, page=page, language=language, data=form.text_data()
        )

    if request.method == "POST" and (saved := form_saved(form, write)):
        messages.success(request, _("Draft saved: check it below, then publish it."))
        return redirect("portal:content_preview", saved.value.pk)
    return render(
        request,
        "portal/site/content_edit.html",
        {
            "form": form,
            "page": PublicPage(page),
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "latest": latest,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def content_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_for_writer(request.user, pk)
    # Drawn in the text's language, as a visitor who chose it reads the page.
    with translation.override(revision.language):
        response = render_page(
            request,
            PublicPage(revision.page),
            revision,
            preview=True,
            back_url=_history_url(revision),
        )
    response["Content-Language"] = revision.language
    return response


@require_POST
def content_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_for_writer(request.user, pk)
    try:
        services.content_revision_publish(user=request.user, revision=revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published: the public now reads this text."))
    return redirect(_history_url(revision))


@require_GET
def content_history(request: AuthenticatedHttpRequest, page: str, language: str) -> HttpResponse:
    revisions = selectors.page_history(request.user, page, language)
    return render(
        request,
        "portal/site/content_history.html",
        {
            "revisions": revisions,
            "page": PublicPage(page),
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "restore_form": RestoreForm(),
        },
    )


@require_POST
def content_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    revision = selectors.revision_for_writer(request.user, pk)
    form = RestoreForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.content_revision_restore(user=request.user, revision=revision, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published again: the public now reads this text."))
    return redirect(_history_url(revision))


urlpatterns: list[URLPattern] = [
    path("site-texts/", content_list, name="content_list"),
    path("site-texts/<slug:page>/<str:language>/edit/", content_edit, name="content_edit"),
    path("site-texts/<slug:page>/<str:language>/history/", content_history, name="content_history"),
    path("site-texts/revisions/<int:pk>/preview/", content_preview, name="content_preview"),
    path("site-texts/revisions/<int:pk>/publish/", content_publish, name="content_publish"),
    path("site-texts/revisions/<int:pk>/restore/", content_restore, name="content_restore"),
]
