"""Counts of applications for the Section's figures (vss.reports). Each figure is kept by
count (vss.tallies): the applications grouped by case, status, month of receipt and the
figure's value, counted again in the background as a whole; a figure is read from those
few thousand rows whatever the number of applications, and names no one. Figures need
the right to read statistics, not a scope: they count every application of the Section,
as the list does for its staff. vss/reports/tests/test_kept_figures.py checks each against
a recount from the applications themselves."""

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Choice
from django.db.models import CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractYear, TruncMonth
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.proceedings.models import Case, CrimeType
from vss.tallies.registry import kept_rows, register_kept_figure
from vss.tallies.selectors import kept_counts, months_of

from .models import Application, ApplicationKind
from .workflow import CIVIL_PARTIES


@dataclass(frozen=True)
class ApplicationSelection:
    """Which applications a figure counts: those of these cases (every case when None),
    whose form the Section received within the period, in whole months (either end open):
    from the first day of a month to the last day of a month."""

    case_ids: tuple[int, ...] | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None

    def __post_init__(self) -> None:
        # Refuses a period cut inside a month.
        months_of(self.received_from, self.received_to)

    @property
    def months(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The first and the last month of the period, as their first days."""
        return months_of(self.received_from, self.received_to)


@dataclass(frozen=True)
class Tally:
    """One row of a figure: how many applications have this value, and how many of them
    made their applicant a Civil Party (provisional or admitted)."""

    key: Any
    applications: int
    civil_parties: int


# Ages of survivors of 1975-79 at the reference date: the youngest were children then.
AGE_GROUPS: tuple[tuple[str, int | None, int | None], ...] = (
    ("under_50", None, 49),
    ("50_59", 50, 59),
    ("60_69", 60, 69),
    ("70_79", 70, 79),
    ("80_over", 80, None),
)
AGE_UNKNOWN = "unknown"


def cases_counted_with(case: Case) -> tuple[int, ...]:
    """The cases whose applications a case's figures count, as the cases page reads them:
    the case its Civil Parties filed in (002 for the trial segment 002/01), and its own
    segments that take applications of their own (004/01 and 004/02 under 004)."""
    segments = case.sub_cases.filter(accepts_applications=True).values_list("pk", flat=True)
    return tuple(sorted({case.filing_case_id, *segments}))


def age_group(on: datetime.date) -> Any:
    """The applicant's age group (AGE_GROUPS) in the year of `on`, from the date of birth
    or else the year of birth; AGE_UNKNOWN when neither is known."""
    born = Coalesce(
        ExtractYear("applicant__birth_date"),
        F("applicant__birth_year"),
        output_field=IntegerField(),
    )
    groups = []
    for name, low, high in AGE_GROUPS:
        bounds: list[Any] = [
            *([LessThanOrEqual(born, on.year - low)] if low is not None else []),
            *([GreaterThanOrEqual(born, on.year - high)] if high is not None else []),
        ]
        condition = bounds[0] if len(bounds) == 1 else Q(*bounds)
        groups.append(When(condition, then=Value(name)))
    return Choice(
        When(IsNull(born, True), then=Value(AGE_UNKNOWN)),
        *groups,
        default=Value(""),
        output_field=CharField(),
    )


# The kept status of an application in a figure by value.
CIVIL_PARTY, OTHER = "civil_party", "other"


@dataclass(frozen=True)
class ApplicationFigure:
    """A figure of applications by one value each application has (or several: an
    application counts once under each crime its form records)."""

    name: str
    # The value, as an expression over the application; called at each count. None: the
    # figure counts by case, status and month alone.
    value: Callable[[], Any] | None = None
    several: bool = False

    @property
    def kept_name(self) -> str:
        return f"applications.{self.name}"

    def expression(self) -> Any:
        if self.value is None:
            return None
        return Cast(self.value(), output_field=CharField())

    @property
    def apart(self) -> frozenset[str]:
        """The kept statuses whose applications made their applicant a Civil Party."""
        return frozenset(CIVIL_PARTIES) if self.value is None else frozenset({CIVIL_PARTY})

    def kept_rows(self) -> QuerySet[Any]:
        # A figure by value tells Civil Parties from the rest, not every status: four
        # times fewer rows to read (the figure by case and status keeps each status).
        status: Any = "status"
        if self.value is not None:
            status = Choice(
                When(status__in=CIVIL_PARTIES, then=Value(CIVIL_PARTY)),
                default=Value(OTHER),
                output_field=CharField(),
            )
        return kept_rows(
            Application.objects.all(),
            case="case_id",
            status=status,
            month=TruncMonth("form__received_on"),
            value=self.expression(),
            n=Count("id", distinct=self.several),
        )


EVERY = ApplicationFigure("every")
BY_PROVINCE = ApplicationFigure("province", lambda: F("province_code"))
BY_SEX = ApplicationFigure("sex", lambda: F("applicant__sex"))
BY_ETHNICITY = ApplicationFigure("ethnicity", lambda: F("applicant__ethnicity"))
BY_AGE_GROUP = ApplicationFigure("age", lambda: age_group(timezone.localdate()))
BY_CRIME_TYPE = ApplicationFigure("crime", lambda: F("form__crimes__crime_type_id"), several=True)
BY_HARM = ApplicationFigure("harm", lambda: F("form__harms__kind"), several=True)
FIGURES = (EVERY, BY_PROVINCE, BY_SEX, BY_ETHNICITY, BY_AGE_GROUP, BY_CRIME_TYPE, BY_HARM)


# The applications received (each has had a VSS number since), by case and the province
# they gave: the map of the provinces (vss.reports), as the list filters by province.
RECEIVED_BY_PROVINCE = "applications.received_province"


def received_by_province_rows() -> QuerySet[Any]:
    return kept_rows(
        Application.objects.filter(vss_number__isnull=False),
        case="case_id",
        value="province_code",
        n=Count("id"),
    )


# The cases page's counts: the Civil Party applications of each case by status (no month,
# no value: a few rows a case).
CASE_TABLE = "applications.case_table"


def case_table_rows() -> QuerySet[Any]:
    return kept_rows(
        Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY),
        case="case_id",
        status="status",
        n=Count("id"),
    )


# The same counts by the organisation that filed the form: an intermediary sees the forms
# filed through their organisation, 400,000 of them for the largest at a million.
CASE_TABLE_BY_ORGANISATION = "applications.case_table_by_organisation"


def case_table_by_organisation_rows() -> QuerySet[Any]:
    return kept_rows(
        Application.objects.filter(
            kind=ApplicationKind.CIVIL_PARTY, form__entered_by_organisation__isnull=False
        ),
        case="case_id",
        status="status",
        value=Cast("form__entered_by_organisation_id", output_field=CharField()),
        n=Count("id"),
    )


def register_kept_figures() -> None:
    for figure in FIGURES:
        register_kept_figure(figure.kept_name, figure.kept_rows)
    register_kept_figure(RECEIVED_BY_PROVINCE, received_by_province_rows)
    register_kept_figure(CASE_TABLE, case_table_rows)
    register_kept_figure(CASE_TABLE_BY_ORGANISATION, case_table_by_organisation_rows)


def _by_case_and_status(
    figure: str, *, case_ids: Collection[int] | None, values: Collection[str] | None = None
) -> list[tuple[int, str, int]]:
    """(case id, status, Civil Party applications) as `figure` last counted them."""
    rows = kept_counts(figure, case_ids=case_ids, by=("case_id", "status"), values=values)
    return [(row["case_id"], row["status"], row["counted"]) for row in rows]


def civil_party_applications_by_case_and_status(user: User) -> list[tuple[int, str, int]]:
    """(case id, status, Civil Party applications) of every case, as last counted."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    return _by_case_and_status(CASE_TABLE, case_ids=None)


def civil_party_applications_of_cases(
    case_ids: Collection[int], statuses: Collection[str]
) -> list[tuple[int, str, int]]:
    """(case id, status, Civil Party applications) of these cases in these statuses, as
    last counted: for a reader whose scope holds all of them (a Lead Co-Lawyer's cases)."""
    rows = _by_case_and_status(CASE_TABLE, case_ids=case_ids)
    return [row for row in rows if row[1] in statuses]


def civil_party_applications_filed_through(organisation_id: int) -> list[tuple[int, str, int]]:
    """(case id, status, Civil Party applications) of the forms filed through one
    organisation, as last counted: a reader's own scope, so no right to statistics."""
    return _by_case_and_status(
        CASE_TABLE_BY_ORGANISATION, case_ids=None, values=[str(organisation_id)]
    )


def _kept(
    user: User, selection: ApplicationSelection, figure: ApplicationFigure, *, by: tuple[str, ...]
) -> list[dict[str, Any]]:
    policy.require_right(user, Right.VIEW_STATISTICS)
    return kept_counts(
        figure.kept_name,
        case_ids=selection.case_ids,
        months=selection.months,
        by=by,
        apart=figure.apart,
    )


def tally(user: User, selection: ApplicationSelection, figure: ApplicationFigure) -> list[Tally]:
    """The figure's kept counts by value (None: no value), in the value's order."""
    rows = _kept(user, selection, figure, by=("value",))
    tallies = [Tally(row["value"], row["counted"], row["apart"]) for row in rows]
    return sorted(tallies, key=lambda t: (t.key is None, t.key or ""))


def application_counts_by_case_and_status(
    user: User, selection: ApplicationSelection
) -> list[tuple[Case, str, int]]:
    """(case, status, applications), the cases in their order."""
    rows = _kept(user, selection, EVERY, by=("case_id", "status"))
    cases = Case.objects.in_bulk({row["case_id"] for row in rows})
    counts = [(cases[row["case_id"]], row["status"], row["counted"]) for row in rows]
    return sorted(counts, key=lambda row: (row[0].number, row[1]))


def application_tally_by_province(user: User, selection: ApplicationSelection) -> list[Tally]:
    """By province code, as the list filters it: the applicant's residence when the
    application was opened ("" when none was given)."""
    return tally(user, selection, BY_PROVINCE)


def application_tally_by_sex(user: User, selection: ApplicationSelection) -> list[Tally]:
    return tally(user, selection, BY_SEX)


def application_tally_by_ethnicity(user: User, selection: ApplicationSelection) -> list[Tally]:
    return tally(user, selection, BY_ETHNICITY)


def application_tally_by_age_group(user: User, selection: ApplicationSelection) -> list[Tally]:
    """By the applicant's age group (AGE_GROUPS) in the year of the last count."""
    return tally(user, selection, BY_AGE_GROUP)


def application_tally_by_crime_type(
    user: User, selection: ApplicationSelection
) -> list[tuple[CrimeType | None, Tally]]:
    """By each crime its form says the applicant suffered (an application counts once
    under each of its crime types; None: no crime recorded), most frequent first."""
    rows = [
        Tally(int(row.key) if row.key is not None else None, row.applications, row.civil_parties)
        for row in tally(user, selection, BY_CRIME_TYPE)
    ]
    crime_types = CrimeType.objects.in_bulk({row.key for row in rows if row.key is not None})
    named = [(crime_types.get(row.key) if row.key is not None else None, row) for row in rows]
    return sorted(named, key=lambda pair: (pair[0] is None, -pair[1].applications))


def application_tally_by_harm(user: User, selection: ApplicationSelection) -> list[Tally]:
    """By each kind of harm its form records (an application counts once under each kind;
    None: no harm recorded)."""
    return tally(user, selection, BY_HARM)


def application_tally_by_period(
    user: User, selection: ApplicationSelection, *, monthly: bool
) -> list[Tally]:
    """By the year (or the month, as its first day) the Section received the form; None
    for forms not yet received."""
    period = "month" if monthly else "year"
    rows = _kept(user, selection, EVERY, by=(period,))
    return [Tally(row[period], row["counted"], row["apart"]) for row in rows]
