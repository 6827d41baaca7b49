"""Applying online, one step per page: plain forms that work with no script. The draft
is found by the secret kept in the visitor's session, never by anything in the URL, and
the step names are the only thing a URL or a log carries."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vss.applications.models import DocumentKind
from vss.core.network import client_ip
from vss.core.public_language import khmer_by_default

from .. import honeypot, vif
from ..models import DraftUploadKind, OnlineDraft
from ..services import applying
from ..services.throttling import Limit, attempt_allowed

# The draft's secret, in a cookie of its own: the session ends after half an hour idle,
# a draft is kept for days while papers are gathered.
DRAFT_COOKIE = "vss_apply"
DRAFT_COOKIE_SALT = "vss.portal.apply-draft"
RECEIPT_KEY = "portal_receipt"
START_LIMIT = Limit(action="apply-start", attempts=20, window=datetime.timedelta(hours=1))
SEND_LIMIT = Limit(action="apply-send", attempts=5, window=datetime.timedelta(hours=1))
# Each name looked up shows at most a short list of villages; this keeps a connection from
# reading the gazetteer through the form (a code, or a village already chosen, is free).
VILLAGE_SEARCH_LIMIT = Limit(
    action="apply-village", attempts=60, window=datetime.timedelta(hours=1)
)


def _draft(request: HttpRequest) -> OnlineDraft | None:
    secret = request.get_signed_cookie(DRAFT_COOKIE, default=None, salt=DRAFT_COOKIE_SALT)
    return applying.draft_find(secret)


def _keep_secret(response: HttpResponse, secret: str) -> HttpResponse:
    response.set_signed_cookie(
        DRAFT_COOKIE,
        secret,
        salt=DRAFT_COOKIE_SALT,
        max_age=int(applying.DRAFT_LIFETIME.total_seconds()),
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


def _too_many(request: HttpRequest, limit: Limit) -> bool:
    return not attempt_allowed(limit=limit, subject=client_ip(request) or "unknown")


def _village_search_allowed(request: HttpRequest) -> Callable[[], bool]:
    return lambda: not _too_many(request, VILLAGE_SEARCH_LIMIT)


def _refused(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "portal/apply/refused.html", {"status": status}, status=status)


def _context(draft: OnlineDraft | None, step: str, **extra: object) -> dict[str, object]:
    number = vif.STEPS.index(step) + 1
    return {
        "draft": draft,
        "step": step,
        "step_number": number,
        "step_count": len(vif.STEPS),
        "title": vif.STEP_TITLES[step],
        "previous": vif.STEPS[number - 2] if number > 1 else None,
        **extra,
    }


@login_not_required
@khmer_by_default
@require_http_methods(["GET", "POST"])
def apply_start(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if request.method == "GET":
        if draft is not None:
            return redirect(
                "portal:apply_step", step=vif.STEPS[min(draft.step, len(vif.STEPS)) - 1]
            )
        parts = vif.step_parts(vif.FILER, None)
        return render(request, "portal/apply/step.html", _context(None, vif.FILER, parts=parts))
    if honeypot.caught(request):
        return _refused(request, 400)
    parts = vif.step_parts(vif.FILER, request.POST)
    if not vif.parts_valid(vif.FILER, parts):
        return render(
            request, "portal/apply/step.html", _context(draft, vif.FILER, parts=parts), status=400
        )
    secret = None
    if draft is None:
        if _too_many(request, START_LIMIT):
            return _refused(request, 429)
        draft, secret = applying.draft_start(
            filer=parts[0].cleaned_data["filer"], language=(get_language() or "km")[:2]
        )
    applying.draft_save_step(
        draft=draft, step=vif.FILER, answers=vif.answers_of(request.POST, parts), reached=2
    )
    response = redirect("portal:apply_step", step=vif.PERSON)
    return _keep_secret(response, secret) if secret else response


def _next_step(step: str) -> str:
    return vif.STEPS[vif.STEPS.index(step) + 1]


def _add_row(draft: OnlineDraft, step: str, prefix: str) -> None:
    answers = dict(draft.answers.get(step) or {})
    key = f"{prefix}-TOTAL_FORMS"
    try:
        count = int(answers.get(key) or 1)
    except ValueError:
        count = 1
    answers[key] = str(min(count + 1, 20))
    answers.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    applying.draft_save_step(draft=draft, step=step, answers=answers, reached=draft.step)


def _documents_step(request: HttpRequest, draft: OnlineDraft, step: str) -> HttpResponse:
    error = ""
    if request.method == "POST":
        remove = request.POST.get("remove")
        upload = request.FILES.get("file")
        if remove and remove.isdigit():
            applying.draft_upload_remove(draft=draft, upload_id=int(remove))
            return redirect("portal:apply_step", step=step)
        if upload is not None:
            kind = (
                DraftUploadKind.DOCUMENT
                if step == vif.DOCUMENTS
                else (
                    DraftUploadKind.THUMBPRINT
                    if request.POST.get("signature-signature") == "thumbprint"
                    else DraftUploadKind.SIGNATURE
                )
            )
            paper = request.POST.get("paper", "")
            try:
                applying.draft_upload_add(
                    draft=draft,
                    kind=kind,
                    upload=upload,
                    description=paper if paper in DocumentKind.values else "",
                )
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
        if step == vif.SIGNATURE:
            parts = vif.step_parts(step, request.POST)
            applying.draft_save_step(
                draft=draft,
                step=step,
                answers=vif.answers_of(request.POST, parts),
                reached=draft.step,
            )
            valid = vif.parts_valid(step, parts)
            signed = draft.uploads.exclude(kind=DraftUploadKind.DOCUMENT).exists()
            if not error and valid and signed and "next" in request.POST:
                applying.draft_save_step(
                    draft=draft,
                    step=step,
                    answers=vif.answers_of(request.POST, parts),
                    reached=vif.STEPS.index(step) + 2,
                )
                return redirect("portal:apply_step", step=_next_step(step))
            if not error and valid and not signed and "next" in request.POST:
                error = _("Add the signature or the photo of the thumbprint.")
        elif not error and "next" in request.POST:
            applying.draft_save_step(
                draft=draft, step=step, answers={}, reached=vif.STEPS.index(step) + 2
            )
            return redirect("portal:apply_step", step=_next_step(step))
        elif not error:
            return redirect("portal:apply_step", step=step)
    parts = vif.step_parts(step, draft.answers.get(step)) if step == vif.SIGNATURE else []
    uploads = (
        draft.uploads.filter(kind=DraftUploadKind.DOCUMENT)
        if step == vif.DOCUMENTS
        else draft.uploads.exclude(kind=DraftUploadKind.DOCUMENT)
    )
    return render(
        request,
        "portal/apply/step.html",
        _context(
            draft,
            step,
            parts=parts,
            uploads=list(uploads),
            upload_error=error,
            papers=DocumentKind.choices,
        ),
        status=400 if error else 200,
    )


@login_not_required
@khmer_by_default
@require_http_methods(["GET", "POST"])
def apply_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in vif.STEPS:
        raise Http404
    draft = _draft(request)
    if draft is None:
        return redirect("portal:apply")
    if step == vif.FILER:
        return redirect("portal:apply") if request.method == "GET" else apply_start(request)
    if request.method == "POST" and honeypot.caught(request):
        return _refused(request, 400)
    may_search = _village_search_allowed(request)
    if request.method == "POST" and "back" in request.POST and step not in (vif.DOCUMENTS,):
        parts = vif.step_parts(step, request.POST, may_search=may_search)
        if parts:
            applying.draft_save_step(
                draft=draft,
                step=step,
                answers=vif.answers_of(request.POST, parts),
                reached=draft.step,
            )
        return redirect("portal:apply_step", step=vif.STEPS[vif.STEPS.index(step) - 1])
    if step in (vif.DOCUMENTS, vif.SIGNATURE):
        return _documents_step(request, draft, step)
    if step == vif.REVIEW:
        return _review(request, draft)
    if request.method == "POST":
        parts = vif.step_parts(step, request.POST, may_search=may_search)
        answers = vif.answers_of(request.POST, parts)
        add = request.POST.get("add_row")
        if add in ("crimes", "harms") and step == vif.EVENTS:
            applying.draft_save_step(draft=draft, step=step, answers=answers, reached=draft.step)
            _add_row(draft, step, add)
            return redirect("portal:apply_step", step=step)
        if vif.parts_valid(step, parts):
            applying.draft_save_step(
                draft=draft, step=step, answers=answers, reached=vif.STEPS.index(step) + 2
            )
            return redirect("portal:apply_step", step=_next_step(step))
        applying.draft_save_step(draft=draft, step=step, answers=answers, reached=draft.step)
        return render(
            request, "portal/apply/step.html", _context(draft, step, parts=parts), status=400
        )
    stored = draft.answers.get(step)
    parts = vif.step_parts(step, stored, may_search=may_search)
    if stored:
        # Shown as they were left, with what was wrong then.
        vif.parts_valid(step, parts)
    return render(request, "portal/apply/step.html", _context(draft, step, parts=parts))


def _review(request: HttpRequest, draft: OnlineDraft) -> HttpResponse:
    check = vif.vif_check(draft.answers)
    if request.method == "POST":
        if _too_many(request, SEND_LIMIT):
            return _refused(request, 429)
        try:
            sent = applying.draft_submit(draft=draft)
        except applying.NotReady as not_ready:
            return redirect("portal:apply_step", step=not_ready.step)
        except ValidationError:
            return _refused(request, 400)
        request.session[RECEIPT_KEY] = {
            "reference": sent.receipt.reference,
            "code": sent.code,
            "sms": sent.sms_written,
        }
        response = redirect("portal:apply_receipt")
        response.delete_cookie(DRAFT_COOKIE)
        return response
    steps = [
        (step, vif.STEP_TITLES[step], check.errors.get(step, []))
        for step in vif.STEPS
        if step not in (vif.DOCUMENTS, vif.REVIEW)
    ]
    signed = draft.uploads.exclude(kind=DraftUploadKind.DOCUMENT).exists()
    return render(
        request,
        "portal/apply/step.html",
        _context(
            draft,
            vif.REVIEW,
            parts=[],
            review=steps,
            ready=check.is_valid and signed,
            unsigned=not signed,
            applicant=check.applicant,
            documents=draft.uploads.filter(kind=DraftUploadKind.DOCUMENT).count(),
        ),
    )


@login_not_required
@khmer_by_default
@require_http_methods(["GET"])
def apply_receipt(request: HttpRequest) -> HttpResponse:
    """The reference and the code, shown once: the code is not kept anywhere to show again."""
    shown = request.session.pop(RECEIPT_KEY, None)
    if not shown:
        return redirect("portal:apply")
    response = render(request, "portal/apply/receipt.html", {"receipt": shown})
    response["Cache-Control"] = "no-store"
    return response
