"""The frame every signed-in page is drawn in, and the least a list of 50 applications
can be, served beside VSS's own pages (`bench/load/run.py --frame`): what the load test's
throughput target leaves to a page's own content.

- `frame/signed-in`: the middleware of a signed-in request (session, user, second
  factor, idle renewal, audit context) and a plain answer.
- `frame/page`: the same with the base template drawn around an empty page (menu,
  unread count, language menu).
- `frame/rows`: the page with the 50 newest applications read in one query and drawn
  by Django's template as the list draws its rows (`bench/load/row_markup.py`).
- `frame/rows-python`: the same rows written in Python (`format_html`).
- `frame/values`: the same cells read as plain values (no model, no rule of who may see a
  name) and written in Python: the least any list of 50 rows can cost in Django.
- `frame/values-audited`: the same with the entry in the audit log that VSS writes for
  every page of a list (`application_list_read`): the least a list of 50 applicants
  that VSS may show can cost.

None checks a right, scope or filter, hides a protected name, pages or counts, and only
the last audits: a real list does all of that besides."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from bench.load.row_markup import ROWS, in_python
from vss.applications.models import Application, ApplicationKind, Channel, Status
from vss.applications.selectors import ApplicationFilters, application_list_read
from vss.geo.selectors import provinces_by_code
from vss.urls import urlpatterns as vss_urlpatterns

_ROWS = engines["django"].from_string(ROWS)
_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Frame{% endblock %}'
    "{% block content %}<table>{{ rows }}</table>{% endblock %}"
)


def _newest() -> list[Application]:
    return list(
        Application.objects.select_related("applicant", "case", "form").order_by("-id")[:50]
    )


def signed_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signed in")


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_PAGE.render({"rows": ""}, request))


def rows(request: HttpRequest) -> HttpResponse:
    drawn = _ROWS.render({"rows": _newest(), "provinces": provinces_by_code()}, request)
    return HttpResponse(_PAGE.render({"rows": mark_safe(drawn)}, request))


def rows_python(request: HttpRequest) -> HttpResponse:
    drawn = in_python(request.user, _newest(), provinces_by_code())  # type: ignore[arg-type]
    return HttpResponse(_PAGE.render({"rows": mark_safe(drawn)}, request))


VALUES = (
    "pk",
    "vss_number",
    "applicant__family_name_km",
    "applicant__given_name_km",
    "applicant__family_name_latin",
    "applicant__given_name_latin",
    "case__number",
    "kind",
    "status",
    "province_code",
    "form__channel",
    "form__received_on",
)
VALUE_ROW = (
    '<tr>\n<td><a href="/applications/{pk}/">{vss_number}</a></td>\n'
    "<td>{applicant__family_name_km} {applicant__given_name_km} "
    "({applicant__family_name_latin} {applicant__given_name_latin})</td>\n"
    "<td>{case__number}</td>\n<td>{kind_label}</td>\n"
    '<td><span class="status status-{status}">{status_label}</span></td>\n'
    "<td>{province}</td>\n<td>{channel}</td>\n<td>{received}</td>\n</tr>"
)


def _values_drawn() -> tuple[str, int]:
    provinces = provinces_by_code()
    rows = Application.objects.order_by("-id").values(*VALUES)[:50]
    drawn = "".join(
        format_html(
            VALUE_ROW,
            **row,
            kind_label=ApplicationKind(row["kind"]).label,
            status_label=Status(row["status"]).label,
            province=provinces.get(row["province_code"]) or "",
            channel=Channel(row["form__channel"]).label,
            received=(
                date_format(row["form__received_on"], "SHORT_DATE_FORMAT")
                if row["form__received_on"]
                else ""
            ),
        )
        for row in rows
    )
    return drawn, len(rows)


def values(request: HttpRequest) -> HttpResponse:
    drawn, _shown = _values_drawn()
    return HttpResponse(_PAGE.render({"rows": mark_safe(drawn)}, request))


def values_audited(request: HttpRequest) -> HttpResponse:
    drawn, shown = _values_drawn()
    application_list_read(request.user, ApplicationFilters(), shown=shown)  # type: ignore[arg-type]
    return HttpResponse(_PAGE.render({"rows": mark_safe(drawn)}, request))


urlpatterns = [
    path("frame/signed-in", signed_in),
    path("frame/page", page),
    path("frame/rows", rows),
    path("frame/rows-python", rows_python),
    path("frame/values", values),
    path("frame/values-audited", values_audited),
    *vss_urlpatterns,
]
