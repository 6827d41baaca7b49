"""The newsletters' pages: the list, a newsletter's page (what each language and channel
will read like, and who it will reach), its form, its sending, archiving and printing."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import record_form_page
from vss.core.forms import add_service_errors, add_service_messages
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.core.pdf import pdf_response, render_pdf
from vss.policy import Right

from ..forms_newsletters import ArchiveForm, NewsletterForm, PrintForm, SendForm
from ..models import Newsletter
from ..selectors import newsletters as selectors
from ..selectors import sends as send_selectors
from ..services import newsletters as services
from .letters import language_asked, letters_pdf

GET_POST = require_http_methods(["GET", "POST"])
# The section of a newsletter's page that asks again, while its readers are counted.
REACH_SECTION = "newsletter-reach"


@require_GET
def newsletter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    listing = list_page(request, selectors.newsletter_list_for_user(request.user))
    return render(request, "outreach/newsletters/list.html", listing.context())


def _form_page(
    request: AuthenticatedHttpRequest,
    form: NewsletterForm,
    write: Callable[[], Newsletter],
    newsletter: Newsletter | None,
) -> HttpResponse:
    return record_form_page(
        request,
        form,
        write,
        done=lambda saved: _("Newsletter saved."),
        detail="outreach:newsletter_detail",
        template="outreach/newsletters/form.html",
        context={"newsletter": newsletter},
    )


@GET_POST
def newsletter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.SEND_MESSAGES)
    form = NewsletterForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.newsletter_create(user=user, data=form.newsletter_data()),
        None,
    )


@GET_POST
def newsletter_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    form = NewsletterForm(request.POST or None, instance=newsletter)
    return _form_page(
        request,
        form,
        lambda: services.newsletter_update(
            user=user,
            newsletter=newsletter,
            data=form.newsletter_data(),
            version=form.cleaned_data["version"],
        ),
        newsletter,
    )


def _detail(
    request: AuthenticatedHttpRequest,
    newsletter: Newsletter,
    *,
    send_form: SendForm | None = None,
    archive_form: ArchiveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    reach = {
        "newsletter": newsletter,
        "reach": selectors.newsletter_reach(newsletter),
        "languages": [str(language.label) for language in selectors.LANGUAGES],
    }
    if request.htmx.target == REACH_SECTION:
        return render(request, "outreach/newsletters/_reach.html", reach)
    initial = {"version": newsletter.version}
    context = reach | {
        "previews": selectors.newsletter_previews(newsletter),
        "missing": services.missing_texts(newsletter),
        "may_send": selectors.may_send(newsletter),
        "printing": send_selectors.post_counts(newsletter),
        "send_form": send_form or SendForm(initial=initial),
        "archive_form": archive_form or ArchiveForm(initial=initial),
        "print_form": PrintForm(),
    }
    return render(request, "outreach/newsletters/detail.html", context, status=status)


@require_GET
def newsletter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.newsletter_get_for_user(request.user, pk))


@require_POST
def newsletter_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            job = services.newsletter_send(
                user=user, newsletter=newsletter, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("outreach:send_detail", pk=job.pk)
    return _detail(request, newsletter, send_form=form, status=400)


@require_POST
def newsletter_count(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    try:
        services.newsletter_reach_ask(user=user, newsletter=newsletter)
    except ValidationError as error:
        add_service_messages(request, error)
        return _detail(request, newsletter, status=400)
    return redirect("outreach:newsletter_detail", pk=newsletter.pk)


@require_POST
def newsletter_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.newsletter_archive(
                user=user,
                newsletter=newsletter,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Newsletter archived."))
            return redirect("outreach:newsletter_list")
    return _detail(request, newsletter, archive_form=form, status=400)


@require_POST
def newsletter_print_letters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letters in one language, each with its reader's own way to stop, in the order
    of the labels; printing them marks them printed."""
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    language = language_asked(request)
    if language is None:
        return _detail(request, newsletter, status=400)
    letters = send_selectors.post_letters(newsletter, language)
    content = letters_pdf(request, title=newsletter.title, letters=letters, language=language)
    services.newsletter_printed(user=user, newsletter=newsletter, what="letters", language=language)
    return pdf_response(content, filename=f"newsletter-{newsletter.pk}-{language}.pdf")


@require_POST
def newsletter_print_labels(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The address labels of every letter by post, named as the user may see them."""
    user = request.user
    newsletter = selectors.newsletter_get_for_user(user, pk)
    labels = send_selectors.post_labels(user, newsletter)
    content = render_pdf(
        request,
        "outreach/sends/labels.pdf.html",
        {"labels": labels},
    )
    services.newsletter_printed(user=user, newsletter=newsletter, what="labels")
    return pdf_response(content, filename=f"newsletter-{newsletter.pk}-labels.pdf")


urlpatterns: list[URLPattern] = [
    path("newsletters/", newsletter_list, name="newsletter_list"),
    path("newsletters/new/", newsletter_create, name="newsletter_create"),
    path("newsletters/<int:pk>/", newsletter_detail, name="newsletter_detail"),
    path("newsletters/<int:pk>/edit/", newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/count/", newsletter_count, name="newsletter_count"),
    path("newsletters/<int:pk>/send/", newsletter_send, name="newsletter_send"),
    path("newsletters/<int:pk>/archive/", newsletter_archive, name="newsletter_archive"),
    path(
        "newsletters/<int:pk>/letters.pdf",
        newsletter_print_letters,
        name="newsletter_print_letters",
    ),
    path(
        "newsletters/<int:pk>/labels.pdf", newsletter_print_labels, name="newsletter_print_labels"
    ),
]
