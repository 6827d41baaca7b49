from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vss import policy
from vss.accounts.models import Role
from vss.applications.queues import work_queue_for_user
from vss.core.http import AuthenticatedHttpRequest
from vss.rights import Right
from vss.support.selectors import follow_ups_due, open_referrals_for_partner


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure of the database makes the instance unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if policy.has_right(user, Right.VIEW_AUDIT_LOG) and not policy.has_right(
        user, Right.VIEW_APPLICATIONS
    ):
        return redirect("audit:list")
    follow_ups = follow_ups_due(user)
    if user.role == Role.PARTNER:
        # A partner has no applications to work on: its queue is its referrals.
        referrals = open_referrals_for_partner(user)
        return render(
            request,
            "support/partner_home.html",
            {"open_referrals": referrals, "follow_ups": follow_ups},
        )
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    return render(
        request,
        "core/home.html",
        {
            "queue": work_queue_for_user(user),
            "follow_ups": follow_ups,
            "is_lawyer": policy.lawyer_id_of(user) is not None,
        },
    )
