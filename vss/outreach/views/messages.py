"""The messages sent to people: a person's whole history, fifty at a time, and the
messages that failed or bounced, for those who send them."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page

from ..forms_messages import FailedFilterForm
from ..selectors import messages as selectors


@require_GET
def person_messages(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = selectors.person_for_history(user, pk)
    listing = list_page(request, selectors.history_of(user, person))
    selectors.messages_read(user, person, shown=len(listing.page.object_list))
    return render(
        request, "outreach/messages/person_messages.html", {"person": person, **listing.context()}
    )


@require_GET
def failed_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = FailedFilterForm(request.GET)
    filters = form.filters()
    listing = list_page(request, selectors.failed_messages(user, filters), filter_form=form)
    selectors.failed_messages_read(user, filters, shown=len(listing.page.object_list))
    return render(request, "outreach/messages/failed_list.html", listing.context())


urlpatterns: list[URLPattern] = [
    path("people/<int:pk>/messages/", person_messages, name="person_messages"),
    path("messages/failed/", failed_list, name="failed_messages"),
]
