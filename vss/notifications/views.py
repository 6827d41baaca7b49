from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from vss.core.http import AuthenticatedHttpRequest
from vss.core.pagination import page_without_count

from . import selectors, services


@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_without_count(request, selectors.notifications_of(request.user))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_for_user(request.user, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    # Following the link is the usual reason to mark a notification read.
    if request.POST.get("follow") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts=None
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    return redirect("notifications:list")
