"""The public site: the Section's pages for victims, read without signing in, in Khmer
unless the visitor chose another language. The root URL is the site's home for a visitor
and the work queue for a signed-in user."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from vss.accounts.second_factor import step_owed
from vss.core.public_language import khmer_by_default
from vss.core.views import home as work_queue
from vss.proceedings.selectors import cases_open_for_applications

from ..forms import NewsletterForm
from ..models import ContentRevision, PublicPage
from ..selectors.content import published_text
from ..text import render_body

# What each page shows besides its text, from the apps that keep it.
_APPLYING_DEADLINES = {PublicPage.APPLYING}


def page_context(page: PublicPage, text: ContentRevision | None) -> dict[str, object]:
    """What the page template needs for `text` (published, or a draft in a preview)."""
    context: dict[str, object] = {
        "page": page,
        "text": text,
        "body": render_body(text.body) if text else "",
    }
    if page in _APPLYING_DEADLINES:
        context["open_cases"] = cases_open_for_applications(timezone.localdate())
    if page == PublicPage.NEWSLETTER:
        context["newsletter_form"] = NewsletterForm(
            initial={"language": (translation.get_language() or "km")[:2]}
        )
    return context


def render_page(
    request: HttpRequest, page: PublicPage, text: ContentRevision | None, **extra: object
) -> HttpResponse:
    return render(request, "portal/site/page.html", page_context(page, text) | extra)


@khmer_by_default
def _public_page(request: HttpRequest, page: PublicPage) -> HttpResponse:
    return render_page(request, page, published_text(page, translation.get_language()))


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        # The root is open to everyone, so the checks every staff page passes through
        # (a second factor or a new password still owed) are made here.
        return step_owed(request) or work_queue(request)  # type: ignore[arg-type]
    return _public_page(request, PublicPage.HOME)


@login_not_required
@require_GET
def page(request: HttpRequest, page: str) -> HttpResponse:
    return _public_page(request, PublicPage(page))


# One path per page, without arguments: the pages are a fixed list, not records.
urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    *[
        path(f"info/{p.value}/", page, {"page": p.value}, name=f"page_{p.value.replace('-', '_')}")
        for p in PublicPage
        if p != PublicPage.HOME
    ],
]
