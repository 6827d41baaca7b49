"""A send's page: its progress bar, asked again every two seconds while the worker sends
(HTMX swaps the bar alone), once it is done the messages that failed, and the printing of
its letters by post (the invitations to an event, its pick-up notices, a court date's
notice) with their address labels."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from vss.core.http import AuthenticatedHttpRequest
from vss.core.pdf import pdf_response, render_pdf

from ..forms_newsletters import PrintForm
from ..models import SendJob
from ..selectors import sends as selectors
from ..services import newsletters as printing
from .letters import language_asked, letters_pdf


def _detail(request: AuthenticatedHttpRequest, job: SendJob, *, status: int = 200) -> HttpResponse:
    user = request.user
    progress = selectors.send_progress(job)
    failures = selectors.send_failures(user, job) if progress.finished else []
    context = {"job": job, "progress": progress, "failures": failures}
    if request.htmx:
        return render(request, "outreach/sends/_progress.html", context, status=status)
    context |= {"printing": selectors.send_post_counts(job), "print_form": PrintForm()}
    return render(request, "outreach/sends/detail.html", context, status=status)


@require_GET
def send_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.send_get_for_user(request.user, pk))


@require_POST
def send_print_letters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The send's letters in one language, each in its reader's words, in the order of
    the labels; printing them marks them printed."""
    user = request.user
    job = selectors.send_get_for_user(user, pk)
    language = language_asked(request)
    if language is None:
        return _detail(request, job, status=400)
    letters = selectors.send_post_letters(job, language)
    content = letters_pdf(request, title=job.label, letters=letters, language=language)
    printing.send_printed(user=user, job=job, what="letters", language=language)
    return pdf_response(content, filename=f"send-{job.pk}-{language}.pdf")


@require_POST
def send_print_labels(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The address labels of the send's letters, named as the user may see them."""
    user = request.user
    job = selectors.send_get_for_user(user, pk)
    labels = selectors.send_post_labels(user, job)
    content = render_pdf(request, "outreach/sends/labels.pdf.html", {"labels": labels})
    printing.send_printed(user=user, job=job, what="labels")
    return pdf_response(content, filename=f"send-{job.pk}-labels.pdf")


urlpatterns: list[URLPattern] = [
    path("sends/<int:pk>/", send_detail, name="send_detail"),
    path("sends/<int:pk>/letters.pdf", send_print_letters, name="send_print_letters"),
    path("sends/<int:pk>/labels.pdf", send_print_labels, name="send_print_labels"),
]
