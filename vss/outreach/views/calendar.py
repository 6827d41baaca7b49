"""The calendar's pages: a month of court dates and events for all cases or one, a court
date's form and its announcement, and the public calendar, read without signing in (as a
page, or as an iCalendar feed a phone's calendar subscribes to)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.policy import Right

from ..forms_events import ArchiveForm, CalendarForm, CourtDateForm
from ..ical import calendar_text
from ..models import CourtDate
from ..selectors import calendar as selectors
from ..services import calendar as services

GET_POST = require_http_methods(["GET", "POST"])


def _back_to_calendar(court_date: CourtDate) -> HttpResponse:
    month = selectors.Month.of(f"{timezone.localtime(court_date.starts_at):%Y-%m}")
    return redirect(f"{_calendar_url()}?case={court_date.case_id}&month={month.code}")


def _calendar_url() -> str:
    return reverse("outreach:calendar")


@require_GET
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_CALENDAR)
    form = CalendarForm(request.GET or None)
    case = selectors.calendar_case(user, form.case_id())
    month = selectors.Month.of(request.GET.get("month"))
    return render(
        request,
        "outreach/calendar/calendar.html",
        {
            "filter_form": form,
            "case": case,
            "month": month,
            "days": selectors.calendar_for_user(user, month, case),
            "may_record": policy.has_right(user, Right.MANAGE_COURT_DATES),
        },
    )


def _court_date_page(
    request: AuthenticatedHttpRequest,
    form: CourtDateForm,
    court_date: CourtDate | None,
) -> HttpResponse:
    user = request.user

    def write() -> CourtDate:
        if court_date is None:
            return services.court_date_create(
                user=user,
                data=form.court_date_data(),
                announce=form.cleaned_data["announce"],
            )
        return services.court_date_update(
            user=user,
            court_date=court_date,
            data=form.court_date_data(),
            version=form.cleaned_data["version"],
        )

    if request.method == "POST" and (saved := form_saved(form, write)):
        messages.success(request, _("Court date saved."))
        return _back_to_calendar(saved.value)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/calendar/court_date_form.html",
        {"form": form, "court_date": court_date},
        status=status,
    )


@GET_POST
def court_date_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require_right(request.user, Right.MANAGE_COURT_DATES)
    initial = {"case": request.GET.get("case")} if request.method == "GET" else None
    return _court_date_page(request, CourtDateForm(request.POST or None, initial=initial), None)


@GET_POST
def court_date_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    court_date = selectors.court_date_get_for_user(request.user, pk)
    policy.require_right(request.user, Right.MANAGE_COURT_DATES)
    form = CourtDateForm(
        request.POST or None,
        court_date=court_date,
        initial=CourtDateForm.initial_of(court_date),
    )
    return _court_date_page(request, form, court_date)


@require_POST
def court_date_announce(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    court_date = selectors.court_date_get_for_user(request.user, pk)
    policy.require_right(request.user, Right.MANAGE_COURT_DATES)
    try:
        job = services.court_date_announce(user=request.user, court_date=court_date)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job is None:
            messages.info(request, _("Already announced as it stands: nothing was sent again."))
        else:
            messages.success(
                request, _("The Civil Parties of the case and their lawyers are being told.")
            )
    return _back_to_calendar(court_date)


@GET_POST
def court_date_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    court_date = selectors.court_date_get_for_user(request.user, pk)
    policy.require_right(request.user, Right.MANAGE_COURT_DATES)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.court_date_archive(
                user=request.user, court_date=court_date, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Court date archived."))
            return _back_to_calendar(court_date)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "outreach/calendar/court_date_archive.html",
        {"form": form, "court_date": court_date},
        status=status,
    )


@login_not_required
@require_GET
def public_calendar(request: HttpRequest) -> HttpResponse:
    month = selectors.Month.of(request.GET.get("month"))
    earliest, latest = selectors.public_month_bounds()
    return render(
        request,
        "outreach/calendar/public.html",
        {
            "month": month,
            "days": selectors.public_calendar(month),
            "previous": month.previous if month.previous.first >= earliest.first else None,
            "next": month.next if month.next.first <= latest.first else None,
        },
    )


@login_not_required
@require_GET
def public_calendar_ics(request: HttpRequest) -> HttpResponse:
    earliest, latest = selectors.public_month_bounds()
    days = []
    month = earliest
    while month.first <= latest.first:
        days += selectors.public_calendar(month)
        month = month.next
    response = HttpResponse(
        calendar_text(days, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="eccc-vss-calendar.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/court-dates/new/", court_date_create, name="court_date_create"),
    path("calendar/court-dates/<int:pk>/edit/", court_date_edit, name="court_date_edit"),
    path(
        "calendar/court-dates/<int:pk>/announce/", court_date_announce, name="court_date_announce"
    ),
    path("calendar/court-dates/<int:pk>/archive/", court_date_archive, name="court_date_archive"),
    path("calendar/public/", public_calendar, name="public_calendar"),
    path("calendar/public.ics", public_calendar_ics, name="public_calendar_ics"),
]
