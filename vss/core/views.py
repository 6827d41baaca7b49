from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vss.core.home import home_context, home_sections_for
from vss.core.http import AuthenticatedHttpRequest
from vss.core.menu import menu_for


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
    """The work queue: the sections the apps registered that the user may see."""
    user = request.user
    sections = home_sections_for(user)
    if not sections:
        # Someone with no work queue (the auditor) starts on the first page they may open.
        menu = menu_for(user)
        if not menu:
            raise PermissionDenied
        return redirect(menu[0][0])
    return render(request, "core/home.html", {"sections": sections, **home_context(user, sections)})
