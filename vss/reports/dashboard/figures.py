"""The dashboard's figures, made from the domain apps' aggregate selectors: each a table
(the numbers, for everyone and for screen readers) and the bars of its chart, whose
geometry is worked out here so that the template only draws it."""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications import figures as applications
from vss.applications.figures import AGE_UNKNOWN, ApplicationSelection, Tally
from vss.applications.models import HarmKind, Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.geo.selectors import provinces_by_code
from vss.outreach.models import EventKind, MessageKind
from vss.outreach.selectors import figures as outreach
from vss.people.models import Ethnicity, Sex
from vss.policy import Right
from vss.reparations.selectors import figures as reparations
from vss.representation.selectors import figures as representation
from vss.support import figures as support
from vss.support.models import ReferralStatus

# The chart spans the page's width, its bars in percent of it (the longest leaves room
# for its number), its rows and text in pixels, so that the labels keep the page's size
# on a phone as on a wide screen.
BAR_SPACE = 82.0
ROW_HEIGHT = 46
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 14
# Longer labels are cut in the chart (the table gives them whole).
LABEL_CHARACTERS = 60
# The projects shown with their funding, the largest gaps first.
LARGEST_GAPS = 10
# The lawyers shown with their caseloads.
BUSIEST_LAWYERS = 10
# A period this short is counted by month rather than by year.
MONTHLY_UP_TO = datetime.timedelta(days=731)

AGE_LABELS: dict[str, str | Promise] = {
    "under_50": _("Under 50"),
    "50_59": _("50 to 59"),
    "60_69": _("60 to 69"),
    "70_79": _("70 to 79"),
    "80_over": _("80 and over"),
    AGE_UNKNOWN: _("Age unknown"),
}


@dataclass(frozen=True)
class Cell:
    value: int | Decimal
    # The list this count is a way into, filtered so; "" when that list cannot filter so.
    href: str = ""


@dataclass(frozen=True)
class Row:
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass
class Figure:
    name: str
    title: str | Promise
    label_headings: tuple[str | Promise, ...]
    headings: tuple[str | Promise, ...]
    rows: list[Row]
    # What the chart draws: (label, value), in order.
    chart: list[tuple[str, int | Decimal]] = field(default_factory=list)
    note: str | Promise = ""
    # Amounts in US dollars, shown in whole dollars.
    money: bool = False

    @property
    def bars(self) -> list[Bar]:
        return bars_of(self.chart)

    @property
    def chart_height(self) -> int:
        return max(len(self.chart), 1) * ROW_HEIGHT


def bars_of(values: Sequence[tuple[str, int | Decimal]]) -> list[Bar]:
    """One bar per value, the longest for the largest (nothing drawn for a zero)."""
    largest = max((value for _label, value in values), default=0)
    bars = []
    for index, (label, value) in enumerate(values):
        top = index * ROW_HEIGHT
        width = round(BAR_SPACE * float(value) / float(largest), 1) if largest else 0.0
        if len(label) > LABEL_CHARACTERS:
            label = label[: LABEL_CHARACTERS - 1] + "…"
        bars.append(
            Bar(
                label=label,
                value=value,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_TOP,
                width=width,
                value_x=round(width + 1.5, 1),
                value_y=top + BAR_TOP + BAR_HEIGHT - 2,
            )
        )
    return bars


class ApplicationLinks:
    """Links into the list of applications, with the dashboard's filters where the list
    takes them: one case (not a case with segments that take applications of their own)
    and the period."""

    def __init__(self, user: User, selection: ApplicationSelection) -> None:
        self.allowed = policy.has_right(user, Right.VIEW_APPLICATIONS)
        self.selection = selection
        case_ids = selection.case_ids
        self.one_case = case_ids[0] if case_ids is not None and len(case_ids) == 1 else None
        self.any_case = case_ids is None

    def href(
        self,
        *,
        case_id: int | None = None,
        received_from: datetime.date | None = None,
        received_to: datetime.date | None = None,
        **filters: str,
    ) -> str:
        if not self.allowed:
            return ""
        if case_id is None:
            if not self.any_case and self.one_case is None:
                return ""
            case_id = self.one_case
        start = _later(received_from, self.selection.received_from)
        end = _earlier(received_to, self.selection.received_to)
        query = {
            "case": case_id or "",
            **filters,
            "received_from": start.isoformat() if start else "",
            "received_to": end.isoformat() if end else "",
        }
        sent = {name: value for name, value in query.items() if value}
        return reverse("applications:list") + ("?" + urlencode(sent) if sent else "")


