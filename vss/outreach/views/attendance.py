"""Pages of the day itself: the attendance sheet to print, the tablet's check-in page
that keeps working offline with the list it loads and the check-ins it sends, and the
summary of who came."""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.audit.models import AuditAction
from vss.core.http import AuthenticatedHttpRequest
from vss.core.offline import service_worker
from vss.core.pdf import pdf_response, render_pdf
from vss.policy import Right

from ..models import AllowanceCurrency
from ..selectors import attendance as selectors
from ..selectors.logistics import event_recorded, event_seen
from ..services import attendance as services

TEMPLATES = "outreach/day"
WORKER = "outreach/check_in_worker.js"
# The pages the tablet's service worker may keep: every event's check-in page.
WORKER_SCOPE = "/outreach/events/"


@require_GET
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_seen(request.user, pk)
    summary = selectors.summary_of(request.user, event)
    selectors.audited(request.user, event, selectors.SUMMARY, len(summary.absent))
    context = {
        "event": event,
        "summary": summary,
        "can_record": policy.can_record_attendance(request.user, event)
        if policy.has_right(request.user, Right.RECORD_ATTENDANCE)
        else False,
    }
    return render(request, f"{TEMPLATES}/attendance.html", context)


@require_GET
def attendance_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_recorded(request.user, pk)
    by = "province" if request.GET.get("by") == "province" else "vehicle"
    groups = selectors.sheet_groups(request.user, event, by=by)
    selectors.audited(
        request.user,
        event,
        selectors.SHEET,
        sum(len(g.rows) for g in groups),
        action=AuditAction.DOWNLOAD,
        by=by,
    )
    content = render_pdf(
        request,
        f"{TEMPLATES}/attendance_sheet_pdf.html",
        {"event": event, "groups": groups, "by": by},
    )
    return pdf_response(content, filename=f"attendance-{event.pk}-{by}.pdf")


@require_GET
def check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The page's frame only, with no one's name: the tablet fills it from the list it
    keeps, so that the frame may be kept by the service worker and opened offline."""
    event = event_recorded(request.user, pk)
    context = {
        "event": event,
        "people_url": reverse("outreach:check_in_people", args=[event.pk]),
        "send_url": reverse("outreach:check_in_send", args=[event.pk]),
        "worker_url": reverse("outreach:check_in_worker"),
        "worker_scope": WORKER_SCOPE,
        "currencies": AllowanceCurrency.choices,
    }
    return render(request, f"{TEMPLATES}/check_in.html", context)


@require_GET
def check_in_people(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_recorded(request.user, pk)
    people = selectors.check_in_people(request.user, event)
    selectors.audited(request.user, event, selectors.CHECK_IN_LIST, len(people))
    response = JsonResponse(
        {"event": event.pk, "loaded_at": timezone.now().isoformat(), "people": people},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def check_in_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Each check-in recorded once, with an answer for each: a refused one does not
    hold back the others."""
    event = event_recorded(request.user, pk)
    try:
        check_ins = services.check_ins_read(json.loads(request.body or b"null"))
    except (ValueError, ValidationError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return JsonResponse({"error": message}, status=400)
    results = services.check_ins_record(user=request.user, event=event, check_ins=check_ins)
    return JsonResponse(
        {"results": [{"key": r.key, "outcome": r.outcome, "message": r.message} for r in results]}
    )


@require_GET
def check_in_worker(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require_right(request.user, Right.RECORD_ATTENDANCE)
    return service_worker(script=WORKER, scope=WORKER_SCOPE)


urlpatterns: list[URLPattern] = [
    path("events/<int:pk>/attendance/", attendance, name="day_attendance"),
    path("events/<int:pk>/attendance/sheet.pdf", attendance_sheet, name="attendance_sheet"),
    path("events/<int:pk>/check-in/", check_in, name="check_in"),
    path("events/<int:pk>/check-in/people/", check_in_people, name="check_in_people"),
    path("events/<int:pk>/check-in/send/", check_in_send, name="check_in_send"),
    path("events/check-in-worker.js", check_in_worker, name="check_in_worker"),
]
