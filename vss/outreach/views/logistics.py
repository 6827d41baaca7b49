"""Pages of an event's logistics: its pick-up points, vehicles and places to stay, and
the seats and beds given out to its participants."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.core.forms import add_service_errors, add_service_messages
from vss.core.http import AuthenticatedHttpRequest
from vss.core.pagination import PAGE_SIZE
from vss.policy import Right

from ..forms_day import AccommodationForm, PickUpPointForm, PlacingForm, VehicleForm
from ..models import Event
from ..selectors import attendance as reads
from ..selectors import logistics as selectors
from ..services import logistics as services

TEMPLATES = "outreach/day"


def logistics_context(request: AuthenticatedHttpRequest, event: Event) -> dict[str, Any]:
    logistics = selectors.logistics_of(request.user, event)
    page = Paginator(logistics.participants, PAGE_SIZE).get_page(request.GET.get("page"))
    reads.audited(request.user, event, reads.LOGISTICS, len(page.object_list))
    return {
        "event": event,
        "logistics": logistics,
        "participants_page": page,
        "can_manage_logistics": policy.has_right(request.user, Right.MANAGE_EVENTS),
        "placing_form": PlacingForm(initial={"version": event.version}),
    }


def _logistics_page(
    request: AuthenticatedHttpRequest, event: Event, *, status: int = 200
) -> HttpResponse:
    return render(
        request, f"{TEMPLATES}/logistics.html", logistics_context(request, event), status=status
    )


@require_GET
def logistics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _logistics_page(request, selectors.event_seen(request.user, pk))


def _back(event: Event) -> HttpResponse:
    return redirect(reverse("outreach:day_logistics", args=[event.pk]))


def _add_page(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[PickUpPointForm | VehicleForm | AccommodationForm],
    add: Any,
    *,
    heading: str,
    done: str,
) -> HttpResponse:
    event = selectors.event_managed(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(user=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return _back(event)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "form": form, "heading": heading, "action": request.path}
    return render(request, f"{TEMPLATES}/logistics_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def pick_up_point_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _add_page(
        request,
        pk,
        PickUpPointForm,
        services.pick_up_point_add,
        heading=_("Add a pick-up point"),
        done=_("Pick-up point added."),
    )


@require_http_methods(["GET", "POST"])
def vehicle_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _add_page(
        request,
        pk,
        VehicleForm,
        services.vehicle_add,
        heading=_("Add a vehicle"),
        done=_("Vehicle added."),
    )


@require_http_methods(["GET", "POST"])
def accommodation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _add_page(
        request,
        pk,
        AccommodationForm,
        services.accommodation_add,
        heading=_("Add a place to stay"),
        done=_("Place to stay added."),
    )


def _placed(request: AuthenticatedHttpRequest, pk: int, place: Any, *, done: str) -> HttpResponse:
    event = selectors.event_managed(request.user, pk)
    form = PlacingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The plan could not be read: open the page again and retry."))
        return _logistics_page(request, event, status=400)
    try:
        plan = place(user=request.user, event=event, expected_version=form.cleaned_data["version"])
    except ValidationError as error:
        add_service_messages(request, error)
        return _logistics_page(request, event, status=400)
    messages.success(request, done % {"placed": len(plan.placed), "unplaced": len(plan.unplaced)})
    return _back(event)


@require_POST
def seats_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _placed(
        request,
        pk,
        services.seats_assign,
        done=_("%(placed)s participants seated; %(unplaced)s could not be (see why below)."),
    )


@require_POST
def beds_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _placed(
        request,
        pk,
        services.beds_assign,
        done=_("%(placed)s participants given beds; %(unplaced)s could not be (see why below)."),
    )


@require_POST
def pick_ups_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_managed(request.user, pk)
    try:
        services.pick_ups_send(user=request.user, event=event)
    except ValidationError as error:
        add_service_messages(request, error)
        return _logistics_page(request, event, status=400)
    messages.success(request, _("Each rider is being told where and when they are picked up."))
    return _back(event)


urlpatterns: list[URLPattern] = [
    path("events/<int:pk>/logistics/", logistics, name="day_logistics"),
    path(
        "events/<int:pk>/logistics/pick-up-points/add/",
        pick_up_point_add,
        name="pick_up_point_add",
    ),
    path("events/<int:pk>/logistics/vehicles/add/", vehicle_add, name="vehicle_add"),
    path(
        "events/<int:pk>/logistics/accommodation/add/",
        accommodation_add,
        name="accommodation_add",
    ),
    path("events/<int:pk>/logistics/seats/", seats_assign, name="seats_assign"),
    path("events/<int:pk>/logistics/beds/", beds_assign, name="beds_assign"),
    path("events/<int:pk>/logistics/pick-ups/send/", pick_ups_send, name="pick_ups_send"),
]