def _later(*days: datetime.date | None) -> datetime.date | None:
    return max((day for day in days if day), default=None)


def _earlier(*days: datetime.date | None) -> datetime.date | None:
    return min((day for day in days if day), default=None)


def application_figures(user: User, selection: ApplicationSelection) -> list[Figure]:
    links = ApplicationLinks(user, selection)
    return [
        *case_figures(user, selection, links),
        province_figure(user, selection, links),
        _plain_figure(
            "sex",
            _("Applications by sex"),
            _("Sex"),
            applications.application_tally_by_sex(user, selection),
            lambda key: str(Sex(key).label),
        ),
        _plain_figure(
            "age",
            _("Applications by age group"),
            _("Age group"),
            _in_order(
                applications.application_tally_by_age_group(user, selection),
                list(AGE_LABELS),
            ),
            lambda key: str(AGE_LABELS.get(key, AGE_LABELS[AGE_UNKNOWN])),
            note=_("Age this year, from the date or the year of birth."),
        ),
        _plain_figure(
            "ethnicity",
            _("Applications by ethnicity"),
            _("Ethnicity"),
            _in_order(
                applications.application_tally_by_ethnicity(user, selection), list(Ethnicity)
            ),
            lambda key: str(Ethnicity(key).label),
        ),
        crime_type_figure(user, selection),
        _plain_figure(
            "harm",
            _("Applications by harm suffered"),
            _("Harm"),
            _in_order(applications.application_tally_by_harm(user, selection), [*HarmKind, None]),
            lambda key: str(HarmKind(key).label) if key else str(_("None recorded")),
            note=_("An application counts once under each harm its form records."),
        ),
        period_figure(user, selection, links),
    ]


def _in_order(tallies: list[Tally], order: Sequence[object]) -> list[Tally]:
    rank = {key: index for index, key in enumerate(order)}
    return sorted(tallies, key=lambda tally: rank.get(tally.key, len(rank)))


TALLY_HEADINGS = (_("Applications"), _("Civil Parties"))


def _plain_figure(
    name: str,
    title: str | Promise,
    heading: str | Promise,
    tallies: Iterable[Tally],
    label_of: Callable[[Any], str],
    *,
    note: str | Promise = "",
) -> Figure:
    """A figure whose counts the list of applications cannot filter: no links."""
    labelled = [(label_of(tally.key), tally) for tally in tallies]
    return Figure(
        name=name,
        title=title,
        label_headings=(heading,),
        headings=TALLY_HEADINGS,
        rows=[
            Row((label,), (Cell(tally.applications), Cell(tally.civil_parties)))
            for label, tally in labelled
        ],
        chart=[(label, tally.applications) for label, tally in labelled],
        note=note,
    )


