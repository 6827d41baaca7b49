"""The events' pages: the list, an event's page drawn from the sections the areas of
outreach register, its form, its cancellation or its being held, and its archiving."""

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vss import policy
from vss.accounts.models import User
from vss.audit.forms import record_form_page
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy import Right

from ..forms_events import ArchiveForm, EventFilterForm, EventForm, StatusForm
from ..models import Event, EventStatus
from ..sections import event_sections
from ..selectors import events as selectors
from ..services import events as services

GET_POST = require_http_methods(["GET", "POST"])


def _form_page(
    request: AuthenticatedHttpRequest,
    form: BaseForm,
    write: Callable[[], Event],
    done: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page of one form whose saving leads to the event's page."""
    return record_form_page(
        request,
        form,
        write,
        done=lambda event: done,
        detail="outreach:event_detail",
        template=template,
        context=context,
    )


@require_GET
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_EVENTS)
    filter_form = EventFilterForm(request.GET or None)
    filters = filter_form.filters()
    listing = list_page(
        request, selectors.event_list_for_user(user, filters), filter_form=filter_form
    )
    selectors.event_list_read(user, filters, shown=len(listing.page.object_list))
    return render(
        request,
        "outreach/events/list.html",
        {**listing.context(), "may_create": policy.has_right(user, Right.MANAGE_EVENTS)},
    )


@GET_POST
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_EVENTS)
    form = EventForm(request.POST or None, initial={"officer": user.pk, "budget_usd": 0})
    return _form_page(
        request,
        form,
        lambda: services.event_create(user=user, data=form.event_data()),
        _("Event created."),
        "outreach/events/form.html",
        {},
    )


@require_GET
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = selectors.event_get_for_user(user, pk)
    return render(
        request,
        "outreach/events/detail.html",
        {"event": event, "sections": event_sections.shown_to(user, event)},
    )


@GET_POST
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = selectors.event_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_EVENTS)
    form = EventForm(request.POST or None, event=event, initial=EventForm.initial_of(event))
    return _form_page(
        request,
        form,
        lambda: services.event_update(
            user=user, event=event, data=form.event_data(), version=form.cleaned_data["version"]
        ),
        _("Event saved."),
        "outreach/events/form.html",
        {"event": event},
    )


@GET_POST
def event_status(request: AuthenticatedHttpRequest, pk: int, to_status: str) -> HttpResponse:
    """Cancel the event, or record that it was held, with the reason."""
    user = request.user
    event = selectors.event_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_EVENTS)
    if to_status not in services.STATUS_MOVES:
        raise Http404
    form = StatusForm(request.POST or None, initial={"version": event.version})
    return _form_page(
        request,
        form,
        lambda: services.event_set_status(
            user=user,
            event=event,
            to_status=to_status,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        ),
        _("The event is now “%(status)s”.") % {"status": EventStatus(to_status).label},
        "outreach/events/status.html",
        {"event": event, "to_status": to_status},
    )


@GET_POST
def event_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = selectors.event_get_for_user(user, pk)
    policy.require_right(user, Right.MANAGE_EVENTS)
    form = ArchiveForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda: services.event_archive(user=user, event=event, reason=form.cleaned_data["reason"]),
        _("Event archived."),
        "outreach/events/archive.html",
        {"event": event},
    )


# --- the section this area draws on an event's page --------------------------------------


def about_context(user: User, event: Event) -> dict[str, Any]:
    may_manage = policy.has_right(user, Right.MANAGE_EVENTS) and event.archived_at is None
    return {
        "about": selectors.about(user, event),
        "may_manage": may_manage,
        "may_move": may_manage and event.status == EventStatus.PLANNED,
    }


urlpatterns = [
    path("events/", event_list, name="event_list"),
    path("events/new/", event_create, name="event_create"),
    path("events/<int:pk>/", event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", event_edit, name="event_edit"),
    path("events/<int:pk>/status/<slug:to_status>/", event_status, name="event_status"),
    path("events/<int:pk>/archive/", event_archive, name="event_archive"),
]
