"""Where the providers report what became of the messages: the email provider's events,
read by django-anymail, and the SMS gateway's delivery reports. Neither is signed in nor
carries a CSRF token: each is let in by a secret of its own (anymail's basic-auth
secret; the gateway's bearer token, `VSS_SMS_REPORT_SECRET`), and refused (403) without
it."""

import json
from collections.abc import Callable
from functools import cache

from anymail.exceptions import AnymailWebhookValidationFailure
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.urls import URLPattern, path
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..models import MessageChannel
from ..services.delivery import SMS_REPORTS, message_report_record


@cache
def _tracking_view(dotted_path: str) -> Callable[[HttpRequest], HttpResponse]:
    return import_string(dotted_path).as_view()


@csrf_exempt
@login_not_required
@require_POST
def email_tracking(request: HttpRequest) -> HttpResponse:
    """The provider's events go through anymail's view for it, which checks its secret
    and sends each event to the tracking signal (services.delivery)."""
    # Without a secret anymail would take anyone's events: none are taken.
    if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
        return HttpResponseForbidden()
    try:
        return _tracking_view(settings.VSS_EMAIL_TRACKING_WEBHOOK)(request)
    except AnymailWebhookValidationFailure:
        return HttpResponseForbidden()
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("not an event of the configured provider")


def _authorised(request: HttpRequest) -> bool:
    secret = settings.VSS_SMS_REPORT_SECRET
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(secret) and constant_time_compare(given, secret)


@csrf_exempt
@login_not_required
@require_POST
def sms_report(request: HttpRequest) -> HttpResponse:
    """A delivery report: {"reference": the gateway's reference of the message, "status":
    delivered, undelivered, failed, rejected or expired, "detail": optional text}."""
    if not _authorised(request):
        return HttpResponseForbidden()
    try:
        report = json.loads(request.body.decode("utf-8"))
        reference, status = str(report["reference"]), SMS_REPORTS[str(report["status"])]
        detail = str(report.get("detail") or "")
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponseBadRequest("expected {reference, status, detail}")
    message_report_record(
        channel=MessageChannel.SMS, reference=reference, status=status, detail=detail
    )
    # An unknown reference is answered as taken too: a gateway would only send it again.
    return HttpResponse(status=204)


urlpatterns: list[URLPattern] = [
    path("webhooks/email/", email_tracking, name="email_tracking"),
    path("webhooks/sms/", sms_report, name="sms_report"),
]
