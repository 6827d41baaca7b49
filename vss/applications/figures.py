"""Counts of applications for the Section's figures (vss.reports): each figure is one
GROUP BY, whatever the number of applications, and names no one. Figures need the right
to read statistics, not a scope: they count every application of the Section, as the
list does for its staff."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Choice
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth

from vss import policy
from vss.accounts.models import User
from vss.policy import Right
from vss.proceedings.models import Case, CrimeType

from .models import Application
from .workflow import CIVIL_PARTIES


@dataclass(frozen=True)
class ApplicationSelection:
    """Which applications a figure counts: those of these cases (every case when None),
    whose form the Section received within the period (either end open)."""

    case_ids: tuple[int, ...] | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


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


def selected_applications(user: User, selection: ApplicationSelection) -> QuerySet[Application]:
    policy.require_right(user, Right.VIEW_STATISTICS)
    applications = Application.objects.all()
    if selection.case_ids is not None:
        applications = applications.filter(case_id__in=selection.case_ids)
    if selection.received_from:
        applications = applications.filter(form__received_on__gte=selection.received_from)
    if selection.received_to:
        applications = applications.filter(form__received_on__lte=selection.received_to)
    return applications


def application_counts_by_case_and_status(
    user: User, selection: ApplicationSelection
) -> list[tuple[Case, str, int]]:
    """(case, status, applications), the cases in their order, in two queries."""
    rows = list(
        selected_applications(user, selection)
        .values("case_id", "status")
        .annotate(n=Count("id"))
        .order_by("case_id", "status")
    )
    cases = Case.objects.in_bulk({row["case_id"] for row in rows})
    counts = [(cases[row["case_id"]], row["status"], row["n"]) for row in rows]
    return sorted(counts, key=lambda row: (row[0].number, row[1]))


def _tally(applications: QuerySet[Application], field: Any, *, distinct: bool) -> list[Tally]:
    rows = (
        applications.annotate(value=field)
        .values("value")
        .annotate(
            applications=Count("id", distinct=distinct),
            civil_parties=Count("id", distinct=distinct, filter=Q(status__in=CIVIL_PARTIES)),
        )
        .order_by("value")
    )
    return [Tally(row["value"], row["applications"], row["civil_parties"]) for row in rows]


def application_tally_by_province(user: User, selection: ApplicationSelection) -> list[Tally]:
    """By province code, as the list filters it: the applicant's residence when the
    application was opened ("" when none was given)."""
    return _tally(selected_applications(user, selection), F("province_code"), distinct=False)


def application_tally_by_sex(user: User, selection: ApplicationSelection) -> list[Tally]:
    return _tally(selected_applications(user, selection), F("applicant__sex"), distinct=False)


def application_tally_by_ethnicity(user: User, selection: ApplicationSelection) -> list[Tally]:
    return _tally(selected_applications(user, selection), F("applicant__ethnicity"), distinct=False)


def application_tally_by_age_group(
    user: User, selection: ApplicationSelection, *, on: datetime.date
) -> list[Tally]:
    """By the applicant's age group (AGE_GROUPS) in the year of `on`, from the date of
    birth or else the year of birth; AGE_UNKNOWN when neither is known."""
    born = Coalesce(
        ExtractYear("applicant__birth_date"),
        F("applicant__birth_year"),
        output_field=IntegerField(),
    )
    groups = [
        When(
            (Q(born__lte=on.year - low) if low is not None else Q())
            & (Q(born__gte=on.year - high) if high is not None else Q()),
            then=Value(name),
        )
        for name, low, high in AGE_GROUPS
    ]
    applications = selected_applications(user, selection).annotate(born=born)
    group = Choice(When(born__isnull=True, then=Value(AGE_UNKNOWN)), *groups, default=Value(""))
    return _tally(applications, group, distinct=False)


def application_tally_by_crime_type(
    user: User, selection: ApplicationSelection
) -> list[tuple[CrimeType | None, Tally]]:
    """By each crime its form says the applicant suffered (an application counts once
    under each of its crime types; None: no crime recorded), most frequent first."""
    rows = _tally(
        selected_applications(user, selection), F("form__crimes__crime_type_id"), distinct=True
    )
    crime_types = CrimeType.objects.in_bulk({row.key for row in rows if row.key is not None})
    named = [(crime_types.get(row.key) if row.key is not None else None, row) for row in rows]
    return sorted(named, key=lambda pair: (pair[0] is None, -pair[1].applications))


def application_tally_by_harm(user: User, selection: ApplicationSelection) -> list[Tally]:
    """By each kind of harm its form records (an application counts once under each kind;
    None: no harm recorded)."""
    return _tally(selected_applications(user, selection), F("form__harms__kind"), distinct=True)


def application_tally_by_period(
    user: User, selection: ApplicationSelection, *, monthly: bool
) -> list[Tally]:
    """By the year (or the month, as its first day) the Section received the form; None
    for forms not yet received."""
    if monthly:
        period: Any = TruncMonth("form__received_on")
    else:
        period = ExtractYear("form__received_on")
    return _tally(selected_applications(user, selection), period, distinct=False)
