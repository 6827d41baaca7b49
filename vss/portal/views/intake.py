"""The intake app for intermediaries with no connection: its frame (kept on the device by
the service worker), the worker and the manifest that make it installable, the sync
request that records the forms kept on the device, and the forms the server has."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.applications.bundle import VifBundle
from vss.applications.models import DocumentKind
from vss.core.http import AuthenticatedHttpRequest
from vss.core.offline import service_worker
from vss.people.pseudonyms import may_choose_pseudonym

from ..models import DeviceForm
from ..selectors import intake as selectors
from ..services import intake as services

WORKER = "portal/intake/worker.js"
# The app's pages, which the service worker keeps: the app itself, under this path.
SCOPE = "/intake/"


def _require_sender(request: AuthenticatedHttpRequest) -> None:
    if not policy.can_send_device_forms(request.user):
        raise PermissionDenied


@require_GET
def app(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The frame of the app, with the VIF's empty fields and nobody's data: the forms
    filled are kept encrypted on the device, so the frame may be kept and opened offline."""
    _require_sender(request)
    user = request.user
    bundle = VifBundle.build(
        intermediary_user=True, may_choose_pseudonym=may_choose_pseudonym(user)
    )
    context = {
        "bundle": bundle,
        "document_kinds": DocumentKind.choices,
        "most_documents": services.MOST_DOCUMENTS,
        "largest_document": settings.VSS_UPLOAD_MAX_BYTES,
        "too_many_documents": _("A form can carry at most %(count)s files.")
        % {"count": services.MOST_DOCUMENTS},
        "too_large_document": _(
            "“%(name)s” is %(size)s; files may be at most %(limit)s. It was not added: "
            "take the photo again at a lower resolution."
        )
        % {
            "name": "{name}",
            "size": "{size}",
            "limit": filesizeformat(settings.VSS_UPLOAD_MAX_BYTES),
        },
        "sync_url": reverse("portal:intake_sync"),
        "forms_url": reverse("portal:intake_forms"),
        "worker_url": reverse("portal:intake_worker"),
        "manifest_url": reverse("portal:intake_manifest"),
        "scope": SCOPE,
    }
    return render(request, "portal/intake/app.html", context)


@require_GET
def worker(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_sender(request)
    return service_worker(script=WORKER, scope=SCOPE)


@require_GET
def manifest(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_sender(request)
    content = {
        "name": _("VSS intake with no connection"),
        "short_name": _("VSS intake"),
        "start_url": SCOPE,
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f3b5a",
        "lang": request.LANGUAGE_CODE,
        "icons": [{"src": static("vss/img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(
        content,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _form_row(device_form: DeviceForm) -> dict[str, object]:
    return {
        "id": str(device_form.device_form_id),
        "status": device_form.status,
        "status_label": device_form.get_status_display(),
        "problems": device_form.problems,
        "filled_at": device_form.filled_at.isoformat(),
        "first_sent_at": device_form.first_sent_at.isoformat(),
        "times_sent": device_form.times_sent,
    }


def _sync_body(request: AuthenticatedHttpRequest) -> tuple[object, dict[str, UploadedFile]]:
    """The forms sent, and their files. JSON alone (forms without files) is read whole,
    so at most DATA_UPLOAD_MAX_MEMORY_SIZE; a form with files comes as multipart, whose
    JSON part counts against that limit and whose files do not (each is checked against
    VSS_UPLOAD_MAX_BYTES, and one larger than FILE_UPLOAD_MAX_MEMORY_SIZE waits in a
    temporary file rather than in memory)."""
    if request.content_type == "multipart/form-data":
        files: dict[str, UploadedFile] = {}
        for name in request.FILES:
            upload = request.FILES.get(name)
            if upload is not None:
                files[name] = upload
        return json.loads(request.POST.get("sync") or "null"), files
    return json.loads(request.body or b"null"), {}


@require_POST
def sync(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each form recorded once, with an answer for each: a refused one does not hold
    back the others."""
    _require_sender(request)
    try:
        sent = services.device_forms_read(*_sync_body(request))
    except (ValueError, ValidationError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else _("Send JSON.")
        return JsonResponse({"error": message}, status=400)
    results = services.device_forms_receive(actor=request.user, request=sent)
    return JsonResponse(
        {
            "results": [
                {
                    "id": r.device_form_id,
                    "outcome": r.outcome,
                    "problems": r.problems,
                    "applications": r.application_ids,
                }
                for r in results
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def forms(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = [_form_row(f) for f in selectors.device_forms_latest(request.user)]
    response = JsonResponse({"forms": rows}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def form_detail(request: AuthenticatedHttpRequest, device_form_id: str) -> HttpResponse:
    row = _form_row(selectors.device_form_seen(request.user, device_form_id))
    response = JsonResponse(row, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("", app, name="intake_app"),
    path("worker.js", worker, name="intake_worker"),
    path("manifest.webmanifest", manifest, name="intake_manifest"),
    path("sync/", sync, name="intake_sync"),
    path("forms/", forms, name="intake_forms"),
    path("forms/<str:device_form_id>/", form_detail, name="intake_form_detail"),
]