def case_figures(
    user: User, selection: ApplicationSelection, links: ApplicationLinks
) -> list[Figure]:
    """Applications by case and status, and the Civil Parties of each case, from one
    count."""
    counts = applications.application_counts_by_case_and_status(user, selection)
    status_rank = {status: index for index, status in enumerate(Status)}
    counts.sort(key=lambda row: (row[0].number, status_rank[Status(row[1])]))
    by_status = Figure(
        name="case-status",
        title=_("Applications by case and status"),
        label_headings=(_("Case"), _("Status")),
        headings=(_("Applications"),),
        rows=[
            Row(
                (str(case), str(Status(status).label)),
                (Cell(n, links.href(case_id=case.pk, status=status)),),
            )
            for case, status, n in counts
        ],
    )
    totals: dict[int, int] = {}
    parties: dict[int, dict[str, int]] = {}
    cases = {}
    for case, status, n in counts:
        cases[case.pk] = case
        totals[case.pk] = totals.get(case.pk, 0) + n
        if status in CIVIL_PARTIES:
            parties.setdefault(case.pk, {})[status] = n
    by_status.chart = [(str(case), totals[pk]) for pk, case in cases.items()]
    party_statuses = [status for status in Status if status in CIVIL_PARTIES]
    civil_parties = Figure(
        name="civil-parties",
        title=_("Civil Parties by case"),
        label_headings=(_("Case"),),
        headings=(*(status.label for status in party_statuses), _("Civil Parties")),
        rows=[
            Row(
                (str(cases[pk]),),
                (
                    *(
                        Cell(
                            parties[pk].get(status, 0),
                            links.href(case_id=pk, status=status)
                            if parties[pk].get(status)
                            else "",
                        )
                        for status in party_statuses
                    ),
                    Cell(sum(parties[pk].values())),
                ),
            )
            for pk in cases
            if pk in parties
        ],
        chart=[(str(cases[pk]), sum(parties[pk].values())) for pk in cases if pk in parties],
        note=_("Provisional Civil Parties and those admitted, at first instance or on appeal."),
    )
    return [by_status, civil_parties]


def province_figure(user: User, selection: ApplicationSelection, links: ApplicationLinks) -> Figure:
    provinces = provinces_by_code()
    tallies = applications.application_tally_by_province(user, selection)
    tallies.sort(key=lambda tally: (not tally.key, -tally.applications, tally.key))
    rows = []
    for tally in tallies:
        province = provinces.get(tally.key)
        label = province.localized_name if province else str(_("Province not known"))
        href = links.href(province=tally.key) if province else ""
        rows.append(
            (label, Row((label,), (Cell(tally.applications, href), Cell(tally.civil_parties))))
        )
    return Figure(
        name="province",
        title=_("Applications by province"),
        label_headings=(_("Province"),),
        headings=TALLY_HEADINGS,
        rows=[row for _label, row in rows],
        chart=[(label, row.cells[0].value) for label, row in rows],
        note=_("The province where the applicant lived when the application was opened."),
    )


def crime_type_figure(user: User, selection: ApplicationSelection) -> Figure:
    named = applications.application_tally_by_crime_type(user, selection)
    labelled = [
        (str(crime_type) if crime_type else str(_("None recorded")), tally)
        for crime_type, tally in named
    ]
    return Figure(
        name="crime-type",
        title=_("Applications by crime suffered"),
        label_headings=(_("Crime"),),
        headings=TALLY_HEADINGS,
        rows=[
            Row((label,), (Cell(tally.applications), Cell(tally.civil_parties)))
            for label, tally in labelled
        ],
        chart=[(label, tally.applications) for label, tally in labelled],
        note=_("An application counts once under each crime its form records."),
    )


