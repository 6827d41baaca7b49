"""The report of outreach events and attendance: each event that started in a period,
with its kind, dates, place and cases, the people invited, coming and checked in (women
and men among them), the provinces they came from, the allowances paid and the event's
budget. A partner's account reads the events its organisation co-organises. No one is
named: an event's counts are all it shows of the people at it."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.core.exports import Column, choice_cell
from vss.core.forms import DateField
from vss.outreach.audit_labels import EVENTS_REPORT
from vss.outreach.models import Event, EventKind, EventStatus
from vss.outreach.selectors import figures
from vss.outreach.selectors.figures import EventsReportFilters

from .tables import ReportFilters, TableReport, Total, case_filter, money


class EventsForm(ReportFilters):
    case = case_filter()
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind")), *EventKind.choices], required=False
    )
    since = DateField(label=_("Started from"), required=False)
    until = DateField(label=_("Started until"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise ValidationError(_("The period ends before it starts."))
        return cleaned

    def filters(self) -> EventsReportFilters:
        if not (self.is_bound and self.is_valid()):
            return EventsReportFilters()
        d = self.cleaned_data
        return EventsReportFilters(
            case_id=d["case"].pk if d["case"] else None,
            kind=d["kind"],
            since=d["since"],
            until=d["until"],
        )


def _cents(amount: Decimal | None) -> Decimal:
    # A sum of nothing is none paid; a sum is to the cent whatever the database returns.
    return (amount or Decimal(0)).quantize(Decimal("0.01"))


def _place(event: Event) -> str:
    return ", ".join(part for part in (event.venue, str(event.village or "")) if part)


def _ends(event: Event) -> Any:
    return timezone.localdate(event.ends_at) if event.ends_at else ""


COLUMNS = [
    Column(_("Event"), lambda event: event.title),
    Column(_("Kind"), lambda event: choice_cell(EventKind, event.kind)),
    Column(_("Status"), lambda event: choice_cell(EventStatus, event.status)),
    Column(_("Starts"), lambda event: timezone.localdate(event.starts_at)),
    Column(_("Ends"), _ends),
    Column(_("Place"), _place),
    Column(_("Cases"), lambda event: ", ".join(case.number for case in event.cases.all())),
    Column(_("Invited"), lambda event: event.invited),
    Column(_("Coming"), lambda event: event.coming),
    Column(_("Came"), lambda event: event.came),
    Column(_("Women"), lambda event: event.women),
    Column(_("Men"), lambda event: event.men),
    Column(_("Provinces reached"), lambda event: event.provinces),
    Column(_("Allowances paid (riel)"), lambda event: _cents(event.allowances_khr)),
    Column(_("Allowances paid (US dollars)"), lambda event: _cents(event.allowances_usd)),
    Column(_("Budget (US dollars)"), lambda event: _cents(event.budget_usd)),
]


def totals(user: Any, filters: Any, rows: object) -> list[Total]:
    counted = figures.events_report_totals(user, filters)
    return [
        Total(_("Events"), counted.events),
        Total(_("Invited"), counted.invited),
        Total(_("Coming"), counted.coming),
        Total(_("Came"), counted.came),
        Total(_("Women"), counted.women),
        Total(_("Men"), counted.men),
        Total(_("Provinces reached"), counted.provinces),
        Total(_("Allowances paid (riel)"), money(counted.allowances_khr)),
        Total(_("Allowances paid (US dollars)"), money(counted.allowances_usd)),
        Total(_("Budget (US dollars)"), money(counted.budget_usd)),
    ]


REPORT = TableReport(
    name="events",
    title=_("Outreach events and attendance"),
    summary=_(
        "Each event of a period with the people invited, coming and who came, women and "
        "men, the provinces they came from, the allowances paid and its budget."
    ),
    order=60,
    may_run=figures.may_read_events_report,
    filter_form=EventsForm,
    rows=figures.events_report_for_user,
    columns=COLUMNS,
    audit_label=EVENTS_REPORT,
    object_type="outreach.event",
    filename="outreach-events-and-attendance",
    totals=totals,
    landscape=True,
)
