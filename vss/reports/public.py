"""The public page of figures: applications and Civil Parties by case and province, and by
case and sex, read without signing in, in Khmer unless the visitor chose another
language. Every table has its small counts hidden (suppression.py), so no victim can be
picked out of it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from vss.applications.selectors import (
    PublicCount,
    public_counts_by_case_and_province,
    public_counts_by_case_and_sex,
)
from vss.core.public_language import khmer_by_default
from vss.geo.selectors import provinces_by_code
from vss.people.models import Sex
from vss.proceedings.models import Case
from vss.proceedings.selectors import public_cases

from .suppression import Figure, SuppressedTable, hidden_places, suppress

PUBLIC_COUNTS_KEY = "vss:reports:public-counts"


@dataclass(frozen=True)
class Row:
    label: str
    figures: list[Figure]
    total: Figure


@dataclass(frozen=True)
class PublicTable:
    """One table of the page, as it is published: hidden figures carry no value."""

    slug: str
    title: str | Promise
    row_heading: str | Promise
    columns: list[str]
    rows: list[Row]
    column_totals: list[Figure]
    grand_total: Figure


def published(
    table: SuppressedTable,
    *,
    slug: str,
    title: str | Promise,
    row_heading: str | Promise,
    row_labels: Sequence[str],
    columns: Sequence[str],
) -> PublicTable:
    return PublicTable(
        slug=slug,
        title=title,
        row_heading=row_heading,
        columns=list(columns),
        rows=[
            Row(label=label, figures=figures, total=total)
            for label, figures, total in zip(row_labels, table.cells, table.row_totals, strict=True)
        ],
        column_totals=table.column_totals,
        grand_total=table.grand_total,
    )


def suppressed_together(
    by_province: list[list[int]], by_sex: list[list[int]]
) -> tuple[SuppressedTable, SuppressedTable]:
    """Both tables of one figure, cases as the province table's columns and the sex
    table's rows: each case's total (and the grand total) is printed by both, so a total
    hidden in one is hidden in the other, until the two hide the same ones."""
    province_totals_row = len(by_province)
    sex_totals_column = len(by_sex[0]) if by_sex else 0
    hidden_cases: set[int] = set()  # indexes of cases
    while True:
        province_hidden = hidden_places(
            by_province, also_hidden=[(province_totals_row, case) for case in hidden_cases]
        )
        sex_hidden = hidden_places(
            by_sex, also_hidden=[(case, sex_totals_column) for case in hidden_cases]
        )
        # The index after the last case is the grand total's, in both tables.
        found = {c for r, c in province_hidden if r == province_totals_row} | {
            r for r, c in sex_hidden if c == sex_totals_column
        }
        if found <= hidden_cases:
            return (
                suppress(
                    by_province,
                    also_hidden=[(province_totals_row, case) for case in hidden_cases],
                ),
                suppress(by_sex, also_hidden=[(case, sex_totals_column) for case in hidden_cases]),
            )
        hidden_cases |= found


def _counted(
    counts: list[PublicCount], value: Callable[[PublicCount], int]
) -> dict[tuple[int, str], int]:
    totals: dict[tuple[int, str], int] = {}
    for count in counts:
        key = (count.case_id, count.group)
        totals[key] = totals.get(key, 0) + value(count)
    return totals


def _applications(count: PublicCount) -> int:
    return count.applications


def _civil_parties(count: PublicCount) -> int:
    return count.civil_parties


def _cases_counted(cases: list[Case], *counts: list[PublicCount]) -> list[Case]:
    """The cases with at least one application: a trial segment's Civil Parties filed in
    the case it was severed from, and a column of zeros would say nothing."""
    counted = {count.case_id for rows in counts for count in rows}
    return [case for case in cases if case.pk in counted]


def _public_counts() -> tuple[list[PublicCount], list[PublicCount]]:
    """The counts by case and province and by case and sex, kept for
    VSS_PUBLIC_FIGURES_SECONDS: the sums name no one and change slowly, and counting every
    application for each reader would let a shared link load the database."""
    counts = cache.get_or_set(
        PUBLIC_COUNTS_KEY,
        lambda: (public_counts_by_case_and_province(), public_counts_by_case_and_sex()),
        timeout=settings.VSS_PUBLIC_FIGURES_SECONDS,
    )
    return cast(tuple[list[PublicCount], list[PublicCount]], counts)


def public_tables() -> list[PublicTable]:
    """Applications, then Civil Parties, each by province and case and by case and sex.
    Province rows: the 25 provinces in the order of their codes, then the applicants whose
    province is not known. Sex columns: women, men, and those whose sex was not stated."""
    by_province, by_sex = _public_counts()
    cases = _cases_counted(public_cases(), by_province, by_sex)
    case_labels = [str(case) for case in cases]
    provinces = provinces_by_code()
    codes = [*sorted(provinces), ""]
    province_labels = [provinces[code].localized_name for code in codes[:-1]]
    province_labels.append(str(_("Province not known")))
    # A code missing from the gazetteer would be an error of the data; its applicants
    # are still counted, among those whose province is not known.
    by_province = [
        replace(count, group=count.group if count.group in provinces else "")
        for count in by_province
    ]
    figures = (
        (
            "applications",
            _applications,
            _("Applications by province and case"),
            _("Applications by case and sex"),
        ),
        (
            "civil-parties",
            _civil_parties,
            _("Civil Parties by province and case"),
            _("Civil Parties by case and sex"),
        ),
    )
    tables = []
    for name, value, province_title, sex_title in figures:
        province_totals = _counted(by_province, value)
        sex_totals = _counted(by_sex, value)
        province_table, sex_table = suppressed_together(
            [[province_totals.get((case.pk, code), 0) for case in cases] for code in codes],
            [[sex_totals.get((case.pk, sex), 0) for sex in Sex.values] for case in cases],
        )
        tables.append(
            published(
                province_table,
                slug=f"{name}-by-province",
                title=province_title,
                row_heading=_("Province"),
                row_labels=province_labels,
                columns=case_labels,
            )
        )
        tables.append(
            published(
                sex_table,
                slug=f"{name}-by-sex",
                title=sex_title,
                row_heading=pgettext_lazy("a table's heading: the court's case", "Case"),
                row_labels=case_labels,
                columns=[str(label) for label in Sex.labels],
            )
        )
    return tables


@login_not_required
@require_GET
@khmer_by_default
def public_figures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/public/figures.html",
        {"tables": public_tables(), "kept_minutes": settings.VSS_PUBLIC_FIGURES_SECONDS // 60},
    )


urlpatterns: list[URLPattern] = [path("figures/", public_figures, name="public_figures")]