def period_figure(user: User, selection: ApplicationSelection, links: ApplicationLinks) -> Figure:
    """Applications received per year, or per month when the period is two years or
    less; those not yet received last."""
    start, end = selection.received_from, selection.received_to
    monthly = bool(start and end and end - start < MONTHLY_UP_TO)
    tallies = applications.application_tally_by_period(user, selection, monthly=monthly)
    tallies.sort(key=lambda tally: (tally.key is None, tally.key or 0))
    rows = []
    for tally in tallies:
        if tally.key is None:
            label, href = str(_("Not received yet")), ""
        elif monthly:
            month = tally.key.date() if isinstance(tally.key, datetime.datetime) else tally.key
            last = (month + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(1)
            label = date_format(month, "YEAR_MONTH_FORMAT")
            href = links.href(received_from=month, received_to=last)
        else:
            year = int(tally.key)
            label = str(year)
            href = links.href(
                received_from=datetime.date(year, 1, 1), received_to=datetime.date(year, 12, 31)
            )
        rows.append(
            (label, Row((label,), (Cell(tally.applications, href), Cell(tally.civil_parties))))
        )
    return Figure(
        name="over-time",
        title=_("Applications received over time"),
        label_headings=(_("Month") if monthly else _("Year"),),
        headings=TALLY_HEADINGS,
        rows=[row for _label, row in rows],
        chart=[(label, row.cells[0].value) for label, row in rows],
    )


def representation_figures(user: User, selection: ApplicationSelection) -> list[Figure]:
    cases = representation.civil_parties_by_representation(user, selection)
    with_lawyer = sum(row.with_lawyer for row in cases)
    without_lawyer = sum(row.without_lawyer for row in cases)
    represented = Figure(
        name="representation",
        title=_("Civil Parties with and without a lawyer"),
        label_headings=(_("Case"),),
        headings=(_("With a lawyer"), _("Without a lawyer")),
        rows=[
            Row((str(row.case),), (Cell(row.with_lawyer), Cell(row.without_lawyer)))
            for row in cases
        ],
        chart=[(str(_("With a lawyer")), with_lawyer), (str(_("Without a lawyer")), without_lawyer)]
        if cases
        else [],
        note=_("A lawyer recognised by the Section who holds a current mandate."),
    )
    # The caseload page counts every current client of a lawyer: it is the way in for the
    # count of every application, not for a case's or a period's.
    unfiltered = selection == ApplicationSelection()
    may_open = policy.has_right(user, Right.VIEW_REPRESENTATION)
    caseloads = representation.caseloads_of_busiest_lawyers(user, selection, top=BUSIEST_LAWYERS)
    busiest = Figure(
        name="caseloads",
        title=_("Caseloads of the busiest lawyers"),
        label_headings=(_("Lawyer"),),
        headings=(_("Clients"),),
        rows=[
            Row(
                (str(lawyer),),
                (
                    Cell(
                        n,
                        reverse("representation:lawyer_caseload", args=[lawyer.pk])
                        if unfiltered and may_open
                        else "",
                    ),
                ),
            )
            for lawyer, n in caseloads
        ],
        chart=[(str(lawyer), n) for lawyer, n in caseloads],
        note=_("Current mandates among the applications counted, for the ten lawyers with most."),
    )
    return [represented, busiest]


def support_figure(user: User, selection: ApplicationSelection) -> Figure:
    """Referrals to psychosocial support by partner and status; the list of referrals
    filters by both, not by case or period."""
    unfiltered = selection == ApplicationSelection()
    may_open = policy.has_right(user, Right.VIEW_SUPPORT)

    def href(partner_id: int, status: str) -> str:
        if not (unfiltered and may_open):
            return ""
        query = urlencode({"partner": partner_id, "status": status})
        return f"{reverse('support:referral_list')}?{query}"

    partners = support.referrals_by_partner(user, selection)
    return Figure(
        name="support",
        title=_("Referrals to psychosocial support"),
        label_headings=(_("Partner"),),
        headings=(*(status.label for status in ReferralStatus), _("Referrals")),
        rows=[
            Row(
                (str(row.partner),),
                (
                    *(
                        Cell(n, href(row.partner.pk, status) if n else "")
                        for status, n in row.by_status.items()
                    ),
                    Cell(row.total),
                ),
            )
            for row in partners
        ],
        chart=[(str(row.partner), row.total) for row in partners],
        note=_("With a case or a period chosen, the referrals of the applicants counted."),
    )


def reparations_figure(user: User, selection: ApplicationSelection) -> Figure:
    """Each project's budget, what is secured and received, and its gap, from the totals
    kept to date: the period does not apply to them."""
    funding = reparations.programme_funding(
        user, case_ids=selection.case_ids, largest_gaps=LARGEST_GAPS
    )
    may_open = policy.has_right(user, Right.VIEW_PROJECTS)

    def cells(amounts: reparations.Funding, href: str = "") -> tuple[Cell, ...]:
        return (
            Cell(amounts.budget, href),
            Cell(amounts.secured),
            Cell(amounts.received),
            Cell(amounts.gap),
        )

    rows = [
        Row(
            (project.reference, project.title),
            cells(
                amounts,
                reverse("reparations:project_funding", args=[project.pk]) if may_open else "",
            ),
        )
        for project, amounts in funding.projects
    ]
    if funding.project_count:
        rows.append(
            Row(
                (str(_("All projects")), ""),
                cells(funding.total, reverse("reparations:funding") if may_open else ""),
            )
        )
    return Figure(
        name="reparations",
        title=_("Reparations: funding and gaps"),
        label_headings=(_("Reference"), _("Project")),
        headings=(_("Budget (USD)"), _("Secured (USD)"), _("Received (USD)"), _("Gap (USD)")),
        rows=rows,
        chart=[(project.reference, amounts.gap) for project, amounts in funding.projects],
        note=_(
            "The projects with the largest gaps, then the whole programme, to date: "
            "pledges and payments are not counted by period. The chart shows the gaps."
        ),
        money=True,
    )


def _reach(selection: ApplicationSelection) -> outreach.Reach:
    return outreach.Reach(
        case_ids=selection.case_ids,
        since=selection.received_from,
        until=selection.received_to,
    )


def events_figure(user: User, selection: ApplicationSelection) -> Figure:
    reach = _reach(selection)
    may_open = policy.has_right(user, Right.VIEW_EVENTS)
    one_case = selection.case_ids is None or len(selection.case_ids) == 1

    def events_href(kind: str) -> str:
        if not (may_open and one_case):
            return ""
        query = {
            "kind": kind,
            "status": "held",
            "case": selection.case_ids[0] if selection.case_ids else "",
            "starts_from": reach.since.isoformat() if reach.since else "",
            "starts_until": reach.until.isoformat() if reach.until else "",
        }
        sent = urlencode({name: value for name, value in query.items() if value})
        return f"{reverse('outreach:event_list')}?{sent}"

    rank: dict[str, int] = {kind: index for index, kind in enumerate(EventKind)}
    held = sorted(
        outreach.events_held_by_kind(user, reach), key=lambda row: rank.get(row.kind, len(rank))
    )
    return Figure(
        name="events",
        title=_("Outreach: events held and who came"),
        label_headings=(_("Kind of event"),),
        headings=(_("Events held"), _("People who came")),
        rows=[
            Row(
                (str(EventKind(row.kind).label),),
                (Cell(row.events, events_href(row.kind)), Cell(row.people)),
            )
            for row in held
        ],
        chart=[(str(EventKind(row.kind).label), row.people) for row in held],
        note=_(
            "Events held within the period, and the people checked in at them. "
            "The chart shows the people."
        ),
    )


def messages_figure(user: User, selection: ApplicationSelection) -> Figure:
    sent = outreach.messages_sent_by_kind(user, _reach(selection))
    kinds = [kind for kind in MessageKind if kind in sent]
    return Figure(
        name="messages",
        title=_("Outreach: messages sent"),
        label_headings=(_("Kind of message"),),
        headings=(_("Messages sent"),),
        rows=[Row((str(kind.label),), (Cell(sent[kind]),)) for kind in kinds],
        chart=[(str(kind.label), sent[kind]) for kind in kinds],
        note=_("Messages sent within the period, by SMS or email."),
    )


def counted_figures(user: User, selection: ApplicationSelection) -> list[Figure]:
    """The figures made of the kept counts alone (and the names of what they count), in
    the page's order: the same for every reader of one role until the next count."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    return [
        *application_figures(user, selection),
        *representation_figures(user, selection),
        support_figure(user, selection),
        messages_figure(user, selection),
    ]


def figures_read_now(user: User, selection: ApplicationSelection) -> list[Figure]:
    """Reparations' funding and the events held, read at each request, as the pages they
    lead to show them."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    return [reparations_figure(user, selection), events_figure(user, selection)]
